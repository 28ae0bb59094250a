package org.rmfer4j.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.transform.Preprocessor;
import org.rmfer4j.loss.ReferenceMath;
import org.rmfer4j.model.RmferModel;
import org.rmfer4j.rmset.RmsetIndex;
import org.rmfer4j.train.AclSampler;

/**
 * Fig. 4: an RMset anchor with some of its positive candidates (other people, same moment) and negative candidates
 * (the same person, far in time), each crop captioned with every model's attention to it. A model's attention is the
 * anchor's row of the softmax over the shown candidates of cos(H(f_anchor), H(f_c)) / τ — the quantity IAL and ACL
 * shape. Higher on positives and lower on negatives is what the paper shows as training adds IAL and ACL.
 */
public final class AttentionGrid {
    /** A model and the label its row of numbers gets. */
    public record Labelled(String label, RmferModel model) {}

    /** The drawn anchor, the shown candidates and each model's attention {@code [models][P + N]}. */
    public record Result(
            RmsetIndex.Row anchor,
            List<RmsetIndex.Row> positives,
            List<RmsetIndex.Row> negatives,
            List<String> labels,
            double[][] attention,
            BufferedImage image) {}

    private AttentionGrid() {}

    /** Draws the anchor for {@code seed} and renders the grid with {@code shown} positives and negatives. */
    public static Result render(
            List<Labelled> models,
            RmsetIndex index,
            AclSampler sampler,
            Preprocessor preprocessor,
            long seed,
            int shown) {
        if (models.isEmpty()) {
            throw new RmferException("Fig. 4 needs at least one model");
        }
        AclSampler.Candidates c = sampler.sample(seed, -1, 0);
        if (c == null) {
            throw new RmferException("Could not draw an RMset anchor with candidates for Fig. 4");
        }
        List<RmsetIndex.Row> pos =
                c.positives().subList(0, Math.min(shown, c.positives().size()));
        List<RmsetIndex.Row> neg = distinct(c.negatives(), shown);
        List<RmsetIndex.Row> all = new ArrayList<>();
        all.add(c.anchor());
        all.addAll(pos);
        all.addAll(neg);
        List<BufferedImage> crops = new ArrayList<>();
        int s = preprocessor.size();
        float[] pixels = new float[all.size() * 3 * s * s];
        for (int i = 0; i < all.size(); i++) {
            BufferedImage img = index.image(all.get(i)).load();
            crops.add(img);
            preprocessor.apply(img, new SplittableRandom(0), pixels, i * 3 * s * s);
        }
        INDArray batch = Nd4j.create(pixels, new long[] {all.size(), 3, s, s}, 'c');
        double[][] att = new double[models.size()][];
        List<String> labels = new ArrayList<>();
        for (int m = 0; m < models.size(); m++) {
            labels.add(models.get(m).label());
            att[m] = attention(
                    models.get(m).model().embed(batch),
                    models.get(m).model().config().tau());
        }
        return new Result(c.anchor(), pos, neg, labels, att, draw(crops, pos.size(), neg.size(), labels, att));
    }

    /** Softmax over candidates 1.. of cos(row 0, row j) / τ. */
    public static double[] attention(INDArray projections, double tau) {
        double[][] p = projections.toDoubleMatrix();
        int n = p.length - 1;
        double[] logits = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            logits[j] = ReferenceMath.cosine(p[0], p[j + 1]) / tau;
            max = Math.max(max, logits[j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            logits[j] = Math.exp(logits[j] - max);
            sum += logits[j];
        }
        for (int j = 0; j < n; j++) {
            logits[j] /= sum;
        }
        return logits;
    }

    private static List<RmsetIndex.Row> distinct(List<RmsetIndex.Row> rows, int n) {
        List<RmsetIndex.Row> out = new ArrayList<>();
        for (RmsetIndex.Row r : rows) {
            if (!out.contains(r)) {
                out.add(r);
            }
            if (out.size() == n) {
                break;
            }
        }
        return out;
    }

    private static BufferedImage draw(List<BufferedImage> crops, int np, int nn, List<String> labels, double[][] att) {
        int cw = 96;
        int ch = 126;
        int text = 16 * labels.size() + 8;
        int cols = Math.max(Math.max(np, nn), 1) + 1;
        String title = "Fig. 4: attention of the anchor to RMset candidates (softmax over the shown crops)";
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 15);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        int titleWidth = probe.createGraphics().getFontMetrics(titleFont).stringWidth(title);
        int w = Math.max(20 + cols * (cw + 12) + 20, titleWidth + 40);
        int rowH = ch + text + 28;
        int h = 50 + 3 * rowH;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(titleFont);
        g.drawString(title, 20, 28);
        String[] rowNames = {"anchor", "positives: other people, same moment", "negatives: same person, far in time"};
        int[][] rowItems = {{0, 1}, {1, np}, {1 + np, nn}};
        for (int r = 0; r < 3; r++) {
            int y0 = 50 + r * rowH;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.setColor(Color.DARK_GRAY);
            g.drawString(rowNames[r], 20, y0 + 12);
            for (int k = 0; k < rowItems[r][1]; k++) {
                int idx = rowItems[r][0] + k;
                int x = 20 + k * (cw + 12);
                g.drawImage(crops.get(idx), x, y0 + 18, cw, ch, null);
                if (r == 0) {
                    continue;
                }
                g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 12));
                for (int m = 0; m < labels.size(); m++) {
                    g.setColor(Color.BLACK);
                    g.drawString(
                            String.format(Locale.ROOT, "%-8.8s %.3f", labels.get(m), att[m][idx - 1]),
                            x,
                            y0 + 18 + ch + 14 + 16 * m);
                }
            }
        }
        g.dispose();
        return out;
    }
}
