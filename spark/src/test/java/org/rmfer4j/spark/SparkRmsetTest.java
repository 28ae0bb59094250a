package org.rmfer4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.rmset.Box;
import org.rmfer4j.rmset.CropLayout;
import org.rmfer4j.rmset.FaceDetector;
import org.rmfer4j.rmset.IdRule;
import org.rmfer4j.rmset.RemovalAreas;
import org.rmfer4j.rmset.RmsetBuilder;
import org.rmfer4j.rmset.RmsetIndex;
import org.rmfer4j.rmset.RmsetStats;
import org.rmfer4j.rmset.TrackingSearch;
import org.rmfer4j.synth.SynthMashup;
import tech.tablesaw.api.Table;

/**
 * Spark's local mode on two short synthetic mashups: the Spark index equals the local one row for row, an injected
 * mid-video failure is retried and leaves no partial output, a re-run skips finished videos, and the Spark SQL
 * statistics agree with the local ones. Wall times of both are printed (not asserted).
 */
class SparkRmsetTest {
    @TempDir
    static Path dir;

    static SparkSession spark;
    static Path videos;
    static Path removal;

    @BeforeAll
    static void setUp() throws Exception {
        videos = dir.resolve("videos");
        StringBuilder csv = new StringBuilder("video,x,y,w,h\n");
        for (int i = 0; i < 2; i++) {
            String name = "clip" + i;
            SynthMashup.Result r = SynthMashup.builder()
                    .setOut(videos)
                    .optName(name)
                    .optSeconds(3)
                    .optFps(10)
                    .optSize(640, 360)
                    .optViewers(6)
                    .optSeed(20 + i)
                    .optThreads(2)
                    .build()
                    .write(s -> {});
            int[] a = r.removalArea();
            csv.append(name)
                    .append(',')
                    .append(a[0])
                    .append(',')
                    .append(a[1])
                    .append(',')
                    .append(a[2])
                    .append(',')
                    .append(a[3])
                    .append('\n');
        }
        removal = dir.resolve("removal.csv");
        Files.writeString(removal, csv.toString());
        // local[2,3]: two threads, a task may fail up to 3 times
        spark = SparkSession.builder()
                .appName("rmfer4j-test")
                .master("local[2,3]")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
    }

    /**
     * A 12 s video as four segment tasks against the one-task build. Where the tracker searches around each ID's
     * first-frame box (AROUND_IDS), a segment does not depend on the frames before it and the merged index is the
     * one-task index row for row. With the default search (near each ID's last-seen box first), a segment restarts
     * the search around the first-frame boxes, so the cascade sees slightly different regions: the same IDs in the
     * same frames, boxes and scores that may differ by a few pixels — counted and bounded here.
     */
    @Test
    void aLongVideoInSegmentsGivesTheOneTaskIndex() throws Exception {
        Path in = dir.resolve("videos-long");
        SynthMashup.Result v = SynthMashup.builder()
                .setOut(in)
                .optName("long0")
                .optSeconds(12)
                .optFps(10)
                .optSize(640, 360)
                .optViewers(6)
                .optSeed(30)
                .optThreads(2)
                .build()
                .write(s -> {});
        int[] a = v.removalArea();
        Path removalLong = dir.resolve("removal-long.csv");
        Files.writeString(removalLong, "video,x,y,w,h\nlong0," + a[0] + "," + a[1] + "," + a[2] + "," + a[3] + "\n");

        for (TrackingSearch search : List.of(TrackingSearch.AROUND_IDS, TrackingSearch.LAST_SEEN_FIRST)) {
            RmsetBuilder.Summary one = RmsetBuilder.builder()
                    .optDetector(FaceDetector.Spec.CASCADE)
                    .optIdRule(IdRule.FIRST_FRAME)
                    .optTrackingSearch(search)
                    .setVideos(in)
                    .setOut(dir.resolve("long-one-task-" + search))
                    .optRemoval(RemovalAreas.read(removalLong))
                    .optEvery(2)
                    .optCropLayout(CropLayout.TAR)
                    .build()
                    .build(s -> {});
            assertEquals(0, one.failed());
            Path out = dir.resolve("long-segmented-" + search);
            SparkRmset.Options o = new SparkRmset.Options(
                    in.toString(),
                    out.toString(),
                    2,
                    removalLong.toString(),
                    null,
                    "first",
                    112,
                    search,
                    FaceDetector.Spec.CASCADE,
                    IdRule.FIRST_FRAME,
                    CropLayout.TAR,
                    30, // 120 frames: four segments of 30, each its own task
                    "long0");
            List<String> log = new ArrayList<>();
            SparkRmset.Result r = SparkRmset.build(spark, o, log::add);
            assertTrue(log.contains("spark: 4 tasks for 1 videos (segments of 30 frames)"), String.join("\n", log));
            SparkRmset.Outcome long0 = r.videos().get(0);
            assertEquals("built (4 segments)", long0.status());
            assertTrue(Files.exists(out.resolve(".fail-once-long0")), "segment 1 failed once");
            assertEquals(1, long0.attempt(), "and was retried");
            assertEquals(one.videos().get(0).frames(), long0.frames(), "every sampled frame, once");
            try (Stream<Path> s = Files.list(out)) {
                List<String> hidden = s.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith(".partial-") || n.startsWith(".segments-"))
                        .toList();
                assertEquals(List.of(), hidden, "no segment or partial folder left");
            }

            List<RmsetIndex.Row> want = one.index().rows();
            List<RmsetIndex.Row> got = r.index().rows();
            assertEquals(want.size(), got.size(), search + ": rows");
            int sameRow = 0;
            double worstIou = 1;
            for (int i = 0; i < want.size(); i++) {
                RmsetIndex.Row w = want.get(i);
                RmsetIndex.Row g = got.get(i);
                assertEquals(
                        w.frame() + "/" + w.faceId() + " " + w.filePath(),
                        g.frame() + "/" + g.faceId() + " " + g.filePath(),
                        search + ": the same IDs in the same frames");
                sameRow += w.equals(g) ? 1 : 0;
                worstIou = Math.min(
                        worstIou, new Box(w.x(), w.y(), w.w(), w.h()).iou(new Box(g.x(), g.y(), g.w(), g.h())));
            }
            System.out.printf(
                    Locale.ROOT,
                    "segmented vs one task, search %s: %d rows, %d identical, %d with another box or score"
                            + " (lowest IoU %.3f)%n",
                    search,
                    want.size(),
                    sameRow,
                    want.size() - sameRow,
                    worstIou);
            if (search == TrackingSearch.AROUND_IDS) {
                assertEquals(want.size(), sameRow, "history-free search: the one-task index row for row");
                assertEquals(
                        Files.size(dir.resolve("long-one-task-" + search + "/long0/crops.tar")),
                        Files.size(out.resolve("long0/crops.tar")),
                        "one shard of the same crops");
            } else {
                assertTrue(worstIou > 0.7, search + ": boxes within a few pixels, lowest IoU " + worstIou);
            }
            // a re-run skips the finished video without re-deciding its IDs
            SparkRmset.Result again = SparkRmset.build(spark, o, s -> {});
            assertTrue(again.videos().get(0).status().startsWith("skipped"), "" + again.videos());
        }
    }

    static List<String> rowsOf(RmsetIndex index) {
        List<String> out = new ArrayList<>();
        for (RmsetIndex.Row r : index.rows()) {
            out.add(String.join(
                    ",",
                    r.video(),
                    "" + r.frame(),
                    "" + r.faceId(),
                    r.filePath(),
                    "" + r.conf(),
                    "" + r.x(),
                    "" + r.y(),
                    "" + r.w(),
                    "" + r.h(),
                    "" + r.every()));
        }
        return out;
    }

    @Test
    void sparkIndexEqualsLocalIndexEvenAfterARetriedFailure() throws Exception {
        long t0 = System.nanoTime();
        RmsetBuilder.Summary local = RmsetBuilder.builder()
                .optDetector(FaceDetector.Spec.CASCADE)
                .optIdRule(IdRule.FIRST_FRAME)
                .setVideos(videos)
                .setOut(dir.resolve("local"))
                .optRemoval(RemovalAreas.read(removal))
                .optEvery(2)
                .optThreads(2)
                .build()
                .build(s -> {});
        double localSeconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, local.failed());

        Path out = dir.resolve("spark");
        SparkRmset.Options o = new SparkRmset.Options(
                videos.toString(),
                out.toString(),
                2,
                removal.toString(),
                null,
                "first",
                112,
                TrackingSearch.LAST_SEEN_FIRST,
                FaceDetector.Spec.CASCADE,
                IdRule.FIRST_FRAME,
                CropLayout.FILES,
                0,
                "clip1");
        long t1 = System.nanoTime();
        SparkRmset.Result r = SparkRmset.build(spark, o, s -> {});
        double sparkSeconds = (System.nanoTime() - t1) / 1e9;
        System.out.printf(
                "RMset wall time on 2 videos: local command %.1f s, Spark local[2] %.1f s%n",
                localSeconds, sparkSeconds);

        assertEquals(rowsOf(local.index()), rowsOf(r.index()), "same rows: IDs, frames, boxes, files");
        assertEquals(
                Files.readAllLines(dir.resolve("local/index.csv")),
                Files.readAllLines(out.resolve("index.csv")),
                "the merged index.csv is byte-identical");
        // clip1 failed once mid-way and was retried by Spark
        assertTrue(Files.exists(out.resolve(".fail-once-clip1")), "the injected failure happened");
        SparkRmset.Outcome clip1 = r.videos().stream()
                .filter(v -> v.video().equals("clip1"))
                .findFirst()
                .orElseThrow();
        assertEquals(1, clip1.attempt(), "succeeded on Spark's retry");
        try (Stream<Path> s = Files.list(out)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".partial-")), "no partial output left");
        }
        // the crops are the same files
        for (RmsetIndex.Row row : local.index().rows()) {
            assertEquals(
                    Files.size(dir.resolve("local").resolve(row.filePath())),
                    Files.size(out.resolve(row.filePath())),
                    row.filePath());
        }
        // Parquet, partitioned by video
        assertTrue(Files.isDirectory(r.parquet().resolve("video=clip0")));
        assertEquals(
                local.index().size(),
                spark.read().parquet(r.parquet().toString()).count());

        // a re-run skips finished videos, exactly like the local command
        SparkRmset.Result again = SparkRmset.build(spark, o, s -> {});
        assertTrue(
                again.videos().stream().allMatch(v -> v.status().startsWith("skipped")),
                again.videos().toString());
        assertEquals(rowsOf(local.index()), rowsOf(again.index()));

        // Spark SQL statistics agree with the local ones
        String parquet = r.parquet().toString();
        Table pv = RmsetStats.perVideo(local.index());
        List<Row> spv = SparkRmsetStats.perVideo(spark, parquet).collectAsList();
        assertEquals(pv.rowCount(), spv.size());
        for (int i = 0; i < pv.rowCount(); i++) {
            assertEquals(pv.stringColumn("video").get(i), spv.get(i).getString(0));
            assertEquals((long) pv.intColumn("frames").get(i), spv.get(i).getLong(1));
            assertEquals((long) pv.intColumn("ids").get(i), spv.get(i).getLong(2));
            assertEquals((long) pv.intColumn("faces").get(i), spv.get(i).getLong(3));
            assertEquals(
                    pv.doubleColumn("coverage").get(i), ((Number) spv.get(i).get(4)).doubleValue(), 1e-9);
        }
        Table pid = RmsetStats.perId(local.index());
        List<Row> spid = SparkRmsetStats.perId(spark, parquet).collectAsList();
        assertEquals(pid.rowCount(), spid.size());
        for (int i = 0; i < pid.rowCount(); i++) {
            assertEquals((long) pid.intColumn("faces").get(i), spid.get(i).getLong(2));
            assertEquals((int) pid.intColumn("first").get(i), spid.get(i).getInt(3));
            assertEquals((int) pid.intColumn("last").get(i), spid.get(i).getInt(4));
            assertEquals(
                    pid.doubleColumn("coverage").get(i), ((Number) spid.get(i).get(5)).doubleValue(), 1e-9);
        }
        assertEquals(2, SparkRmsetStats.confidence(spark, parquet).count());
        SparkRmsetStats.framesWithMissingFaces(spark, parquet).collectAsList(); // runs
    }
}
