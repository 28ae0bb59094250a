package org.rmfer4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.lab.CandidateTruth;
import org.rmfer4j.rmset.Box;
import org.rmfer4j.rmset.FaceDetector;
import org.rmfer4j.rmset.IdRule;
import org.rmfer4j.rmset.RemovalAreas;
import org.rmfer4j.rmset.RmsetBuilder;
import org.rmfer4j.rmset.RmsetIndex;
import org.rmfer4j.synth.SynthMashup;
import org.rmfer4j.train.AclSampler;

/** The notebooks' pictures of the method: an annotated frame, ID tracks, a candidate set, Fig. 3. */
class TeachingPicturesTest {
    @TempDir
    static Path dir;

    static SynthMashup.Result clip;
    static RmsetIndex index;
    static int[] removal;

    @BeforeAll
    static void build() {
        clip = SynthMashup.builder()
                .setOut(dir.resolve("videos"))
                .optName("clipT")
                .optSeconds(3)
                .optFps(10)
                .optViewers(4)
                .optSeed(3)
                .build()
                .write(s -> {});
        removal = clip.removalArea();
        index = RmsetBuilder.builder()
                .optDetector(FaceDetector.Spec.CASCADE)
                .optIdRule(IdRule.FIRST_FRAME)
                .setVideos(clip.video())
                .setOut(dir.resolve("rmset"))
                .optRemoval(RemovalAreas.of(
                        Map.of("clipT", List.of(new Box(removal[0], removal[1], removal[2], removal[3])))))
                .optEvery(2)
                .build()
                .build(l -> {})
                .index();
    }

    private static boolean near(int rgb, Color c) {
        Color p = new Color(rgb);
        return Math.abs(p.getRed() - c.getRed()) < 40
                && Math.abs(p.getGreen() - c.getGreen()) < 40
                && Math.abs(p.getBlue() - c.getBlue()) < 40;
    }

    @Test
    void detectorsSideBySideOnARealPhoto(@TempDir Path tmp) throws Exception {
        Path photo = Path.of(TeachingPicturesTest.class
                .getResource("/org/rmfer4j/facedetect/photos/sample6.jpg")
                .toURI());
        BufferedImage img = DetectorPictures.compare(photo, "REAL photo", 400, "ssd", "lbp");
        assertEquals(800, img.getWidth(), "one 400 px panel per detector");
        assertEquals(
                Math.round(1537 * 400 / 1920.0) + 28 + 22, img.getHeight(), "the photo's aspect, title and caption");
        // a detection box is drawn in green inside the SSD panel (a face of sample6 is near x 354 / 1920 of the width)
        boolean green = false;
        for (int y = 28; y < img.getHeight() - 22 && !green; y++) {
            for (int x = 0; x < 400 && !green; x++) {
                green = img.getRGB(x, y) == new Color(40, 220, 60).getRGB();
            }
        }
        assertTrue(green, "SSD's boxes are drawn");
        java.nio.file.Files.writeString(tmp.resolve("not.jpg"), "not an image");
        assertThrows(RmferException.class, () -> DetectorPictures.compare(tmp.resolve("not.jpg"), "x", 100, "ssd"));
    }

    @Test
    void anAnnotatedFrameShowsEachFacesBoxAndTheRemovalArea() {
        BufferedImage plain = VideoFrames.frame(clip.video(), 0);
        BufferedImage img = VideoFrames.annotated(clip.video(), index, 0, removal);
        assertEquals(plain.getWidth(), img.getWidth());
        RmsetIndex.Row face =
                index.rows().stream().filter(r -> r.frame() == 0).findFirst().orElseThrow();
        // the middle of the box's top edge is drawn green
        assertTrue(
                near(img.getRGB(face.x() + face.w() / 2, face.y()), new Color(40, 200, 60)),
                Integer.toHexString(img.getRGB(face.x() + face.w() / 2, face.y())));
        // inside the removal area the frame is tinted red
        int cx = removal[0] + removal[2] / 2;
        int cy = removal[1] + removal[3] / 2;
        Color before = new Color(plain.getRGB(cx, cy));
        Color after = new Color(img.getRGB(cx, cy));
        assertTrue(after.getRed() - after.getGreen() > before.getRed() - before.getGreen(), before + " -> " + after);
        int unsampled = java.util.stream.IntStream.range(0, 30)
                .filter(f -> index.rows().stream().noneMatch(r -> r.frame() == f))
                .findFirst()
                .orElseThrow();
        RmferException e = assertThrows(
                RmferException.class, () -> VideoFrames.annotated(clip.video(), index, unsampled, removal));
        assertTrue(e.getMessage().contains("sampled frame " + unsampled), e.getMessage());
    }

    @Test
    void idTracksHaveOneRowPerIdAndAMarkPerDetection() {
        XYChart c = VideoFrames.idTracks(index, "clipT");
        long ids = index.rows().stream()
                .mapToInt(RmsetIndex.Row::faceId)
                .distinct()
                .count();
        assertEquals(ids, c.getSeriesCollection().size());
        int marks = c.getSeriesCollection().stream()
                .mapToInt(s -> ((org.knowm.xchart.XYSeries) s).getXData().length)
                .sum();
        assertEquals(index.size(), marks);
        double maxX = c.getSeriesCollection().stream()
                .mapToDouble(s -> java.util.Arrays.stream(((org.knowm.xchart.XYSeries) s).getXData())
                        .max()
                        .orElse(0))
                .max()
                .orElseThrow();
        int maxSampled =
                index.rows().stream().mapToInt(RmsetIndex.Row::frame).max().orElseThrow();
        assertEquals(2.0 * maxSampled, maxX, "tracks are drawn in source frames (sampled frame · every)");
        assertThrows(RmferException.class, () -> VideoFrames.idTracks(index, "nope"));
    }

    @Test
    void aCandidateSetShowsTheAnchorPositivesAndNegatives() {
        AclSampler sampler = new AclSampler(
                index,
                AclSampler.Options.builder()
                        .optCandidates(4)
                        .optDPrime(4)
                        .optMargin(3)
                        .build());
        var c = sampler.trySample(1, 0, 0).orElseThrow();
        BufferedImage img = Montage.candidates(index, c, new CandidateTruth(clip), 3);
        assertEquals(4 * (84 + 4) + 4, img.getWidth(), "anchor plus three of each kind per row");
    }

    @Test
    void fig3IsDrawn() {
        BufferedImage img = Diagrams.fig3();
        assertEquals(1180, img.getWidth());
        long coloured = 0;
        for (int y = 0; y < img.getHeight(); y += 4) {
            for (int x = 0; x < img.getWidth(); x += 4) {
                coloured += img.getRGB(x, y) != Color.WHITE.getRGB() ? 1 : 0;
            }
        }
        assertTrue(coloured > 2000, "boxes and text drawn: " + coloured);
    }
}
