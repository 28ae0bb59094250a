package org.rmfer4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rmfer4j.data.manifest.Manifests;
import org.rmfer4j.data.transform.Augmentation;
import org.rmfer4j.data.transform.ImageOps;
import org.rmfer4j.data.transform.Normalization;
import org.rmfer4j.data.transform.Planes;
import org.rmfer4j.data.transform.Preprocessor;

class PreprocessingTest {
    static final Normalization NORM =
            new Normalization(new double[] {0.5, 0.25, 0.0}, new double[] {0.5, 0.25, 1.0}, "test");

    @Test
    void normalisesEachChannelExactly() {
        BufferedImage img = Fixtures.solid(10, 6, new Color(255, 0, 51)); // 1.0, 0.0, 0.2
        float[] x = Preprocessor.eval(4, NORM).apply(img, new SplittableRandom(1));
        assertEquals(3 * 16, x.length);
        assertEquals(1.0f, x[0], 1e-6); // (1 - .5) / .5
        assertEquals(-1.0f, x[16], 1e-6); // (0 - .25) / .25
        assertEquals(0.2f, x[32], 1e-6); // (.2 - 0) / 1
    }

    @Test
    void grayscaleReplicatesLumaToThreeChannels() {
        BufferedImage img = Fixtures.solid(4, 4, new Color(255, 0, 0));
        float[] x = Preprocessor.eval(4, Normalization.NONE).withGrayscale(true).apply(img, new SplittableRandom(1));
        assertEquals(0.299f, x[0], 1e-6);
        assertEquals(0.299f, x[16], 1e-6);
        assertEquals(0.299f, x[32], 1e-6);
    }

    @Test
    void manifestsDecideNormalisationAndGrayscale() {
        Preprocessor fer = Preprocessor.forDataset(Manifests.bundled("ferplus"), 48, false);
        assertTrue(fer.grayscale());
        assertEquals(0.5, fer.normalization().mean()[0]);
        Preprocessor raf = Preprocessor.forDataset(Manifests.bundled("rafdb"), 64, true);
        assertTrue(!raf.grayscale());
        assertEquals(Augmentation.official(), raf.augmentation());
    }

    @Test
    void flipMirrorsRows() {
        Planes p = new Planes(3, 1, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        ImageOps.flipHorizontal(p);
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7}, p.data());
    }

    @Test
    void jitterOperationsMatchTheirDefinitions() {
        Planes p = new Planes(2, 1, new float[] {0.2f, 0.6f, 0.2f, 0.6f, 0.2f, 0.6f});
        ImageOps.contrast(p, 2f); // mean luma .4 -> .4 + 2 (x - .4)
        assertArrayEquals(new float[] {0f, 0.8f, 0f, 0.8f, 0f, 0.8f}, p.data(), 1e-6f);
        Planes q = new Planes(1, 1, new float[] {1f, 0f, 0f});
        ImageOps.hue(q, 1f / 3); // red rotated by a third of a turn is green
        assertArrayEquals(new float[] {0f, 1f, 0f}, q.data(), 1e-6f);
        Planes r = new Planes(1, 1, new float[] {0.5f, 0.5f, 0.5f});
        ImageOps.saturation(r, 2f); // grey has no saturation to change
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, r.data(), 1e-6f);
    }

    @Test
    void officialAugmentationIsSeededAndUsesEachBranch() {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                img.setRGB(x, y, new Color(x * 30, 200 - y * 20, 90).getRGB());
            }
        }
        Preprocessor pre = Preprocessor.train(8, Normalization.NONE);
        float[] a = pre.apply(img, new SplittableRandom(7));
        float[] b = pre.apply(img, new SplittableRandom(7));
        assertArrayEquals(a, b, "same seed, same pixels");
        float[] plain = Preprocessor.eval(8, Normalization.NONE).apply(img, new SplittableRandom(7));
        int changed = 0;
        int flipped = 0;
        for (int s = 0; s < 200; s++) {
            float[] c = pre.apply(img, new SplittableRandom(s));
            if (!Arrays.equals(c, plain)) {
                changed++;
            }
            if (c[0] == plain[7] && c[7] == plain[0]) {
                flipped++;
            }
        }
        // one of three branches each time: about 1/30 grayscale + 1/6 flip + 1/3 jitter change the image
        assertTrue(changed > 80 && changed < 140, "changed " + changed + " of 200");
        assertTrue(flipped > 15 && flipped < 55, "flipped " + flipped + " of 200");
        assertNotEquals(0, changed);
    }

    @Test
    void noneLeavesPixelsAlone() {
        Planes p = new Planes(1, 1, new float[] {0.1f, 0.2f, 0.3f});
        Augmentation.none().apply(p, new SplittableRandom(0));
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f}, p.data());
    }
}
