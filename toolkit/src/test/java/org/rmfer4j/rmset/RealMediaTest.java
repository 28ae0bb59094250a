package org.rmfer4j.rmset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detector and the pipeline on real footage: Debian's opencv-doc sample media, which {@code ./rmfer test}
 * extracts into {@code .cache/test-media}.
 */
class RealMediaTest {
    static Path media(String name) {
        Path p = Path.of(System.getProperty("rmfer.testMedia", "../.cache/test-media"))
                .resolve(name);
        assertTrue(
                Files.isRegularFile(p),
                "Test media " + p + " is missing: run ./rmfer test, which extracts Debian's "
                        + "opencv-doc sample media into .cache/test-media");
        return p;
    }

    @Test
    void theRealFaceInMessi5IsTheTopBoxAndTheClassicFalsePositiveIsGone() throws Exception {
        BufferedImage img = ImageIO.read(media("messi5.jpg").toFile());
        try (CascadeFaceDetector d = new CascadeFaceDetector()) {
            List<Detection> dets = d.detect(img);
            Detection top = dets.get(0);
            // the face: about 40 px at (225, 92); the cascade also fires on an ~80 px box around it
            assertTrue(Math.abs(top.x() - 225) < 10 && Math.abs(top.y() - 92) < 10 && top.w() < 60, "top box " + top);
            double cx = top.x() + top.w() / 2.0;
            double cy = top.y() + top.h() / 2.0;
            assertTrue(
                    dets.stream()
                            .noneMatch(x ->
                                    x.w() > 60 && cx > x.x() && cx < x.x() + x.w() && cy > x.y() && cy < x.y() + x.h()),
                    "a large box around the face survived: " + dets);
        }
    }

    @Test
    void thePipelineRunsOnRealDecodedVideo(@TempDir Path dir) throws Exception {
        Path videos = Files.createDirectories(dir.resolve("videos"));
        Files.copy(media("Megamind.avi"), videos.resolve("Megamind.avi"));
        RmsetBuilder.Summary none = RmsetBuilder.builder()
                .optDetector(FaceDetector.Spec.CASCADE)
                .optIdRule(IdRule.FIRST_FRAME)
                .setVideos(videos)
                .setOut(dir.resolve("a"))
                .optEvery(10)
                .build()
                .build(l -> {});
        assertTrue(
                none.videos().get(0).error().contains("No face found in the first frame of video Megamind"),
                none.toString());
        RmsetBuilder.Summary s = RmsetBuilder.builder()
                .optDetector(FaceDetector.Spec.CASCADE)
                .optIdRule(IdRule.FIRST_FRAME)
                .setVideos(videos)
                .setOut(dir.resolve("b"))
                .optEvery(10)
                .optManual(RemovalAreas.of(Map.of("Megamind", List.of(new Box(300, 80, 120, 120)))))
                .build()
                .build(l -> {});
        RmsetBuilder.VideoResult v = s.videos().get(0);
        assertEquals("built", v.status(), v.toString());
        assertEquals(27, v.frames(), "270 decoded frames, every 10th");
        assertEquals(1, v.ids());
        assertTrue(Files.isRegularFile(dir.resolve("b/index.csv")));
        assertTrue(s.decodedFrames() == 270, "decoded " + s.decodedFrames());
    }
}
