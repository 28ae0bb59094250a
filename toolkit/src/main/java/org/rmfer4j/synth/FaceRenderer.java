package org.rmfer4j.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.GeneralPath;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;

/**
 * Draws a synthetic face with Java2D: identity (shape, tone, hair, features, glasses, age) and expression
 * ({@link ActionUnits}) in a pose. Faces are shaded (darker edges, dark eyes and brows, a nose shadow) the way real
 * faces are lit, which is what lets OpenCV's Haar cascade find them; nothing here reads ground truth to help it.
 */
public final class FaceRenderer {
    private FaceRenderer() {}

    /**
     * A pose.
     *
     * @param cx     face centre x in the target, pixels
     * @param cy     face centre y
     * @param width  face width in pixels (the box width; height follows from the identity's aspect)
     * @param roll   in-plane rotation, degrees
     * @param yaw    horizontal squash 0.8–1.0 standing in for a turned head
     */
    public record Pose(double cx, double cy, double width, double roll, double yaw) {}

    /** The face's bounding box (axis-aligned, before roll) for a pose: x, y, w, h. */
    public static double[] box(Identity id, Pose p) {
        double w = p.width() * p.yaw();
        double h = p.width() * id.faceAspect();
        return new double[] {p.cx() - w / 2, p.cy() - h / 2, w, h};
    }

    /** Draws the face into {@code g} (which it leaves as it found it). */
    public static void draw(Graphics2D g0, Identity id, ActionUnits au, Pose p) {
        Graphics2D g = (Graphics2D) g0.create();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.translate(p.cx(), p.cy());
            g.rotate(Math.toRadians(p.roll()));
            g.scale(p.yaw(), 1.0);
            double w = p.width();
            double h = w * id.faceAspect();
            drawHead(g, id, w, h);
            drawFeatures(g, id, au, w, h);
        } finally {
            g.dispose();
        }
    }

    private static void drawHead(Graphics2D g, Identity id, double w, double h) {
        Color skin = id.skin();
        if (id.hairStyle() == 1) { // long hair behind the head
            g.setColor(id.hair());
            g.fill(new RoundRectangle2D.Double(-0.62 * w, -0.55 * h, 1.24 * w, 1.25 * h, 0.6 * w, 0.6 * w));
        }
        g.setColor(Identity.shade(skin, 0.8));
        g.fill(new Rectangle2D.Double(-0.2 * w, 0.3 * h, 0.4 * w, 0.45 * h)); // neck
        Shape face = faceShape(w, h, id.jaw());
        g.setPaint(new RadialGradientPaint(
                new Point2D.Double(0, -0.05 * h), (float) (0.62 * h), new float[] {0f, 0.65f, 1f}, new Color[] {
                    Identity.shade(skin, 1.06), skin, Identity.shade(skin, 0.62)
                }));
        g.fill(face.path);
        // ears
        g.setColor(Identity.shade(skin, 0.85));
        g.fill(new Ellipse2D.Double(-0.56 * w, -0.12 * h, 0.12 * w, 0.22 * h));
        g.fill(new Ellipse2D.Double(0.44 * w, -0.12 * h, 0.12 * w, 0.22 * h));
        if (id.hairStyle() != 3) {
            g.setColor(id.hair());
            Path2D top = new Path2D.Double();
            double fringe = id.hairStyle() == 2 ? -0.22 * h : -0.3 * h;
            top.moveTo(-0.52 * w, -0.05 * h);
            top.curveTo(-0.56 * w, -0.62 * h, 0.56 * w, -0.62 * h, 0.52 * w, -0.05 * h);
            top.curveTo(0.45 * w, -0.25 * h, 0.3 * w, fringe, 0, fringe);
            top.curveTo(-0.3 * w, fringe, -0.45 * w, -0.25 * h, -0.52 * w, -0.05 * h);
            g.fill(top);
        }
    }

    private record Shape(Path2D path) {}

    private static Shape faceShape(double w, double h, double jaw) {
        Path2D p = new Path2D.Double();
        double cw = 0.5 * w;
        double chin = 0.5 * h;
        double jawW = (0.28 + 0.14 * jaw) * w;
        p.moveTo(0, -0.5 * h);
        p.curveTo(0.56 * cw * 1.25, -0.5 * h, cw, -0.3 * h, cw, 0.0);
        p.curveTo(cw, 0.22 * h, jawW + 0.06 * w, 0.38 * h, 0.12 * w, chin);
        p.curveTo(0.05 * w, 0.51 * h, -0.05 * w, 0.51 * h, -0.12 * w, chin);
        p.curveTo(-jawW - 0.06 * w, 0.38 * h, -cw, 0.22 * h, -cw, 0.0);
        p.curveTo(-cw, -0.3 * h, -0.56 * cw * 1.25, -0.5 * h, 0, -0.5 * h);
        p.closePath();
        return new Shape(p);
    }

    private static void drawFeatures(Graphics2D g, Identity id, ActionUnits a, double w, double h) {
        Color skin = id.skin();
        double eyeY = -0.06 * h;
        double eyeDx = id.eyeSpacing() * w / 2;
        double eyeW = id.eyeSize() * w;
        double open = Math.max(0.12, 1 + 0.7 * a.lidRaise() - 0.55 * a.lidTighten() - 0.35 * a.cheekRaise());
        double eyeH = eyeW * 0.34 * open;
        Color brow = darker(Identity.blend(id.hair(), new Color(20, 15, 12), 0.5), Identity.shade(skin, 0.45));
        // Light from above: upper cheeks and the nose bridge catch it, eye sockets are in shadow. This contrast
        // (eye band darker than cheeks and bridge) is what real faces show and what Haar features look for.
        double luma = (0.299 * skin.getRed() + 0.587 * skin.getGreen() + 0.114 * skin.getBlue()) / 255.0;
        // darker skin shows stronger highlights relative to its tone
        int alpha = (int) (30 + 50 * (1 - luma));
        for (int s = -1; s <= 1; s += 2) {
            softSpot(g, s * eyeDx, eyeY + eyeW * 0.95, eyeW * 0.8, alpha);
        }
        softSpot(g, 0, eyeY - 0.17 * h, 0.2 * w, alpha); // forehead
        softSpot(g, 0, eyeY + 0.04 * h, 0.07 * w, alpha + 20); // nose bridge: lighter than the eyes beside it
        g.setColor(new Color(0, 0, 0, 70));
        for (int s = -1; s <= 1; s += 2) {
            g.fill(new Ellipse2D.Double(s * eyeDx - eyeW * 0.75, eyeY - eyeW * 0.55, eyeW * 1.5, eyeW * 1.0));
        }
        for (int s = -1; s <= 1; s += 2) {
            double ex = s * eyeDx;
            // the visible sclera sits in the socket's shadow: greyer on darker, more shadowed faces
            g.setColor(Identity.blend(new Color(225, 220, 210), Identity.shade(skin, 0.5), 0.25 + 0.35 * (1 - luma)));
            g.fill(new Ellipse2D.Double(ex - eyeW / 2, eyeY - eyeH / 2, eyeW, eyeH));
            double ir = Math.min(eyeW * 0.26, eyeH * 0.75);
            g.setColor(new Color(60, 40, 25));
            g.fill(new Ellipse2D.Double(ex - ir, eyeY - ir, 2 * ir, 2 * ir));
            g.setColor(new Color(10, 10, 10));
            g.fill(new Ellipse2D.Double(ex - ir * 0.5, eyeY - ir * 0.5, ir, ir));
            g.setColor(new Color(25, 18, 15)); // upper lid and lashes
            g.setStroke(
                    new BasicStroke((float) Math.max(1.5, w * 0.02), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Arc2D.Double(ex - eyeW / 2, eyeY - eyeH / 2, eyeW, eyeH, 10, 160, Arc2D.OPEN));
            // brows: inner end up with AU1, outer with AU2, both down and inward with AU4
            double browBase = eyeY - eyeW * 0.62 - 0.02 * h;
            double inner = browBase - 0.07 * h * a.innerBrowRaise() + 0.05 * h * a.browLower();
            double outer = browBase
                    - 0.06 * h * a.outerBrowRaise()
                    + 0.01 * h * a.browLower()
                    + 0.02 * h * a.innerBrowRaise() * (1 - a.outerBrowRaise());
            double innerX = s * (eyeDx - eyeW * 0.55 + 0.03 * w * a.browLower());
            double outerX = s * (eyeDx + eyeW * 0.65);
            g.setColor(brow);
            g.setStroke(new BasicStroke(
                    (float) (w * 0.03 * id.browWeight()), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            Path2D b = new Path2D.Double();
            b.moveTo(innerX, inner);
            b.quadTo((innerX + outerX) / 2, Math.min(inner, outer) - 0.025 * h, outerX, outer);
            g.draw(b);
            if (a.cheekRaise() > 0.05) { // raised cheeks: a rounded bulge under the eye
                g.setColor(new Color(200, 80, 80, (int) (50 * a.cheekRaise())));
                g.fill(new Ellipse2D.Double(
                        ex - eyeW * 0.7, eyeY + 0.09 * h - 0.03 * h * a.cheekRaise(), eyeW * 1.4, eyeW * 0.7));
            }
        }
        if (a.browLower() > 0.2) { // frown lines between the brows
            g.setColor(Identity.shade(skin, 0.6));
            g.setStroke(new BasicStroke((float) Math.max(1, w * 0.008)));
            g.draw(new Line2D.Double(-0.03 * w, eyeY - 0.12 * h, -0.02 * w, eyeY - 0.06 * h));
            g.draw(new Line2D.Double(0.03 * w, eyeY - 0.12 * h, 0.02 * w, eyeY - 0.06 * h));
        }
        // nose
        double noseTop = eyeY + 0.02 * h;
        double noseBottom = eyeY + id.noseLength() * h - 0.02 * h * a.noseWrinkle();
        // the lower nose: soft side shadows and a darker underside, the bridge left in the light
        double sideTop = noseTop + 0.45 * (noseBottom - noseTop);
        g.setPaint(new GradientPaint(
                0f, (float) sideTop, new Color(0, 0, 0, 0), 0f, (float) noseBottom, new Color(0, 0, 0, 60)));
        g.fill(new Ellipse2D.Double(-0.08 * w, sideTop, 0.16 * w, noseBottom - sideTop + 0.02 * h));
        g.setColor(Identity.shade(skin, 0.45));
        double nw = 0.05 * w * (1 + 0.3 * a.noseWrinkle());
        g.fill(new Ellipse2D.Double(-0.07 * w, noseBottom - 0.015 * h, nw, 0.03 * h));
        g.fill(new Ellipse2D.Double(0.07 * w - nw, noseBottom - 0.015 * h, nw, 0.03 * h));
        if (a.noseWrinkle() > 0.1) {
            g.setColor(Identity.shade(skin, 0.55));
            g.setStroke(new BasicStroke((float) Math.max(1, w * 0.01)));
            for (int s = -1; s <= 1; s += 2) {
                g.draw(new Line2D.Double(s * 0.03 * w, noseTop + 0.02 * h, s * 0.07 * w, noseTop + 0.06 * h));
            }
        }
        drawMouth(g, id, a, w, h, noseBottom);
        if (id.age() > 0.6) {
            g.setColor(Identity.shade(skin, 0.7));
            g.setStroke(new BasicStroke((float) Math.max(1, w * 0.006)));
            for (int k = 0; k < 2; k++) {
                double y = -0.3 * h + k * 0.04 * h;
                g.draw(new Line2D.Double(-0.15 * w, y, 0.15 * w, y));
            }
        }
        if (id.glasses()) {
            g.setColor(new Color(25, 25, 30));
            g.setStroke(new BasicStroke((float) Math.max(1.5, w * 0.018)));
            for (int s = -1; s <= 1; s += 2) {
                g.draw(new RoundRectangle2D.Double(
                        s * eyeDx - eyeW * 0.75, eyeY - eyeW * 0.45, eyeW * 1.5, eyeW * 0.9, eyeW * 0.3, eyeW * 0.3));
            }
            g.draw(new Line2D.Double(-eyeDx + eyeW * 0.75, eyeY, eyeDx - eyeW * 0.75, eyeY));
        }
    }

    static Color darker(Color a, Color b) {
        double la = 0.299 * a.getRed() + 0.587 * a.getGreen() + 0.114 * a.getBlue();
        double lb = 0.299 * b.getRed() + 0.587 * b.getGreen() + 0.114 * b.getBlue();
        return la <= lb ? a : b;
    }

    /** A soft white highlight fading to nothing at radius r. */
    private static void softSpot(Graphics2D g, double x, double y, double r, int alpha) {
        g.setPaint(new RadialGradientPaint(new Point2D.Double(x, y), (float) r, new float[] {0f, 1f}, new Color[] {
            new Color(255, 255, 255, Math.min(255, alpha)), new Color(255, 255, 255, 0)
        }));
        g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
    }

    private static void drawMouth(Graphics2D g, Identity id, ActionUnits a, double w, double h, double noseBottom) {
        double my = noseBottom + 0.11 * h;
        double half =
                id.mouthWidth() * w / 2 * (1 + 0.25 * a.lipStretch() + 0.15 * a.lipCornerPull() - 0.15 * a.lipPress());
        double up = 0.07 * h * a.lipCornerPull() - 0.06 * h * a.lipCornerDepress();
        double leftY = my - up;
        double rightY = my - up - 0.06 * h * a.oneSidedCorner();
        double rightX = half + 0.04 * w * a.oneSidedCorner();
        double open = 0.14 * h * a.jawDrop() + 0.03 * h * a.lipStretch();
        double upperLift = 0.03 * h * a.upperLipRaise();
        double lipT = Math.max(0.012 * h, 0.03 * h * (1 - a.lipPress()));
        GeneralPath upper = new GeneralPath();
        upper.moveTo(-half, leftY);
        upper.curveTo(-half * 0.5, my - lipT - upperLift, half * 0.5, my - lipT - upperLift, rightX, rightY);
        upper.curveTo(half * 0.5, my - upperLift + open * 0.1, -half * 0.5, my - upperLift + open * 0.1, -half, leftY);
        GeneralPath lower = new GeneralPath();
        double lowY = my + open;
        lower.moveTo(-half, leftY);
        lower.curveTo(-half * 0.5, lowY + lipT * 0.2, half * 0.5, lowY + lipT * 0.2, rightX, rightY);
        lower.curveTo(half * 0.5, lowY + lipT * 1.4, -half * 0.5, lowY + lipT * 1.4, -half, leftY);
        if (open > 0.01 * h) {
            GeneralPath inside = new GeneralPath();
            inside.moveTo(-half * 0.9, (leftY + my) / 2);
            inside.curveTo(-half * 0.4, my - upperLift, half * 0.4, my - upperLift, rightX * 0.9, (rightY + my) / 2);
            inside.curveTo(
                    half * 0.4, lowY + 0.2 * lipT, -half * 0.4, lowY + 0.2 * lipT, -half * 0.9, (leftY + my) / 2);
            g.setColor(new Color(45, 15, 15));
            g.fill(inside);
            g.setColor(new Color(235, 232, 220));
            g.fill(new Rectangle2D.Double(-half * 0.5, my - upperLift, half, Math.min(open * 0.3, 0.03 * h)));
        }
        g.setColor(id.lips());
        g.fill(upper);
        g.fill(lower);
        g.setColor(Identity.shade(id.lips(), 0.6));
        g.setStroke(new BasicStroke((float) Math.max(1, w * 0.008)));
        Path2D line = new Path2D.Double();
        line.moveTo(-half, leftY);
        line.curveTo(-half * 0.5, my + open * 0.2, half * 0.5, my + open * 0.2, rightX, rightY);
        g.draw(line);
    }

    /** The transform a pose applies, for mapping face-relative points to the image. */
    static AffineTransform transform(Pose p) {
        AffineTransform t = new AffineTransform();
        t.translate(p.cx(), p.cy());
        t.rotate(Math.toRadians(p.roll()));
        t.scale(p.yaw(), 1);
        return t;
    }
}
