package org.rmfer4j.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
import org.rmfer4j.eval.ConfusionMatrix;
import tech.tablesaw.api.Table;

/**
 * The toolkit's charts as XChart objects (display them in a notebook, or {@link #savePng} them). Numbered as in
 * {@code figures/}: fig-5 MDS, confusion heatmaps, training curves, class distributions, candidate precision.
 */
public final class Charts {
    /** One colour per expression, in AffectNet's canonical order (Neutral … Contempt). */
    private static final Color[] EXPRESSION_COLOURS = {new Color(0x7f7f7f), new Color(0xff7f0e), new Color(0x1f77b4),
            new Color(0x9467bd), new Color(0x2ca02c), new Color(0x8c564b), new Color(0xd62728), new Color(0xe377c2)};

    private Charts() {
    }

    /** The colour of an expression in every chart. */
    public static Color colour(org.rmfer4j.data.Expression e) {
        return EXPRESSION_COLOURS[e.ordinal() % EXPRESSION_COLOURS.length];
    }

    /**
     * Fig. 5: MDS points {@code [N][2]} coloured by class, an X at each class centre, the mean distance from the
     * centres in the title.
     */
    public static XYChart mds(String title, double[][] points, int[] labels, ClassOrder order) {
        XYChart c = new XYChartBuilder().width(640).height(560).title(String.format(Locale.ROOT, "%s (mean distance from centre %.3f)",
                title, Mds.meanDistanceFromCentres(points, labels, order.size()))).xAxisTitle("MDS 1").yAxisTitle("MDS 2").build();
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
            XYSeries x = c.addSeries(order.at(e).displayName() + " centre", new double[]{centres[e][0]}, new double[]{centres[e][1]});
            x.setMarker(SeriesMarkers.CROSS);
            x.setMarkerColor(col.darker());
            x.setShowInLegend(false);
        }
        c.getStyler().setMarkerSize(6);
        return c;
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
    private static HeatMapChart heatmap(String title, double[][] m, List<String> labels, boolean showValues, String pattern) {
        if (m.length != labels.size()) {
            throw new RmferException("Heatmap needs one label per row: " + m.length + " rows, " + labels.size() + " labels");
        }
        HeatMapChart c = new HeatMapChartBuilder().width(620).height(560).title(title).build();
        c.getStyler().setShowValue(showValues);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setPlotContentSize(1);
        c.getStyler().setRangeColors(new Color[]{new Color(0xf7fbff), new Color(0x6baed6), new Color(0x08306b)});
        c.getStyler().setValueFontColor(Color.BLACK);
        c.getStyler().setDecimalPattern(pattern);
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                cells.add(new Number[]{j, m.length - 1 - i, m[i][j]});
            }
        }
        List<String> y = new ArrayList<>(labels);
        java.util.Collections.reverse(y);
        c.addSeries("values", labels, y, cells);
        return c;
    }

    /** Training curves from a run's epoch metrics: each loss component and the test accuracies, per epoch. */
    public static XYChart curves(String title, Table epochs) {
        XYChart c = new XYChartBuilder().width(720).height(440).title(title).xAxisTitle("epoch").yAxisTitle("loss / accuracy").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        double[] x = new double[epochs.rowCount()];
        for (int i = 0; i < x.length; i++) {
            x[i] = ((Number) epochs.column("epoch").get(i)).doubleValue() + 1;
        }
        for (String col : List.of("loss_total", "loss_fer", "loss_ial", "loss_acl", "test_acc", "test_class_avg_acc", "test_attention_acc")) {
            if (!epochs.columnNames().contains(col)) {
                continue;
            }
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                if (!epochs.column(col).isMissing(i)) {
                    xs.add(x[i]);
                    ys.add(((Number) epochs.column(col).get(i)).doubleValue());
                }
            }
            if (!xs.isEmpty()) {
                c.addSeries(col, xs, ys);
            }
        }
        if (c.getSeriesCollection().isEmpty()) {
            throw new RmferException("No epoch metrics to plot for " + title);
        }
        return c;
    }

    /** Images per class of one or more splits, as grouped bars. */
    public static CategoryChart classDistribution(String title, ClassOrder order, List<String> splits, List<int[]> counts) {
        CategoryChart c = new CategoryChartBuilder().width(720).height(420).title(title).xAxisTitle("class").yAxisTitle("images").build();
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
    public static CategoryChart candidatePrecision(String title, double posBefore, double posAfter, double negBefore, double negAfter) {
        CategoryChart c = new CategoryChartBuilder().width(600).height(420).title(title).xAxisTitle("candidate set")
                .yAxisTitle("precision (%)").build();
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(100.0);
        c.getStyler().setLabelsVisible(true); // values on the bars
        List<String> sets = List.of("positives (same expression)", "negatives (other expression)");
        c.addSeries("before selection", sets, List.of(100 * posBefore, 100 * negBefore));
        c.addSeries("after selection", sets, List.of(100 * posAfter, 100 * negAfter));
        return c;
    }

    /** Saves a chart as PNG atomically (temp file, then rename); returns the file. */
    public static Path savePng(Chart<?, ?> chart, Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".png")) {
            throw new RmferException("Chart file must end in .png: " + file);
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + name.substring(0, name.length() - 4) + ".tmp");
            BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG); // appends .png
            Files.move(Path.of(tmp + ".png"), file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(file.toAbsolutePath().getParent().resolve("." + name.substring(0, name.length() - 4) + ".tmp.png"));
            } catch (IOException ignored) {
                // the write's own failure is what matters
            }
            throw org.rmfer4j.core.AtomicFiles.failure("write the chart", file, e);
        }
    }
}
