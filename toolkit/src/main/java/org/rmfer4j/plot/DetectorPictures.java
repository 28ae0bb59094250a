package org.rmfer4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rmfer4j.data.FileImage;
import org.rmfer4j.rmset.Detection;
import org.rmfer4j.rmset.FaceDetector;

/**
 * Face detectors side by side on one photo: a panel per detector with its boxes and scores, so a reader sees what a
 * false face or a missed face looks like. The caption says where the photo comes from (real or synthetic).
 */
public final class DetectorPictures {
    private DetectorPictures() {}

    /**
     * @param photo     the photo
     * @param source    what it is, for the caption (e.g. "REAL photo: face-api demo sample5.jpg, MIT")
     * @param width     each panel's width in pixels
     * @param detectors detector names ({@code ssd}, {@code tiny}, {@code haar-alt2}, {@code lbp}, ...)
     */
    public static BufferedImage compare(Path photo, String source, int width, String... detectors) {
        return compare(new FileImage(photo).load(), source, width, detectors);
    }

    /** {@link #compare(Path, String, int, String...)} on a decoded image (e.g. {@code DemoPhotos.sample5()}). */
    public static BufferedImage compare(BufferedImage img, String source, int width, String... detectors) {
        double scale = (double) width / img.getWidth();
        int h = (int) Math.round(img.getHeight() * scale);
        int title = 28;
        int caption = 22;
        BufferedImage out =
                new BufferedImage(width * detectors.length, h + title + caption, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int i = 0; i < detectors.length; i++) {
            List<Detection> found;
            try (FaceDetector d = new FaceDetector.Spec(detectors[i], null, "same").create()) {
                found = new ArrayList<>(d.detect(img));
            }
            int x0 = i * width;
            g.drawImage(img, x0, title, width, h, null);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(detectors[i] + ": " + found.size() + " face" + (found.size() == 1 ? "" : "s"), x0 + 6, 20);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            for (Detection d : found) {
                int bx = x0 + (int) Math.round(d.x() * scale);
                int by = title + (int) Math.round(d.y() * scale);
                int bw = (int) Math.round(d.w() * scale);
                int bh = (int) Math.round(d.h() * scale);
                g.setColor(new Color(40, 220, 60));
                g.setStroke(new BasicStroke(2.5f));
                g.drawRect(bx, by, bw, bh);
                String score = d.confidence() < 1
                        ? String.format(Locale.ROOT, "%.2f", d.confidence())
                        : String.format(Locale.ROOT, "%.0f", d.confidence());
                g.fillRect(bx, Math.max(title, by - 14), g.getFontMetrics().stringWidth(score) + 6, 14);
                g.setColor(Color.BLACK);
                g.drawString(score, bx + 3, Math.max(title + 11, by - 3));
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(source + " — score: the CNN's probability, the cascades' neighbour count", 6, out.getHeight() - 6);
        g.dispose();
        return out;
    }
}
