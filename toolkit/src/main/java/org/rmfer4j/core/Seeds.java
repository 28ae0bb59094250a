package org.rmfer4j.core;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Derives independent seeds from a run seed and coordinates (epoch, position, …) with the SplitMix64 finaliser, so
 * that each random decision is a pure function of the run seed and where it happens — not of thread scheduling or
 * of how many random numbers something else drew first.
 */
public final class Seeds {
    private Seeds() {}

    /** Mixes a seed with any number of coordinates. */
    public static long mix(long seed, long... parts) {
        long h = finalise(seed ^ 0x9E3779B97F4A7C15L);
        for (long p : parts) {
            h = finalise(h ^ (p + 0x9E3779B97F4A7C15L + (h << 6) + (h >>> 2)));
        }
        return h;
    }

    private static long finalise(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * {@code k} of the indices 0 … n−1 drawn without replacement by a seeded Fisher–Yates shuffle, returned sorted (so
     * a subset keeps the original order). All of them when k ≥ n.
     */
    public static int[] sampleIndices(int n, int k, long seed) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (k >= n) {
            return idx;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] head = Arrays.copyOf(idx, k);
        Arrays.sort(head);
        return head;
    }
}
