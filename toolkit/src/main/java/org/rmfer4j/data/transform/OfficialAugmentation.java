package org.rmfer4j.data.transform;

import java.util.SplittableRandom;

/**
 * The official RMFER code's {@code RandomChoice} of three transforms (one applied per image):
 * <ul>
 *   <li>RandomGrayscale(p = 0.1): with probability 0.1 every channel becomes the luma;</li>
 *   <li>RandomHorizontalFlip(p = 0.5);</li>
 *   <li>ColorJitter(0.25, 0.25, 0.25, hue = 0.125): brightness, contrast and saturation factors uniform in
 *       [0.75, 1.25] and a hue shift uniform in [−0.125, 0.125] turns, applied in a random order as torchvision does.</li>
 * </ul>
 */
final class OfficialAugmentation implements Augmentation {
    static final OfficialAugmentation INSTANCE = new OfficialAugmentation();
    static final double GRAYSCALE_P = 0.1;
    static final double FLIP_P = 0.5;
    static final double JITTER = 0.25;
    static final double HUE = 0.125;

    private OfficialAugmentation() {}

    @Override
    public void apply(Planes img, SplittableRandom rng) {
        switch (rng.nextInt(3)) {
            case 0 -> {
                if (rng.nextDouble() < GRAYSCALE_P) {
                    ImageOps.grayscale(img);
                }
            }
            case 1 -> {
                if (rng.nextDouble() < FLIP_P) {
                    ImageOps.flipHorizontal(img);
                }
            }
            default -> {
                int[] order = {0, 1, 2, 3};
                for (int i = 3; i > 0; i--) {
                    int j = rng.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                double b = uniform(rng, 1 - JITTER, 1 + JITTER);
                double c = uniform(rng, 1 - JITTER, 1 + JITTER);
                double s = uniform(rng, 1 - JITTER, 1 + JITTER);
                double h = uniform(rng, -HUE, HUE);
                for (int op : order) {
                    switch (op) {
                        case 0 -> ImageOps.brightness(img, (float) b);
                        case 1 -> ImageOps.contrast(img, (float) c);
                        case 2 -> ImageOps.saturation(img, (float) s);
                        default -> ImageOps.hue(img, (float) h);
                    }
                }
            }
        }
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    @Override
    public String toString() {
        return "official RandomChoice{grayscale p=0.1, hflip p=0.5, jitter 0.25/0.25/0.25/hue 0.125}";
    }
}
