package org.rmfer4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.core.Locations;
import org.rmfer4j.rmset.CropShard;
import org.rmfer4j.rmset.FaceDetector;
import org.rmfer4j.rmset.IdRule;
import org.rmfer4j.rmset.RemovalAreas;
import org.rmfer4j.rmset.RmsetBuilder;
import org.rmfer4j.rmset.RmsetIndex;
import org.rmfer4j.rmset.TrackingSearch;
import org.rmfer4j.synth.SynthMashup;

/**
 * A real standalone Spark cluster on 127.0.0.1: a master and a worker in JVMs of their own, started from a temporary
 * Spark home whose {@code jars/} holds Spark and its dependencies from the module's own build but not the toolkit,
 * JavaCV or ND4J — so executors have the toolkit only if the job ships it. The RMset is built through the CLI (as
 * {@code ./rmfer rmset build --engine spark --master spark://...} starts it) and through spark-submit's entry point
 * (the README's command), and each index must equal the local command's row for row; then the executor is killed
 * while it builds a video, and the retried task must leave the same index and no partial folder. Everything started is
 * stopped by process id.
 *
 * <p>Runs after {@code package} (the surefire execution {@code cluster-it}, phase {@code integration-test}), because
 * it uses the jars the launcher and spark-submit use: {@code spark/target/rmfer4j-spark.jar}, {@code
 * spark/target/lib}, {@code toolkit/target/{rmfer4j-toolkit.jar,lib,launch}}.
 */
class StandaloneClusterIT {
    /** What the Spark home must not hold: the toolkit, JavaCV (OpenCV, FFmpeg, JavaCPP), libtorch and ND4J. */
    private static final List<String> SHIPPED_ONLY =
            List.of("rmfer4j-", "javacv", "javacpp", "opencv", "ffmpeg", "openblas", "pytorch", "nd4j");

    private static final Path HOME =
            Path.of(System.getProperty("rmfer.home", "..")).toAbsolutePath().normalize();
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    private static final long JOB_SECONDS = 420;

    @TempDir
    static Path dir;

    static final List<Process> started = new ArrayList<>();
    static Path sparkHome;
    static Process worker;
    static String master;
    static Path videos;
    static Path removal;
    static Path removalLong;
    static Path longVideos;
    static RmsetIndex local;
    static RmsetIndex localLong;
    static RmsetIndex localLongAround;

    @BeforeAll
    static void startCluster() throws Exception {
        for (String p : List.of(
                "spark/target/rmfer4j-spark.jar",
                "spark/target/lib",
                "toolkit/target/rmfer4j-toolkit.jar",
                "toolkit/target/lib",
                "toolkit/target/launch/jvm.args",
                "toolkit/target/launch/spark.args")) {
            assertTrue(
                    Files.exists(HOME.resolve(p)),
                    HOME.resolve(p) + " is missing: this test runs after package (mvn verify, or ./rmfer test)");
        }
        sparkHome = dir.resolve("spark-home");
        Path jars = Files.createDirectories(sparkHome.resolve("jars"));
        int linked = 0;
        try (Stream<Path> s = Files.list(HOME.resolve("spark/target/lib"))) {
            for (Path jar : s.sorted().toList()) {
                String name = jar.getFileName().toString();
                if (name.endsWith(".jar") && SHIPPED_ONLY.stream().noneMatch(name::startsWith)) {
                    Files.createSymbolicLink(jars.resolve(name), jar);
                    linked++;
                }
            }
        }
        assertTrue(linked > 50, "Spark's own jars: " + linked);
        try (Stream<Path> s = Files.list(jars)) {
            for (Path jar : s.toList()) {
                try (JarFile j = new JarFile(jar.toFile())) {
                    for (String c : List.of(
                            "org/rmfer4j/rmset/RmsetBuilder.class",
                            "org/bytedeco/javacv/FFmpegFrameGrabber.class",
                            "org/nd4j/linalg/factory/Nd4j.class")) {
                        assertNull(j.getEntry(c), jar + " holds " + c + ": the Spark home must lack what jobs ship");
                    }
                }
            }
        }
        assertTrue(Files.exists(jars.resolve("spark-core_2.13-" + sparkVersion(jars) + ".jar")));

        // two short mashups for the equality runs, one longer for the executor kill
        videos = dir.resolve("videos");
        longVideos = dir.resolve("videos-long");
        removal = dir.resolve("removal.csv");
        Files.writeString(removal, "video,x,y,w,h\n" + mashup(videos, "clip0", 3, 20) + mashup(videos, "clip1", 3, 21));
        removalLong = dir.resolve("removal-long.csv");
        Files.writeString(removalLong, "video,x,y,w,h\n" + mashup(longVideos, "long", 30, 22));
        local = localBuild(videos, removal, dir.resolve("local"), TrackingSearch.LAST_SEEN_FIRST);
        localLong = localBuild(longVideos, removalLong, dir.resolve("local-long"), TrackingSearch.LAST_SEEN_FIRST);
        localLongAround =
                localBuild(longVideos, removalLong, dir.resolve("local-long-around"), TrackingSearch.AROUND_IDS);

        int port = freePort();
        master = "spark://127.0.0.1:" + port;
        Process m = start(
                "master",
                List.of(
                        "org.apache.spark.deploy.master.Master",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        "" + port,
                        "--webui-port",
                        "" + freePort()));
        waitFor(() -> listening(port), 60, "the master to listen on " + port, m, "master");
        worker = start(
                "worker",
                List.of(
                        "org.apache.spark.deploy.worker.Worker",
                        "--host",
                        "127.0.0.1",
                        "--webui-port",
                        "" + freePort(),
                        "--cores",
                        "2",
                        "--memory",
                        "3g",
                        "--work-dir",
                        Files.createDirectories(dir.resolve("work")).toString(),
                        master));
        waitFor(
                () -> log("worker").contains("Successfully registered with master"),
                60,
                "the worker to register",
                worker,
                "worker");
    }

    @AfterAll
    static void stopCluster() {
        // by process id, children first (the worker's executors), newest first
        for (int i = started.size() - 1; i >= 0; i--) {
            Process p = started.get(i);
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroy();
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertFalse(p.isAlive(), "process " + p.pid() + " still alive");
        }
        // the Spark home's links point into the build: remove them before the temporary folder goes
        if (sparkHome != null) {
            try (Stream<Path> s = Files.list(sparkHome.resolve("jars"))) {
                for (Path link : s.toList()) {
                    Files.delete(link);
                }
            } catch (IOException e) {
                throw new AssertionError("cannot remove the Spark home's links", e);
            }
        }
    }

    @Test
    void theCliShipsTheToolkitAndBuildsTheLocalIndex() throws Exception {
        Path out = dir.resolve("cli");
        String logName = "cli";
        Process cli = startCli(logName, videos, removal, out);
        finish(cli, logName);
        assertEquals(rows(local), rows(RmsetIndex.read(out)), "the cluster's index equals the local command's");
        assertEquals(
                Files.readAllLines(dir.resolve("local/index.csv")),
                Files.readAllLines(out.resolve("index.csv")),
                "byte-identical index.csv");
        try (Stream<Path> s = Files.walk(dir.resolve("work"))) {
            // an executor's working folder receives the jars the driver ships (Spark's home has none of them)
            assertTrue(
                    s.anyMatch(p -> p.getFileName().toString().equals("rmfer4j-toolkit.jar")),
                    "the executor fetched the shipped toolkit");
        }
        assertNoPartials(out);
    }

    @Test
    void theReadmesSparkSubmitCommandBuildsTheLocalIndex() throws Exception {
        Path out = dir.resolve("submit");
        String opts = read("toolkit/target/launch/spark.args") + " "
                + read("toolkit/target/launch/jvm.args")
                        .replaceAll("-Xmx\\S*", "")
                        .strip();
        List<String> jars = new ArrayList<>();
        try (Stream<Path> s = Files.list(HOME.resolve("spark/target/lib"))) {
            s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> jars.add(p.toString()));
        }
        // bin/spark-submit in client mode runs SparkSubmit in the driver's JVM with --driver-memory and
        // spark.driver.extraJavaOptions on its command line: the same here, without a Spark distribution's scripts
        List<String> cmd = new ArrayList<>(List.of(JAVA.toString(), "-Xmx4g"));
        cmd.addAll(List.of(opts.split("\\s+")));
        cmd.addAll(List.of(
                "-cp",
                sparkHome.resolve("jars") + "/*",
                "org.apache.spark.deploy.SparkSubmit",
                "--master",
                master,
                "--class",
                "org.rmfer4j.cli.RmferCli",
                "--driver-memory",
                "4g",
                "--conf",
                "spark.driver.extraJavaOptions=" + opts,
                "--conf",
                "spark.executor.extraJavaOptions=" + opts,
                "--conf",
                "spark.driver.host=127.0.0.1",
                "--conf",
                "spark.ui.enabled=false",
                "--jars",
                String.join(",", jars),
                HOME.resolve("spark/target/rmfer4j-spark.jar").toString()));
        cmd.addAll(buildArgs(videos, removal, out.toString()));
        Process submit = start("submit", cmd, Map.of("SPARK_LOCAL_IP", "127.0.0.1"));
        finish(submit, "submit");
        assertEquals(rows(local), rows(RmsetIndex.read(out)), "spark-submit's index equals the local command's");
        assertNoPartials(out);
    }

    @Test
    void anExecutorKilledMidVideoIsReplacedAndTheRetryLeavesNoPartialFolder() throws Exception {
        Path out = dir.resolve("killed");
        String logName = "cli-killed";
        Process cli = startCli(logName, longVideos, removalLong, out);
        Path partial = out.resolve(".partial-long");
        waitFor(() -> Files.isDirectory(partial) && hasCrops(partial), JOB_SECONDS, "the task to start", cli, logName);
        List<ProcessHandle> executors = worker.descendants()
                .filter(h -> h.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                .toList();
        assertEquals(1, executors.size(), "one executor on the worker");
        long crops;
        try (Stream<Path> s = Files.walk(partial)) {
            crops = s.filter(p -> p.toString().endsWith(".jpg")).count();
        }
        executors.get(0).destroyForcibly();
        executors.get(0).onExit().get(30, TimeUnit.SECONDS);
        assertTrue(Files.isDirectory(partial), "killed while the video was being built (its partial folder is there)");
        System.out.printf(
                "killed executor %d after %d of %d crops of 'long'%n",
                executors.get(0).pid(), crops, localLong.size());
        finish(cli, logName);
        assertEquals(rows(localLong), rows(RmsetIndex.read(out)), "the retried video gives the local command's index");
        assertNoPartials(out);
        assertTrue(log(logName).contains("long built"), log(logName));
        assertFalse(log(logName).contains("attempt 0)"), "the video was built by a retry: " + log(logName));
        log(logName).lines().filter(l -> l.contains("long built")).forEach(System.out::println);
    }

    @Test
    void aLongVideoRunsAsSegmentTasksOnTheClusterAndMergesToTheOneTaskIndex() throws Exception {
        Path out = dir.resolve("segments");
        List<String> extra = List.of("--segment-frames", "100", "--search", "around");
        Process cli = startCli("cli-segments", longVideos, removalLong, out.toString(), extra);
        finish(cli, "cli-segments");
        assertTrue(
                log("cli-segments").contains("spark: 3 tasks for 1 videos (segments of 100 frames)"),
                log("cli-segments"));
        assertTrue(log("cli-segments").contains("long built (3 segments)"), log("cli-segments"));
        // searching around the first-frame boxes, a segment does not depend on the frames before it
        assertEquals(rows(localLongAround), rows(RmsetIndex.read(out)), "merged segments = the one-task index");
        assertNoPartials(out);
    }

    /**
     * The RMset onto HDFS from the cluster: a NameNode and a DataNode in this JVM on 127.0.0.1, the CLI's {@code --out}
     * a {@code hdfs://} URI, tar shards; the executors (JVMs of their own) stage each video and upload it. Read back
     * through the Hadoop route: the local index row for row (paths as shard members) and every crop's bytes.
     */
    @Test
    void theClusterBuildsOntoHdfs() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        try {
            hdfs.waitActive();
            String out = "hdfs://127.0.0.1:" + hdfs.getNameNodePort() + "/rmset";
            Process cli = startCli("cli-hdfs", videos, removal, out, List.of("--crops", "tar"));
            finish(cli, "cli-hdfs");
            assertTrue(log("cli-hdfs").contains("uploaded whole"), log("cli-hdfs"));
            RmsetIndex there = RmsetIndex.read(Locations.of(out));
            List<String> want = new ArrayList<>();
            for (RmsetIndex.Row r : local.rows()) {
                String name = r.filePath().substring(r.filePath().indexOf('/') + 1);
                want.add(rows(RmsetIndex.of(
                                dir,
                                List.of(new RmsetIndex.Row(
                                        r.video(),
                                        r.frame(),
                                        r.faceId(),
                                        r.video() + "/" + CropShard.FILE + CropShard.MEMBER + name,
                                        r.conf(),
                                        r.x(),
                                        r.y(),
                                        r.w(),
                                        r.h(),
                                        r.every()))))
                        .get(0));
            }
            assertEquals(want, rows(there), "the local index, its crops as shard members");
            for (int i = 0; i < local.size(); i++) {
                RmsetIndex.Row l = local.rows().get(i);
                RmsetIndex.Row t = there.rows().get(i);
                int at = t.filePath().indexOf(CropShard.MEMBER);
                assertArrayEquals(
                        Files.readAllBytes(dir.resolve("local").resolve(l.filePath())),
                        CropShard.read(
                                there.root().resolve(t.filePath().substring(0, at)),
                                t.filePath().substring(at + 1)),
                        t.filePath());
            }
            try (Stream<Path> s = Files.list(there.root())) {
                assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".")), "nothing partial on HDFS");
            }
        } finally {
            hdfs.shutdown();
        }
    }

    // ---- helpers

    private static String mashup(Path out, String name, int seconds, long seed) {
        SynthMashup.Result r = SynthMashup.builder()
                .setOut(out)
                .optName(name)
                .optSeconds(seconds)
                .optFps(10)
                .optSize(640, 360)
                .optViewers(6)
                .optSeed(seed)
                .optThreads(2)
                .build()
                .write(s -> {});
        int[] a = r.removalArea();
        return name + "," + a[0] + "," + a[1] + "," + a[2] + "," + a[3] + "\n";
    }

    private static RmsetIndex localBuild(Path in, Path removalCsv, Path out, TrackingSearch search) {
        RmsetBuilder.Summary s = RmsetBuilder.builder()
                .optDetector(FaceDetector.Spec.CASCADE)
                .optIdRule(IdRule.FIRST_FRAME)
                .setVideos(in)
                .setOut(out)
                .optRemoval(RemovalAreas.read(removalCsv))
                .optEvery(1)
                .optTrackingSearch(search)
                .optThreads(2)
                .build()
                .build(x -> {});
        assertEquals(0, s.failed());
        assertTrue(s.index().size() > 0);
        return s.index();
    }

    private static List<String> buildArgs(Path in, Path removalCsv, String out) {
        return List.of(
                "rmset",
                "build",
                "--engine",
                "spark",
                "--master",
                master,
                "--videos",
                in.toString(),
                "--out",
                out,
                "--removal",
                removalCsv.toString(),
                "--every",
                "1",
                "--detector",
                FaceDetector.Spec.CASCADE.kind(),
                "--ids",
                "first");
    }

    /** The CLI exactly as the launcher starts it for {@code rmset build --engine spark}. */
    private static Process startCli(String logName, Path in, Path removalCsv, Path out) throws IOException {
        return startCli(logName, in, removalCsv, out.toString(), List.of());
    }

    private static Process startCli(String logName, Path in, Path removalCsv, String out, List<String> extra)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                JAVA.toString(),
                "@" + HOME.resolve("toolkit/target/launch/jvm.args"),
                "@" + HOME.resolve("toolkit/target/launch/spark.args"),
                "-Drmfer.home=" + HOME,
                "-cp",
                HOME.resolve("spark/target/rmfer4j-spark.jar") + ":" + HOME.resolve("spark/target/lib") + "/*",
                "org.rmfer4j.cli.RmferCli"));
        cmd.addAll(buildArgs(in, removalCsv, out));
        cmd.addAll(extra);
        // no SPARK_LOCAL_IP: the CLI must keep the driver on loopback itself for a loopback master
        return start(logName, cmd, Map.of());
    }

    private static Process start(String name, List<String> mainAndArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(JAVA.toString(), "-Xmx512m"));
        cmd.addAll(List.of(read("toolkit/target/launch/spark.args").split("\\s+")));
        cmd.addAll(List.of("-cp", sparkHome.resolve("jars") + "/*"));
        cmd.addAll(mainAndArgs);
        return start(name, cmd, Map.of("SPARK_LOCAL_IP", "127.0.0.1"));
    }

    private static Process start(String name, List<String> cmd, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().remove("SPARK_LOCAL_IP");
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment()
                .put(
                        "SPARK_LOCAL_DIRS",
                        Files.createDirectories(dir.resolve("local-dirs")).toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static void finish(Process p, String logName) throws Exception {
        long t0 = System.nanoTime();
        if (!p.waitFor(JOB_SECONDS, TimeUnit.SECONDS)) {
            fail(logName + " did not finish in " + JOB_SECONDS + " s:\n" + tail(log(logName)) + executorTail());
        }
        if (p.exitValue() != 0) {
            fail(logName + " exited with " + p.exitValue() + ":\n" + tail(log(logName)) + executorTail());
        }
        System.out.printf("%s: finished %.1f s after the wait began%n", logName, (System.nanoTime() - t0) / 1e9);
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check c, long seconds, String what, Process p, String logName) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (c.ok()) {
                return;
            }
            if (!p.isAlive()) {
                fail("waiting for " + what + ": " + logName + " exited with " + p.exitValue() + ":\n"
                        + tail(log(logName)));
            }
            Thread.sleep(20);
        }
        fail("timed out after " + seconds + " s waiting for " + what + ":\n" + tail(log(logName)));
    }

    private static boolean hasCrops(Path partial) throws IOException {
        try (Stream<Path> s = Files.walk(partial)) {
            return s.anyMatch(p -> p.toString().endsWith(".jpg"));
        }
    }

    private static void assertNoPartials(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            List<Path> left = s.filter(p -> p.getFileName().toString().startsWith(".partial-"))
                    .toList();
            assertEquals(List.of(), left, "no partial folder left");
        }
    }

    private static List<String> rows(RmsetIndex index) {
        return SparkRmsetTest.rowsOf(index);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String sparkVersion(Path jars) throws IOException {
        try (Stream<Path> s = Files.list(jars)) {
            String core = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("spark-core_2.13-"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no spark-core jar in " + jars));
            return core.substring("spark-core_2.13-".length(), core.length() - ".jar".length());
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(HOME.resolve(file)).strip();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    private static String log(String name) {
        try {
            Path f = dir.resolve(name + ".log");
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return "(cannot read " + name + ".log: " + e.getMessage() + ")";
        }
    }

    /** Every executor's stderr under the worker's folder. */
    private static String executorLogs() throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.walk(dir.resolve("work"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().equals("stderr"))
                    .sorted()
                    .toList()) {
                sb.append("--- ").append(p).append('\n').append(Files.readString(p));
            }
        }
        return sb.toString();
    }

    private static String executorTail() {
        try {
            return "\nexecutors:\n" + tail(executorLogs());
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String s) {
        return s.length() <= 6000 ? s : s.substring(s.length() - 6000);
    }
}
