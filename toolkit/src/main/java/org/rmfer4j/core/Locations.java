package org.rmfer4j.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.nio.file.ProviderNotFoundException;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * Turns what a user typed into a {@link Path}: a local path as {@link Path#of(String, String...)} reads it, or a URI
 * such as {@code hdfs://namenode:8020/rmset} or {@code s3a://bucket/rmset} for data on another file system. URIs are
 * resolved by the {@link RemotePaths} found through {@link ServiceLoader} (the Spark module's Hadoop route handles
 * every scheme Hadoop knows) or by an installed NIO file-system provider; {@code file:} URIs are local paths.
 */
public final class Locations {
    private static final Pattern URI_LIKE = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*");

    private Locations() {}

    /** Whether {@code s} is written as a URI with a scheme ({@code scheme://...}) rather than a local path. */
    public static boolean isUri(String s) {
        return URI_LIKE.matcher(s).matches();
    }

    /**
     * The path {@code s} names.
     *
     * @throws RmferException if {@code s} is a URI that is malformed or whose scheme nothing on the class path reads
     */
    public static Path of(String s) {
        if (!isUri(s)) {
            return Path.of(s);
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new RmferException("'" + s + "' is not a valid URI: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            return Path.of(uri);
        }
        int routes = 0;
        for (RemotePaths r : ServiceLoader.load(RemotePaths.class, Locations.class.getClassLoader())) {
            routes++;
            Optional<Path> p = r.path(uri);
            if (p.isPresent()) {
                return p.get();
            }
        }
        try {
            return Path.of(uri);
        } catch (ProviderNotFoundException | FileSystemNotFoundException | IllegalArgumentException e) {
            throw new RmferException(
                    routes > 0
                            ? "No file-system client for '" + scheme + "://' locations (" + s
                                    + ") on the class path: the"
                                    + " Hadoop route reads the schemes whose Hadoop client is there (hdfs:// is; s3a:// needs"
                                    + " hadoop-aws, abfs:// hadoop-azure, gs:// the GCS connector)"
                            : "Nothing on the class path reads '" + scheme + "://' locations (" + s
                                    + "). Hadoop-compatible"
                                    + " file systems (hdfs://, s3a://, ...) are read through the Spark module: run the command"
                                    + " through ./rmfer (it adds the module when an argument is a URI), or put"
                                    + " spark/target/rmfer4j-spark.jar and spark/target/lib/* on the class path.");
        }
    }

    /** Whether {@code p} lives on this machine's default file system (so {@link Path#toFile()} works). */
    public static boolean isLocal(Path p) {
        return p.getFileSystem() == java.nio.file.FileSystems.getDefault();
    }
}
