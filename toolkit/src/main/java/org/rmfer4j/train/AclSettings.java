package org.rmfer4j.train;

import static org.rmfer4j.train.Settings.require;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.loss.AttentionSelection;

/**
 * Phase 2's contrastive term, L_total = L_pre + λ2·L_ACL ({@code acl.*} keys): how anchors and candidates are drawn
 * from the RMset and how the kept positives and negatives are chosen.
 *
 * @param lambda2            weight of L_ACL (in neither source; the toolkit's {@link #DEFAULT_LAMBDA2} when an RMset
 *                           is given, else 0)
 * @param lambda2Warmup      λ2 ramps linearly from λ2/N to λ2 over the first N phase-2 steps; 0 = no warm-up
 * @param anchorsPerStep     RMset anchors per phase-2 step (not in the code; the paper's Fig. 3 shows a batch)
 * @param candidates         positive and negative candidates drawn per anchor (official 50 and 50)
 * @param gamma              attention-based selection ratio γ (official and paper 0.1)
 * @param window             positive-window rule (official adaptive R; the paper's d = 5 is {@code PAPER})
 * @param d                  the paper's positive half-width (5)
 * @param dPrime             negative gap d′ (30)
 * @param attentionSelection false draws the kept candidates at random instead (an ablation of the selection)
 * @param pairs              {@link Pairs#PRIOR} (the method), {@link Pairs#ORACLE} (the upper-bound control), one of
 *                           its halves ({@link Pairs#TRUE_POSITIVES}, {@link Pairs#TRUE_NEGATIVES}) or the label-free
 *                           {@link Pairs#PREDICTED_NEGATIVES} and {@link Pairs#COVIEWER_NEGATIVES}
 */
public record AclSettings(
        double lambda2,
        int lambda2Warmup,
        int anchorsPerStep,
        int candidates,
        double gamma,
        AclSampler.Window window,
        int d,
        int dPrime,
        boolean attentionSelection,
        Pairs pairs) {
    /**
     * How phase 2 keeps ACL's positives and negatives out of the sampled candidates.
     */
    public enum Pairs {
        /** The method: attention-based selection (or random, when {@code attentionSelection} is false). */
        PRIOR,
        /**
         * The upper-bound control, synthetic RMsets only: of the same candidates, keep those whose true expression is
         * the anchor's as positives and those whose true expression differs as negatives (as many as selection keeps).
         */
        ORACLE,
        /**
         * Half the oracle, synthetic RMsets only: positives kept by their true expression as {@link #ORACLE} does,
         * negatives kept by the method's selection as {@link #PRIOR} does. With {@link #TRUE_NEGATIVES} it splits the
         * oracle's gain over the method into the part that correct positives bring and the part correct negatives
         * bring.
         */
        TRUE_POSITIVES,
        /** The other half: positives kept by the method's selection, negatives by their true expression. */
        TRUE_NEGATIVES,
        /**
         * Not in the paper or the code; label-free, so it runs on real RMsets too. Positives kept by the method's
         * selection; negatives only among the candidates the current classifier f^FER (eval mode) assigns another
         * class than the anchor's, the least similar of them first (or in drawn order without attention-based
         * selection), as many as selection keeps. The same viewer far in time often shows the anchor's expression
         * again; this drops the negatives the labelled model already sees as the anchor's class, at the price of
         * trusting its predictions.
         */
        PREDICTED_NEGATIVES,
        /**
         * Not in the paper or the code; label-free. Positives kept by the method's selection; negatives ranked by two
         * similarities and the lowest rank sum kept, as many as selection keeps: the anchor's own (what selection
         * uses) and the co-viewers' — the mean cosine of H(f) between {@link AclBatch#COVIEWERS} other people of the
         * video at the anchor's frame and the same people at the negative's frame. A negative is wrong mostly when
         * the film provokes the anchor's expression again at its frame; the co-viewers watch the same film, so faces
         * of theirs that look alike at both frames say the moment recurs. Costs that many extra faces per candidate
         * in the selection pass (no gradient).
         */
        COVIEWER_NEGATIVES;

        /** True when the kept negatives must differ from the anchor in the classifier's predicted class. */
        public boolean predictedNegatives() {
            return this == PREDICTED_NEGATIVES;
        }

        /** True when the kept negatives are ranked with the co-viewers' similarity across the two frames. */
        public boolean coviewerNegatives() {
            return this == COVIEWER_NEGATIVES;
        }

        /** True when the kept positives are chosen by their true expression. */
        public boolean truePositives() {
            return this == ORACLE || this == TRUE_POSITIVES;
        }

        /** True when the kept negatives are chosen by their true expression. */
        public boolean trueNegatives() {
            return this == ORACLE || this == TRUE_NEGATIVES;
        }

        /** True when a run needs the RMset's true expressions (a synthetic RMset). */
        public boolean needsTruth() {
            return truePositives() || trueNegatives();
        }
    }

    /** λ2 when none is given: the paper does not state it and the code lacks it. */
    public static final double DEFAULT_LAMBDA2 = 1.0;

    /** Every default but λ2, which depends on whether the run has an RMset ({@link #defaultLambda2}). */
    public static final AclSettings DEFAULTS = new AclSettings(
            DEFAULT_LAMBDA2,
            0,
            4,
            AclSampler.Options.OFFICIAL.candidates(),
            AttentionSelection.DEFAULT_GAMMA,
            AclSampler.Options.OFFICIAL.window(),
            AclSampler.Options.OFFICIAL.d(),
            AclSampler.Options.OFFICIAL.dPrime(),
            true,
            Pairs.PRIOR);

    /** λ2 when a config does not set it: {@link #DEFAULT_LAMBDA2} with an RMset, 0 without one. The one place. */
    public static double defaultLambda2(@Nullable String rmsetRoot) {
        return rmsetRoot != null ? DEFAULT_LAMBDA2 : 0.0;
    }

    public AclSettings {
        Objects.requireNonNull(window, "acl.window");
        Objects.requireNonNull(pairs, "acl.pairs");
        require(lambda2 >= 0 && Double.isFinite(lambda2), "acl.lambda2", ">= 0 and finite", lambda2);
        require(lambda2Warmup >= 0, "acl.lambda2Warmup", ">= 0 steps", lambda2Warmup);
        require(anchorsPerStep >= 1, "acl.anchorsPerStep", ">= 1", anchorsPerStep);
        require(candidates >= 2, "acl.candidates", ">= 2", candidates);
        require(gamma > 0 && gamma <= 0.5, "acl.gamma", "in (0, 0.5]", gamma);
        require(d >= 0 && dPrime >= 0, "acl.d/dPrime", ">= 0", d + "/" + dPrime);
    }

    /** λ2 at phase-2 step {@code k} (0-based): the warm-up ramp, then λ2. */
    public double lambda2At(long k) {
        return lambda2Warmup == 0 ? lambda2 : lambda2 * Math.min(1.0, (k + 1.0) / lambda2Warmup);
    }

    /** The ACL sampler's options (margin and attempts as the official code). */
    public AclSampler.Options samplerOptions() {
        return AclSampler.Options.builder()
                .optCandidates(candidates)
                .optWindow(window)
                .optD(d)
                .optDPrime(dPrime)
                .build();
    }
}
