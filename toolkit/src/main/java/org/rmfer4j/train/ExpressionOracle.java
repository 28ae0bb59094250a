package org.rmfer4j.train;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.data.Expression;
import org.rmfer4j.rmset.RmsetIndex;

/**
 * The true expression of an RMset face, where one is known — only for synthetic mashups, whose renderer wrote it
 * down. Lets the trainer measure what the real RMset never can: how often ACL's candidates truly share (positives)
 * or differ from (negatives) the anchor's expression, before and after attention-based selection.
 */
@FunctionalInterface
public interface ExpressionOracle {
    /** The face's true expression, or null when unknown. */
    @Nullable
    Expression expressionOf(RmsetIndex.Row row);

    /**
     * Candidate counts against the truth.
     *
     * @param positivesSame      positive candidates showing the anchor's expression
     * @param positives          positive candidates of known truth
     * @param negativesDifferent negative candidates showing another expression
     * @param negatives          negative candidates of known truth
     * @param anchors            anchors of known truth
     */
    record CandidateCounts(long positivesSame, long positives, long negativesDifferent, long negatives, long anchors) {
        public double positivePrecision() {
            return positives == 0 ? Double.NaN : (double) positivesSame / positives;
        }

        public double negativePrecision() {
            return negatives == 0 ? Double.NaN : (double) negativesDifferent / negatives;
        }
    }

    /**
     * The paper's assumption measured on {@code anchors} seeded draws of {@code sampler} (step 0, slots
     * 0..anchors−1). Candidates of unknown truth are not counted.
     */
    default CandidateCounts countCandidates(AclSampler sampler, long seed, int anchors) {
        long[] n = new long[5];
        for (int a = 0; a < anchors; a++) {
            AclSampler.Candidates c = sampler.sample(seed, 0, a);
            Expression anchor = c == null ? null : expressionOf(c.anchor());
            if (anchor == null) {
                continue;
            }
            n[4]++;
            for (RmsetIndex.Row p : c.positives()) {
                Expression e = expressionOf(p);
                if (e != null) {
                    n[1]++;
                    n[0] += e == anchor ? 1 : 0;
                }
            }
            for (RmsetIndex.Row r : c.negatives()) {
                Expression e = expressionOf(r);
                if (e != null) {
                    n[3]++;
                    n[2] += e != anchor ? 1 : 0;
                }
            }
        }
        return new CandidateCounts(n[0], n[1], n[2], n[3], n[4]);
    }

    /** Dispatches on the row's video name; rows of other videos are unknown. */
    static ExpressionOracle byVideo(Map<String, ? extends ExpressionOracle> perVideo) {
        Map<String, ? extends ExpressionOracle> copy = Map.copyOf(perVideo);
        return row -> {
            ExpressionOracle o = copy.get(row.video());
            return o == null ? null : o.expressionOf(row);
        };
    }
}
