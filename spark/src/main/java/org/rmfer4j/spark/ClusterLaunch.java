package org.rmfer4j.spark;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;

/**
 * What a Spark job started by the CLI (not by spark-submit) must tell a non-local master: the jars executors lack
 * (the toolkit, its dependencies with JavaCV's and ND4J's native libraries, this module) as {@code spark.jars}, and
 * the JVM options executors need (Spark's opens, ND4J's platform extension, the off-heap cap) as
 * {@code spark.executor.extraJavaOptions} — both read from the build's launch files, so they are the launcher's own.
 * A {@code local[...]} master runs executors in this JVM and needs none of it. Where the build is not found, the job
 * refuses at start and names the spark-submit command that works instead.
 */
public final class ClusterLaunch {
    private ClusterLaunch() {}

    /** True for {@code local}, {@code local[N]}, {@code local[*]} and {@code local[N,F]}: executors in this JVM. */
    public static boolean isLocal(String master) {
        return master.equals("local") || master.startsWith("local[") || master.startsWith("local-cluster[");
    }

    /**
     * The Spark settings for {@code master}, from the checkout at {@code home} (the launcher's {@code rmfer.home}):
     * empty for a local master.
     */
    public static Map<String, String> settings(String master, @Nullable Path home) {
        return settings(master, home, System.getProperty("spark.submit.deployMode") != null);
    }

    /**
     * {@link #settings(String, Path)}, told whether spark-submit started this JVM (it sets {@code spark.jars} and the
     * options itself, from its command line, and nothing is added).
     */
    static Map<String, String> settings(String master, @Nullable Path home, boolean submitted) {
        Map<String, String> conf = new LinkedHashMap<>();
        if (isLocal(master) || submitted) {
            return conf;
        }
        if (home == null) {
            throw refuse(master, "the toolkit's folder is unknown (rmfer.home is not set: start the CLI with ./rmfer)");
        }
        Path sparkJar = home.resolve("spark/target/rmfer4j-spark.jar");
        Path toolkitJar = home.resolve("toolkit/target/rmfer4j-toolkit.jar");
        Path lib = home.resolve("toolkit/target/lib");
        Path launch = home.resolve("toolkit/target/launch");
        for (Path p : List.of(sparkJar, toolkitJar, lib, launch.resolve("jvm.args"), launch.resolve("spark.args"))) {
            if (!Files.exists(p)) {
                throw refuse(master, p + " is missing (build with ./rmfer setup or mvn package)");
            }
        }
        List<String> jars = new ArrayList<>(
                List.of(sparkJar.toUri().toString(), toolkitJar.toUri().toString()));
        try (Stream<Path> s = Files.list(lib)) {
            s.filter(p -> p.toString().endsWith(".jar"))
                    .sorted()
                    .forEach(p -> jars.add(p.toUri().toString()));
        } catch (IOException e) {
            throw refuse(master, "cannot list " + lib + ": " + e.getMessage());
        }
        conf.put("spark.jars", String.join(",", jars));
        String options = read(launch.resolve("spark.args")) + " " + executorOptions(read(launch.resolve("jvm.args")));
        conf.put("spark.executor.extraJavaOptions", options.strip());
        // a master on this machine's loopback: keep the driver there too, or it binds to the first other address
        String host = hostOf(master);
        if (host != null && isLoopback(host) && System.getenv("SPARK_LOCAL_IP") == null) {
            conf.put("spark.driver.host", "127.0.0.1");
            conf.put("spark.driver.bindAddress", "127.0.0.1");
        }
        return conf;
    }

    /** The JVM options of jvm.args an executor needs: all but the heap cap (the cluster sizes executors). */
    static String executorOptions(String jvmArgs) {
        StringBuilder sb = new StringBuilder();
        for (String o : jvmArgs.strip().split("\\s+")) {
            if (!o.startsWith("-Xmx") && !o.isEmpty()) {
                sb.append(sb.length() == 0 ? "" : " ").append(o);
            }
        }
        return sb.toString();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            throw new RmferException("Cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static @Nullable String hostOf(String master) {
        try {
            String first = master.split(",")[0]; // a standalone HA list: spark://h1:7077,h2:7077
            return URI.create(first).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static RmferException refuse(String master, String why) {
        return new RmferException(
                "Cannot ship the toolkit to the Spark master " + master + ": " + why + ". Submit the job "
                        + "with spark-submit instead, from the toolkit's folder:\n  spark-submit --master " + master
                        + " --class org.rmfer4j.cli.RmferCli --driver-memory 4g"
                        + " --conf spark.driver.extraJavaOptions=\"$(cat toolkit/target/launch/spark.args)"
                        + " $(sed 's/-Xmx[^ ]*//' toolkit/target/launch/jvm.args)\""
                        + " --conf spark.executor.extraJavaOptions=\"$(cat toolkit/target/launch/spark.args)"
                        + " $(sed 's/-Xmx[^ ]*//' toolkit/target/launch/jvm.args)\""
                        + " --jars \"$(ls spark/target/lib/*.jar | paste -sd,)\" spark/target/rmfer4j-spark.jar"
                        + " rmset build --engine spark --master " + master + " --videos ... --out ...");
    }
}
