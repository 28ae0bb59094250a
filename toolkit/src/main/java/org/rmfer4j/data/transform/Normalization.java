package org.rmfer4j.data.transform;

import java.util.Arrays;
import org.rmfer4j.core.RmferException;

/**
 * Per-channel normalisation {@code (x − mean) / std} on RGB values in [0, 1].
 *
 * @param mean   3 channel means (R, G, B)
 * @param std    3 channel standard deviations, each &gt; 0
 * @param source where the statistics come from (e.g. "AffectNet train, official RMFER code")
 */
public record Normalization(double[] mean, double[] std, String source) {
    /** ImageNet statistics (what HSEmotion's backbone was trained with; not what RMFER uses). */
    public static final Normalization IMAGENET =
            new Normalization(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, "ImageNet");
    /** No normalisation: mean 0, std 1. */
    public static final Normalization NONE = new Normalization(new double[] {0, 0, 0}, new double[] {1, 1, 1}, "none");

    public Normalization {
        if (mean == null || std == null || mean.length != 3 || std.length != 3) {
            throw new RmferException("Normalization needs 3 means and 3 stds, got mean=" + Arrays.toString(mean)
                    + " std=" + Arrays.toString(std));
        }
        for (double s : std) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new RmferException("Normalization std must be positive and finite, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
        if (source == null) {
            source = "unspecified";
        }
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /** Normalises one value of channel {@code c}. */
    public float apply(int c, float x) {
        return (float) ((x - mean[c]) / std[c]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(n.mean, mean) && Arrays.equals(n.std, std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ", source=" + source
                + "]";
    }
}
