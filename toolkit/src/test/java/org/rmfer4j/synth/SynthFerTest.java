package org.rmfer4j.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.data.Datasets;
import org.rmfer4j.data.Expression;
import org.rmfer4j.data.FaceDataset;
import org.rmfer4j.data.loader.AffectNet;
import org.rmfer4j.data.loader.RafDb;
import org.rmfer4j.data.manifest.DatasetManifest;
import org.rmfer4j.data.manifest.Manifests;
import org.rmfer4j.data.verify.DatasetVerifier;
import org.rmfer4j.data.verify.VerificationReport;

class SynthFerTest {
    @Test
    void rafdbLayoutVerifiesAndLoadsWithTheRealLoader(@TempDir Path dir) throws Exception {
        SynthFer.Result r = SynthFer.builder()
                .setOut(dir)
                .optSizes(70, 21)
                .optIdentities(10, 4)
                .optImbalance(SynthFer.Imbalance.RAFDB)
                .optSeed(3)
                .build()
                .write(s -> {});
        DatasetManifest m = Manifests.load(r.manifest());
        assertTrue(m.synthetic());
        VerificationReport v = DatasetVerifier.verify(
                m, dir, new DatasetVerifier.Options(null, true, false, Datasets.Options.DEFAULTS, 2));
        assertTrue(v.ok(), v.format(20));
        FaceDataset train =
                RafDb.builder().setRoot(dir).setSplit("train").optManifest(m).build();
        assertEquals(70, train.size());
        assertEquals(ClassOrder.RAFDB, train.classOrder());
        // RAF-DB proportions: Happiness is the largest class, Fear the smallest
        int[] c = train.classCounts();
        assertEquals(
                c[ClassOrder.RAFDB.indexOf(Expression.HAPPINESS)],
                Arrays.stream(c).max().getAsInt());
        assertEquals(100, train.get(0).image().load().getWidth());
        // disjoint identities between splits
        List<String> truth = Files.readAllLines(dir.resolve("synth-truth.csv"));
        Set<String> trainIds = new HashSet<>();
        Set<String> testIds = new HashSet<>();
        for (String line : truth.subList(1, truth.size())) {
            String[] f = line.split(",");
            (f[0].equals("train") ? trainIds : testIds).add(f[2]);
        }
        assertTrue(trainIds.size() <= 10 && testIds.size() <= 4);
        trainIds.retainAll(testIds);
        assertTrue(trainIds.isEmpty(), "identities shared between train and test: " + trainIds);
    }

    @Test
    void sameSeedSameBytes(@TempDir Path dir) throws Exception {
        SynthFer.builder()
                .setOut(dir.resolve("a"))
                .optSizes(14, 7)
                .optThreads(1)
                .optSeed(9)
                .build()
                .write(s -> {});
        SynthFer.builder()
                .setOut(dir.resolve("b"))
                .optSizes(14, 7)
                .optThreads(2)
                .optSeed(9)
                .build()
                .write(s -> {});
        for (String f : List.of(
                "EmoLabel/list_patition_label.txt",
                "synth-truth.csv",
                "Image/aligned/train_00005_aligned.jpg",
                "Image/aligned/test_0003_aligned.jpg",
                "manifest.json")) {
            assertArrayEquals(
                    Files.readAllBytes(dir.resolve("a").resolve(f)),
                    Files.readAllBytes(dir.resolve("b").resolve(f)),
                    f);
        }
    }

    @Test
    void affectnetLayoutWithEightClassesAndLabelNoise(@TempDir Path dir) throws Exception {
        SynthFer.Result r = SynthFer.builder()
                .setOut(dir)
                .optLayout(SynthFer.Layout.AFFECTNET)
                .optClasses(8)
                .optSizes(80, 16)
                .optLabelNoise(0.5)
                .optSeed(4)
                .build()
                .write(s -> {});
        DatasetManifest m = Manifests.load(r.manifest());
        FaceDataset val = AffectNet.builder()
                .setRoot(dir)
                .setSplit("validation")
                .optClasses(8)
                .optManifest(m)
                .build();
        assertEquals(16, val.size());
        assertArrayEquals(
                new int[] {2, 2, 2, 2, 2, 2, 2, 2},
                SynthFer.allocate(16, ClassOrder.AFFECTNET_8, SynthFer.Imbalance.UNIFORM));
        long flipped = Files.readAllLines(dir.resolve("synth-truth.csv")).stream()
                .skip(1)
                .map(l -> l.split(","))
                .filter(f -> !f[4].equals(f[5]))
                .count();
        assertTrue(
                flipped > 15 && flipped < 70,
                "label noise 0.5 should flip about half of those with a partner: " + flipped);
        VerificationReport v = DatasetVerifier.verify(
                m, dir, new DatasetVerifier.Options(null, false, true, new Datasets.Options(8, null, null, null), 2));
        assertTrue(v.problems().isEmpty(), v.format(20));
    }
}
