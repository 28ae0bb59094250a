package org.rmfer4j.data.transform;

import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.SplittableRandom;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.manifest.DatasetManifest;

/**
 * Image to network input: optional grayscale (FERPlus), resize to a square, augmentation, [0, 1] scaling and
 * per-channel normalisation, in the official code's order (Resize → augmentation → ToTensor → Normalize).
 *
 * @param size          output side in pixels (260 as in the paper; 64 or 112 on CPU)
 * @param normalization channel statistics
 * @param augmentation  applied after the resize
 * @param grayscale     convert to luma replicated over 3 channels first (FERPlus)
 */
public record Preprocessor(int size, Normalization normalization, Augmentation augmentation, boolean grayscale) {
    /** The paper's input side. */
    public static final int PAPER_SIZE = 260;

    public Preprocessor {
        if (size < 2 || size > 1024) {
            throw new RmferException("Input size must be in 2..1024 pixels, got " + size);
        }
        Objects.requireNonNull(normalization, "normalization");
        Objects.requireNonNull(augmentation, "augmentation");
    }

    /** Evaluation preprocessing: no augmentation. */
    public static Preprocessor eval(int size, Normalization normalization) {
        return new Preprocessor(size, normalization, Augmentation.none(), false);
    }

    /** Training preprocessing with the official augmentation. */
    public static Preprocessor train(int size, Normalization normalization) {
        return new Preprocessor(size, normalization, Augmentation.official(), false);
    }

    /**
     * The preprocessing a dataset's manifest asks for: its normalisation statistics, grayscale replicated to 3
     * channels when {@code params.grayscale3} is true (FERPlus), and the official augmentation when training.
     */
    public static Preprocessor forDataset(DatasetManifest manifest, int size, boolean training) {
        boolean gray = Boolean.parseBoolean(manifest.param("grayscale3", "false"));
        return new Preprocessor(
                size, manifest.normalization(), training ? Augmentation.official() : Augmentation.none(), gray);
    }

    /** The same with other statistics (a checkpoint's own: {@code ModelFiles.Loaded#normalization}). */
    public Preprocessor withNormalization(Normalization n) {
        return new Preprocessor(size, n, augmentation, grayscale);
    }

    public Preprocessor withGrayscale(boolean gray) {
        return new Preprocessor(size, normalization, augmentation, gray);
    }

    public Preprocessor withAugmentation(Augmentation a) {
        return new Preprocessor(size, normalization, a, grayscale);
    }

    /** Resized and augmented, before normalisation: what the network sees, as planes in [0, 1]. */
    public Planes prepare(BufferedImage img, SplittableRandom rng) {
        Planes p = Planes.of(Planes.resize(img, size));
        if (grayscale) {
            ImageOps.grayscale(p);
        }
        augmentation.apply(p, rng);
        return p;
    }

    /**
     * Writes the normalised CHW values of {@code img} into {@code out} at {@code offset} (3·size·size floats).
     */
    public void apply(BufferedImage img, SplittableRandom rng, float[] out, int offset) {
        Planes p = prepare(img, rng);
        float[] d = p.data();
        int n = size * size;
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                out[offset + c * n + i] = normalization.apply(c, d[c * n + i]);
            }
        }
    }

    /** Normalised CHW values of one image. */
    public float[] apply(BufferedImage img, SplittableRandom rng) {
        float[] out = new float[3 * size * size];
        apply(img, rng, out, 0);
        return out;
    }
}
