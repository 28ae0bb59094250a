package org.rmfer4j.data.transform;

/**
 * Pixel operations on {@link Planes}, with torchvision's definitions (values clamped to [0, 1] after each).
 */
public final class ImageOps {
    private ImageOps() {}

    /** Every channel becomes the luma 0.299 R + 0.587 G + 0.114 B. */
    public static void grayscale(Planes img) {
        float[] d = img.data();
        int n = img.width() * img.height();
        for (int i = 0; i < n; i++) {
            float y = Planes.luma(d[i], d[n + i], d[2 * n + i]);
            d[i] = y;
            d[n + i] = y;
            d[2 * n + i] = y;
        }
    }

    /** Mirrors left and right. */
    public static void flipHorizontal(Planes img) {
        float[] d = img.data();
        int w = img.width();
        int h = img.height();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                int row = c * w * h + y * w;
                for (int x = 0; x < w / 2; x++) {
                    float t = d[row + x];
                    d[row + x] = d[row + w - 1 - x];
                    d[row + w - 1 - x] = t;
                }
            }
        }
    }

    /** x ← clamp(x · factor). */
    public static void brightness(Planes img, float factor) {
        float[] d = img.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = clamp(d[i] * factor);
        }
    }

    /** x ← clamp(m + factor · (x − m)) with m the mean luma of the image. */
    public static void contrast(Planes img, float factor) {
        float[] d = img.data();
        int n = img.width() * img.height();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Planes.luma(d[i], d[n + i], d[2 * n + i]);
        }
        float m = (float) (sum / n);
        for (int i = 0; i < d.length; i++) {
            d[i] = clamp(m + factor * (d[i] - m));
        }
    }

    /** x ← clamp(g + factor · (x − g)) with g the pixel's luma. */
    public static void saturation(Planes img, float factor) {
        float[] d = img.data();
        int n = img.width() * img.height();
        for (int i = 0; i < n; i++) {
            float g = Planes.luma(d[i], d[n + i], d[2 * n + i]);
            d[i] = clamp(g + factor * (d[i] - g));
            d[n + i] = clamp(g + factor * (d[n + i] - g));
            d[2 * n + i] = clamp(g + factor * (d[2 * n + i] - g));
        }
    }

    /** Rotates the hue by {@code shift} turns (in [−0.5, 0.5]) through HSV. */
    public static void hue(Planes img, float shift) {
        float[] d = img.data();
        int n = img.width() * img.height();
        for (int i = 0; i < n; i++) {
            float r = d[i];
            float g = d[n + i];
            float b = d[2 * n + i];
            float max = Math.max(r, Math.max(g, b));
            float min = Math.min(r, Math.min(g, b));
            float delta = max - min;
            if (delta <= 0) {
                continue; // gray pixels have no hue
            }
            float h;
            if (max == r) {
                h = ((g - b) / delta) / 6f;
            } else if (max == g) {
                h = ((b - r) / delta + 2f) / 6f;
            } else {
                h = ((r - g) / delta + 4f) / 6f;
            }
            h = h + shift;
            h = h - (float) Math.floor(h);
            float s = delta / max;
            float v = max;
            float hh = h * 6f;
            int sector = (int) Math.floor(hh) % 6;
            float f = hh - (float) Math.floor(hh);
            float p = v * (1 - s);
            float q = v * (1 - s * f);
            float t = v * (1 - s * (1 - f));
            switch (sector) {
                case 0 -> {
                    r = v;
                    g = t;
                    b = p;
                }
                case 1 -> {
                    r = q;
                    g = v;
                    b = p;
                }
                case 2 -> {
                    r = p;
                    g = v;
                    b = t;
                }
                case 3 -> {
                    r = p;
                    g = q;
                    b = v;
                }
                case 4 -> {
                    r = t;
                    g = p;
                    b = v;
                }
                default -> {
                    r = v;
                    g = p;
                    b = q;
                }
            }
            d[i] = r;
            d[n + i] = g;
            d[2 * n + i] = b;
        }
    }

    static float clamp(float v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }
}
