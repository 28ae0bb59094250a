package org.rmfer4j.spark.hadoop;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A path on a Hadoop file system ({@link HadoopNioFileSystem}): '/'-separated names, absolute from the file system's
 * root or relative. Pure syntax, like {@code UnixPath}: nothing here touches the file system. Its string form is the
 * full URI for absolute paths ({@code hdfs://namenode:8020/rmset/index.csv}), so messages name the location exactly.
 */
final class HadoopPath implements Path {
    private final HadoopNioFileSystem fs;
    private final boolean absolute;
    private final List<String> names;

    HadoopPath(HadoopNioFileSystem fs, boolean absolute, List<String> names) {
        this.fs = fs;
        this.absolute = absolute;
        this.names = List.copyOf(names);
    }

    /** Parses {@code /a/b}, {@code a/b} or the URI form of this file system ({@code scheme://authority/a/b}). */
    static HadoopPath parse(HadoopNioFileSystem fs, String s) {
        String p = s;
        String prefix = fs.uriPrefix();
        if (p.regionMatches(true, 0, prefix, 0, prefix.length())) {
            p = p.substring(prefix.length());
            if (p.isEmpty()) {
                p = "/";
            }
        } else if (p.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            throw new IllegalArgumentException("'" + s + "' is not on " + prefix);
        }
        if (p.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("path contains a NUL character: " + s);
        }
        List<String> parts = new ArrayList<>();
        for (String n : p.split("/+")) {
            if (!n.isEmpty()) {
                parts.add(n);
            }
        }
        return new HadoopPath(fs, p.startsWith("/"), parts);
    }

    /** The Hadoop path of this (absolute) path. */
    org.apache.hadoop.fs.Path hadoop() {
        return new org.apache.hadoop.fs.Path(toUri());
    }

    @Override
    public HadoopNioFileSystem getFileSystem() {
        return fs;
    }

    @Override
    public boolean isAbsolute() {
        return absolute;
    }

    @Override
    public @Nullable Path getRoot() {
        return absolute ? new HadoopPath(fs, true, List.of()) : null;
    }

    @Override
    public @Nullable Path getFileName() {
        return names.isEmpty() ? null : new HadoopPath(fs, false, List.of(names.get(names.size() - 1)));
    }

    @Override
    public @Nullable Path getParent() {
        if (names.isEmpty() || (names.size() == 1 && !absolute)) {
            return null;
        }
        return new HadoopPath(fs, absolute, names.subList(0, names.size() - 1));
    }

    @Override
    public int getNameCount() {
        return names.size();
    }

    @Override
    public Path getName(int index) {
        if (index < 0 || index >= names.size()) {
            throw new IllegalArgumentException("name " + index + " of " + this);
        }
        return new HadoopPath(fs, false, List.of(names.get(index)));
    }

    @Override
    public Path subpath(int begin, int end) {
        if (begin < 0 || end > names.size() || begin >= end) {
            throw new IllegalArgumentException("subpath " + begin + ".." + end + " of " + this);
        }
        return new HadoopPath(fs, false, names.subList(begin, end));
    }

    @Override
    public boolean startsWith(Path other) {
        if (!(other instanceof HadoopPath o) || !o.fs.equals(fs) || o.absolute != absolute) {
            return false;
        }
        return o.names.size() <= names.size()
                && names.subList(0, o.names.size()).equals(o.names);
    }

    @Override
    public boolean endsWith(Path other) {
        if (!(other instanceof HadoopPath o) || !o.fs.equals(fs)) {
            return false;
        }
        if (o.absolute) {
            return equals(o);
        }
        int k = o.names.size();
        return k <= names.size()
                && names.subList(names.size() - k, names.size()).equals(o.names);
    }

    @Override
    public Path normalize() {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (n.equals(".")) {
                continue;
            }
            if (n.equals("..")) {
                if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                    out.remove(out.size() - 1);
                    continue;
                }
                if (absolute) {
                    continue; // "/.." is "/", as on POSIX
                }
            }
            out.add(n);
        }
        return new HadoopPath(fs, absolute, out);
    }

    @Override
    public Path resolve(Path other) {
        HadoopPath o = mine(other);
        if (o.absolute) {
            return o;
        }
        List<String> all = new ArrayList<>(names);
        all.addAll(o.names);
        return new HadoopPath(fs, absolute, all);
    }

    @Override
    public Path relativize(Path other) {
        HadoopPath o = mine(other);
        if (o.absolute != absolute) {
            throw new IllegalArgumentException("cannot relativize " + other + " against " + this);
        }
        int common = 0;
        while (common < names.size()
                && common < o.names.size()
                && names.get(common).equals(o.names.get(common))) {
            common++;
        }
        List<String> out = new ArrayList<>();
        for (int i = common; i < names.size(); i++) {
            out.add("..");
        }
        out.addAll(o.names.subList(common, o.names.size()));
        return new HadoopPath(fs, false, out);
    }

    @Override
    public URI toUri() {
        HadoopPath abs = (HadoopPath) toAbsolutePath();
        try {
            return new URI(
                    fs.scheme(),
                    fs.authority().isEmpty() ? null : fs.authority(),
                    "/" + String.join("/", abs.names),
                    null,
                    null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + this, e);
        }
    }

    /** Relative paths are taken from the file system's root (Hadoop's working directory is not consulted). */
    @Override
    public Path toAbsolutePath() {
        return absolute ? this : new HadoopPath(fs, true, names);
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
        Path p = toAbsolutePath().normalize();
        fs.provider().checkAccess(p);
        return p;
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("no watch service on " + fs.uriPrefix());
    }

    @Override
    public int compareTo(Path other) {
        return toString().compareTo(mine(other).toString());
    }

    private HadoopPath mine(Path other) {
        if (other instanceof HadoopPath o && o.fs.equals(fs)) {
            return o;
        }
        throw new ProviderMismatchException(other + " is not a path of " + fs.uriPrefix());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HadoopPath p && p.fs.equals(fs) && p.absolute == absolute && p.names.equals(names);
    }

    @Override
    public int hashCode() {
        return fs.hashCode() * 31 + Boolean.hashCode(absolute) * 17 + names.hashCode();
    }

    @Override
    public String toString() {
        String joined = String.join("/", names);
        return absolute ? fs.uriPrefix() + "/" + joined : joined;
    }

    /** The names, for tests and listings. */
    List<String> names() {
        return names;
    }
}
