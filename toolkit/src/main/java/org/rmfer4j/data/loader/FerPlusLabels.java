package org.rmfer4j.data.loader;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;

/**
 * Turning FERPlus's 10 vote counts (8 emotions in {@link org.rmfer4j.data.ClassOrder#FERPLUS} order, then
 * 'unknown' and 'NF') into a training target. {@link Mode#MAJORITY_ARGMAX} reproduces the RMFER paper's split
 * sizes (28,389 / 3,553 / 3,546); the other modes follow the FERPlus reference reader.
 */
public final class FerPlusLabels {
    /** Index of the 'unknown' vote column; 'NF' (not a face) follows it. */
    public static final int UNKNOWN = 8;

    public static final int VOTE_COLUMNS = 10;

    /** How votes become a label. */
    public enum Mode {
        /** Argmax over all 10 columns, ties to the earliest column; dropped if unknown/NF wins. Hard label. */
        MAJORITY_ARGMAX("majority-argmax"),
        /** Reference reader: single votes removed, the top emotion must hold more than half the rest. Hard label. */
        MAJORITY("majority"),
        /** Reference reader: top emotions until 75% of the votes (at most 3); one class sampled per minibatch. */
        PROBABILITY("probability"),
        /** Same selection as PROBABILITY; the normalised distribution is the soft target. */
        CROSSENTROPY("crossentropy"),
        /** Reference reader: every emotion with at least 30% of the votes set to 1, then (1−ε)·t + ε, ε = 0.001. */
        MULTI_TARGET("multi-target");

        private final String id;

        Mode(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** True when the mode yields a soft target rather than a hard class. */
        public boolean soft() {
            return this == PROBABILITY || this == CROSSENTROPY || this == MULTI_TARGET;
        }

        public static Mode parse(String s) {
            String k = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (Mode m : values()) {
                if (m.id.equals(k)) {
                    return m;
                }
            }
            throw new RmferException("Unknown FERPlus label mode '" + s + "'; expected majority-argmax, majority, "
                    + "probability, crossentropy or multi-target");
        }
    }

    private FerPlusLabels() {}

    /**
     * The 8-emotion target for one row of votes, or null when the image is dropped (unknown or not-a-face wins,
     * or too few votes agree).
     *
     * @param votes the 10 vote counts
     * @return for hard modes a one-hot vector, for soft modes the target distribution (multi-target: the
     *         ε-smoothed indicator, which does not sum to 1)
     */
    public static float @Nullable [] target(int[] votes, Mode mode) {
        if (votes.length != VOTE_COLUMNS) {
            throw new RmferException("FERPlus rows have " + VOTE_COLUMNS + " vote columns, got " + votes.length);
        }
        double[] emotion = switch (mode) {
            case MAJORITY_ARGMAX -> majorityArgmax(votes);
            case MAJORITY -> majority(votes);
            case PROBABILITY, CROSSENTROPY -> probability(votes);
            case MULTI_TARGET -> multiTarget(votes);
        };
        // Common tail of the reference reader: drop if unknown/NF is the argmax, else keep the 8 emotions,
        // renormalised.
        int arg = argmax(emotion);
        if (arg >= UNKNOWN) {
            return null;
        }
        double sum = 0;
        for (int i = 0; i < UNKNOWN; i++) {
            sum += emotion[i];
        }
        if (sum <= 0) {
            return null;
        }
        float[] out = new float[UNKNOWN];
        for (int i = 0; i < UNKNOWN; i++) {
            out[i] = (float) (emotion[i] / sum);
        }
        if (!mode.soft()) {
            float[] onehot = new float[UNKNOWN];
            onehot[argmax(emotion)] = 1f;
            return onehot;
        }
        if (mode == Mode.MULTI_TARGET) {
            double eps = 0.001;
            for (int i = 0; i < UNKNOWN; i++) {
                out[i] = (float) ((1 - eps) * (out[i] > 0 ? 1 : 0) + eps);
            }
        }
        return out;
    }

    private static double[] unknown() {
        double[] u = new double[VOTE_COLUMNS];
        u[UNKNOWN] = 1;
        return u;
    }

    private static double[] majorityArgmax(int[] votes) {
        double[] e = new double[VOTE_COLUMNS];
        int arg = 0;
        for (int i = 1; i < VOTE_COLUMNS; i++) {
            if (votes[i] > votes[arg]) {
                arg = i;
            }
        }
        if (votes[arg] <= 0) {
            return unknown();
        }
        e[arg] = votes[arg];
        return e;
    }

    /** Votes with single (≤ 1) counts removed, as the reference reader does first. */
    private static double[] withoutSingles(int[] votes) {
        double[] raw = new double[VOTE_COLUMNS];
        for (int i = 0; i < VOTE_COLUMNS; i++) {
            raw[i] = votes[i] <= 1 ? 0 : votes[i];
        }
        return raw;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    private static double[] majority(int[] votes) {
        double[] raw = withoutSingles(votes);
        double total = sum(raw);
        int arg = argmax(raw);
        double max = raw[arg];
        if (max > 0.5 * total) {
            double[] e = new double[VOTE_COLUMNS];
            e[arg] = max;
            return e;
        }
        return unknown();
    }

    private static double[] probability(int[] votes) {
        double[] raw = withoutSingles(votes);
        double total = sum(raw);
        double[] e = new double[VOTE_COLUMNS];
        double part = 0;
        int count = 0;
        boolean valid = true;
        while (part < 0.75 * total && count < 3 && valid) {
            double max = raw[argmax(raw)];
            for (int i = 0; i < VOTE_COLUMNS; i++) {
                if (raw[i] == max) {
                    e[i] = max;
                    raw[i] = 0;
                    part += e[i];
                    count++;
                    if (i >= UNKNOWN) {
                        valid = false;
                        if (sum(e) > max) { // emotions came before unknown/NF: keep them, drop the unknown
                            e[i] = 0;
                            count--;
                        }
                        break;
                    }
                }
            }
        }
        if (sum(e) <= 0.5 * total || count > 3) {
            return unknown();
        }
        return e;
    }

    private static double[] multiTarget(int[] votes) {
        double[] raw = withoutSingles(votes);
        double total = sum(raw);
        double[] e = new double[VOTE_COLUMNS];
        for (int i = 0; i < VOTE_COLUMNS; i++) {
            if (raw[i] >= 0.3 * total) {
                e[i] = raw[i];
            }
        }
        if (sum(e) <= 0.5 * total) {
            return unknown();
        }
        return e;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
