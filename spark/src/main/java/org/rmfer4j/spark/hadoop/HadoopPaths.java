package org.rmfer4j.spark.hadoop;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.rmfer4j.core.Locations;
import org.rmfer4j.core.RemotePaths;

/**
 * The toolkit's route to Hadoop-compatible file systems ({@code hdfs://}, {@code s3a://}, {@code abfs://}, ... any
 * scheme whose Hadoop client is on the class path), registered for {@link Locations#of(String)}. The Hadoop settings
 * are Hadoop's defaults plus {@code core-site.xml} and {@code hdfs-site.xml} from {@code $HADOOP_CONF_DIR}, as Hadoop's
 * own tools read them.
 */
public final class HadoopPaths implements RemotePaths {
    private static volatile HadoopNioProvider shared;

    @Override
    public Optional<Path> path(URI uri) {
        Configuration conf = provider().conf();
        if (!handles(uri.getScheme(), conf)) {
            return Optional.empty();
        }
        return Optional.of(provider().getPath(uri));
    }

    /** The path {@code uri} names, read with {@code conf} (the Spark job's Hadoop configuration, for example). */
    public static Path of(String uri, Configuration conf) {
        return new HadoopNioProvider(conf).getPath(URI.create(uri));
    }

    /** Whether {@code location} is written as a URI Hadoop should handle (any scheme but {@code file:}). */
    public static boolean isRemote(String location) {
        return Locations.isUri(location)
                && !URI.create(location).getScheme().toLowerCase(Locale.ROOT).equals("file");
    }

    /** Whether Hadoop has a client for {@code scheme} under {@code conf}. */
    static boolean handles(String scheme, Configuration conf) {
        try {
            org.apache.hadoop.fs.FileSystem.getFileSystemClass(scheme.toLowerCase(Locale.ROOT), conf);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static HadoopNioProvider provider() {
        HadoopNioProvider p = shared;
        if (p == null) {
            synchronized (HadoopPaths.class) {
                if (shared == null) {
                    shared = new HadoopNioProvider(siteConfiguration());
                }
                p = shared;
            }
        }
        return p;
    }

    /** Hadoop's defaults plus the site files of {@code $HADOOP_CONF_DIR} when it is set. */
    static Configuration siteConfiguration() {
        Configuration conf = new Configuration();
        String dir = System.getenv("HADOOP_CONF_DIR");
        if (dir != null && !dir.isBlank()) {
            for (String f : new String[] {"core-site.xml", "hdfs-site.xml"}) {
                Path site = Path.of(dir, f);
                if (Files.isRegularFile(site)) {
                    conf.addResource(new org.apache.hadoop.fs.Path(site.toUri()));
                }
            }
        }
        return conf;
    }

    /**
     * The entries of {@code conf} that differ from Hadoop's defaults: what an executor needs to rebuild the driver's
     * configuration (credentials and endpoints set through {@code spark.hadoop.*}, say) without shipping all of it.
     */
    public static Map<String, String> changes(Configuration conf) {
        Configuration defaults = new Configuration();
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, String> e : conf) {
            if (!e.getValue().equals(defaults.getRaw(e.getKey()))) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** Hadoop's defaults with {@code changes} applied. */
    public static Configuration configuration(Map<String, String> changes) {
        Configuration conf = new Configuration();
        changes.forEach(conf::set);
        return conf;
    }
}
