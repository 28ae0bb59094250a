package org.rmfer4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * The method as a picture: the paper's Fig. 3 pipeline drawn by the toolkit (Java2D), with the names the code uses,
 * so a notebook can show what each library call computes.
 */
public final class Diagrams {
    private static final Color LABELLED = new Color(225, 238, 252);
    private static final Color RMSET = new Color(253, 236, 214);
    private static final Color LOSS = new Color(226, 244, 226);
    private static final Color SHARED = new Color(236, 236, 236);

    private Diagrams() {}

    /**
     * Fig. 3: the labelled batch through the backbone to f^FER (L_FER) and through H, inter-sample attention and f^IAL
     * (L_IAL); in phase 2, RMset anchors and their candidates through the same backbone and H, attention-based
     * selection, and L_ACL; the total loss with its weights.
     */
    public static BufferedImage fig3() {
        BufferedImage img = new BufferedImage(1180, 560, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString("RMFER (Fig. 3): L_total = L_FER + λ1·L_IAL + λ2·L_ACL", 20, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(
                "phase 1 (L_pre = L_FER + λ1·L_IAL): the blue path only; phase 2 adds the orange path, λ2 ramping up over "
                        + "acl.lambda2Warmup steps",
                20,
                48);

        // labelled branch
        box(g, 20, 90, 150, 70, LABELLED, "labelled batch", "x_1 … x_B (B = 32)", "DataSettings, BatchLoader");
        box(g, 220, 90, 150, 70, SHARED, "backbone", "f = g(x)  [B, n]", "Backbone");
        box(g, 420, 60, 170, 56, LABELLED, "f^FER (linear)", "logits [B, C]", "");
        box(g, 660, 60, 170, 56, LOSS, "L_FER", "cross-entropy", "CrossEntropyLoss");
        box(g, 420, 150, 170, 56, SHARED, "H (MLP)", "z = H(f)  [B, d]", "");
        box(
                g,
                620,
                150,
                250,
                70,
                LABELLED,
                "inter-sample attention",
                "A = softmax(mask(cos z_i,z_j)/τ)",
                "v = A·f   (InterSampleAttention)");
        box(g, 920, 150, 110, 56, LABELLED, "f^IAL", "logits of v", "");
        box(g, 1060, 150, 100, 56, LOSS, "L_IAL", "cross-entropy", "");
        arrow(g, 170, 125, 220, 125);
        arrow(g, 370, 115, 420, 90);
        arrow(g, 590, 88, 660, 88);
        arrow(g, 370, 135, 420, 178);
        arrow(g, 590, 180, 620, 183);
        arrow(g, 870, 180, 920, 178);
        arrow(g, 1030, 178, 1060, 178);

        // RMset branch
        box(
                g,
                20,
                320,
                200,
                110,
                RMSET,
                "RMset anchor x^L_T",
                "positives: other people near T",
                "negatives: person L, |t − T| > d′",
                "AclSampler (window, d, d′)");
        box(g, 270, 330, 170, 80, SHARED, "same backbone and H", "eval mode, no gradient", "(selection pass)");
        box(
                g,
                490,
                320,
                230,
                100,
                RMSET,
                "attention-based selection",
                "keep positives with the top γ",
                "and negatives with the bottom γ",
                "of cosine similarity (AttentionSelection)");
        box(g, 770, 330, 170, 80, SHARED, "backbone and H", "training mode", "z of anchor and kept");
        box(g, 990, 330, 170, 80, LOSS, "L_ACL", "contrastive over kept", "pairs, temperature τ (AclLoss)");
        arrow(g, 220, 370, 270, 370);
        arrow(g, 440, 370, 490, 370);
        arrow(g, 720, 370, 770, 370);
        arrow(g, 940, 370, 990, 370);
        dashed(g, 295, 160, 320, 330);

        g.setColor(new Color(90, 90, 90));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(
                "The backbone and H are shared by both paths (dashed). Settings: TrainConfig parts model (τ, self-mask), "
                        + "schedule (λ1), acl (λ2, γ, candidates, window).",
                20,
                480);
        g.drawString(
                "Self-mask: the diagonal of A gets a −1e7 logit (official) or −∞ (paper), so an image never attends to "
                        + "itself.",
                20,
                500);
        g.drawString("Drawn by org.rmfer4j.plot.Diagrams.fig3().", 20, 540);
        g.dispose();
        return img;
    }

    private static void box(Graphics2D g, int x, int y, int w, int h, Color fill, String title, String... lines) {
        g.setColor(fill);
        g.fillRoundRect(x, y, w, h, 12, 12);
        g.setColor(new Color(60, 60, 60));
        g.setStroke(new BasicStroke(1.4f));
        g.drawRoundRect(x, y, w, h, 12, 12);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, x + (w - fm.stringWidth(title)) / 2, y + 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        fm = g.getFontMetrics();
        int ty = y + 34;
        for (String l : lines) {
            if (!l.isEmpty()) {
                g.drawString(l, x + Math.max(4, (w - fm.stringWidth(l)) / 2), ty);
            }
            ty += 15;
        }
    }

    private static void arrow(Graphics2D g, int x1, int y1, int x2, int y2) {
        g.setColor(new Color(40, 40, 40));
        g.setStroke(new BasicStroke(1.6f));
        g.drawLine(x1, y1, x2, y2);
        AffineTransform old = g.getTransform();
        g.translate(x2, y2);
        g.rotate(Math.atan2(y2 - y1, x2 - x1));
        g.fillPolygon(new int[] {0, -9, -9}, new int[] {0, -4, 4}, 3);
        g.setTransform(old);
    }

    private static void dashed(Graphics2D g, int x1, int y1, int x2, int y2) {
        g.setColor(new Color(120, 120, 120));
        g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
        g.drawLine(x1, y1, x2, y2);
    }
}
