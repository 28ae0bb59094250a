package org.rmfer4j.spark.hadoop;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.rmfer4j.core.RmferException;

/**
 * {@code java.nio.file} over Hadoop's {@link org.apache.hadoop.fs.FileSystem}: reading (seekable channels, listings,
 * attributes) of any file system Hadoop has a client for. Not installed as a system provider (one provider cannot own
 * every scheme); its paths come from {@link HadoopPaths}, and {@code Files} dispatches to it through them. Read-only:
 * every write names the Spark job as the way to write there.
 */
final class HadoopNioProvider extends FileSystemProvider {
    private final Map<String, HadoopNioFileSystem> systems = new ConcurrentHashMap<>();
    private final Configuration conf;

    HadoopNioProvider(Configuration conf) {
        this.conf = conf;
    }

    Configuration conf() {
        return conf;
    }

    @Override
    public String getScheme() {
        return "hadoop";
    }

    /** The file system of {@code uri}'s scheme and authority (one per pair). */
    HadoopNioFileSystem system(URI uri) {
        String auth = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        String key = uri.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + auth;
        return systems.computeIfAbsent(key, k -> new HadoopNioFileSystem(this, uri.getScheme(), auth, conf));
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new FileSystemAlreadyExistsException("Hadoop file systems open on first use: " + system(uri));
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        return system(uri);
    }

    @Override
    public Path getPath(URI uri) {
        HadoopNioFileSystem fs = system(uri);
        return HadoopPath.parse(fs, uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath());
    }

    private static HadoopPath mine(Path p) {
        if (p instanceof HadoopPath h) {
            return h;
        }
        throw new ProviderMismatchException(p + " is not a Hadoop path");
    }

    private static RuntimeException readOnly(Path p) {
        return new RmferException(p + " is read-only here: rmfer4j writes to Hadoop file systems only through the "
                + "Spark job (./rmfer rmset build --engine spark --out " + p.getFileSystem() + "/...), which stages "
                + "each video locally and uploads it whole; write other outputs to a local path");
    }

    /**
     * A Hadoop status, with Hadoop's "not found" as NIO's. Any other failure (the name node unreachable, permission
     * denied) is thrown unchecked, so that {@code Files.isRegularFile} and friends, which read an I/O error as "no such
     * file", report it as it is.
     */
    static FileStatus status(HadoopPath p) throws IOException {
        try {
            return p.getFileSystem().hadoop().getFileStatus(p.hadoop());
        } catch (FileNotFoundException e) {
            throw new NoSuchFileException(p.toString());
        } catch (IOException e) {
            throw new RmferException("Cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        for (OpenOption o : options) {
            if (o != StandardOpenOption.READ && o != LinkOption.NOFOLLOW_LINKS) {
                throw readOnly(path);
            }
        }
        HadoopPath p = mine(path);
        FileStatus st = status(p);
        if (st.isDirectory()) {
            throw new IOException(p + " is a directory");
        }
        try {
            return new HadoopChannel(p, p.getFileSystem().hadoop().open(p.hadoop()), st.getLen());
        } catch (FileNotFoundException e) {
            throw new NoSuchFileException(p.toString());
        }
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        HadoopPath d = mine(dir);
        if (!status(d).isDirectory()) {
            throw new NotDirectoryException(d.toString());
        }
        List<Path> entries = new ArrayList<>();
        for (FileStatus s : d.getFileSystem().hadoop().listStatus(d.hadoop())) {
            Path child = d.resolve(s.getPath().getName());
            if (filter.accept(child)) {
                entries.add(child);
            }
        }
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                return entries.iterator();
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) {
        throw readOnly(dir);
    }

    @Override
    public void delete(Path path) {
        throw readOnly(path);
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) {
        throw readOnly(target);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) {
        throw readOnly(target);
    }

    @Override
    public boolean isSameFile(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    @Override
    public boolean isHidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    @Override
    public FileStore getFileStore(Path path) {
        throw new UnsupportedOperationException("no file store view of " + path.getFileSystem());
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        HadoopPath p = mine(path);
        status(p);
        for (AccessMode m : modes) {
            if (m != AccessMode.READ) {
                throw new AccessDeniedException(p.toString(), null, "read-only through rmfer4j");
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        if (type != BasicFileAttributeView.class) {
            return null;
        }
        HadoopPath p = mine(path);
        return (V) new BasicFileAttributeView() {
            @Override
            public String name() {
                return "basic";
            }

            @Override
            public BasicFileAttributes readAttributes() throws IOException {
                return new Attributes(status(p));
            }

            @Override
            public void setTimes(FileTime modified, FileTime access, FileTime create) {
                throw readOnly(p);
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        if (!type.isAssignableFrom(Attributes.class)) {
            throw new UnsupportedOperationException(type.getSimpleName() + " of " + path);
        }
        return (A) new Attributes(status(mine(path)));
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        String list = attributes.startsWith("basic:") ? attributes.substring(6) : attributes;
        if (list.contains(":")) {
            throw new UnsupportedOperationException("only basic attributes on " + path.getFileSystem());
        }
        Attributes a = new Attributes(status(mine(path)));
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("size", a.size());
        all.put("lastModifiedTime", a.lastModifiedTime());
        all.put("lastAccessTime", a.lastAccessTime());
        all.put("creationTime", a.creationTime());
        all.put("isRegularFile", a.isRegularFile());
        all.put("isDirectory", a.isDirectory());
        all.put("isSymbolicLink", a.isSymbolicLink());
        all.put("isOther", a.isOther());
        all.put("fileKey", a.fileKey());
        if (list.equals("*")) {
            return all;
        }
        Map<String, Object> some = new LinkedHashMap<>();
        for (String n : list.split(",")) {
            if (!all.containsKey(n)) {
                throw new IllegalArgumentException("no attribute '" + n + "'");
            }
            some.put(n, all.get(n));
        }
        return some;
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) {
        throw readOnly(path);
    }

    /** A Hadoop file status as NIO's basic attributes. */
    record Attributes(FileStatus s) implements BasicFileAttributes {
        @Override
        public FileTime lastModifiedTime() {
            return FileTime.fromMillis(s.getModificationTime());
        }

        @Override
        public FileTime lastAccessTime() {
            return FileTime.fromMillis(s.getAccessTime());
        }

        @Override
        public FileTime creationTime() {
            return lastModifiedTime();
        }

        @Override
        public boolean isRegularFile() {
            return s.isFile();
        }

        @Override
        public boolean isDirectory() {
            return s.isDirectory();
        }

        @Override
        public boolean isSymbolicLink() {
            return s.isSymlink();
        }

        @Override
        public boolean isOther() {
            return false;
        }

        @Override
        public long size() {
            return s.getLen();
        }

        @Override
        public Object fileKey() {
            return null;
        }
    }
}
