package org.rmfer4j.loss;

import java.util.Locale;
import org.rmfer4j.core.RmferException;

/**
 * How inter-sample attention keeps a sample from attending to itself (paper Eq. 1 vs the official code).
 */
public enum SelfMask {
    /**
     * The official code (default): the diagonal logit is replaced by −1e7 after the division by τ, so
     * self-attention is exactly 0 in float32.
     */
    OFFICIAL,
    /**
     * The paper's text: the diagonal cosine is set to 1e-6 before the division by τ. This does <em>not</em> make
     * self-attention ≈ 0: the diagonal simply gets the logit 1e-6/τ ≈ 0, so a sample still attends to itself about
     * as much as to an unrelated one (worked example, τ = 1: row 0 gives 0.1997 to itself).
     */
    PAPER,
    /** No masking (the paper's "w/o SM" ablation): the diagonal keeps cos = 1 and dominates for small τ. */
    NONE;

    /** The diagonal logit of OFFICIAL (the code writes {@code -10e6}). */
    public static final double OFFICIAL_LOGIT = -1e7;
    /** The diagonal cosine of PAPER (Eq. 1). */
    public static final double PAPER_COSINE = 1e-6;

    public static SelfMask parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new RmferException("Unknown self-mask mode '" + s + "'; expected official, paper or none");
        }
    }
}
