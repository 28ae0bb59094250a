package org.rmfer4j.notebook.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;
import org.rmfer4j.core.RmferException;

/** {@code %classpath} arguments: a path, or a glob in its last segment ({@code lib/*.jar}). */
final class Globs {
    private Globs() {}

    static List<Path> expand(String pattern) {
        Path p = Path.of(pattern);
        String last = p.getFileName() == null ? "" : p.getFileName().toString();
        if (!last.contains("*") && !last.contains("?")) {
            if (!Files.exists(p)) {
                throw new RmferException("%classpath: " + p + " does not exist");
            }
            return List.of(p.toAbsolutePath());
        }
        Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + last);
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = s.filter(f -> m.matches(f.getFileName()))
                    .map(Path::toAbsolutePath)
                    .sorted()
                    .toList();
            if (out.isEmpty()) {
                throw new RmferException("%classpath: nothing matches " + pattern);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("%classpath: cannot list " + dir, e);
        }
    }
}
