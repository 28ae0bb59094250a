package org.rmfer4j.core;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Writes that never leave a half-written file behind: the content goes to a temporary file in the same directory,
 * is flushed to disk, and is then renamed over the target in one step.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Something that writes bytes to a stream and may fail with an {@link IOException}. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Something that writes text and may fail with an {@link IOException}; every write error reaches the caller. */
    @FunctionalInterface
    public interface TextWriter {
        void writeTo(java.io.Writer out) throws IOException;
    }

    /**
     * Atomically replaces {@code target} with what {@code writer} produces. Every failure (a full disk included) leaves
     * the previous file as it was and no temporary file behind, and is reported as an {@link RmferException} naming
     * the file ({@link #describe}).
     */
    public static Path write(Path target, Writer writer) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), TEMP_SUFFIX);
            try (var channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = FullDiskDrill.guard(target, Channels.newOutputStream(channel))) {
                writer.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            try {
                // temp files are created owner-only; the result should be readable like any other output
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            return target;
        } catch (IOException | UncheckedIOException e) {
            throw failure("write", target, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is what matters
                }
            }
        }
    }

    /**
     * Atomically replaces {@code target} with UTF-8 text. The writer handed over is a {@link java.io.BufferedWriter},
     * which, unlike {@link java.io.PrintWriter}, never swallows an error: a full disk fails the write.
     */
    public static Path writeText(Path target, TextWriter writer) {
        return write(target, out -> {
            java.io.Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            writer.writeTo(w);
            w.flush();
        });
    }

    /**
     * Writes a new file inside a folder that is itself being built to be renamed into place (an RMset video's
     * private folder): no rename of its own, but the same checked errors.
     */
    public static Path writeInStaging(Path target, byte[] bytes) {
        try (OutputStream out = FullDiskDrill.guard(target, Files.newOutputStream(target))) {
            out.write(bytes);
            return target;
        } catch (IOException e) {
            throw failure("write", target, e);
        }
    }

    /**
     * Appends a line (or lines) of text to {@code file}, creating it when missing. A failed append is undone (the file is
     * cut back to its previous length), so a log never ends in half a row.
     */
    public static void append(Path file, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (var channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long before = channel.size();
            channel.position(before);
            try {
                OutputStream out = FullDiskDrill.guard(file, Channels.newOutputStream(channel));
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                try {
                    channel.truncate(before);
                } catch (IOException ignored) {
                    // reported below with the original cause
                }
                throw e;
            }
        } catch (IOException e) {
            throw failure("append to", file, e);
        }
    }

    /** The suffix of this class's temporary files (see {@link #removeStaleTemps}). */
    public static final String TEMP_SUFFIX = ".tmp";

    /**
     * Deletes temporary files this class left in {@code dir} for {@code name} when a process was killed mid-write
     * ({@code .<name><random>.tmp}). Call it where a single owner resumes (a run directory, an RMset folder).
     *
     * @return how many were removed
     */
    public static int removeStaleTemps(Path dir, String name) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith("." + name) && n.endsWith(TEMP_SUFFIX) && Files.isRegularFile(p)) {
                    Files.deleteIfExists(p);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw failure("clean up", dir, e);
        }
        return removed;
    }

    /** True when {@code e} or one of its causes says the device is full (ENOSPC, FFmpeg's error -28, a quota). */
    public static boolean isDiskFull(@Nullable Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null
                    && (m.contains("No space left on device")
                            || m.contains("no space left on device")
                            || m.contains("Disk quota exceeded")
                            || m.matches("(?s).*\\berror -28\\b.*")
                            || m.contains("(-28)"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The toolkit's wording of an I/O failure on {@code path}: "no space left on device" first when that is the cause
     * (whatever the layer that noticed it said), then the path and the system's message.
     */
    public static String describe(String verb, Path path, Throwable e) {
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        if (isDiskFull(e)) {
            return "no space left on device: could not " + verb + " " + path + " (" + why
                    + "); free some space and run again — " + "the previous file, if any, is unchanged";
        }
        return "Could not " + verb + " " + path + ": " + why;
    }

    /** An {@link RmferException} with {@link #describe}'s message. */
    public static RmferException failure(String verb, Path path, Throwable e) {
        return new RmferException(describe(verb, path, e), e);
    }

    /** Atomically writes UTF-8 text. */
    public static Path writeString(Path target, String text) {
        return write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Reads a whole UTF-8 file, naming it in the error. */
    public static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RmferException("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A new folder in the system's temporary folder, its name starting with {@code prefix}. */
    public static Path createTempDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new RmferException("Cannot create a temporary folder (" + prefix + "...): " + e.getMessage(), e);
        }
    }

    /**
     * {@link #deleteTree}, for scratch folders whose leftovers must not fail the run that made them.
     *
     * @return null when deleted, else what went wrong
     */
    public static @Nullable String deleteTreeQuietly(Path path) {
        try {
            deleteTree(path);
            return null;
        } catch (RmferException e) {
            return e.getMessage();
        }
    }

    /** Deletes a file or a folder with everything in it; nothing to do when it does not exist. */
    public static void deleteTree(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> s = Files.walk(path)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new RmferException("Could not delete " + path + ": " + e.getMessage(), e);
        }
    }
}
