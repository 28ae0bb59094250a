package org.rmfer4j.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A generator's output, all or nothing: everything is written into a private folder beside the target
 * ({@code .<name>.partial}), and only a complete output is moved into the target, entry by entry, with the entry
 * that makes the output usable (a dataset's {@code manifest.json}) moved last. A failure removes the private folder
 * and leaves the target as it was; other files already in the target are never touched.
 *
 * <pre>{@code
 * StagedFolder stage = StagedFolder.begin(out);
 * try {
 *     writeEverything(stage.path());
 *     stage.commit("manifest.json");
 * } finally {
 *     stage.close();          // after commit: nothing left to remove
 * }
 * }</pre>
 */
public final class StagedFolder implements AutoCloseable {
    private final Path target;
    private final Path path;
    private boolean committed;

    private StagedFolder(Path target, Path path) {
        this.target = target;
        this.path = path;
    }

    /** A fresh private folder for {@code target} (a leftover of a killed run is removed first). */
    public static StagedFolder begin(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null) {
            throw new RmferException("Cannot write a generated folder at the file-system root: " + target);
        }
        Path path = parent.resolve("." + abs.getFileName() + ".partial");
        AtomicFiles.deleteTree(path);
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw AtomicFiles.failure("create", path, e);
        }
        return new StagedFolder(abs, path);
    }

    /** Where to write. */
    public Path path() {
        return path;
    }

    /**
     * Moves every entry into the target, replacing entries of the same name, {@code last} (when present) after all the
     * others, then removes the private folder.
     */
    public Path commit(String last) {
        try {
            Files.createDirectories(target);
            List<Path> entries;
            try (Stream<Path> s = Files.list(path)) {
                entries = s.sorted((a, b) -> Boolean.compare(
                                a.getFileName().toString().equals(last),
                                b.getFileName().toString().equals(last)))
                        .toList();
            }
            for (Path e : entries) {
                Path dest = target.resolve(e.getFileName().toString());
                if (Files.isDirectory(dest) && !Files.isSymbolicLink(dest)) {
                    AtomicFiles.deleteTree(dest);
                }
                Files.move(e, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.delete(path);
            committed = true;
            return target;
        } catch (IOException e) {
            throw AtomicFiles.failure("move the finished output into", target, e);
        }
    }

    /** Removes the private folder unless it was committed. */
    @Override
    public void close() {
        if (!committed) {
            AtomicFiles.deleteTreeQuietly(path);
        }
    }
}
