package org.rmfer4j.loss;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoublePredicate;
import org.rmfer4j.core.RmferException;

/**
 * Attention-based selection of ACL (paper Sec. 4.2; official {@code models/model.py:226-240}), done without
 * gradient: from the candidate positives keep those whose similarity to the anchor is strictly above the (1−γ)
 * quantile; from the candidate negatives those strictly below the γ quantile. Quantiles interpolate linearly
 * (numpy's and {@code torch.quantile}'s default). With 50 distinct candidates and γ = 0.1 this keeps 5 and 5.
 */
public final class AttentionSelection {
    /** The paper's and the code's γ. */
    public static final double DEFAULT_GAMMA = 0.1;

    private AttentionSelection() {}

    /** Linear-interpolation quantile of {@code values} at q ∈ [0, 1]. */
    public static double quantile(double[] values, double q) {
        if (values.length == 0) {
            throw new RmferException("quantile of an empty set");
        }
        if (!(q >= 0 && q <= 1)) {
            throw new RmferException("quantile level must be in [0, 1], got " + q);
        }
        double[] v = values.clone();
        Arrays.sort(v);
        double pos = q * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, v.length - 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }

    /** Indices of the candidate positives kept: similarity &gt; quantile(1 − γ). */
    public static int[] keepPositives(double[] similarity, double gamma) {
        if (similarity.length == 0) {
            return new int[0];
        }
        double t = quantile(similarity, 1 - gamma);
        return indices(similarity, s -> s > t);
    }

    /** Indices of the candidate negatives kept: similarity &lt; quantile(γ). */
    public static int[] keepNegatives(double[] similarity, double gamma) {
        if (similarity.length == 0) {
            return new int[0];
        }
        double t = quantile(similarity, gamma);
        return indices(similarity, s -> s < t);
    }

    private static int[] indices(double[] v, DoublePredicate keep) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            if (keep.test(v[i])) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
