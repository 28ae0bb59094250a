package org.rmfer4j.spark.hadoop;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.rmfer4j.core.RmferException;

/**
 * One Hadoop file system ({@code hdfs://namenode:8020}, {@code s3a://bucket}, ...) seen through {@code java.nio.file},
 * read-only: the toolkit's readers ({@code RmsetIndex}, crop shards, images) take its paths as they take local ones.
 * Writes go through the Spark job ({@link HadoopStage}), which stages each video locally and uploads it whole.
 */
final class HadoopNioFileSystem extends FileSystem {
    private final HadoopNioProvider provider;
    private final String scheme;
    private final String authority;
    private final Configuration conf;
    private volatile org.apache.hadoop.fs.FileSystem hadoop;

    HadoopNioFileSystem(HadoopNioProvider provider, String scheme, String authority, Configuration conf) {
        this.provider = provider;
        this.scheme = scheme.toLowerCase(Locale.ROOT);
        this.authority = authority;
        this.conf = conf;
    }

    String scheme() {
        return scheme;
    }

    String authority() {
        return authority;
    }

    /** {@code scheme://authority}, the prefix of every absolute path's string form. */
    String uriPrefix() {
        return scheme + "://" + authority;
    }

    /** The Hadoop client for this file system, opened on first use (Hadoop caches it per scheme and authority). */
    org.apache.hadoop.fs.FileSystem hadoop() {
        org.apache.hadoop.fs.FileSystem h = hadoop;
        if (h == null) {
            synchronized (this) {
                if (hadoop == null) {
                    try {
                        hadoop = org.apache.hadoop.fs.FileSystem.get(java.net.URI.create(uriPrefix() + "/"), conf);
                    } catch (IOException e) {
                        throw new RmferException(
                                "Cannot reach " + uriPrefix() + " (Hadoop file system): " + e.getMessage(), e);
                    }
                }
                h = hadoop;
            }
        }
        return h;
    }

    @Override
    public HadoopNioProvider provider() {
        return provider;
    }

    /** Nothing to release: the Hadoop client is shared through Hadoop's own cache. */
    @Override
    public void close() {}

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return true;
    }

    @Override
    public String getSeparator() {
        return "/";
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return List.of(new HadoopPath(this, true, List.of()));
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return List.of();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return Set.of("basic");
    }

    @Override
    public Path getPath(String first, String... more) {
        StringBuilder b = new StringBuilder(first);
        for (String m : more) {
            if (!m.isEmpty()) {
                b.append('/').append(m);
            }
        }
        return HadoopPath.parse(this, b.toString());
    }

    /** Glob and regex patterns as the local file system reads them, matched against the path's names. */
    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher local = FileSystems.getDefault().getPathMatcher(syntaxAndPattern);
        return p -> {
            HadoopPath h = (HadoopPath) p;
            String s = (h.isAbsolute() ? "/" : "") + String.join("/", h.names());
            return local.matches(Path.of(s));
        };
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        throw new UnsupportedOperationException("no user principals on " + uriPrefix());
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException("no watch service on " + uriPrefix());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HadoopNioFileSystem f && f.scheme.equals(scheme) && f.authority.equals(authority);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, authority);
    }

    @Override
    public String toString() {
        return uriPrefix();
    }
}
