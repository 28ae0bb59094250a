package org.rmfer4j.data.transform;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * An RGB image as three float planes in [0, 1] (CHW, row-major), the form augmentation and normalisation work on
 * before the values are copied into an NCHW batch.
 *
 * @param width  width
 * @param height height
 * @param data   length 3·width·height: all R, then all G, then all B
 */
public record Planes(int width, int height, float[] data) {
    public Planes {
        if (data.length != 3 * width * height) {
            throw new IllegalArgumentException("Planes: " + data.length + " values for 3x" + width + "x" + height);
        }
    }

    /** Converts any BufferedImage (gray, RGB, ARGB, indexed) to planes. Grayscale images become 3 equal planes. */
    public static Planes of(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int n = w * h;
        float[] d = new float[3 * n];
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < n; i++) {
            int p = argb[i];
            d[i] = ((p >> 16) & 0xFF) / 255f;
            d[n + i] = ((p >> 8) & 0xFF) / 255f;
            d[2 * n + i] = (p & 0xFF) / 255f;
        }
        return new Planes(w, h, d);
    }

    /**
     * Resizes to {@code size×size} with bilinear interpolation (like torchvision's {@code Resize((s, s))}: the
     * aspect ratio is not kept, as in the official code).
     */
    public static BufferedImage resize(BufferedImage img, int size) {
        if (img.getWidth() == size && img.getHeight() == size && img.getType() == BufferedImage.TYPE_INT_RGB) {
            return img;
        }
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(img, 0, 0, size, size, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Back to an image, clamping to [0, 1] (for previews of augmentation). */
    public BufferedImage toImage() {
        int n = width * height;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] argb = new int[n];
        for (int i = 0; i < n; i++) {
            int r = clamp255(data[i]);
            int g = clamp255(data[n + i]);
            int b = clamp255(data[2 * n + i]);
            argb[i] = (r << 16) | (g << 8) | b;
        }
        img.setRGB(0, 0, width, height, argb, 0, width);
        return img;
    }

    private static int clamp255(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255f)));
    }

    /** ITU-R 601 luma, the weights torchvision's grayscale uses. */
    static float luma(float r, float g, float b) {
        return 0.299f * r + 0.587f * g + 0.114f * b;
    }
}
