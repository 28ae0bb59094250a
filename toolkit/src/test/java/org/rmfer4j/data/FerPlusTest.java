package org.rmfer4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.data.loader.FerPlus;
import org.rmfer4j.data.loader.FerPlusLabels;
import org.rmfer4j.data.loader.FerPlusLabels.Mode;

class FerPlusTest {
    @TempDir
    Path root;

    @Test
    void joinsByRowIndexAndAppliesThePapersMajorityRule() {
        Fixtures.ferplus(root);
        FaceDataset train = FerPlus.builder().setRoot(root).setSplit("train").build();
        // row 0 happiness; row 1 tie neutral/surprise -> neutral (earliest column); row 2 unnamed; row 3 unknown wins
        assertEquals(2, train.size());
        assertEquals(Expression.HAPPINESS, train.get(0).label());
        assertEquals(Expression.NEUTRAL, train.get(1).label());
        assertTrue(train.get(1).id().startsWith("row1:"));
        BufferedImage img = train.get(1).image().load();
        assertEquals(48, img.getWidth());
        assertEquals(20, img.getRaster().getSample(7, 7, 0), "row 1's pixels are all 20");
        assertTrue(train.loadNotes().stream().anyMatch(n -> n.contains("skipped 1 rows without an image name")));
        assertTrue(train.loadNotes().stream().anyMatch(n -> n.contains("dropped 1 rows")));
        assertEquals(
                Expression.SADNESS,
                FerPlus.builder()
                        .setRoot(root)
                        .setSplit("validation")
                        .build()
                        .get(0)
                        .label());
        assertEquals(
                Expression.ANGER,
                FerPlus.builder().setRoot(root).setSplit("test").build().get(0).label());
    }

    @Test
    void labelModesFollowTheReferenceReader() {
        // neutral 4, happiness 4, surprise 1, unknown 1 (10 votes)
        int[] v = {4, 4, 1, 0, 0, 0, 0, 0, 1, 0};
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 0, 0, 0}, FerPlusLabels.target(v, Mode.MAJORITY_ARGMAX));
        // singles removed: 4, 4 of 8 -> max 4 is not > 50% -> unknown -> dropped
        assertNull(FerPlusLabels.target(v, Mode.MAJORITY));
        // probability: take 4 and 4 (ties together) = 8 of 8 >= 75% -> {0.5, 0.5}
        assertArrayEquals(new float[] {0.5f, 0.5f, 0, 0, 0, 0, 0, 0}, FerPlusLabels.target(v, Mode.CROSSENTROPY));
        assertArrayEquals(new float[] {0.5f, 0.5f, 0, 0, 0, 0, 0, 0}, FerPlusLabels.target(v, Mode.PROBABILITY));
        // multi-target: both >= 30% -> 1, then (1 - 0.001) * t + 0.001
        float[] mt = FerPlusLabels.target(v, Mode.MULTI_TARGET);
        assertEquals(1f, mt[0], 1e-6);
        assertEquals(1f, mt[1], 1e-6);
        assertEquals(0.001f, mt[2], 1e-6);

        // 6 sadness, 3 anger, 1 fear: majority keeps sadness (6 > 4.5)
        int[] s = {0, 0, 0, 6, 3, 0, 1, 0, 0, 0};
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0, 0, 0}, FerPlusLabels.target(s, Mode.MAJORITY));
        // probability: 6 (<75% of 9) then 3 -> 9 of 9 -> {6/9, 3/9}
        float[] p = FerPlusLabels.target(s, Mode.PROBABILITY);
        assertEquals(6f / 9, p[3], 1e-6);
        assertEquals(3f / 9, p[4], 1e-6);
        // not-a-face majority is dropped in every mode
        int[] nf = {1, 0, 0, 0, 0, 0, 0, 0, 0, 9};
        for (Mode m : Mode.values()) {
            assertNull(FerPlusLabels.target(nf, m), m.id());
        }
    }

    @Test
    void softModesKeepTheDistributionOnTheSample() {
        Fixtures.ferplus(root);
        FaceDataset train = FerPlus.builder()
                .setRoot(root)
                .setSplit("train")
                .optLabelMode(Mode.CROSSENTROPY)
                .build();
        // row 1: neutral 4, surprise 4, unknown 2 -> {neutral .5, surprise .5}
        FaceSample s = train.samples().stream()
                .filter(x -> x.id().startsWith("row1:"))
                .findFirst()
                .orElseThrow();
        assertArrayEquals(new float[] {0.5f, 0, 0.5f, 0, 0, 0, 0, 0}, s.softLabel());
    }

    @Test
    void mismatchedFilesAndBadPixelsAreNamed() {
        Fixtures.ferplus(root);
        String votes = Fixtures.FERPLUS_VOTES_HEADER + "\nPublicTest,a.png,1,8,0,0,0,0,0,0,1,0\n";
        Fixtures.writeText(root.resolve("fer2013new.csv"), votes);
        Fixtures.writeText(
                root.resolve("fer2013.csv"), "emotion,pixels,Usage\n3," + Fixtures.pixels(1) + ",Training\n");
        DatasetException usage = assertThrows(
                DatasetException.class,
                () -> FerPlus.builder().setRoot(root).setSplit("train").build());
        assertEquals("Usage", usage.problem().field());
        assertEquals(2, usage.problem().line());

        Fixtures.writeText(
                root.resolve("fer2013new.csv"),
                Fixtures.FERPLUS_VOTES_HEADER + "\nTraining,a.png,1,8,0,0,0,0,0,0,1,0\n");
        Fixtures.writeText(root.resolve("fer2013.csv"), "emotion,pixels,Usage\n3,1 2 3,Training\n");
        DatasetException px = assertThrows(
                DatasetException.class,
                () -> FerPlus.builder().setRoot(root).setSplit("train").build());
        assertEquals("pixels", px.problem().field());
        assertTrue(px.getMessage().contains("3 values; expected 2304"), px.getMessage());

        Fixtures.writeText(
                root.resolve("fer2013new.csv"),
                Fixtures.FERPLUS_VOTES_HEADER + "\nTraining,a.png,1,x,0,0,0,0,0,0,1,0\n");
        DatasetException vote = assertThrows(
                DatasetException.class,
                () -> FerPlus.builder().setRoot(root).setSplit("train").build());
        assertEquals("happiness", vote.problem().field());
    }
}
