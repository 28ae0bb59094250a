package org.rmfer4j.synth;

import org.rmfer4j.data.Expression;

/**
 * Facial action-unit-like muscle parameters, each in [0, 1], that drive the renderer. An expression is a prototype
 * vector scaled by an intensity, so a weak expression is close to neutral, and the classic confusable pairs share
 * units (fear and surprise: brow raise, lid raise, jaw drop; disgust and anger: brow lowering; contempt is a single
 * one-sided lip corner).
 *
 * @param innerBrowRaise AU1
 * @param outerBrowRaise AU2
 * @param browLower      AU4
 * @param lidRaise       AU5
 * @param cheekRaise     AU6
 * @param lidTighten     AU7
 * @param noseWrinkle    AU9
 * @param upperLipRaise  AU10
 * @param lipCornerPull  AU12
 * @param oneSidedCorner AU14 on one side (contempt)
 * @param lipCornerDepress AU15
 * @param lipStretch     AU20
 * @param lipPress       AU24
 * @param jawDrop        AU26/27
 */
public record ActionUnits(
        double innerBrowRaise,
        double outerBrowRaise,
        double browLower,
        double lidRaise,
        double cheekRaise,
        double lidTighten,
        double noseWrinkle,
        double upperLipRaise,
        double lipCornerPull,
        double oneSidedCorner,
        double lipCornerDepress,
        double lipStretch,
        double lipPress,
        double jawDrop) {

    public static final ActionUnits NEUTRAL = new ActionUnits(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The prototype of an expression at full intensity. */
    public static ActionUnits prototype(Expression e) {
        return switch (e) {
            case NEUTRAL -> NEUTRAL;
            case HAPPINESS -> new ActionUnits(0, 0, 0, 0, 0.9, 0.2, 0, 0.2, 1.0, 0, 0, 0, 0, 0.35);
            case SADNESS -> new ActionUnits(1.0, 0, 0.5, 0, 0, 0.3, 0, 0, 0, 0, 1.0, 0, 0.2, 0);
            case SURPRISE -> new ActionUnits(1.0, 1.0, 0, 1.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.0);
            case FEAR -> new ActionUnits(1.0, 0.6, 0.6, 0.9, 0, 0, 0, 0.2, 0, 0, 0, 1.0, 0, 0.45);
            case DISGUST -> new ActionUnits(0, 0, 0.5, 0, 0.4, 0.4, 1.0, 0.9, 0, 0, 0.5, 0, 0, 0.1);
            case ANGER -> new ActionUnits(0, 0, 1.0, 0.5, 0, 0.8, 0.2, 0, 0, 0, 0.2, 0, 0.9, 0);
            case CONTEMPT -> new ActionUnits(0, 0, 0, 0, 0, 0.1, 0, 0, 0, 1.0, 0, 0, 0.2, 0);
        };
    }

    /** The expression at an intensity in [0, 1]. */
    public static ActionUnits of(Expression e, double intensity) {
        return prototype(e).scale(intensity);
    }

    public ActionUnits scale(double k) {
        return new ActionUnits(
                innerBrowRaise * k,
                outerBrowRaise * k,
                browLower * k,
                lidRaise * k,
                cheekRaise * k,
                lidTighten * k,
                noseWrinkle * k,
                upperLipRaise * k,
                lipCornerPull * k,
                oneSidedCorner * k,
                lipCornerDepress * k,
                lipStretch * k,
                lipPress * k,
                jawDrop * k);
    }
}
