package org.rmfer4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.data.Expression;
import org.rmfer4j.eval.ConfusionMatrix;
import org.rmfer4j.eval.Interval;
import tech.tablesaw.api.Table;

/**
 * The toolkit's charts as XChart objects (display them in a notebook, or {@link #savePng} them). Numbered as in
 * {@code figures/}: fig-5 MDS, confusion heatmaps, training curves, class distributions, candidate precision.
 */
public final class Charts {
    /** One colour per expression, in AffectNet's canonical order (Neutral … Contempt). */
    private static final Color[] EXPRESSION_COLOURS = {
        new Color(0x7f7f7f),
        new Color(0xff7f0e),
        new Color(0x1f77b4),
        new Color(0x9467bd),
        new Color(0x2ca02c),
        new Color(0x8c564b),
        new Color(0xd62728),
        new Color(0xe377c2)
    };

    private Charts() {}

    /** The colour of an expression in every chart. */
    public static Color colour(Expression e) {
        return EXPRESSION_COLOURS[e.ordinal() % EXPRESSION_COLOURS.length];
    }

    /**
     * Fig. 5: MDS points {@code [N][2]} coloured by class, an X at each class centre, the mean distance from the
     * centres in the title.
     */
    public static XYChart mds(String title, double[][] points, int[] labels, ClassOrder order) {
        XYChart c = new XYChartBuilder()
                .width(520)
                .height(500)
                .title(String.format(
                        Locale.ROOT,
                        "%s (mean distance from centre %.3f)",
                        title,
                        Mds.meanDistanceFromCentres(points, labels, order.size())))
                .xAxisTitle("MDS 1")
                .yAxisTitle("MDS 2")
                .build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(5);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        double[][] centres = Mds.centres(points, labels, order.size());
        for (int e = 0; e < order.size(); e++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < points.length; i++) {
                if (labels[i] == e) {
                    xs.add(points[i][0]);
                    ys.add(points[i][1]);
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            Color col = colour(order.at(e));
            XYSeries s = c.addSeries(order.at(e).displayName(), xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 150));
            XYSeries x = c.addSeries(
                    order.at(e).displayName() + " centre", new double[] {centres[e][0]}, new double[] {centres[e][1]});
            x.setMarker(SeriesMarkers.CROSS);
            x.setMarkerColor(col.darker());
            x.setShowInLegend(false);
        }
        c.getStyler().setMarkerSize(6);
        return c;
    }

    /**
     * Fig. 5 as one image: a panel per run on the same axes (so spreads compare at a glance), each titled with its mean
     * distance from the class centres, under one title.
     */
    public static BufferedImage mdsPanels(
            String title, List<String> titles, List<Figures.MdsPanel> panels, List<ClassOrder> orders) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Figures.MdsPanel p : panels) {
            for (double[] pt : p.points()) {
                lo = Math.min(lo, Math.min(pt[0], pt[1]));
                hi = Math.max(hi, Math.max(pt[0], pt[1]));
            }
        }
        double pad = 0.05 * Math.max(1e-9, hi - lo);
        List<BufferedImage> imgs = new ArrayList<>();
        for (int i = 0; i < panels.size(); i++) {
            Figures.MdsPanel p = panels.get(i);
            XYChart c = mds(titles.get(i), p.points(), p.labels(), orders.get(i));
            c.setTitle(String.format(Locale.ROOT, "%s: %.3f", titles.get(i), p.meanDistance()));
            c.getStyler()
                    .setXAxisMin(lo - pad)
                    .setXAxisMax(hi + pad)
                    .setYAxisMin(lo - pad)
                    .setYAxisMax(hi + pad);
            c.getStyler().setLegendVisible(i == panels.size() - 1);
            c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            c.getStyler().setYAxisDecimalPattern("0.00");
            c.getStyler().setXAxisDecimalPattern("0.00");
            imgs.add(BitmapEncoder.getBufferedImage(c));
        }
        int w = imgs.stream().mapToInt(BufferedImage::getWidth).sum();
        int h = imgs.stream().mapToInt(BufferedImage::getHeight).max().orElse(0) + 30;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, 10, 20);
        int x = 0;
        for (BufferedImage im : imgs) {
            g.drawImage(im, x, 30, null);
            x += im.getWidth();
        }
        g.dispose();
        return out;
    }

    /** A confusion matrix as a heatmap with the counts written in the cells (rows: true class). */
    public static HeatMapChart confusion(String title, ConfusionMatrix m) {
        long[][] counts = m.counts();
        double[][] v = new double[counts.length][counts.length];
        for (int t = 0; t < counts.length; t++) {
            for (int p = 0; p < counts.length; p++) {
                v[t][p] = counts[t][p];
            }
        }
        HeatMapChart c = heatmap(title, v, m.order().displayNames(), true, "0");
        c.setXAxisTitle("predicted");
        c.setYAxisTitle("true");
        return c;
    }

    /** Any square matrix as a heatmap with values (e.g. an attention matrix A of one batch; rows attend to columns). */
    public static HeatMapChart matrix(String title, double[][] m, List<String> labels) {
        return heatmap(title, m, labels, m.length <= 12, "0.00");
    }

    /** Row i on top, column j left to right; XChart draws row index 0 at the bottom, hence the flip. */
    private static HeatMapChart heatmap(
            String title, double[][] m, List<String> labels, boolean showValues, String pattern) {
        if (m.length != labels.size()) {
            throw new RmferException(
                    "Heatmap needs one label per row: " + m.length + " rows, " + labels.size() + " labels");
        }
        HeatMapChart c =
                new HeatMapChartBuilder().width(620).height(560).title(title).build();
        c.getStyler().setShowValue(showValues);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setPlotContentSize(1);
        c.getStyler().setRangeColors(new Color[] {new Color(0xf7fbff), new Color(0x6baed6), new Color(0x08306b)});
        c.getStyler().setValueFontColor(Color.BLACK);
        c.getStyler().setDecimalPattern(pattern);
        // every row and column named (XChart skips labels that would touch unless the spacing hint is small)
        c.getStyler().setXAxisTickMarkSpacingHint(10);
        c.getStyler().setYAxisTickMarkSpacingHint(10);
        c.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, m.length > 8 ? 9 : 11));
        c.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, m.length > 8 ? 9 : 12));
        if (labels.stream().mapToInt(String::length).max().orElse(0) * m.length > 60) {
            c.getStyler().setXAxisLabelRotation(45);
        }
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                cells.add(new Number[] {j, m.length - 1 - i, m[i][j]});
            }
        }
        List<String> y = new ArrayList<>(labels);
        Collections.reverse(y);
        c.addSeries("values", labels, y, cells);
        return c;
    }

    /** One colour per metric, the same in every file. */
    private static final Map<String, Color> SERIES_COLOURS = Map.of(
            "loss_total",
            new Color(0x1f77b4),
            "loss_fer",
            new Color(0xff7f0e),
            "loss_ial",
            new Color(0x9467bd),
            "loss_acl",
            new Color(0x2ca02c),
            "test_acc",
            new Color(0xd62728),
            "test_class_avg_acc",
            new Color(0x8c564b),
            "test_attention_acc",
            new Color(0xe377c2));

    /**
     * Training curves from a run's epoch metrics: the loss terms on the left axis, the test accuracies in % on the right
     * one, each metric in its own fixed colour, and a dashed line where phase 2 (ACL) starts.
     */
    public static XYChart curves(String title, Table epochs) {
        XYChart c = new XYChartBuilder()
                .width(760)
                .height(440)
                .title(title)
                .xAxisTitle("epoch")
                .yAxisTitle("loss")
                .build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        c.setYAxisGroupTitle(0, "loss");
        c.setYAxisGroupTitle(1, "test accuracy (%)");
        c.getStyler().setYAxisDecimalPattern("0.##");
        double[] x = new double[epochs.rowCount()];
        for (int i = 0; i < x.length; i++) {
            x[i] = ((Number) epochs.column("epoch").get(i)).doubleValue() + 1;
        }
        double maxLoss = 0;
        for (String col : List.of(
                "loss_total",
                "loss_fer",
                "loss_ial",
                "loss_acl",
                "test_acc",
                "test_class_avg_acc",
                "test_attention_acc")) {
            if (!epochs.columnNames().contains(col)) {
                continue;
            }
            boolean accuracy = col.startsWith("test_");
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                if (!epochs.column(col).isMissing(i)) {
                    double v = ((Number) epochs.column(col).get(i)).doubleValue();
                    xs.add(x[i]);
                    ys.add(accuracy ? 100 * v : v);
                    if (!accuracy) {
                        maxLoss = Math.max(maxLoss, v);
                    }
                }
            }
            if (!xs.isEmpty()) {
                XYSeries s = c.addSeries(accuracy ? col + " (%)" : col, xs, ys);
                s.setYAxisGroup(accuracy ? 1 : 0);
                s.setLineColor(SERIES_COLOURS.get(col));
                s.setMarkerColor(SERIES_COLOURS.get(col));
                s.setMarker(accuracy ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
            }
        }
        if (c.getSeriesCollection().isEmpty()) {
            throw new RmferException("No epoch metrics to plot for " + title);
        }
        if (epochs.columnNames().contains("phase")) {
            for (int i = 0; i < x.length; i++) {
                if (((Number) epochs.column("phase").get(i)).intValue() == 2) {
                    double at = x[i] - 0.5; // between the last phase-1 epoch and the first phase-2 one
                    XYSeries p = c.addSeries(
                            "phase 2 (ACL) starts", new double[] {at, at}, new double[] {0, Math.max(1e-3, maxLoss)});
                    p.setYAxisGroup(0);
                    p.setLineColor(Color.GRAY);
                    p.setLineStyle(new BasicStroke(
                            1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
                    p.setMarker(SeriesMarkers.NONE);
                    break;
                }
            }
        }
        return c;
    }

    /** Stable colours per variant key across every seed-band chart (baseline, w/o ACL, RMFER, oracle, controls). */
    private static final List<Color> VARIANT_PALETTE = List.of(
            new Color(0x7f7f7f),
            new Color(0x1f77b4),
            new Color(0xd62728),
            new Color(0x2ca02c),
            new Color(0x9467bd),
            new Color(0xff7f0e),
            new Color(0x8c564b),
            new Color(0xe377c2),
            new Color(0x17becf),
            new Color(0xbcbd22));

    /**
     * One metric of several variants over training, each as the mean over seeds with its 95% interval as error bars
     * (Student's t over the seeds that reached that epoch; a point with one seed has no bar).
     *
     * @param runs   per variant label (in legend order), the epoch tables of its seeds' runs
     * @param column an epoch-table column, e.g. {@code test_class_avg_acc} (fractions are drawn in %)
     */
    public static XYChart seedBands(String title, Map<String, List<Table>> runs, String column) {
        XYChart c = new XYChartBuilder()
                .width(760)
                .height(440)
                .title(title)
                .xAxisTitle("epoch")
                .yAxisTitle(column + (column.contains("acc") ? " (%), mean ± 95% interval" : ", mean ± 95% interval"))
                .build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setYAxisDecimalPattern("0.#");
        c.getStyler().setErrorBarsColorSeriesColor(true); // each arm's interval in its own colour, not all black
        double scale = column.contains("acc") ? 100 : 1;
        int k = 0;
        for (Map.Entry<String, List<Table>> e : runs.entrySet()) {
            TreeMap<Double, List<Double>> byEpoch = new TreeMap<>();
            for (Table t : e.getValue()) {
                if (!t.columnNames().contains(column)) {
                    continue;
                }
                for (int i = 0; i < t.rowCount(); i++) {
                    if (!t.column(column).isMissing(i)) {
                        double epoch = ((Number) t.column("epoch").get(i)).doubleValue() + 1;
                        byEpoch.computeIfAbsent(epoch, x -> new ArrayList<>())
                                .add(scale * ((Number) t.column(column).get(i)).doubleValue());
                    }
                }
            }
            if (byEpoch.isEmpty()) {
                continue;
            }
            double[] xs = new double[byEpoch.size()];
            double[] ys = new double[xs.length];
            double[] bars = new double[xs.length];
            int n = 0;
            int seeds = 0;
            for (Map.Entry<Double, List<Double>> p : byEpoch.entrySet()) {
                Interval iv = Interval.of(p.getValue());
                xs[n] = p.getKey();
                ys[n] = iv.mean();
                bars[n] = Double.isNaN(iv.halfWidth()) ? 0 : iv.halfWidth();
                seeds = Math.max(seeds, p.getValue().size());
                n++;
            }
            XYSeries s = c.addSeries(e.getKey() + " (" + seeds + " seeds)", xs, ys, bars);
            Color colour = VARIANT_PALETTE.get(k++ % VARIANT_PALETTE.size());
            s.setLineColor(colour);
            s.setMarkerColor(colour);
        }
        if (c.getSeriesCollection().isEmpty()) {
            throw new RmferException("No '" + column + "' in the epoch metrics of the runs for " + title);
        }
        return c;
    }

    /** Images per class of one or more splits, as grouped bars. */
    public static CategoryChart classDistribution(
            String title, ClassOrder order, List<String> splits, List<int[]> counts) {
        CategoryChart c = new CategoryChartBuilder()
                .width(720)
                .height(420)
                .title(title)
                .xAxisTitle("class")
                .yAxisTitle("images")
                .build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        for (int i = 0; i < splits.size(); i++) {
            List<Integer> v = new ArrayList<>();
            for (int x : counts.get(i)) {
                v.add(x);
            }
            c.addSeries(splits.get(i), order.displayNames(), v);
        }
        return c;
    }

    /**
     * Candidate precision against the synthetic ground truth: share of positives with the anchor's expression and of
     * negatives with another, before and after attention-based selection (in %).
     */
    public static CategoryChart candidatePrecision(
            String title, double posBefore, double posAfter, double negBefore, double negAfter) {
        CategoryChart c = new CategoryChartBuilder()
                .width(640)
                .height(420)
                .title(title)
                .xAxisTitle("candidates: positives share the anchor's expression, negatives have another")
                .yAxisTitle("precision (%)")
                .build();
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(100.0);
        c.getStyler().setLabelsVisible(true); // values on the bars, one decimal
        c.getStyler().setDecimalPattern("0.0");
        c.getStyler().setLabelsPosition(0.85);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        List<String> sets = List.of("positives", "negatives");
        c.addSeries("before selection", sets, List.of(round1(100 * posBefore), round1(100 * negBefore)));
        c.addSeries("after selection", sets, List.of(round1(100 * posAfter), round1(100 * negAfter)));
        return c;
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /**
     * Saves a chart as PNG with a caption strip under it (the data's provenance: "SYNTHETIC lab ..." or the real
     * dataset), atomically; returns the file.
     */
    public static Path savePng(Chart<?, ?> chart, Path file, String caption) {
        return Figures.writePng(captioned(BitmapEncoder.getBufferedImage(chart), caption), file);
    }

    /** An image with a one-line caption strip under it. */
    public static BufferedImage captioned(BufferedImage img, String caption) {
        int h = 22;
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight() + h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(img, 0, 0, null);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(caption.startsWith("SYNTHETIC") ? new Color(0xb00000) : Color.DARK_GRAY);
        String text = caption;
        while (g.getFontMetrics().stringWidth(text) > out.getWidth() - 12 && text.length() > 4) {
            text = text.substring(0, text.length() - 2);
        }
        g.drawString(text.equals(caption) ? text : text + "…", 6, img.getHeight() + 15);
        g.dispose();
        return out;
    }

    /** Saves a chart as PNG through the checked atomic writer; returns the file. */
    public static Path savePng(Chart<?, ?> chart, Path file) {
        if (!file.getFileName().toString().endsWith(".png")) {
            throw new RmferException("Chart file must end in .png: " + file);
        }
        return Figures.writePng(BitmapEncoder.getBufferedImage(chart), file);
    }
}
