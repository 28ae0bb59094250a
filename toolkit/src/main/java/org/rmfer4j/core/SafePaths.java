package org.rmfer4j.core;

import java.nio.file.Path;

/**
 * Resolves paths read from manifests, label files and indexes against a dataset root, refusing any that would
 * escape it ({@code ../}, absolute paths, or a drive/UNC prefix). A manifest is data, not a licence to read
 * arbitrary files.
 */
public final class SafePaths {
    private SafePaths() {}

    /**
     * @param root     the dataset root
     * @param relative a path taken from a data file
     * @param where    where the path came from (file and line), used in the error
     * @return the normalised absolute path inside {@code root}
     * @throws RmferException if the path is empty, absolute, or leaves the root
     */
    public static Path resolveInside(Path root, String relative, String where) {
        if (relative == null || relative.isBlank()) {
            throw new RmferException(where + ": empty path; expected a path relative to " + root);
        }
        if (relative.indexOf('\0') >= 0) {
            throw new RmferException(where + ": path contains a NUL character");
        }
        Path rel = Path.of(relative);
        if (rel.isAbsolute()
                || relative.startsWith("/")
                || relative.startsWith("\\")
                || relative.matches("^[A-Za-z]:.*")) {
            throw new RmferException(
                    where + ": path '" + relative + "' is absolute; expected a path relative to " + root);
        }
        Path base = root.toAbsolutePath().normalize();
        // resolved as a string: the root may live on another file system (an RMset on HDFS) than Path.of's
        Path resolved = base.resolve(rel.toString()).normalize();
        if (!resolved.startsWith(base)) {
            throw new RmferException(where + ": path '" + relative + "' escapes the dataset root " + base);
        }
        return resolved;
    }
}
