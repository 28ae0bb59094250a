package org.rmfer4j.lab;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.data.Expression;
import org.rmfer4j.rmset.Detection;
import org.rmfer4j.rmset.RmsetIndex;
import org.rmfer4j.synth.SynthMashup;
import org.rmfer4j.train.AclSampler;
import org.rmfer4j.train.ExpressionOracle;

/**
 * Ground truth for ACL candidates drawn from a SynthMashup's RMset: what the real RMset never has. Measures the
 * paper's assumption (Fig. 1) directly: how often a positive candidate (another person, nearby in time) truly shows the
 * anchor's expression, and how often a negative (the same person, far away) truly shows a different one.
 */
public final class CandidateTruth implements ExpressionOracle {
    private final Map<Integer, List<SynthMashup.Truth>> truthByFrame;

    /** Reads the mashup's ground truth. */
    public CandidateTruth(SynthMashup.Result video) {
        this.truthByFrame = SynthMashup.readTruth(video.truth());
    }

    /** The true expression of the face an RMset row shows (the viewer whose true box overlaps it most), or null. */
    @Override
    public @Nullable Expression expressionOf(RmsetIndex.Row r) {
        Detection d = new Detection(r.x(), r.y(), r.w(), r.h(), 0);
        double best = 0.3;
        Expression e = null;
        for (SynthMashup.Truth t : truthByFrame.getOrDefault(r.frame() * r.every(), List.of())) {
            double iou = d.iou(t.x(), t.y(), t.w(), t.h());
            if (iou > best) {
                best = iou;
                e = t.expression();
            }
        }
        return e;
    }

    /**
     * Precision of candidate sets: {positive candidates sharing the anchor's expression / positives,
     * negative candidates differing from it / negatives}, over {@code anchors} draws.
     */
    public double[] precision(AclSampler sampler, long seed, int anchors) {
        CandidateCounts n = countCandidates(sampler, seed, anchors);
        return new double[] {n.positivePrecision(), n.negativePrecision()};
    }
}
