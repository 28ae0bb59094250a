package org.rmfer4j.synth;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.util.SplittableRandom;

/**
 * Image nuisances that make synthetic faces less clean: a lighting gradient, partial occlusion, blur and sensor
 * noise. Each is drawn from the given generator, so an image is a pure function of its seed.
 *
 * @param lighting   maximum alpha of the lighting gradient (0–1)
 * @param occlusionP probability of an occluding patch over part of the face
 * @param blurP      probability of a 3×3 blur
 * @param noise      standard deviation of additive noise, in grey levels
 */
public record Nuisance(double lighting, double occlusionP, double blurP, double noise) {
    /** What SynthFER uses by default. */
    public static final Nuisance DEFAULT = new Nuisance(0.35, 0.1, 0.3, 4.0);
    /** None (clean renders). */
    public static final Nuisance NONE = new Nuisance(0, 0, 0, 0);

    /**
     * Applies the nuisances to {@code img} within the face box (x, y, w, h) and returns the result (possibly a new
     * image).
     */
    public BufferedImage apply(BufferedImage img, double[] box, SplittableRandom r) {
        Graphics2D g = img.createGraphics();
        try {
            if (lighting > 0) {
                double a = lighting * r.nextDouble();
                boolean fromLeft = r.nextBoolean();
                Color dark = new Color(0, 0, 0, (int) (255 * a));
                Color clear = new Color(0, 0, 0, 0);
                float x0 = (float) box[0];
                float x1 = (float) (box[0] + box[2]);
                g.setPaint(new GradientPaint(x0, 0, fromLeft ? clear : dark, x1, 0, fromLeft ? dark : clear));
                g.fillRect(0, 0, img.getWidth(), img.getHeight());
            }
            if (r.nextDouble() < occlusionP) {
                // a hand, a cup or a microphone: a rounded patch over the lower face or one side
                g.setColor(new Color(60 + r.nextInt(150), 50 + r.nextInt(150), 40 + r.nextInt(150)));
                double w = box[2] * (0.25 + 0.25 * r.nextDouble());
                double h = box[3] * (0.2 + 0.2 * r.nextDouble());
                double x = box[0] + r.nextDouble() * (box[2] - w);
                double y = box[1] + box[3] * (0.55 + 0.3 * r.nextDouble()) - h / 2;
                g.fill(new RoundRectangle2D.Double(x, y, w, h, w * 0.5, h * 0.5));
            }
        } finally {
            g.dispose();
        }
        BufferedImage out = img;
        if (r.nextDouble() < blurP) {
            float k = 1f / 9f;
            out = new ConvolveOp(new Kernel(3, 3, new float[] {k, k, k, k, k, k, k, k, k}), ConvolveOp.EDGE_NO_OP, null)
                    .filter(img, null);
        }
        if (noise > 0) {
            int w = out.getWidth();
            int h = out.getHeight();
            int[] px = out.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < px.length; i++) {
                int n = (int) Math.round(r.nextGaussian() * noise);
                int rr = Identity.clamp(((px[i] >> 16) & 0xFF) + n);
                int gg = Identity.clamp(((px[i] >> 8) & 0xFF) + n);
                int bb = Identity.clamp((px[i] & 0xFF) + n);
                px[i] = (rr << 16) | (gg << 8) | bb;
            }
            out.setRGB(0, 0, w, h, px, 0, w);
        }
        return out;
    }
}
