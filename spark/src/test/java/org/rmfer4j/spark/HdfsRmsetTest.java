package org.rmfer4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.cli.RmferCli;
import org.rmfer4j.core.Locations;
import org.rmfer4j.rmset.CropLayout;
import org.rmfer4j.rmset.CropShard;
import org.rmfer4j.rmset.FaceDetector;
import org.rmfer4j.rmset.IdRule;
import org.rmfer4j.rmset.RemovalAreas;
import org.rmfer4j.rmset.RmsetBuilder;
import org.rmfer4j.rmset.RmsetIndex;
import org.rmfer4j.rmset.TrackingSearch;
import org.rmfer4j.spark.hadoop.HadoopStage;
import org.rmfer4j.synth.SynthFer;
import org.rmfer4j.synth.SynthMashup;
import org.rmfer4j.train.TrainConfig;
import org.rmfer4j.train.TrainResult;
import org.rmfer4j.train.Trainer;

/**
 * The RMset on a real HDFS (a NameNode and a DataNode started in this JVM, {@link MiniDFSCluster}): the Spark job
 * builds onto {@code hdfs://} (each video staged locally and uploaded whole, one injected failure retried), and the
 * index, the tar shards and every crop equal the local build's; nothing partial is left; a re-run skips; segments
 * work there too; {@code rmset stats} reads it by URI; and a training run reading its ACL anchors from HDFS gives the
 * numbers of the same run reading the local copy.
 */
class HdfsRmsetTest {
    @TempDir
    static Path dir;

    static MiniDFSCluster hdfs;
    static String uri;
    static SparkSession spark;
    static Path videos;
    static Path removal;
    static RmsetBuilder.Summary local;
    static SparkRmset.Result remote;

    @BeforeAll
    static void setUp() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        uri = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();

        videos = dir.resolve("videos");
        StringBuilder csv = new StringBuilder("video,x,y,w,h\n");
        for (int i = 0; i < 2; i++) {
            SynthMashup.Result r = SynthMashup.builder()
                    .setOut(videos)
                    .optName("clip" + i)
                    .optSeconds(3)
                    .optFps(10)
                    .optSize(640, 360)
                    .optViewers(6)
                    .optSeed(40 + i)
                    .optThreads(2)
                    .build()
                    .write(s -> {});
            int[] a = r.removalArea();
            csv.append("clip" + i + "," + a[0] + "," + a[1] + "," + a[2] + "," + a[3] + "\n");
        }
        removal = dir.resolve("removal.csv");
        Files.writeString(removal, csv.toString());
        spark = SparkSession.builder()
                .appName("rmfer4j-hdfs-test")
                .master("local[2,3]")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        local = RmsetBuilder.builder()
                .optDetector(FaceDetector.Spec.CASCADE)
                .optIdRule(IdRule.FIRST_FRAME)
                .setVideos(videos)
                .setOut(dir.resolve("local"))
                .optRemoval(RemovalAreas.read(removal))
                .optEvery(2)
                .optTrackingSearch(TrackingSearch.AROUND_IDS)
                .optCropLayout(CropLayout.TAR)
                .build()
                .build(s -> {});
        assertEquals(0, local.failed());
        remote = SparkRmset.build(spark, options(videos, uri + "/rmset", 0, "clip1"), s -> {});
    }

    static SparkRmset.Options options(Path in, String out, int segmentFrames, String failOnce) {
        return new SparkRmset.Options(
                in.toString(),
                out,
                2,
                removal.toString(),
                null,
                "first",
                112,
                TrackingSearch.AROUND_IDS,
                FaceDetector.Spec.CASCADE,
                IdRule.FIRST_FRAME,
                CropLayout.TAR,
                segmentFrames,
                failOnce);
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    static List<String> names(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theRmsetOnHdfsIsTheLocalBuildByteForByte() throws Exception {
        Path root = Locations.of(uri + "/rmset");
        assertFalse(Locations.isLocal(root));
        assertEquals(root, remote.index().root(), "the result reads from HDFS");
        assertEquals(SparkRmsetTest.rowsOf(local.index()), SparkRmsetTest.rowsOf(remote.index()));
        assertEquals(
                Files.readAllLines(dir.resolve("local/index.csv")),
                Files.readAllLines(root.resolve("index.csv")),
                "the merged index.csv, read back from HDFS");
        assertEquals(
                List.of("clip0", "clip1", "index.csv", "index.parquet", RmsetBuilder.PROVENANCE),
                names(root),
                "no partial or segment folder, no temporary file");
        for (String v : List.of("clip0", "clip1")) {
            assertEquals(List.of(RmsetBuilder.DONE_RECORD, CropShard.FILE, "index.csv"), names(root.resolve(v)));
            assertArrayEquals(
                    Files.readAllBytes(dir.resolve("local").resolve(v).resolve(CropShard.FILE)),
                    Files.readAllBytes(root.resolve(v).resolve(CropShard.FILE)),
                    v + ": the same shard");
        }
        SparkRmset.Outcome clip1 = remote.videos().stream()
                .filter(x -> x.video().equals("clip1"))
                .findFirst()
                .orElseThrow();
        assertEquals(1, clip1.attempt(), "the injected failure was retried");
        // every crop, through the index's image references (positioned reads of the shard on HDFS)
        RmsetIndex back = RmsetIndex.read(root);
        assertEquals(local.index().size(), back.size());
        for (int i = 0; i < back.size(); i++) {
            BufferedImage a = local.index().image(local.index().rows().get(i)).load();
            BufferedImage b = back.image(back.rows().get(i)).load();
            assertArrayEquals(
                    a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth()),
                    b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth()),
                    back.rows().get(i).filePath());
        }
        assertTrue(back.image(back.rows().get(0)).source().startsWith(uri + "/rmset/clip0/crops.tar#"));
        assertEquals(
                local.index().size(),
                spark.read().parquet(remote.parquet().toString()).count());

        SparkRmset.Result again = SparkRmset.build(spark, options(videos, uri + "/rmset", 0, null), s -> {});
        assertTrue(again.videos().stream().allMatch(v -> v.status().startsWith("skipped")), "" + again.videos());
        assertEquals(SparkRmsetTest.rowsOf(local.index()), SparkRmsetTest.rowsOf(again.index()));
    }

    @Test
    void segmentsOntoHdfsGiveTheOneTaskIndex() throws Exception {
        String out = uri + "/segmented";
        // segments of 10 frames: three tasks per 30-frame video, segment 1 of clip0 fails once
        SparkRmset.Result r = SparkRmset.build(spark, options(videos, out, 10, "clip0"), s -> {});
        assertTrue(r.videos().stream().allMatch(v -> v.status().equals("built (3 segments)")), "" + r.videos());
        assertEquals(SparkRmsetTest.rowsOf(local.index()), SparkRmsetTest.rowsOf(r.index()));
        Path root = Locations.of(out);
        assertEquals(List.of("clip0", "clip1", "index.csv", "index.parquet", RmsetBuilder.PROVENANCE), names(root));
        assertArrayEquals(
                Files.readAllBytes(dir.resolve("local/clip0").resolve(CropShard.FILE)),
                Files.readAllBytes(root.resolve("clip0").resolve(CropShard.FILE)));
    }

    @Test
    void statsAndErrorsByUri() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = RmferCli.execute("rmset", "stats", "--root", uri + "/rmset");
        } finally {
            System.setOut(old);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.contains("clip0") && text.contains("clip1"), text);

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, RmferCli.execute("rmset", "stats", "--root", uri + "/no-such-rmset"));
            assertEquals(
                    2,
                    RmferCli.execute(
                            "rmset", "build", "--videos", videos.toString(), "--out", uri + "/by-the-local-engine"));
        } finally {
            System.setErr(oldErr);
        }
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains(uri + "/no-such-rmset/index.csv"), e);
        assertTrue(e.contains("--engine spark"), e);
    }

    /**
     * A hand-made RMset (two videos x 3 faces x 80 sampled frames of small PNGs in a shard per video: ACL's sampler
     * wants more than 62 frames per video, more than the clips above), uploaded to HDFS as the Spark job uploads a
     * video; the same short training run on the local copy and on the HDFS copy logs the same steps.
     */
    @Test
    void trainingReadsItsAnchorsFromHdfsAsFromALocalCopy() throws Exception {
        SynthFer.Result labelled = SynthFer.builder()
                .setOut(dir.resolve("synthfer"))
                .optSizes(70, 28)
                .optIdentities(10, 4)
                .optImageSize(48)
                .optSeed(5)
                .optThreads(2)
                .build()
                .write(s -> {});
        Path fixture = dir.resolve("fixture-rmset");
        List<RmsetIndex.Row> rows = new ArrayList<>();
        for (String v : List.of("vidA", "vidB")) {
            Files.createDirectories(fixture.resolve(v));
            List<String> names = new ArrayList<>();
            for (int f = 0; f < 80; f++) {
                for (int id = 0; id < 3; id++) {
                    String name = v + "_" + f + "_" + id + ".png";
                    String rel = v + "/" + name;
                    names.add(name);
                    BufferedImage img = new BufferedImage(24, 32, BufferedImage.TYPE_INT_RGB);
                    Graphics2D g = img.createGraphics();
                    g.setColor(Color.getHSBColor(((f / 20 + id) % 7) / 7f, 0.6f, 0.8f));
                    g.fillRect(0, 0, 24, 32);
                    g.setColor(new Color((f * 37) % 256, (f * 91) % 256, (f * 53 + id * 80) % 256));
                    g.fillRect(f % 18, 2 + (f / 18) % 6, 6, 4);
                    g.dispose();
                    ImageIO.write(img, "png", fixture.resolve(rel).toFile());
                    rows.add(new RmsetIndex.Row(
                            v, f, id, v + "/" + CropShard.FILE + CropShard.MEMBER + name, 0.99, 10, 10, 20, 26, 1));
                }
            }
            // one shard per video: 240 small files would be 240 HDFS writes (about 0.3 s each on this minicluster)
            CropShard.pack(fixture.resolve(v), names);
        }
        RmsetIndex.of(fixture, rows).write(fixture.resolve("index.csv"));
        HadoopStage.Remote where = new HadoopStage.Remote(uri + "/fixture", Map.of());
        try (HadoopStage up = new HadoopStage(where)) {
            up.createRoot();
            for (String rel : List.of("vidA", "vidB", "index.csv")) {
                Path to = up.local().resolve(rel);
                if (Files.isDirectory(fixture.resolve(rel))) {
                    Files.createDirectories(to);
                    try (Stream<Path> s = Files.list(fixture.resolve(rel))) {
                        for (Path f : s.toList()) {
                            Files.copy(f, to.resolve(f.getFileName().toString()));
                        }
                    }
                    up.push(rel);
                } else {
                    Files.copy(fixture.resolve(rel), to);
                    up.pushFile(rel);
                }
            }
        }
        String[] steps = new String[2];
        int i = 0;
        for (Path rmset : List.of(fixture, Locations.of(uri + "/fixture"))) {
            TrainConfig c = TrainConfig.builder()
                    .setDataset(labelled.manifest().toString())
                    .setDatasetRoot(labelled.root())
                    .optRmset(rmset)
                    .optName("hdfs-" + i)
                    .optInputSize(32)
                    .optBatchSize(8)
                    .optEpochs(1, 1)
                    .optStepsPerEpoch(3)
                    .optAnchorsPerStep(2)
                    .optCandidates(12)
                    .optGamma(0.25)
                    .optEvalBatch(16)
                    .optWorkers(1)
                    .build();
            TrainResult r = Trainer.builder()
                    .setConfig(c)
                    .setRunDir(dir.resolve("run-" + i))
                    .build()
                    .run();
            assertTrue(r.steps() > 0);
            steps[i++] = String.join(
                    "\n",
                    Files.readAllLines(r.run().stepMetrics()).stream()
                            .map(l -> l.substring(0, l.lastIndexOf(','))) // all but the wall time
                            .toList());
        }
        assertTrue(steps[0].lines().anyMatch(l -> l.split(",")[3].equals("2")), "phase 2 ran:\n" + steps[0]);
        assertEquals(steps[0], steps[1], "the same steps, losses and candidate counts");
    }
}
