package org.rmfer4j.train;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.eval.EvalResult;

/**
 * The outcome of a training run.
 *
 * @param finalEval     the test evaluation of the final weights (what the toolkit reports)
 * @param bestAccuracy  best epoch-end test accuracy (what the official code logs as [Best]; shown beside, never instead)
 * @param bestEpoch     0-based epoch of that, or −1
 * @param steps         optimisation steps taken in all
 * @param sampler       ACL sampler counters of this process (null without ACL)
 * @param precision     mean candidate precision over phase-2 steps (NaN without ground truth)
 * @param seconds       wall time of this process
 */
public record TrainResult(
        TrainConfig config,
        RunDirectory run,
        EvalResult finalEval,
        double bestAccuracy,
        int bestEpoch,
        long steps,
        AclSampler.@Nullable Counters sampler,
        CandidatePrecision precision,
        double seconds) {
    /**
     * How often candidates truly share (positives) / differ from (negatives) the anchor's expression, before and
     * after attention-based selection; known only for synthetic mashups.
     */
    public record CandidatePrecision(
            double positiveBefore, double positiveAfter, double negativeBefore, double negativeAfter) {
        public boolean known() {
            return !Double.isNaN(positiveBefore);
        }
    }

    /** "SYNTHETIC rafdb-like/test …; seed 42; config demo-full; run runs/demo/full" */
    public String provenance() {
        return String.format(
                Locale.ROOT,
                "%s; seed %d; config %s; run %s",
                finalEval.dataset(),
                config.run().seed(),
                config.name(),
                run.root());
    }
}
