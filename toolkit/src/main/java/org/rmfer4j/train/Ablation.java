package org.rmfer4j.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.Tables;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The ablation of the paper's three variants (baseline L_FER, w/o ACL L_pre, RMFER L_total), one row per run, plus a
 * mean ± standard deviation row per variant when there is more than one seed. Each row carries its provenance (data,
 * seed, config, run directory), and synthetic data is marked in the data column.
 */
public final class Ablation {
    private final List<TrainResult> runs;

    private Ablation(List<TrainResult> runs) {
        this.runs = List.copyOf(runs);
    }

    public static Ablation of(List<TrainResult> runs) {
        return new Ablation(runs);
    }

    /** Which variant a run is, from its loss weights. */
    public static Variant variantOf(TrainResult r) {
        if (r.config().usesAcl()) {
            return Variant.FULL;
        }
        return r.config().schedule().lambda1() > 0 ? Variant.WITHOUT_ACL : Variant.BASELINE;
    }

    /** One row per run: variant, loss, λ1, λ2, accuracies (in %), seed, data, config, run. */
    public Table table() {
        StringColumn variant = StringColumn.create("variant");
        StringColumn loss = StringColumn.create("loss");
        DoubleColumn l1 = DoubleColumn.create("lambda1");
        DoubleColumn l2 = DoubleColumn.create("lambda2");
        DoubleColumn acc = DoubleColumn.create("accuracy_pct");
        DoubleColumn avg = DoubleColumn.create("class_avg_accuracy_pct");
        DoubleColumn att = DoubleColumn.create("attention_accuracy_pct");
        DoubleColumn best = DoubleColumn.create("best_epoch_accuracy_pct");
        LongColumn seed = LongColumn.create("seed");
        StringColumn data = StringColumn.create("data");
        StringColumn config = StringColumn.create("config");
        StringColumn run = StringColumn.create("run");
        for (TrainResult r : runs) {
            Variant v = variantOf(r);
            variant.append(v.label());
            loss.append(v.loss());
            l1.append(r.config().schedule().lambda1());
            l2.append(r.config().acl().lambda2());
            acc.append(round(100 * r.finalEval().accuracy()));
            avg.append(round(100 * r.finalEval().classAverageAccuracy()));
            att.append(round(100 * r.finalEval().attentionAccuracy()));
            best.append(round(100 * r.bestAccuracy()));
            seed.append(r.config().run().seed());
            data.append(r.finalEval().dataset());
            config.append(r.config().name());
            run.append(r.run().root().toString());
        }
        return Table.create("ablation", variant, loss, l1, l2, acc, avg, att, best, seed, data, config, run);
    }

    /** Per variant over seeds: mean and sample standard deviation of accuracy and class-average accuracy. */
    public Table summary() {
        Map<Variant, List<TrainResult>> by = new LinkedHashMap<>();
        for (Variant v : Variant.values()) {
            by.put(v, new ArrayList<>());
        }
        runs.forEach(r -> by.get(variantOf(r)).add(r));
        StringColumn variant = StringColumn.create("variant");
        DoubleColumn n = DoubleColumn.create("seeds");
        DoubleColumn accMean = DoubleColumn.create("accuracy_mean_pct");
        DoubleColumn accSd = DoubleColumn.create("accuracy_sd_pct");
        DoubleColumn avgMean = DoubleColumn.create("class_avg_mean_pct");
        DoubleColumn avgSd = DoubleColumn.create("class_avg_sd_pct");
        by.forEach((v, rs) -> {
            if (rs.isEmpty()) {
                return;
            }
            double[] a =
                    rs.stream().mapToDouble(r -> 100 * r.finalEval().accuracy()).toArray();
            double[] c = rs.stream()
                    .mapToDouble(r -> 100 * r.finalEval().classAverageAccuracy())
                    .toArray();
            variant.append(v.label());
            n.append(rs.size());
            accMean.append(round(mean(a)));
            accSd.append(round(sd(a)));
            avgMean.append(round(mean(c)));
            avgSd.append(round(sd(c)));
        });
        return Table.create("ablation summary", variant, n, accMean, accSd, avgMean, avgSd);
    }

    /** The table as Markdown, with a provenance note on top. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        boolean synthetic = runs.stream().anyMatch(r -> r.finalEval().dataset().startsWith("SYNTHETIC"));
        sb.append("Ablation: baseline (L_FER), w/o ACL (L_pre), RMFER (L_total); final weights on the test split.\n");
        if (synthetic) {
            sb.append("SYNTHETIC data: these numbers demonstrate the pipeline; they are not a benchmark result.\n");
        }
        sb.append('\n')
                .append(
                        "| variant | loss | λ1 | λ2 | accuracy | class-avg acc. | attention acc. | best epoch acc. | seed | config |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        Table t = table();
        for (int i = 0; i < t.rowCount(); i++) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %.2f | %.2f | %.2f | %.2f | %d | %s |%n",
                    t.stringColumn("variant").get(i),
                    t.stringColumn("loss").get(i),
                    t.doubleColumn("lambda1").get(i),
                    t.doubleColumn("lambda2").get(i),
                    t.doubleColumn("accuracy_pct").get(i),
                    t.doubleColumn("class_avg_accuracy_pct").get(i),
                    t.doubleColumn("attention_accuracy_pct").get(i),
                    t.doubleColumn("best_epoch_accuracy_pct").get(i),
                    t.longColumn("seed").get(i),
                    t.stringColumn("config").get(i)));
        }
        Table s = summary();
        if (runs.size() > Variant.values().length) {
            sb.append(
                    "\n| variant | seeds | accuracy (mean ± sd) | class-avg acc. (mean ± sd) |\n|---|---:|---:|---:|\n");
            for (int i = 0; i < s.rowCount(); i++) {
                sb.append(String.format(
                        Locale.ROOT,
                        "| %s | %.0f | %.2f ± %.2f | %.2f ± %.2f |%n",
                        s.stringColumn("variant").get(i),
                        s.doubleColumn("seeds").get(i),
                        s.doubleColumn("accuracy_mean_pct").get(i),
                        s.doubleColumn("accuracy_sd_pct").get(i),
                        s.doubleColumn("class_avg_mean_pct").get(i),
                        s.doubleColumn("class_avg_sd_pct").get(i)));
            }
        }
        sb.append("\nData: ")
                .append(runs.isEmpty() ? "none" : runs.get(0).finalEval().dataset())
                .append('\n');
        return sb.toString();
    }

    public Path writeMarkdown(Path file) {
        return AtomicFiles.writeString(file, markdown());
    }

    public Path writeCsv(Path file) {
        return Tables.writeCsv(table(), file);
    }

    private static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 100) / 100.0;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double sd(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
