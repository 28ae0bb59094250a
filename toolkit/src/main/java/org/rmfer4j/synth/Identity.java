package org.rmfer4j.synth;

import java.awt.Color;
import java.util.SplittableRandom;
import org.rmfer4j.core.Seeds;

/**
 * A synthetic person: face shape, skin tone, hair, feature geometry, glasses and age cues, all drawn from one seed,
 * so the same identity looks the same in every image and frame.
 *
 * @param seed       the identity seed
 * @param toneGroup  skin-tone group 0 (lightest) … 5 (darkest), for per-group detection recall
 * @param skin       skin colour
 * @param hair       hair colour
 * @param hairStyle  0 short, 1 long, 2 bangs, 3 bald
 * @param faceAspect face height / width (1.15–1.45)
 * @param jaw        jaw roundness 0 (pointed) … 1 (square)
 * @param eyeSpacing distance between eye centres as a fraction of face width
 * @param eyeSize    eye width as a fraction of face width
 * @param browWeight brow thickness
 * @param noseLength nose length as a fraction of face height
 * @param mouthWidth mouth width as a fraction of face width
 * @param lips       lip colour
 * @param glasses    wears glasses
 * @param age        0 young … 1 old (wrinkle lines)
 */
public record Identity(
        long seed,
        int toneGroup,
        Color skin,
        Color hair,
        int hairStyle,
        double faceAspect,
        double jaw,
        double eyeSpacing,
        double eyeSize,
        double browWeight,
        double noseLength,
        double mouthWidth,
        Color lips,
        boolean glasses,
        double age) {

    /** Skin tones from light to dark (six groups, after the Fitzpatrick scale's range). */
    static final Color[] SKIN = {
        new Color(246, 220, 200),
        new Color(234, 192, 160),
        new Color(214, 164, 124),
        new Color(180, 126, 88),
        new Color(134, 88, 60),
        new Color(92, 60, 42)
    };

    static final Color[] HAIR = {
        new Color(30, 24, 20),
        new Color(70, 46, 30),
        new Color(120, 84, 50),
        new Color(190, 160, 110),
        new Color(150, 60, 30),
        new Color(160, 160, 160)
    };

    /** A deterministic identity from a seed. */
    public static Identity of(long seed) {
        SplittableRandom r = new SplittableRandom(Seeds.mix(seed, 0x1D));
        int tone = r.nextInt(SKIN.length);
        return of(seed, tone);
    }

    /** A deterministic identity with a given skin-tone group (balanced sets draw tones round-robin). */
    public static Identity of(long seed, int toneGroup) {
        SplittableRandom r = new SplittableRandom(Seeds.mix(seed, 0x1E));
        Color base = SKIN[toneGroup];
        double f = 0.94 + 0.12 * r.nextDouble(); // lighter or darker within the group, hue kept
        Color skin = shade(base, f);
        Color hair = HAIR[r.nextInt(HAIR.length)];
        Color lips = blend(skin, new Color(150, 60, 60), 0.45 + 0.2 * r.nextDouble());
        return new Identity(
                seed,
                toneGroup,
                skin,
                hair,
                r.nextInt(4),
                1.15 + 0.3 * r.nextDouble(),
                r.nextDouble(),
                0.40 + 0.08 * r.nextDouble(),
                0.17 + 0.05 * r.nextDouble(),
                0.5 + r.nextDouble(),
                0.22 + 0.08 * r.nextDouble(),
                0.36 + 0.12 * r.nextDouble(),
                lips,
                r.nextDouble() < 0.2,
                r.nextDouble());
    }

    static Color jitter(Color c, SplittableRandom r, int amount) {
        return new Color(
                clamp(c.getRed() + r.nextInt(-amount, amount + 1)),
                clamp(c.getGreen() + r.nextInt(-amount, amount + 1)),
                clamp(c.getBlue() + r.nextInt(-amount, amount + 1)));
    }

    static Color blend(Color a, Color b, double t) {
        return new Color(
                clamp((int) Math.round(a.getRed() * (1 - t) + b.getRed() * t)),
                clamp((int) Math.round(a.getGreen() * (1 - t) + b.getGreen() * t)),
                clamp((int) Math.round(a.getBlue() * (1 - t) + b.getBlue() * t)));
    }

    static Color shade(Color c, double f) {
        return new Color(
                clamp((int) (c.getRed() * f)), clamp((int) (c.getGreen() * f)), clamp((int) (c.getBlue() * f)));
    }

    static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
