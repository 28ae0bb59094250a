package org.rmfer4j.synth;

import java.util.Locale;
import org.rmfer4j.core.RmferException;

/**
 * How the viewers of a {@link SynthMashup} follow the film: what makes the paper's prior ("other people at the same
 * time share an expression", Fig. 1) hold more or less well. Each viewer draws a lag in {@code [lagMin, lagMin +
 * lagSpread)} seconds and a gain in {@code [gainMin, gainMin + gainSpread)}; for each film event the viewer does not
 * react with probability {@code noReaction} and shows another expression of the preset with probability {@code
 * otherExpression}. Onset ramps and the spread of lags are why two viewers in one frame disagree even when both react.
 *
 * @param lagMin          smallest reaction lag, seconds
 * @param lagSpread       width of the lag range, seconds
 * @param gainMin         smallest intensity gain
 * @param gainSpread      width of the gain range
 * @param noReaction      per event, the chance a viewer stays neutral
 * @param otherExpression per event, the chance a viewer shows another expression
 */
public record Reactions(
        double lagMin, double lagSpread, double gainMin, double gainSpread, double noReaction, double otherExpression) {
    /** The lab's (and SynthMashup's) default: lags 0.2–1.0 s, gains 0.5–1.2, 10% no reaction, 10% another expression. */
    public static final Reactions LAB = new Reactions(0.2, 0.8, 0.5, 0.7, 0.1, 0.1);

    /**
     * Viewers more in step (an experiment's world, not the default): lags 0.2–0.4 s, gains 0.8–1.2, 2% no reaction, 2%
     * another expression — the prior made more precise without touching faces, film or people.
     */
    public static final Reactions IN_STEP = new Reactions(0.2, 0.2, 0.8, 0.4, 0.02, 0.02);

    public Reactions {
        if (!(lagMin >= 0) || !(lagSpread >= 0) || lagMin + lagSpread > 10) {
            throw new RmferException(
                    "Reactions: lags must lie in [0, 10] s, got lagMin " + lagMin + ", lagSpread " + lagSpread);
        }
        if (!(gainMin > 0) || !(gainSpread >= 0) || gainMin + gainSpread > 5) {
            throw new RmferException(
                    "Reactions: gains must lie in (0, 5], got gainMin " + gainMin + ", gainSpread " + gainSpread);
        }
        if (!(noReaction >= 0) || !(otherExpression >= 0) || noReaction + otherExpression > 1) {
            throw new RmferException("Reactions: noReaction (" + noReaction + ") and otherExpression ("
                    + otherExpression + ") must be probabilities that sum to at most 1");
        }
    }

    /** For metadata and provenance: {@code "lag 0.20+0.80 s, gain 0.50+0.70, no reaction 0.10, other 0.10"}. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "lag %.2f+%.2f s, gain %.2f+%.2f, no reaction %.2f, other %.2f",
                lagMin,
                lagSpread,
                gainMin,
                gainSpread,
                noReaction,
                otherExpression);
    }
}
