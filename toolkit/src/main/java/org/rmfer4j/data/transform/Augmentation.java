package org.rmfer4j.data.transform;

import java.util.SplittableRandom;

/**
 * A random transform of an image in place. Implementations draw every random number from the generator they are
 * given, so the batch loader can make each sample's augmentation a pure function of (seed, epoch, position) — the
 * same seed gives the same pixels whatever the thread count.
 */
@FunctionalInterface
public interface Augmentation {
    /** Transforms {@code img} in place. */
    void apply(Planes img, SplittableRandom rng);

    /** No augmentation (evaluation). */
    static Augmentation none() {
        return (img, rng) -> {};
    }

    /**
     * The official RMFER training augmentation: exactly one of RandomGrayscale(p = 0.1), RandomHorizontalFlip(p = 0.5)
     * and ColorJitter(brightness 0.25, contrast 0.25, saturation 0.25, hue 0.125), chosen uniformly.
     */
    static Augmentation official() {
        return OfficialAugmentation.INSTANCE;
    }
}
