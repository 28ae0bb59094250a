package org.rmfer4j.lab;

import java.nio.file.Path;
import java.util.HashMap;
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
        this(SynthMashup.readTruth(video.truth()));
    }

    private CandidateTruth(Map<Integer, List<SynthMashup.Truth>> truthByFrame) {
        this.truthByFrame = truthByFrame;
    }

    /** Lowest IoU between a crop's detection box and a viewer's true box for the crop to be that viewer's face. */
    public static final double MIN_IOU = 0.3;

    /**
     * The ground-truth row of the face an RMset row shows (the viewer whose true box overlaps the detection most, with
     * IoU above {@link #MIN_IOU}): its expression, intensity, visibility. Null for a detection that is no viewer's face.
     */
    public SynthMashup.@Nullable Truth truthOf(RmsetIndex.Row r) {
        Detection d = new Detection(r.x(), r.y(), r.w(), r.h(), 0);
        double best = MIN_IOU;
        SynthMashup.Truth hit = null;
        for (SynthMashup.Truth t : truthByFrame.getOrDefault(r.frame() * r.every(), List.of())) {
            double iou = d.iou(t.x(), t.y(), t.w(), t.h());
            if (iou > best) {
                best = iou;
                hit = t;
            }
        }
        return hit;
    }

    /** The true expression of the face an RMset row shows ({@link #truthOf}), or null. */
    @Override
    public @Nullable Expression expressionOf(RmsetIndex.Row r) {
        SynthMashup.Truth t = truthOf(r);
        return t == null ? null : t.expression();
    }

    /**
     * The ground truth of every video of a SynthMashup folder (each {@code <video>.truth.csv}, read on first use), for
     * the rows of an RMset built from that folder: what experiment scripts need to relabel crops (a noisy oracle, an
     * oracle that knows only clear expressions).
     */
    public static final class Folder implements ExpressionOracle {
        private final Path videos;
        private final Map<String, CandidateTruth> byVideo = new HashMap<>();

        public Folder(Path videos) {
            this.videos = videos;
        }

        /** The matched ground-truth row of an RMset row ({@link CandidateTruth#truthOf}), or null. */
        public SynthMashup.@Nullable Truth truthOf(RmsetIndex.Row r) {
            // readTruth names the file when it is missing or malformed
            CandidateTruth t = byVideo.computeIfAbsent(
                    r.video(), v -> new CandidateTruth(SynthMashup.readTruth(videos.resolve(v + ".truth.csv"))));
            return t.truthOf(r);
        }

        @Override
        public @Nullable Expression expressionOf(RmsetIndex.Row r) {
            SynthMashup.Truth t = truthOf(r);
            return t == null ? null : t.expression();
        }
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
