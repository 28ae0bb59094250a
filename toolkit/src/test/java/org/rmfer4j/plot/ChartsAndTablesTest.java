package org.rmfer4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.series.Series;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.eval.ConfusionMatrix;
import tech.tablesaw.api.Table;

/** Chart structure, PNG output, and the paper's numbers exactly as printed. */
class ChartsAndTablesTest {
    @TempDir
    Path dir;

    static List<String> names(Chart<?, ?> c) {
        return c.getSeriesCollection().stream().map(s -> ((Series) s).getName()).toList();
    }

    private static Table epochs(double... acc) {
        tech.tablesaw.api.DoubleColumn e = tech.tablesaw.api.DoubleColumn.create("epoch");
        tech.tablesaw.api.DoubleColumn a = tech.tablesaw.api.DoubleColumn.create("test_class_avg_acc");
        for (int i = 0; i < acc.length; i++) {
            e.append(i);
            a.append(acc[i]);
        }
        return Table.create("run", e, a);
    }

    private static org.knowm.xchart.XYSeries series(XYChart c, String name) {
        return c.getSeriesCollection().stream()
                .filter(x -> x.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void seedBandsShowTheMeanAndTheIntervalOverSeeds() {
        // three seeds: epoch 1 at 0.50, 0.60, 0.70 -> mean 60%, sd 10, half-width t(0.975, 2) * 10 / sqrt(3) = 24.84
        var runs = new java.util.LinkedHashMap<String, List<Table>>();
        runs.put("w/o ACL", List.of(epochs(0.50, 0.60), epochs(0.60, 0.60), epochs(0.70, 0.60)));
        runs.put("RMFER", List.of(epochs(0.40)));
        XYChart c = Charts.seedBands("t", runs, "test_class_avg_acc");
        var s = series(c, "w/o ACL (3 seeds)");
        assertEquals(60, s.getYData()[0], 1e-9);
        assertEquals(4.3027 * 10 / Math.sqrt(3), s.getExtraValues()[0], 1e-9);
        assertEquals(60, s.getYData()[1], 1e-9);
        assertEquals(0, s.getExtraValues()[1], 1e-9, "three equal values: no spread");
        assertEquals(2.0, s.getXData()[1], 1e-9, "epochs drawn from 1");
        var one = series(c, "RMFER (1 seeds)");
        assertEquals(0, one.getExtraValues()[0], 1e-9, "one seed: no interval");
    }

    @Test
    void mdsChartHasOneSeriesPerPresentClassPlusCentres() throws Exception {
        double[][] p = {{0, 0}, {2, 0}, {0, 3}, {0, 5}, {0, 7}};
        int[] y = {0, 0, 1, 1, 1};
        XYChart c = Charts.mds("(a) test", p, y, ClassOrder.AFFECTNET_7);
        assertEquals(4, c.getSeriesCollection().size(), "2 classes + 2 centres");
        assertTrue(names(c).contains("Neutral") && names(c).contains("Happiness centre"));
        assertTrue(c.getTitle().contains("mean distance from centre 1.200"), c.getTitle());
        assertEquals("MDS 1", c.getXAxisTitle());
        Path png = Charts.savePng(c, dir.resolve("mds.png"));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(520, img.getWidth());
        assertEquals(500, img.getHeight());
        // Fig. 5 as one image: three panels side by side under a title strip, captioned
        Figures.MdsPanel panel = new Figures.MdsPanel(p, y, Mds.meanDistanceFromCentres(p, y, 7));
        BufferedImage three = Charts.captioned(
                Charts.mdsPanels(
                        "Fig. 5",
                        List.of("(a)", "(b)", "(c)"),
                        List.of(panel, panel, panel),
                        List.of(ClassOrder.AFFECTNET_7, ClassOrder.AFFECTNET_7, ClassOrder.AFFECTNET_7)),
                "SYNTHETIC test");
        assertEquals(3 * 520, three.getWidth());
        assertEquals(500 + 30 + 22, three.getHeight(), "title strip and caption strip");
    }

    @Test
    void confusionAndPrecisionCharts() throws Exception {
        ConfusionMatrix m = ConfusionMatrix.of(ClassOrder.AFFECTNET_7, new int[] {0, 1, 1}, new int[] {0, 1, 0});
        var heat = Charts.confusion("cm", m);
        assertEquals("predicted", heat.getXAxisTitle());
        assertEquals(
                620,
                ImageIO.read(Charts.savePng(heat, dir.resolve("cm.png")).toFile())
                        .getWidth());
        CategoryChart cp = Charts.candidatePrecision("cp", 0.6, 0.8, 0.7, 0.9);
        assertEquals(List.of("before selection", "after selection"), names(cp));
        var before = cp.getSeriesCollection().iterator().next();
        assertEquals(60.0, before.getYData()[0], 1e-9);
    }

    @Test
    void curvesPlotEveryLoggedColumn() {
        Table t = Table.read().csv("epoch,phase,loss_total,loss_fer,test_acc\n0,1,2.0,1.9,0.3\n1,2,1.5,1.4,0.4\n", "e");
        XYChart c = Charts.curves("curves", t);
        assertEquals(List.of("loss_total", "loss_fer", "test_acc (%)", "phase 2 (ACL) starts"), names(c));
        var acc = c.getSeriesCollection().stream()
                .filter(s -> s.getName().equals("test_acc (%)"))
                .findFirst()
                .orElseThrow();
        assertEquals(2.0, acc.getXData()[1]);
        assertEquals(40.0, acc.getYData()[1], 1e-9, "accuracies in percent");
        assertEquals(1, acc.getYAxisGroup(), "on the right-hand axis");
        var phase = c.getSeriesCollection().stream()
                .filter(s -> s.getName().startsWith("phase 2"))
                .findFirst()
                .orElseThrow();
        assertEquals(1.5, phase.getXData()[0], 1e-9, "between epoch 1 and epoch 2 (the first of phase 2)");
    }

    @Test
    void paperNumbersAreAsPrinted() {
        Table t1 = PaperTables.build(PaperTables.TABLE_1, List.of());
        assertEquals(19, t1.rowCount());
        assertEquals("66.85", t1.stringColumn("AffectNet 7").get(18));
        assertEquals("91.33", t1.stringColumn("RAF-DB overall").get(18));
        assertEquals("77.37", t1.stringColumn("FERPlus average").get(18));
        assertEquals("–", t1.stringColumn("AffectNet 7").get(1)); // ESR has no 7-class number
        assertEquals("Ours w/o ACL, IAL", t1.stringColumn("method").get(16));
        Table t2 = PaperTables.build(PaperTables.TABLE_2, List.of());
        assertEquals("87.13", t2.stringColumn("RAF-DB overall").get(5));
        Table t3 = PaperTables.build(PaperTables.TABLE_3, List.of());
        assertEquals("83.97", t3.stringColumn("RAF-DB average").get(3));
        Table t4 = PaperTables.build(PaperTables.TABLE_4, List.of());
        assertEquals("84.40", t4.stringColumn("RAF-DB average").get(1));
        assertEquals("63.82", t4.stringColumn("AffectNet 8").get(2));
        assertTrue(PaperTables.markdown(PaperTables.TABLE_1, t1)
                .contains("| Ours (full) | paper | 66.85 | 63.82 | 91.33 | 85.59 | 86.48 | 77.37 |"));
    }
}
