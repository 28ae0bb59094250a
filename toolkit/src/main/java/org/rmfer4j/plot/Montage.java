package org.rmfer4j.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.Expression;
import org.rmfer4j.data.FaceDataset;
import org.rmfer4j.data.FaceSample;
import org.rmfer4j.rmset.RmsetIndex;
import org.rmfer4j.train.AclSampler;
import org.rmfer4j.train.ExpressionOracle;

/** Image grids with captions: faces of a dataset, an RMset person's crops, augmentation previews. */
public final class Montage {
    private Montage() {}

    /** A grid of {@code cols} columns; each image scaled to {@code cell}×{@code cell}, its caption (may be empty) below. */
    public static BufferedImage grid(List<BufferedImage> images, List<String> captions, int cols, int cell) {
        if (images.isEmpty()) {
            throw new RmferException("A montage needs at least one image");
        }
        if (captions.size() != images.size()) {
            throw new RmferException("A montage needs one caption per image: " + images.size() + " images, "
                    + captions.size() + " captions");
        }
        int rows = (images.size() + cols - 1) / cols;
        int capH = captions.stream().anyMatch(c -> !c.isEmpty()) ? 16 : 0;
        BufferedImage out =
                new BufferedImage(cols * (cell + 4) + 4, rows * (cell + capH + 4) + 4, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i < images.size(); i++) {
            int x = 4 + (i % cols) * (cell + 4);
            int y = 4 + (i / cols) * (cell + capH + 4);
            g.drawImage(images.get(i), x, y, cell, cell, null);
            g.setColor(Color.BLACK);
            String c = captions.get(i);
            if (!c.isEmpty()) {
                g.drawString(c.length() > cell / 6 ? c.substring(0, cell / 6) : c, x, y + cell + 12);
            }
        }
        g.dispose();
        return out;
    }

    /** The first {@code n} faces of a dataset with their labels. */
    public static BufferedImage faces(FaceDataset data, int n, int cols) {
        List<BufferedImage> imgs = new ArrayList<>();
        List<String> caps = new ArrayList<>();
        for (int i = 0; i < Math.min(n, data.size()); i++) {
            FaceSample s = data.get(i);
            imgs.add(s.image().load());
            caps.add(s.label() == null ? "" : s.label().displayName());
        }
        return grid(imgs, caps, cols, 72);
    }

    /**
     * One ACL candidate set as pictures: the anchor, then up to {@code each} positives and {@code each} negatives, each
     * captioned with its role, person, frame and — where {@code truth} knows it (synthetic mashups) — its true
     * expression, marked ✓ when it fits the role (positive: the anchor's expression; negative: another one).
     */
    public static BufferedImage candidates(
            RmsetIndex index, AclSampler.Candidates c, @Nullable ExpressionOracle truth, int each) {
        Expression anchor = truth == null ? null : truth.expressionOf(c.anchor());
        List<BufferedImage> imgs = new ArrayList<>();
        List<String> caps = new ArrayList<>();
        imgs.add(index.image(c.anchor()).load());
        caps.add("anchor " + name(anchor));
        for (RmsetIndex.Row r :
                c.positives().subList(0, Math.min(each, c.positives().size()))) {
            Expression e = truth == null ? null : truth.expressionOf(r);
            imgs.add(index.image(r).load());
            caps.add("+ " + name(e) + (e != null && e == anchor ? " ✓" : ""));
        }
        for (RmsetIndex.Row r :
                c.negatives().subList(0, Math.min(each, c.negatives().size()))) {
            Expression e = truth == null ? null : truth.expressionOf(r);
            imgs.add(index.image(r).load());
            caps.add("− " + name(e) + (e != null && anchor != null && e != anchor ? " ✓" : ""));
        }
        return grid(imgs, caps, 1 + each, 84);
    }

    private static String name(@Nullable Expression e) {
        return e == null ? "?" : e.displayName();
    }
}
