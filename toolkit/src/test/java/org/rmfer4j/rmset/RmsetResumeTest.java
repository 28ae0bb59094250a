package org.rmfer4j.rmset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.core.FullDiskDrill;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.synth.SynthMashup;

/** Issue 18's RMset cases: full disks, truncated videos, changed inputs and settings, subset builds, bad removal rows. */
class RmsetResumeTest {
    @TempDir
    static Path dir;

    static Path videos;

    @BeforeAll
    static void makeClips() {
        videos = dir.resolve("videos");
        for (String name : List.of("clipA", "clipB")) {
            SynthMashup.builder()
                    .setOut(videos)
                    .optName(name)
                    .optSeconds(2)
                    .optFps(10)
                    .optViewers(4)
                    .optSeed(name.hashCode())
                    .build()
                    .write(s -> {});
        }
    }

    private static RmsetBuilder.Summary build(Path videoOrFolder, Path out, int every) {
        return RmsetBuilder.builder()
                .optDetector(FaceDetector.Spec.CASCADE)
                .optIdRule(IdRule.FIRST_FRAME)
                .setVideos(videoOrFolder)
                .setOut(out)
                .optEvery(every)
                .build()
                .build(l -> {});
    }

    @Test
    void aFullDiskKeepsTheGoodIndexAndSaysSo() throws Exception {
        Path out = dir.resolve("full-disk");
        build(videos, out, 4);
        byte[] good = Files.readAllBytes(out.resolve("index.csv"));
        assertTrue(good.length > 1500, "an index longer than the space left below: " + good.length);
        for (long free : new long[] {0, 1000}) { // nothing left, and room for half the index (a cut mid-row)
            RmferException e;
            try (FullDiskDrill drill = FullDiskDrill.start(out, free)) {
                e = assertThrows(RmferException.class, () -> build(videos, out, 4));
            }
            assertTrue(e.getMessage().startsWith("no space left on device"), e.getMessage());
            assertTrue(e.getMessage().contains(out.resolve("index.csv").toString()), e.getMessage());
            assertArrayEquals(
                    good,
                    Files.readAllBytes(out.resolve("index.csv")),
                    "the previous index is intact with " + free + " B free");
            try (var s = Files.list(out)) {
                assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
            }
        }
        // a video whose crops do not fit fails alone, leaving no partial folder, and names the cause
        Path fresh = dir.resolve("full-disk-fresh");
        List<String> lines = new ArrayList<>();
        try (FullDiskDrill drill = FullDiskDrill.start(fresh, 20_000)) {
            RmferException index = assertThrows(
                    RmferException.class,
                    () -> RmsetBuilder.builder()
                            .optDetector(FaceDetector.Spec.CASCADE)
                            .optIdRule(IdRule.FIRST_FRAME)
                            .setVideos(videos.resolve("clipA.mp4"))
                            .setOut(fresh)
                            .build()
                            .build(lines::add));
            assertTrue(index.getMessage().startsWith("no space left on device"), index.getMessage());
        }
        String video = lines.stream()
                .filter(l -> l.startsWith("rmset: clipA failed"))
                .findFirst()
                .orElseThrow();
        assertTrue(video.contains("no space left on device"), video);
        try (var list = Files.list(fresh)) {
            assertTrue(list.noneMatch(p -> p.getFileName().toString().startsWith(".partial")));
        }
    }

    @Test
    void aTruncatedVideoIsRefusedUnlessAllowed() throws Exception {
        Path cut = dir.resolve("cut");
        Files.createDirectories(cut);
        byte[] whole = Files.readAllBytes(faststart(videos.resolve("clipA.mp4"), dir.resolve("faststart.mp4")));
        Path half = cut.resolve("clipA.mp4");
        Files.write(half, Arrays.copyOf(whole, whole.length / 2));
        Path out = dir.resolve("cut-rmset");
        RmsetBuilder.Summary s = build(half, out, 1);
        assertEquals(1, s.failed(), s.videos().toString());
        String error = s.videos().get(0).error();
        assertTrue(
                error.contains("truncated") && error.contains("announces 20") && error.contains("--allow-truncated"),
                error);
        assertFalse(Files.exists(out.resolve("clipA")));
        RmsetBuilder.Summary allowed = RmsetBuilder.builder()
                .optDetector(FaceDetector.Spec.CASCADE)
                .optIdRule(IdRule.FIRST_FRAME)
                .setVideos(half)
                .setOut(out)
                .optAllowTruncated(true)
                .build()
                .build(l -> {});
        assertEquals(0, allowed.failed(), allowed.videos().toString());
        assertTrue(
                allowed.videos().get(0).frames() < 20,
                "kept the frames that decode: " + allowed.videos().get(0).frames());
    }

    /**
     * The clip rewritten with its index (moov) first, as web videos are: cut in half, it still opens and decodes. The
     * toolkit's own writer puts the index last, where a cut file cannot be opened at all.
     */
    private static Path faststart(Path in, Path out) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(in.toFile())) {
            g.start();
            try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(out.toFile(), g.getImageWidth(), g.getImageHeight())) {
                r.setFormat("mp4");
                r.setVideoCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4);
                r.setVideoQuality(8);
                r.setFrameRate(g.getFrameRate());
                r.setOption("movflags", "faststart");
                r.start();
                Frame f;
                while ((f = g.grabImage()) != null) {
                    r.record(f);
                }
                r.stop();
            }
            g.stop();
        }
        return out;
    }

    @Test
    void aResumeRebuildsWhenTheVideoOrTheSettingsChanged() throws Exception {
        Path own = dir.resolve("resume-videos");
        Files.createDirectories(own);
        Path video = own.resolve("clipA.mp4");
        Files.copy(videos.resolve("clipA.mp4"), video);
        Path out = dir.resolve("resume");
        assertEquals("built", build(video, out, 2).videos().get(0).status());
        assertEquals(
                "skipped (already built)", build(video, out, 2).videos().get(0).status());
        RmsetBuilder.VideoResult every = build(video, out, 5).videos().get(0);
        assertEquals("rebuilt (settings changed: every 2 -> 5)", every.status());
        assertEquals(4, every.frames(), "20 frames, every 5th");
        assertTrue(
                RmsetIndex.read(out).rows().stream().allMatch(r -> r.every() == 5),
                "no crop of the old setting is left");
        Files.copy(videos.resolve("clipB.mp4"), video, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(video, FileTime.fromMillis(1_000_000_000_000L));
        String status = build(video, out, 5).videos().get(0).status();
        assertTrue(status.startsWith("rebuilt (the video changed"), status);
        // a folder from an earlier version (counts only) is rebuilt, not trusted
        Files.writeString(out.resolve("clipA/.done"), "4,4,16,0,0\n");
        assertEquals(
                "rebuilt (built by an earlier rmfer4j that did not record its video and settings)",
                build(video, out, 5).videos().get(0).status());
    }

    @Test
    void buildingOneVideoKeepsTheOthersInTheIndex() {
        Path out = dir.resolve("subset");
        RmsetBuilder.Summary both = build(videos, out, 4);
        assertEquals(
                List.of("clipA", "clipB"),
                RmsetIndex.read(out).videos().stream().sorted().toList());
        RmsetBuilder.Summary one = build(videos.resolve("clipA.mp4"), out, 4);
        assertEquals(1, one.videos().size());
        assertEquals(both.index().rows(), RmsetIndex.read(out).rows(), "clipB's rows are kept");
    }

    @Test
    void removalRowsMustNameAVideoAndHugeBoxesDoNotOverflow() throws Exception {
        Path csv = dir.resolve("removal-typo.csv");
        Files.writeString(csv, "video,x,y,w,h\nclipA,426,180,426,360\nclipZ,0,0,10,10\n");
        RmferException e = assertThrows(
                RmferException.class,
                () -> RmsetBuilder.builder()
                        .optDetector(FaceDetector.Spec.CASCADE)
                        .optIdRule(IdRule.FIRST_FRAME)
                        .setVideos(videos.resolve("clipA.mp4"))
                        .setOut(dir.resolve("typo"))
                        .optRemoval(RemovalAreas.read(csv))
                        .build()
                        .build(l -> {}));
        assertTrue(
                e.getMessage().contains("line 3")
                        && e.getMessage().contains("'clipZ'")
                        && e.getMessage().contains("clipA, clipB"),
                e.getMessage());
        // a width reaching past the int range still covers the frame from x on
        RemovalAreas huge =
                RemovalAreas.of(Map.of("clipA", List.of(new Box(100, 0, Integer.MAX_VALUE, Integer.MAX_VALUE))));
        huge.check("clipA", 1280, 720);
        try (Mat m = new Mat(10, 200, org.bytedeco.opencv.global.opencv_core.CV_8UC3, new Scalar(255, 255, 255, 0))) {
            RmsetBuilder.blank(m, huge.of("clipA"));
            UByteIndexer ix = m.createIndexer();
            assertEquals(255, ix.get(5, 99, 0));
            assertEquals(0, ix.get(5, 100, 0));
            assertEquals(0, ix.get(9, 199, 2));
            ix.close();
        }
    }
}
