package org.rmfer4j.eval;

import org.rmfer4j.core.RmferException;
import org.rmfer4j.loss.ReferenceMath;

/**
 * How tightly a model's features gather by class, in the full feature space and free of scale: Fig. 5's question
 * without the 2-D projection. Classical MDS keeps the two strongest directions of the distances and its spread
 * follows the whole embedding's, so its "mean distance from the centre" can grow while the classes grow apart
 * faster; this ratio asks how far samples sit from their own class relative to how far the classes sit apart.
 *
 * <p>With every feature row scaled to unit length, {@code u_i = f_i / ‖f_i‖}, class centres {@code c_k = mean of u_i
 * over class k}, and {@code d(a, b) = 1 − cos(a, b)}:
 *
 * <pre>
 *   within  = (1/N) Σ_i d(u_i, c_{y_i})
 *   between = mean over class pairs k &lt; l of d(c_k, c_l)
 *   ratio   = within / between        (lower: tighter, better separated classes)
 * </pre>
 *
 * and {@code nearestCentre}, the share of samples whose nearest centre (cosine) is their own class's, ties to the
 * lower class index. Classes without samples are left out of both.
 *
 * @param within        mean cosine distance of a sample to its class centre
 * @param between       mean cosine distance between two class centres
 * @param ratio         within / between
 * @param nearestCentre share of samples nearest to their own class centre, in [0, 1]
 */
public record ClassSeparation(double within, double between, double ratio, double nearestCentre) {
    /** Features {@code [N][D]} and labels in {@code [0, classes)}. */
    public static ClassSeparation of(double[][] features, int[] labels, int classes) {
        if (features.length != labels.length) {
            throw new RmferException(
                    "ClassSeparation: " + features.length + " feature rows but " + labels.length + " labels");
        }
        if (features.length == 0) {
            throw new RmferException("ClassSeparation: no samples");
        }
        int dim = features[0].length;
        double[][] u = new double[features.length][];
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != dim) {
                throw new RmferException(
                        "ClassSeparation: row " + i + " has " + features[i].length + " values, row 0 has " + dim);
            }
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new RmferException(
                        "ClassSeparation: label " + labels[i] + " of row " + i + " is not in [0, " + classes + ")");
            }
            u[i] = unit(features[i]);
        }
        double[][] centre = new double[classes][dim];
        int[] count = new int[classes];
        for (int i = 0; i < u.length; i++) {
            count[labels[i]]++;
            for (int j = 0; j < dim; j++) {
                centre[labels[i]][j] += u[i][j];
            }
        }
        for (int k = 0; k < classes; k++) {
            for (int j = 0; j < dim && count[k] > 0; j++) {
                centre[k][j] /= count[k];
            }
        }
        double within = 0;
        int nearest = 0;
        for (int i = 0; i < u.length; i++) {
            within += distance(u[i], centre[labels[i]]);
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                if (count[k] == 0) {
                    continue;
                }
                double d = distance(u[i], centre[k]);
                if (d < bestD) {
                    bestD = d;
                    best = k;
                }
            }
            if (best == labels[i]) {
                nearest++;
            }
        }
        within /= u.length;
        double between = 0;
        int pairs = 0;
        for (int k = 0; k < classes; k++) {
            for (int l = k + 1; l < classes; l++) {
                if (count[k] > 0 && count[l] > 0) {
                    between += distance(centre[k], centre[l]);
                    pairs++;
                }
            }
        }
        between = pairs == 0 ? Double.NaN : between / pairs;
        return new ClassSeparation(within, between, within / between, nearest / (double) u.length);
    }

    private static double[] unit(double[] f) {
        double n = 0;
        for (double x : f) {
            n += x * x;
        }
        n = Math.sqrt(n);
        double[] out = new double[f.length];
        for (int j = 0; j < f.length && n > 0; j++) {
            out[j] = f[j] / n;
        }
        return out;
    }

    /** 1 − cos(a, b); a zero vector counts as orthogonal to everything. */
    static double distance(double[] a, double[] b) {
        return 1 - ReferenceMath.cosine(a, b);
    }
}
