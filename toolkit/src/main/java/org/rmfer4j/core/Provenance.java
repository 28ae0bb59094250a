package org.rmfer4j.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Where a number came from beyond its run directory: the source commit and the time it was made. The commit is read
 * from the checkout's {@code .git} files (nothing is executed); "unknown" outside a checkout.
 */
public final class Provenance {
    private Provenance() {}

    /** The checkout the toolkit runs from: {@code -Drmfer.home}, else the working directory. */
    public static Path home() {
        String h = System.getProperty("rmfer.home");
        return Path.of(h != null ? h : ".").toAbsolutePath().normalize();
    }

    /** The commit {@code HEAD} names in {@code home}'s {@code .git} (40 hex digits), or "unknown". */
    public static String commit() {
        return commit(home());
    }

    static String commit(Path home) {
        try {
            Path git = home.resolve(".git");
            if (Files.isRegularFile(git)) {
                // a linked worktree (git worktree add) or a submodule: ".git" is a file "gitdir: <its git folder>"
                if (Files.size(git) > 4096) {
                    return "unknown";
                }
                String line = Files.readString(git).trim();
                if (!line.startsWith("gitdir: ")) {
                    return "unknown";
                }
                git = home.resolve(line.substring(8).trim()).normalize();
            }
            // a worktree's own folder holds HEAD; branches and packed-refs live in the common folder it names
            Path common = git;
            Path commondir = git.resolve("commondir");
            if (Files.isRegularFile(commondir) && Files.size(commondir) <= 4096) {
                common = git.resolve(Files.readString(commondir).trim()).normalize();
            }
            Path headFile = git.resolve("HEAD");
            if (!Files.isRegularFile(headFile) || Files.size(headFile) > 4096) {
                return "unknown";
            }
            String head = Files.readString(headFile).trim();
            if (!head.startsWith("ref: ")) {
                return hex(head);
            }
            String ref = head.substring(5).trim();
            if (ref.contains("..")) {
                return "unknown";
            }
            for (Path dir : List.of(git, common)) {
                Path loose = dir.resolve(ref);
                if (Files.isRegularFile(loose) && Files.size(loose) <= 4096) {
                    return hex(Files.readString(loose).trim());
                }
            }
            Path packed = common.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                for (String line : Files.readAllLines(packed)) {
                    if (line.endsWith(" " + ref)) {
                        return hex(line.substring(0, line.indexOf(' ')));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
    }

    private static String hex(String s) {
        return s.matches("[0-9a-f]{40}") ? s : "unknown";
    }

    /** Now, to the second, in UTC (ISO-8601). */
    public static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
