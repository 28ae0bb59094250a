package org.rmfer4j.rmset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.lab.CandidateTruth;
import org.rmfer4j.synth.DetectionCheck;
import org.rmfer4j.synth.SynthMashup;
import org.rmfer4j.train.AclSampler;

class RmsetBuilderTest {
    @TempDir
    static Path dir;

    static SynthMashup.Result clip;

    @BeforeAll
    static void makeClips() {
        clip = SynthMashup.builder()
                .setOut(dir.resolve("videos"))
                .optName("clipA")
                .optSeconds(2)
                .optFps(10)
                .optViewers(12)
                .optSeed(8)
                .build()
                .write(s -> {});
    }

    @Test
    void buildsCropsAndAnIndexWithTheRightIds() throws Exception {
        Path out = dir.resolve("rmset");
        RemovalAreas removal = RemovalAreas.of(Map.of("clipA", List.of(new Box(426, 180, 426, 360))));
        RmsetBuilder.Summary s = RmsetBuilder.builder()
                .optDetector(FaceDetector.Spec.CASCADE)
                .optIdRule(IdRule.FIRST_FRAME)
                .setVideos(clip.video())
                .setOut(out)
                .optRemoval(removal)
                .optEvery(2)
                .build()
                .build(l -> {});
        assertEquals(0, s.failed(), s.videos().toString());
        RmsetIndex index = RmsetIndex.read(out);
        assertEquals(s.index().rows(), index.rows());
        RmsetBuilder.VideoResult v = s.videos().get(0);
        assertEquals(10, v.frames(), "20 frames, every 2nd");
        assertTrue(v.ids() >= 11 && v.ids() <= 12, "people found in the first frame: " + v.ids());
        // faces that are really there: visible and not covered, on the processed (even) frames
        long visible = Files.readAllLines(clip.truth()).stream()
                .skip(1)
                .map(l -> l.split(","))
                .filter(f ->
                        Integer.parseInt(f[0]) % 2 == 0 && Boolean.parseBoolean(f[6]) && !Boolean.parseBoolean(f[7]))
                .count();
        // (a viewer the detector misses in the first frame gets no ID, as in the paper, so not every face is indexed)
        assertTrue(
                index.size() >= 0.8 * visible && index.size() <= visible + 10,
                "faces: " + index.size() + " of " + visible);
        double acc = DetectionCheck.idAccuracy(clip, index);
        assertTrue(acc >= 0.99, "ID accuracy " + acc);
        RmsetIndex.Row r = index.rows().get(0);
        assertEquals(2, r.every());
        assertEquals("clipA/clipA_" + r.frame() + "_" + r.faceId() + ".jpg", r.filePath());
        BufferedImage crop = ImageIO.read(out.resolve(r.filePath()).toFile());
        assertEquals(112, crop.getWidth());
        // no face comes from the blanked trigger film
        assertTrue(index.rows().stream()
                .noneMatch(x -> x.x() + x.w() / 2 > 426
                        && x.x() + x.w() / 2 < 852
                        && x.y() + x.h() / 2 > 180
                        && x.y() + x.h() / 2 < 540));
        // ground truth for ACL candidates: every sampled face maps to a true expression; precisions are fractions
        CandidateTruth truth = new CandidateTruth(clip);
        assertTrue(index.rows().stream().allMatch(x -> truth.expressionOf(x) != null));
        AclSampler sampler = new AclSampler(index, new AclSampler.Options(10, AclSampler.Window.OFFICIAL, 5, 3, 2, 20));
        double[] p = truth.precision(sampler, 1, 20);
        assertTrue(p[0] >= 0 && p[0] <= 1 && p[1] >= 0 && p[1] <= 1, Arrays.toString(p));
        // a second run skips the finished video and produces the same index
        RmsetBuilder.Summary again = RmsetBuilder.builder()
                .optDetector(FaceDetector.Spec.CASCADE)
                .optIdRule(IdRule.FIRST_FRAME)
                .setVideos(clip.video())
                .setOut(out)
                .optRemoval(removal)
                .optEvery(2)
                .build()
                .build(l -> {});
        assertTrue(again.videos().get(0).status().startsWith("skipped"));
        assertEquals(index.rows(), again.index().rows());
    }

    @Test
    void theSuggestedRemovalAreaIsTheTriggerFilm() throws Exception {
        try (CascadeFaceDetector d = new CascadeFaceDetector()) {
            RemovalSuggestion.Suggestion s = RemovalSuggestion.suggest(clip.video(), d, 10, 2);
            Box film = new Box(426, 180, 426, 360);
            assertTrue(s.area().iou(film) >= 0.7, "suggested " + s.area() + " vs film " + film);
            Path csv = RemovalSuggestion.write(List.of(s), dir.resolve("suggested/removal.csv"));
            assertEquals(List.of(s.area()), RemovalAreas.read(csv).of("clipA"));
            assertTrue(Files.isRegularFile(dir.resolve("suggested/clipA.removal-preview.png")));
        }
    }

    @Test
    void theTrackingSearchesKeepTheIdsAndTheCropsOfTheFullFrameSearch() throws Exception {
        RemovalAreas film = RemovalAreas.of(Map.of("clipA", List.of(new Box(426, 180, 426, 360))));
        RmsetBuilder.Summary full = RmsetBuilder.builder()
                .optDetector(FaceDetector.Spec.CASCADE)
                .optIdRule(IdRule.FIRST_FRAME)
                .setVideos(clip.video())
                .setOut(dir.resolve("rmset-full"))
                .optEvery(2)
                .optRemoval(film)
                .optTrackingSearch(TrackingSearch.FULL_FRAME)
                .build()
                .build(l -> {});
        assertEquals(0, full.failed(), full.videos().toString());
        assertTrue(DetectionCheck.idAccuracy(clip, full.index()) >= 0.99);
        Set<String> fullKeys = new HashSet<>();
        full.index().rows().forEach(r -> fullKeys.add(r.frame() + "/" + r.faceId()));
        for (TrackingSearch search : List.of(TrackingSearch.AROUND_IDS, TrackingSearch.LAST_SEEN_FIRST)) {
            RmsetBuilder.Summary tracked = RmsetBuilder.builder()
                    .optDetector(FaceDetector.Spec.CASCADE)
                    .optIdRule(IdRule.FIRST_FRAME)
                    .setVideos(clip.video())
                    .setOut(dir.resolve("rmset-" + search))
                    .optEvery(2)
                    .optRemoval(film)
                    .optTrackingSearch(search)
                    .build()
                    .build(l -> {});
            assertEquals(0, tracked.failed(), search + ": " + tracked.videos());
            assertEquals(
                    full.videos().get(0).ids(), tracked.videos().get(0).ids(), "the same first frame, the same IDs");
            assertTrue(DetectionCheck.idAccuracy(clip, tracked.index()) >= 0.99, search.toString());
            // every (frame, ID) crop of the full search is found by the tracking search too, up to 3%
            long shared = tracked.index().rows().stream()
                    .filter(r -> fullKeys.contains(r.frame() + "/" + r.faceId()))
                    .count();
            assertTrue(shared >= 0.97 * fullKeys.size(), search + ": shared " + shared + " of " + fullKeys.size());
            assertTrue(
                    tracked.index().size() >= 80,
                    search + ": faces " + tracked.index().size());
        }
        // the default (last-seen first, crops written on their own thread) writes the same files as in line
        Path inline = dir.resolve("rmset-inline");
        RmsetBuilder.builder()
                .optDetector(FaceDetector.Spec.CASCADE)
                .optIdRule(IdRule.FIRST_FRAME)
                .setVideos(clip.video())
                .setOut(inline)
                .optEvery(2)
                .optRemoval(film)
                .optCropThread(false)
                .build()
                .build(l -> {});
        Path threaded = dir.resolve("rmset-" + TrackingSearch.LAST_SEEN_FIRST);
        try (Stream<Path> files = Files.list(threaded.resolve("clipA"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jpg")).toList()) {
                assertTrue(
                        Arrays.equals(
                                Files.readAllBytes(f),
                                Files.readAllBytes(inline.resolve("clipA").resolve(f.getFileName()))),
                        f.getFileName().toString());
            }
        }
        assertEquals(TrackingSearch.LAST_SEEN_FIRST, TrackingSearch.parse("last-seen"));
        assertEquals(TrackingSearch.AROUND_IDS, TrackingSearch.parse("around"));
        assertEquals(TrackingSearch.FULL_FRAME, TrackingSearch.parse("FULL"));
        RmferException bad = assertThrows(RmferException.class, () -> TrackingSearch.parse("everywhere"));
        assertTrue(bad.getMessage().contains("full, around or last-seen"), bad.getMessage());
    }

    @Test
    void theTrackerRemembersWhereEachIdWasLastSeenWhateverItsMode() {
        List<Detection> first = List.of(new Detection(0, 0, 40, 40, 5), new Detection(200, 0, 40, 40, 5));
        for (IouTracker.Mode mode : IouTracker.Mode.values()) {
            IouTracker t = IouTracker.start(first, List.of(), mode, 0.3);
            t.assign(List.of(new Detection(6, 4, 40, 40, 5)));
            assertEquals(List.of(new Box(6, 4, 40, 40), new Box(200, 0, 40, 40)), t.lastSeen(), mode.toString());
            assertEquals(
                    mode == IouTracker.Mode.FIRST_FRAME ? new Box(0, 0, 40, 40) : new Box(6, 4, 40, 40),
                    t.reference(0),
                    "the reference moves only in last-seen mode");
        }
    }

    @Test
    void aVideoFailingMidwayStopsItsDecoderAndLeavesNothing() throws Exception {
        Path out = dir.resolve("rmset-midway");
        RmsetBuilder.Summary s = RmsetBuilder.builder()
                .optDetector(FaceDetector.Spec.CASCADE)
                .optIdRule(IdRule.FIRST_FRAME)
                .setVideos(clip.video())
                .setOut(out)
                .optEvery(1)
                .optFrameHook(f -> {
                    if (f == 7) {
                        throw new RmferException("injected failure at frame 7");
                    }
                })
                .build()
                .build(l -> {});
        assertEquals(1, s.failed(), s.videos().toString());
        assertTrue(
                s.videos().get(0).error().contains("injected failure at frame 7"),
                s.videos().toString());
        try (var files = Files.list(out)) {
            assertTrue(
                    files.noneMatch(p -> p.getFileName().toString().startsWith(".partial-")
                            || p.getFileName().toString().equals("clipA")),
                    "no partial or half-built folder");
        }
        // the decoding thread is gone once the build returns (FrameSource.close joins it)
        assertTrue(
                Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().startsWith("rmset-decode-") && t.isAlive()),
                "a decoder thread outlived its video");
    }

    @Test
    void aCorruptVideoFailsAloneAndLeavesNothing() throws Exception {
        Path videos = dir.resolve("mixed");
        Files.createDirectories(videos);
        Files.copy(clip.video(), videos.resolve("good.mp4"));
        byte[] bytes = Files.readAllBytes(clip.video());
        Files.write(videos.resolve("broken.mp4"), Arrays.copyOf(bytes, 2000));
        Files.writeString(videos.resolve("notavideo.mp4"), "hello");
        Path out = dir.resolve("rmset2");
        RmsetBuilder.Summary s = RmsetBuilder.builder()
                .optDetector(FaceDetector.Spec.CASCADE)
                .optIdRule(IdRule.FIRST_FRAME)
                .setVideos(videos)
                .setOut(out)
                .optEvery(5)
                .optThreads(2)
                .build()
                .build(l -> {});
        assertEquals(2, s.failed(), s.videos().toString());
        assertTrue(s.videos().stream()
                .anyMatch(v -> v.video().equals("good") && v.status().equals("built")));
        assertTrue(
                s.videos().stream()
                        .filter(v -> v.status().equals("failed"))
                        .allMatch(v -> v.error().contains("mp4")),
                s.videos().toString());
        try (var files = Files.list(out)) {
            List<String> names =
                    files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(
                    List.of("good", "index.csv", RmsetBuilder.PROVENANCE),
                    names,
                    "no partial output of the failed videos");
        }
    }

    @Test
    void badInputsGetClearMessages() throws Exception {
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        RmferException none = assertThrows(
                RmferException.class,
                () -> RmsetBuilder.builder()
                        .optDetector(FaceDetector.Spec.CASCADE)
                        .optIdRule(IdRule.FIRST_FRAME)
                        .setVideos(empty));
        assertTrue(none.getMessage().contains("No videos"), none.getMessage());
        RemovalAreas outside = RemovalAreas.of(Map.of("clipA", List.of(new Box(5000, 10, 10, 10))));
        RmsetBuilder.Summary s = RmsetBuilder.builder()
                .optDetector(FaceDetector.Spec.CASCADE)
                .optIdRule(IdRule.FIRST_FRAME)
                .setVideos(clip.video())
                .setOut(dir.resolve("rmset3"))
                .optRemoval(outside)
                .build()
                .build(l -> {});
        assertTrue(
                s.videos().get(0).error().contains("lies outside"),
                s.videos().get(0).error());
        // the whole frame blanked: no face in the first frame
        RemovalAreas all = RemovalAreas.of(Map.of("clipA", List.of(new Box(0, 0, 1280, 720))));
        RmsetBuilder.Summary n = RmsetBuilder.builder()
                .optDetector(FaceDetector.Spec.CASCADE)
                .optIdRule(IdRule.FIRST_FRAME)
                .setVideos(clip.video())
                .setOut(dir.resolve("rmset4"))
                .optRemoval(all)
                .build()
                .build(l -> {});
        assertTrue(
                n.videos().get(0).error().contains("No face found in the first frame"),
                n.videos().get(0).error());
    }

    @Test
    void cropWideningAndReadingOrder() {
        Box b = new Box(100, 50, 100, 100).widenForCrop(0.31, 1000, 1000);
        assertEquals(new Box(85, 50, 131, 100), b); // centre 150, width 131: left edge 84.5 rounds to 85
        assertEquals(new Box(0, 0, 15, 10), new Box(-5, -3, 20, 13).widenForCrop(0.0, 16, 10)); // clipped to the frame
        List<Box> ordered = IouTracker.readingOrder(
                List.of(new Box(300, 12, 50, 50), new Box(10, 200, 50, 50), new Box(10, 10, 50, 50)));
        assertEquals(List.of(new Box(10, 10, 50, 50), new Box(300, 12, 50, 50), new Box(10, 200, 50, 50)), ordered);
        IouTracker t = IouTracker.start(
                List.of(new Detection(0, 0, 10, 10, 5), new Detection(100, 0, 10, 10, 5)),
                List.of(),
                IouTracker.Mode.FIRST_FRAME,
                0.3);
        var m = t.assign(List.of(new Detection(101, 1, 10, 10, 3), new Detection(500, 500, 10, 10, 3)));
        assertEquals(1, m.size());
        assertEquals(1, m.get(0).id());
        assertEquals(1, t.unmatchedDetections());
        assertEquals(1, t.missingFaces());
    }
}
