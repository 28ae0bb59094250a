package org.rmfer4j.data.batch;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.core.Seeds;

/**
 * The order in which an epoch visits a dataset. Every sampler is a pure function of (seed, epoch): the same seed
 * and epoch give the same indices, which is what makes resumed runs identical to uninterrupted ones.
 */
@FunctionalInterface
public interface Sampler {
    /** The dataset indices to visit in epoch {@code epoch} (0-based). */
    int[] indices(int epoch);

    /** 0, 1, …, n−1 every epoch (evaluation). */
    static Sampler sequential(int n) {
        return epoch -> {
            int[] idx = new int[n];
            Arrays.setAll(idx, i -> i);
            return idx;
        };
    }

    /** A fresh seeded permutation every epoch. */
    static Sampler shuffled(int n, long seed) {
        return epoch -> {
            int[] idx = new int[n];
            Arrays.setAll(idx, i -> i);
            SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, epoch, 0x5L));
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
            return idx;
        };
    }

    /**
     * Class-balanced sampling as in the official code ({@code WeightedRandomSampler}): each sample has weight
     * 1 / count(its class), and {@code labels.length} indices are drawn with replacement, so every class is equally
     * likely in expectation. Unlabelled samples (label −1) are never drawn.
     *
     * @param labels class index per sample, or −1
     */
    static Sampler classBalanced(int[] labels, long seed) {
        return classBalanced(labels, seed, labels.length);
    }

    /**
     * {@link #classBalanced(int[], long)} drawing {@code draws} indices per epoch (at least {@code labels.length}), for
     * epochs longer than one pass over a small labelled set.
     */
    static Sampler classBalanced(int[] labels, long seed, int draws) {
        int perEpoch = Math.max(labels.length, draws);
        int classes = Arrays.stream(labels).max().orElse(-1) + 1;
        if (classes <= 0) {
            throw new RmferException(
                    "Class-balanced sampling needs labelled samples; none of " + labels.length + " has a label");
        }
        int[] counts = new int[classes];
        for (int l : labels) {
            if (l >= 0) {
                counts[l]++;
            }
        }
        double[] cumulative = new double[labels.length];
        double total = 0;
        for (int i = 0; i < labels.length; i++) {
            total += labels[i] >= 0 ? 1.0 / counts[labels[i]] : 0.0;
            cumulative[i] = total;
        }
        final double sum = total;
        return epoch -> {
            SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, epoch, 0xBL));
            int[] idx = new int[perEpoch];
            for (int k = 0; k < idx.length; k++) {
                double u = rng.nextDouble() * sum;
                int pos = Arrays.binarySearch(cumulative, u);
                pos = pos >= 0 ? pos + 1 : -pos - 1;
                // skip zero-weight entries that share the same cumulative value
                while (pos < labels.length && labels[pos] < 0) {
                    pos++;
                }
                idx[k] = Math.min(pos, labels.length - 1);
            }
            return idx;
        };
    }
}
