package org.rmfer4j.lab;

import java.util.Arrays;
import java.util.Locale;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.loss.SelfMask;
import org.rmfer4j.train.AclSettings;
import org.rmfer4j.train.TrainConfig;
import org.rmfer4j.train.Variant;

/**
 * One arm of the synthetic-lab experiment: which phase-1 run it starts from ({@link Start}) and what its phase 2
 * minimises. Arms that share a start share its weights exactly, so their per-seed differences isolate phase 2.
 */
public enum Arm {
    /** L_FER in both phases ({@link Variant#BASELINE}, the paper's "Ours w/o ACL, IAL"). */
    BASELINE(Variant.BASELINE.key(), Start.FER, true),
    /** L_pre = L_FER + λ1·L_IAL in both phases ({@link Variant#WITHOUT_ACL}, "Ours w/o ACL"). */
    WITHOUT_ACL(Variant.WITHOUT_ACL.key(), Start.PRE, true),
    /** L_pre, then L_total = L_pre + λ2·L_ACL with the RMset's prior and attention-based selection ("Ours"). */
    FULL(Variant.FULL.key(), Start.PRE, true),
    /** Control (1), the upper bound: ACL with the candidates kept by their true expressions. */
    ORACLE("oracle", Start.PRE, true),
    /** Control (2): RMFER on the broken-prior RMset (viewers react independently); must not beat w/o ACL. */
    BROKEN_PRIOR_FULL("broken-prior-full", Start.PRE, true),
    /** Control (3): ACL keeping as many candidates as selection would, at random. */
    NO_SELECTION("no-selection", Start.PRE, false),
    /** Control (4), Table 3's "w/o SM": RMFER whose attention has no self-masking, in both phases. */
    WITHOUT_SM("without-sm", Start.PRE_NO_SM, false),
    /** Control (5), Table 4: RMFER drawing from half of the RMset's videos (0% is w/o ACL, 100% is full). */
    RMSET_50("rmset-50", Start.PRE, false),
    /** Control (6), Table 2's setting: w/o ACL with more labels. */
    WITHOUT_ACL_MORE_LABELS("without-acl-more-labels", Start.PRE_MORE_LABELS, false),
    /** Control (6): RMFER with more labels. */
    FULL_MORE_LABELS("full-more-labels", Start.PRE_MORE_LABELS, false),
    /** Half the oracle: true positives, the method's selected negatives (which half of the pairs the prior costs). */
    ORACLE_POSITIVES("oracle-positives", Start.PRE, false),
    /** The other half: the method's selected positives, true negatives. */
    ORACLE_NEGATIVES("oracle-negatives", Start.PRE, false),
    /**
     * Label-free negatives: the method's selected positives; negatives only among those the classifier assigns another
     * class than the anchor's ({@link AclSettings.Pairs#PREDICTED_NEGATIVES}). Not in the paper.
     */
    PREDICTED_NEGATIVES("predicted-negatives", Start.PRE, false),
    /**
     * Label-free negatives: the method's selected positives; negatives ranked by their similarity to the anchor and
     * by how alike the co-viewers look at the two frames ({@link AclSettings.Pairs#COVIEWER_NEGATIVES}). Not in the
     * paper.
     */
    COVIEWER_NEGATIVES("coviewer-negatives", Start.PRE, false);

    /** The phase-1 runs arms start from. */
    public enum Start {
        /** L_FER. */
        FER,
        /** L_pre. */
        PRE,
        /** L_pre without self-masking. */
        PRE_NO_SM,
        /** L_pre with the plan's larger labelled set. */
        PRE_MORE_LABELS;

        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final String key;
    private final Start start;
    private final boolean core;

    Arm(String key, Start start, boolean core) {
        this.key = key;
        this.start = start;
        this.core = core;
    }

    /** The name in tables and run directories. */
    public String key() {
        return key;
    }

    public Start start() {
        return start;
    }

    /** True for the three variants and the two main controls (run with every seed); false for the other controls. */
    public boolean core() {
        return core;
    }

    /** True when phase 2 adds L_ACL. */
    public boolean usesAcl() {
        return switch (this) {
            case BASELINE, WITHOUT_ACL, WITHOUT_ACL_MORE_LABELS -> false;
            default -> true;
        };
    }

    /** The phase-1 config of a start, from the plan's phase-1 config (which has λ1 &gt; 0 and the few labels). */
    public static TrainConfig.Builder phase1(Start start, TrainConfig.Builder pre, int moreLabelsPerClass) {
        return switch (start) {
            case FER -> pre.optLambda1(0);
            case PRE -> pre;
            case PRE_NO_SM -> pre.optSelfMask(SelfMask.NONE);
            case PRE_MORE_LABELS -> pre.optLabelledPerClass(moreLabelsPerClass);
        };
    }

    /** This arm's phase-2 config, from the plan's phase-2 config (λ2 &gt; 0, prior, selection, all the RMset). */
    public TrainConfig.Builder phase2(TrainConfig.Builder acl, int moreLabelsPerClass) {
        return switch (this) {
            case BASELINE -> acl.optLambda1(0).optLambda2(0);
            case WITHOUT_ACL -> acl.optLambda2(0);
            case FULL, BROKEN_PRIOR_FULL -> acl;
            case ORACLE -> acl.optAclPairs(AclSettings.Pairs.ORACLE);
            case ORACLE_POSITIVES -> acl.optAclPairs(AclSettings.Pairs.TRUE_POSITIVES);
            case ORACLE_NEGATIVES -> acl.optAclPairs(AclSettings.Pairs.TRUE_NEGATIVES);
            case PREDICTED_NEGATIVES -> acl.optAclPairs(AclSettings.Pairs.PREDICTED_NEGATIVES);
            case COVIEWER_NEGATIVES -> acl.optAclPairs(AclSettings.Pairs.COVIEWER_NEGATIVES);
            case NO_SELECTION -> acl.optAttentionSelection(false);
            case WITHOUT_SM -> acl.optSelfMask(SelfMask.NONE);
            case RMSET_50 -> acl.optRmsetFraction(0.5);
            case WITHOUT_ACL_MORE_LABELS -> acl.optLambda2(0).optLabelledPerClass(moreLabelsPerClass);
            case FULL_MORE_LABELS -> acl.optLabelledPerClass(moreLabelsPerClass);
        };
    }

    public static Arm parse(String s) {
        for (Arm a : values()) {
            if (a.key.equalsIgnoreCase(s.trim()) || a.name().equalsIgnoreCase(s.trim())) {
                return a;
            }
        }
        throw new RmferException("Unknown lab arm '" + s + "'; expected one of "
                + Arrays.stream(values()).map(Arm::key).toList());
    }
}
