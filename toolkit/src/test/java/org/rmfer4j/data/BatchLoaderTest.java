package org.rmfer4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.batch.Batch;
import org.rmfer4j.data.batch.BatchLoader;
import org.rmfer4j.data.batch.Sampler;
import org.rmfer4j.data.loader.FerPlus;
import org.rmfer4j.data.loader.FerPlusLabels;
import org.rmfer4j.data.loader.ImageFolder;
import org.rmfer4j.data.loader.RafDb;
import org.rmfer4j.data.transform.Normalization;
import org.rmfer4j.data.transform.Preprocessor;

class BatchLoaderTest {
    @TempDir
    Path root;

    private FaceDataset folder(int perClass) {
        Expression[] classes = {Expression.NEUTRAL, Expression.HAPPINESS, Expression.SADNESS};
        for (int c = 0; c < classes.length; c++) {
            for (int i = 0; i < perClass * (c + 1); i++) {
                Fixtures.writeImage(
                        root.resolve(classes[c].name().toLowerCase() + "/" + i + ".png"),
                        Fixtures.solid(12, 12, new Color(20 * i % 255, 80 * c, 100)));
            }
        }
        return ImageFolder.builder().setRoot(root).build();
    }

    @Test
    void batchesAreNchwWithTargetsInTheRequestedOrder() {
        Fixtures.rafdb(root);
        FaceDataset train = RafDb.builder().setRoot(root).setSplit("train").build();
        BatchLoader loader = BatchLoader.builder()
                .setDataset(train)
                .setBatchSize(2)
                .setPreprocessor(Preprocessor.eval(16, Normalization.NONE))
                .optTargetOrder(ClassOrder.AFFECTNET_7)
                .build();
        List<Batch> batches = new ArrayList<>();
        try (BatchLoader.Epoch e = loader.epoch(0)) {
            e.forEach(batches::add);
        }
        assertEquals(2, batches.size());
        Batch b = batches.get(0);
        assertArrayEquals(new long[] {2, 3, 16, 16}, b.images().shape());
        assertArrayEquals(new long[] {2, 7}, b.targets().shape());
        // RAF-DB Surprise (code 1) is AffectNet index 3; Happiness index 1
        assertArrayEquals(new int[] {3, 1}, b.labels());
        assertEquals(1f, b.targets().getFloat(0, 3));
        assertEquals(1f, b.targets().getFloat(1, 1));
        assertEquals(1, batches.get(1).size(), "the last, incomplete batch is kept by default");
        assertEquals(ClassOrder.AFFECTNET_7, b.order());
    }

    @Test
    void sameSeedSameBatchesWhateverTheWorkerCount() {
        FaceDataset ds = folder(3);
        Preprocessor pre = Preprocessor.train(12, Normalization.IMAGENET);
        BatchLoader one = BatchLoader.builder()
                .setDataset(ds)
                .setBatchSize(4)
                .setPreprocessor(pre)
                .optSampler(Sampler.shuffled(ds.size(), 9))
                .optSeed(9)
                .optWorkers(1)
                .build();
        BatchLoader three = BatchLoader.builder()
                .setDataset(ds)
                .setBatchSize(4)
                .setPreprocessor(pre)
                .optSampler(Sampler.shuffled(ds.size(), 9))
                .optSeed(9)
                .optWorkers(3)
                .optPrefetch(1)
                .build();
        try (var a = one.epoch(2);
                var b = three.epoch(2)) {
            while (a.hasNext()) {
                Batch x = a.next();
                Batch y = b.next();
                assertEquals(x.ids(), y.ids());
                assertEquals(x.images(), y.images());
                assertArrayEquals(x.labels(), y.labels());
            }
            assertTrue(!b.hasNext());
        }
        assertEquals(one.batch(2, 1).images(), three.batch(2, 1).images());
        assertNotEquals(one.batch(2, 0).ids(), one.batch(3, 0).ids(), "a new epoch reshuffles");
    }

    @Test
    void dropLastAndEmptyDatasets() {
        FaceDataset ds = folder(1); // 1 + 2 + 3 = 6 images
        BatchLoader l = BatchLoader.builder()
                .setDataset(ds)
                .setBatchSize(4)
                .setPreprocessor(Preprocessor.eval(8, Normalization.NONE))
                .optDropLast(true)
                .build();
        assertEquals(1, l.batchesPerEpoch());
        assertThrows(
                RmferException.class,
                () -> BatchLoader.builder()
                        .setDataset(ds.subset(new int[0]))
                        .setBatchSize(2)
                        .setPreprocessor(Preprocessor.eval(8, Normalization.NONE))
                        .build());
    }

    @Test
    void aBrokenImageSurfacesWithItsFileName() {
        Fixtures.rafdb(root);
        Fixtures.writeText(root.resolve("Image/aligned/train_00003_aligned.jpg"), "garbage");
        FaceDataset train = RafDb.builder().setRoot(root).setSplit("train").build();
        BatchLoader l = BatchLoader.builder()
                .setDataset(train)
                .setBatchSize(3)
                .setPreprocessor(Preprocessor.eval(8, Normalization.NONE))
                .build();
        try (var e = l.epoch(0)) {
            DatasetException ex = assertThrows(DatasetException.class, e::next);
            assertTrue(ex.getMessage().contains("train_00003_aligned.jpg"), ex.getMessage());
        }
    }

    @Test
    void targetOrderMustHoldEveryClassPresent() {
        Fixtures.ferplus(root);
        FaceDataset test = FerPlus.builder().setRoot(root).setSplit("test").build(); // one Anger sample
        BatchLoader ok = BatchLoader.builder()
                .setDataset(test)
                .setBatchSize(1)
                .setPreprocessor(Preprocessor.eval(8, Normalization.NONE))
                .optTargetOrder(ClassOrder.RAFDB)
                .build();
        assertEquals(5, ok.batch(0, 0).labels()[0], "Anger is RAF-DB index 5");
        FaceDataset soft = FerPlus.builder()
                .setRoot(root)
                .setSplit("train")
                .optLabelMode(FerPlusLabels.Mode.PROBABILITY)
                .build();
        BatchLoader sampled = BatchLoader.builder()
                .setDataset(soft)
                .setBatchSize(2)
                .setPreprocessor(Preprocessor.eval(8, Normalization.NONE))
                .optSampleSoftLabels(true)
                .build();
        Batch b = sampled.batch(0, 0);
        for (int i = 0; i < b.size(); i++) {
            assertEquals(1.0, b.targets().getRow(i).sumNumber().doubleValue(), 1e-6);
        }
    }

    @Test
    void samplersAreDeterministicAndBalanced() {
        int[] labels = new int[1000];
        Arrays.fill(labels, 0, 900, 0);
        Arrays.fill(labels, 900, 990, 1);
        Arrays.fill(labels, 990, 1000, 2);
        labels[5] = -1;
        Sampler s = Sampler.classBalanced(labels, 3);
        assertArrayEquals(s.indices(4), s.indices(4));
        int[] counts = new int[3];
        for (int e = 0; e < 5; e++) {
            for (int i : s.indices(e)) {
                assertNotEquals(5, i, "unlabelled samples are never drawn");
                counts[labels[i]]++;
            }
        }
        for (int c : counts) {
            assertTrue(Math.abs(c - 5000 / 3.0) < 200, Arrays.toString(counts));
        }
        int[] perm = Sampler.shuffled(50, 1).indices(0);
        int[] sorted = perm.clone();
        Arrays.sort(sorted);
        int[] expect = new int[50];
        Arrays.setAll(expect, i -> i);
        assertArrayEquals(expect, sorted);
    }
}
