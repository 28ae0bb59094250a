package org.rmfer4j.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.rmset.RmsetIndex;
import org.rmfer4j.train.AclSampler;

/** The lab's invariants on a small world: one domain, disjoint people, a prior above chance that the twin breaks. */
class LabWorldTest {
    @TempDir
    static Path dir;

    static LabWorld world;

    @BeforeAll
    static void make() {
        world = LabWorld.make(new LabWorld.Spec(140, 70, 20, 10, 48, 2, 14, 8, 4, true, 3), dir, s -> {});
    }

    /** Mean and standard deviation per RGB channel, in [0, 1], over a folder's images. */
    static double[] stats(List<Path> files) throws Exception {
        double[] s = new double[6];
        long n = 0;
        for (Path f : files) {
            BufferedImage img = ImageIO.read(f.toFile());
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int p = img.getRGB(x, y);
                    for (int c = 0; c < 3; c++) {
                        double v = ((p >> (16 - 8 * c)) & 0xFF) / 255.0;
                        s[c] += v;
                        s[3 + c] += v * v;
                    }
                    n++;
                }
            }
        }
        double[] out = new double[6];
        for (int c = 0; c < 3; c++) {
            out[c] = s[c] / n;
            out[3 + c] = Math.sqrt(s[3 + c] / n - out[c] * out[c]);
        }
        return out;
    }

    @Test
    void labelledFacesAndRmsetCropsShareOneDomain() throws Exception {
        List<Path> labelled;
        try (var s = Files.list(world.labelled().resolve("Image/aligned"))) {
            labelled = s.sorted().limit(140).toList();
        }
        List<Path> crops = RmsetIndex.read(world.rmset()).rows().stream()
                .limit(400)
                .map(r -> world.rmset().resolve(r.filePath()))
                .toList();
        BufferedImage one = ImageIO.read(crops.get(0).toFile());
        assertEquals(48, one.getWidth(), "crops at the labelled size");
        assertEquals(48, ImageIO.read(labelled.get(0).toFile()).getWidth());
        double[] a = stats(labelled);
        double[] b = stats(crops);
        for (int c = 0; c < 3; c++) {
            // stated tolerance: channel means within 0.06 and spreads within 0.05 (of the [0, 1] range)
            assertTrue(Math.abs(a[c] - b[c]) < 0.06, "channel " + c + " mean " + a[c] + " vs " + b[c]);
            assertTrue(Math.abs(a[3 + c] - b[3 + c]) < 0.05, "channel " + c + " sd " + a[3 + c] + " vs " + b[3 + c]);
        }
        // the centre of a crop is face, its corners mostly background, in both: the framing agrees
        assertTrue(
                Math.abs(centreShare(labelled) - centreShare(crops)) < 0.1,
                "skin-like centre " + centreShare(labelled) + " vs " + centreShare(crops));
    }

    /** Share of images whose centre pixel differs from their top-left corner by more than 40 grey levels. */
    private static double centreShare(List<Path> files) throws Exception {
        int k = 0;
        for (Path f : files) {
            BufferedImage img = ImageIO.read(f.toFile());
            int c = grey(img.getRGB(img.getWidth() / 2, img.getHeight() / 2));
            int corner = grey(img.getRGB(1, 1));
            k += Math.abs(c - corner) > 40 ? 1 : 0;
        }
        return (double) k / files.size();
    }

    private static int grey(int p) {
        return (((p >> 16) & 0xFF) + ((p >> 8) & 0xFF) + (p & 0xFF)) / 3;
    }

    @Test
    void labelledAndTestPeopleAreDisjoint() throws Exception {
        Set<String> train = new HashSet<>();
        Set<String> test = new HashSet<>();
        for (String line :
                Files.readAllLines(world.labelled().resolve("synth-truth.csv")).subList(1, 211)) {
            String[] f = line.split(",");
            (f[0].equals("train") ? train : test).add(f[2]);
        }
        assertTrue(train.size() > 10 && test.size() > 5);
        train.retainAll(test);
        assertTrue(train.isEmpty(), "shared identities " + train);
    }

    @Test
    void thePriorHoldsAboveChanceAndTheTwinBreaksIt() {
        AclSampler.Options o = new AclSampler.Options(16, AclSampler.Window.OFFICIAL, 5, 30, 31, 50);
        PriorCheck real = PriorCheck.measure(world.rmset(), world.truth(), o, 300, 11);
        PriorCheck broken = PriorCheck.measure(world.broken(), world.brokenTruth(), o, 300, 11);
        assertTrue(real.anchors() > 100, real.summary());
        assertTrue(real.positives() > real.positiveChance() + 0.2, real.summary());
        assertTrue(broken.positives() < real.positives() - 0.2, broken.summary() + " vs " + real.summary());
        assertTrue(
                broken.positives() < broken.positiveChance() + 0.15, "broken prior near chance: " + broken.summary());
    }

    @Test
    void aVideosFolderGivesTheWorldsTruthWithItsIntensity() {
        CandidateTruth.Folder folder = new CandidateTruth.Folder(dir.resolve("videos"));
        int known = 0;
        for (RmsetIndex.Row r : RmsetIndex.read(world.rmset()).rows()) {
            var t = folder.truthOf(r);
            assertEquals(world.truth().expressionOf(r), t == null ? null : t.expression(), r.filePath());
            assertEquals(world.truth().expressionOf(r), folder.expressionOf(r), r.filePath());
            if (t != null) {
                known++;
                assertTrue(t.intensity() >= 0 && t.intensity() <= 1, "intensity of " + r.filePath());
            }
        }
        assertTrue(known > 100, "crops with a known truth: " + known);
        RmsetIndex.Row first = RmsetIndex.read(world.rmset()).rows().get(0);
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                org.rmfer4j.core.RmferException.class,
                () -> new CandidateTruth.Folder(dir.resolve("nowhere")).truthOf(first));
        assertTrue(e.getMessage().contains(first.video() + ".truth.csv"), e.getMessage());
    }
}
