package org.rmfer4j.lab;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.Provenance;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.Expression;
import org.rmfer4j.eval.Interval;
import org.rmfer4j.eval.Power;
import org.rmfer4j.rmset.RmsetIndex;
import org.rmfer4j.train.ExpressionOracle;
import org.rmfer4j.train.TrainResult;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * The lab's tables: one row per arm (mean ± 95% interval over seeds of the final weights, of the mean of the last
 * evaluations and of the epoch ensemble), the per-seed paired differences with their intervals, the prior's candidate precision against its
 * chance rates, and every run. All in percent (differences in percentage points), all SYNTHETIC, each file headed by
 * its provenance in the accompanying {@code lab-report.md}.
 */
public final class LabTables {
    /** A comparison of two arms, paired by seed: {@code a − b}. */
    public record Comparison(String name, Arm a, Arm b, long dataSeed) {}

    /** The comparisons the issue asks for, in order, then the other controls'. */
    static List<Comparison> comparisons(long dataSeed, @org.jspecify.annotations.Nullable Long second) {
        List<Comparison> c = new ArrayList<>(List.of(
                new Comparison("full-vs-without-acl", Arm.FULL, Arm.WITHOUT_ACL, dataSeed),
                new Comparison("without-acl-vs-baseline", Arm.WITHOUT_ACL, Arm.BASELINE, dataSeed),
                new Comparison("oracle-vs-full", Arm.ORACLE, Arm.FULL, dataSeed),
                new Comparison("broken-prior-full-vs-without-acl", Arm.BROKEN_PRIOR_FULL, Arm.WITHOUT_ACL, dataSeed),
                new Comparison("full-vs-baseline", Arm.FULL, Arm.BASELINE, dataSeed),
                new Comparison("full-vs-no-selection", Arm.FULL, Arm.NO_SELECTION, dataSeed),
                new Comparison("full-vs-without-sm", Arm.FULL, Arm.WITHOUT_SM, dataSeed),
                new Comparison("full-vs-rmset-50", Arm.FULL, Arm.RMSET_50, dataSeed),
                new Comparison("rmset-50-vs-without-acl", Arm.RMSET_50, Arm.WITHOUT_ACL, dataSeed),
                new Comparison(
                        "full-more-labels-vs-without-acl-more-labels",
                        Arm.FULL_MORE_LABELS,
                        Arm.WITHOUT_ACL_MORE_LABELS,
                        dataSeed)));
        if (second != null) {
            c.add(new Comparison("full-vs-without-acl@data-seed-" + second, Arm.FULL, Arm.WITHOUT_ACL, second));
            c.add(new Comparison("without-acl-vs-baseline@data-seed-" + second, Arm.WITHOUT_ACL, Arm.BASELINE, second));
        }
        return c;
    }

    /** Candidate precision of one arm, with the chance rates of its RMset. */
    public record Prior(
            Arm arm,
            double positiveBefore,
            double positiveAfter,
            double negativeBefore,
            double negativeAfter,
            double positiveChance,
            double negativeChance) {}

    private final LabExperiment.Plan plan;
    private final List<LabExperiment.Outcome> outcomes;
    private final Map<Long, Map<Arm, List<LabExperiment.Outcome>>> byWorld = new LinkedHashMap<>();
    private final List<Prior> priors = new ArrayList<>();
    private final String commit = Provenance.commit();
    private final String date = Provenance.now();

    private LabTables(LabExperiment.Plan plan, LabWorld world, List<LabExperiment.Outcome> outcomes) {
        this.plan = plan;
        this.outcomes = List.copyOf(outcomes);
        byWorld.put(
                plan.world().seed(), LabExperiment.byArm(outcomes, plan.world().seed()));
        if (plan.secondDataSeed() != null) {
            byWorld.put(plan.secondDataSeed(), LabExperiment.byArm(outcomes, plan.secondDataSeed()));
        }
        double chance = chance(world.rmset(), world.truth());
        double brokenChance = world.broken() == null ? chance : chance(world.broken(), world.brokenTruth());
        byWorld.get(plan.world().seed()).forEach((arm, list) -> {
            if (arm.usesAcl()) {
                double c = arm == Arm.BROKEN_PRIOR_FULL ? brokenChance : chance;
                priors.add(new Prior(
                        arm,
                        mean(list, o -> o.result().precision().positiveBefore()),
                        mean(list, o -> o.result().precision().positiveAfter()),
                        mean(list, o -> o.result().precision().negativeBefore()),
                        mean(list, o -> o.result().precision().negativeAfter()),
                        c,
                        1 - c));
            }
        });
    }

    public static LabTables of(LabExperiment.Plan plan, LabWorld world, List<LabExperiment.Outcome> outcomes) {
        return new LabTables(plan, world, outcomes);
    }

    /**
     * Chance rates of the prior: two faces drawn at random from the RMset share an expression with probability
     * Σ_e p_e² (p_e the share of faces showing e); a random "negative" differs with 1 − Σ_e p_e².
     */
    static double chance(Path rmset, ExpressionOracle truth) {
        Map<Expression, Integer> counts = new EnumMap<>(Expression.class);
        int known = 0;
        for (RmsetIndex.Row r : RmsetIndex.read(rmset).rows()) {
            Expression e = truth.expressionOf(r);
            if (e != null) {
                counts.merge(e, 1, Integer::sum);
                known++;
            }
        }
        double same = 0;
        for (int c : counts.values()) {
            same += ((double) c / known) * ((double) c / known);
        }
        return same;
    }

    private static double mean(List<LabExperiment.Outcome> list, ToDoubleFunction<LabExperiment.Outcome> f) {
        return list.stream()
                .mapToDouble(f)
                .filter(v -> !Double.isNaN(v))
                .average()
                .orElse(Double.NaN);
    }

    /** The interval of one measure over an arm's seeds (in percent). */
    public Interval interval(long dataSeed, Arm arm, ToDoubleFunction<LabExperiment.Outcome> measure) {
        List<LabExperiment.Outcome> list =
                byWorld.getOrDefault(dataSeed, Map.of()).getOrDefault(arm, List.of());
        return list.isEmpty()
                ? null
                : Interval.of(list.stream()
                        .mapToDouble(o -> 100 * measure.applyAsDouble(o))
                        .toArray());
    }

    /**
     * The paired difference a − b of a measure (in percentage points) over the seeds both arms ran, or null when
     * they share none.
     */
    public Interval paired(Comparison c, ToDoubleFunction<LabExperiment.Outcome> measure) {
        Map<Arm, List<LabExperiment.Outcome>> m = byWorld.getOrDefault(c.dataSeed(), Map.of());
        Map<Long, LabExperiment.Outcome> bs = new LinkedHashMap<>();
        m.getOrDefault(c.b(), List.of()).forEach(o -> bs.put(o.seed(), o));
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        for (LabExperiment.Outcome o : m.getOrDefault(c.a(), List.of())) {
            LabExperiment.Outcome p = bs.get(o.seed());
            if (p != null) {
                a.add(100 * measure.applyAsDouble(o));
                b.add(100 * measure.applyAsDouble(p));
            }
        }
        return a.isEmpty()
                ? null
                : Interval.paired(
                        a.stream().mapToDouble(Double::doubleValue).toArray(),
                        b.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** One CSV row: the cells joined by commas (as {@link StringBuilder#append} writes each), then a newline. */
    private static void row(StringBuilder sb, Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            sb.append(i == 0 ? "" : ",").append(cells[i]);
        }
        sb.append('\n');
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.2f", v);
    }

    private String armName(long dataSeed, Arm arm) {
        return dataSeed == plan.world().seed() ? arm.key() : arm.key() + "@data-seed-" + dataSeed;
    }

    /** {@code table-ablation.csv}: variant,seeds,acc_mean,acc_ci95,class_avg_mean,class_avg_ci95,attention_acc_mean. */
    public String ablationCsv() {
        StringBuilder sb =
                new StringBuilder("variant,seeds,acc_mean,acc_ci95,class_avg_mean,class_avg_ci95,attention_acc_mean\n");
        byWorld.forEach((ds, m) -> m.forEach((arm, list) -> {
            Interval acc = interval(ds, arm, LabExperiment.Outcome::accuracy);
            Interval avg = interval(ds, arm, LabExperiment.Outcome::classAverage);
            Interval att = interval(ds, arm, LabExperiment.Outcome::attentionAccuracy);
            row(
                    sb,
                    armName(ds, arm),
                    list.size(),
                    f(acc.mean()),
                    f(acc.halfWidth()),
                    f(avg.mean()),
                    f(avg.halfWidth()),
                    f(att.mean()));
        }));
        return sb.toString();
    }

    /** {@code table-ablation-last.csv}: the same from the mean of each run's last phase-2 evaluations. */
    public String lastCsv() {
        StringBuilder sb = new StringBuilder("variant,seeds,last_evals,acc_mean,acc_ci95,class_avg_mean,class_avg_ci95,"
                + "phase1_val_class_avg_mean,phase1_steps_mean\n");
        byWorld.forEach((ds, m) -> m.forEach((arm, list) -> {
            Interval acc = interval(ds, arm, LabExperiment.Outcome::lastAccuracy);
            Interval avg = interval(ds, arm, LabExperiment.Outcome::lastClassAverage);
            Interval val = interval(ds, arm, LabExperiment.Outcome::phase1Validation);
            double steps = list.stream()
                    .mapToInt(LabExperiment.Outcome::phase1Steps)
                    .average()
                    .orElse(Double.NaN);
            row(
                    sb,
                    armName(ds, arm),
                    list.size(),
                    plan.lastEvals(),
                    f(acc.mean()),
                    f(acc.halfWidth()),
                    f(avg.mean()),
                    f(avg.halfWidth()),
                    f(val.mean()),
                    f(steps));
        }));
        return sb.toString();
    }

    /**
     * {@code table-ablation-ensemble.csv}: the same from the epoch ensemble of each run (the mean softmax of its phase-2
     * epoch checkpoints, {@link org.rmfer4j.train.EpochEnsemble}), the lab's steady reading.
     */
    public String ensembleCsv() {
        StringBuilder sb =
                new StringBuilder("variant,seeds,checkpoints,acc_mean,acc_ci95,class_avg_mean,class_avg_ci95\n");
        byWorld.forEach((ds, m) -> m.forEach((arm, list) -> {
            Interval acc = interval(ds, arm, LabExperiment.Outcome::ensembleAccuracy);
            Interval avg = interval(ds, arm, LabExperiment.Outcome::ensembleClassAverage);
            double members = list.stream()
                    .mapToInt(LabExperiment.Outcome::ensembleMembers)
                    .average()
                    .orElse(Double.NaN);
            row(
                    sb,
                    armName(ds, arm),
                    list.size(),
                    f(members),
                    f(acc.mean()),
                    f(acc.halfWidth()),
                    f(avg.mean()),
                    f(avg.halfWidth()));
        }));
        return sb.toString();
    }

    /** {@code table-paired.csv}: comparison,seeds,diff_mean,ci_low,ci_high, class-average accuracy, final weights. */
    public String pairedCsv(ToDoubleFunction<LabExperiment.Outcome> measure) {
        StringBuilder sb = new StringBuilder("comparison,seeds,diff_mean,ci_low,ci_high\n");
        for (Comparison c : comparisons(plan.world().seed(), plan.secondDataSeed())) {
            Interval d = paired(c, measure);
            if (d != null) {
                row(sb, c.name(), d.n(), f(d.mean()), f(d.low()), f(d.high()));
            }
        }
        return sb.toString();
    }

    /** The difference the power table asks about: the paper's RMFER − w/o ACL on RAF-DB is about this (Table 1). */
    static final double ONE_POINT = 1.0;

    /**
     * {@code table-power.csv}: per comparison, the spread of its per-seed differences (final weights and epoch
     * ensemble), the smallest true difference those seeds detect with ~80% power ({@link Power}), and how many seeds a
     * one-point difference (the paper's scale) would need on the ensemble's reading. An interval that holds zero is
     * read against this: it rules out only differences above the detectable one.
     */
    public String powerCsv() {
        StringBuilder sb = new StringBuilder("comparison,seeds,sd_final,detectable_final,sd_ensemble,"
                + "detectable_ensemble,seeds_for_1pt_ensemble\n");
        for (Comparison c : comparisons(plan.world().seed(), plan.secondDataSeed())) {
            Interval d = paired(c, LabExperiment.Outcome::classAverage);
            Interval e = paired(c, LabExperiment.Outcome::ensembleClassAverage);
            if (d != null && d.n() >= 2) {
                row(
                        sb,
                        c.name(),
                        d.n(),
                        f(d.sd()),
                        f(Power.detectable(d)),
                        f(e.sd()),
                        f(Power.detectable(e)),
                        Power.seedsFor(e.sd(), ONE_POINT));
            }
        }
        return sb.toString();
    }

    /** {@code table-prior.csv}: candidate precision before / after selection against the chance rates. */
    public String priorCsv() {
        StringBuilder sb = new StringBuilder("variant,pos_precision_before,pos_precision_after,pos_chance,"
                + "neg_precision_before,neg_precision_after,neg_chance\n");
        for (Prior p : priors) {
            row(
                    sb,
                    p.arm().key(),
                    f(100 * p.positiveBefore()),
                    f(100 * p.positiveAfter()),
                    f(100 * p.positiveChance()),
                    f(100 * p.negativeBefore()),
                    f(100 * p.negativeAfter()),
                    f(100 * p.negativeChance()));
        }
        return sb.toString();
    }

    /**
     * {@code table-gradients.csv}: per ACL arm, the mean over its measured phase-2 steps (all seeds) of the backbone
     * gradient norms of L_pre and λ2·L_ACL, their ratio and cosine; arms whose runs measured none are left out.
     */
    public String gradientsCsv() {
        StringBuilder sb = new StringBuilder("variant,measurements,pre_norm,acl_norm,acl_to_pre,cosine\n");
        byWorld.forEach((ds, m) -> m.forEach((arm, list) -> {
            double[] sum = new double[4];
            int n = 0;
            for (LabExperiment.Outcome o : list) {
                if (!Files.isRegularFile(o.result().run().gradientMetrics())) {
                    continue;
                }
                Table t = o.result().run().gradients();
                List<String> cols = List.of("pre_norm", "acl_norm", "acl_to_pre", "cosine");
                for (int i = 0; i < t.rowCount(); i++) {
                    for (int k = 0; k < 4; k++) {
                        sum[k] += t.numberColumn(cols.get(k)).getDouble(i);
                    }
                    n++;
                }
            }
            if (n > 0) {
                sb.append(armName(ds, arm)).append(',').append(n);
                for (double v : sum) {
                    sb.append(',').append(String.format(Locale.ROOT, "%.4f", v / n));
                }
                sb.append('\n');
            }
        }));
        return sb.toString();
    }

    /** {@code table-runs.csv}: every run, none dropped. */
    public String runsCsv() {
        StringBuilder sb =
                new StringBuilder("variant,data_seed,seed,acc,class_avg,attention_acc,last_acc,last_class_avg,"
                        + "phase1_val_class_avg,phase1_steps,pos_precision_after,neg_precision_after,ensemble_acc,"
                        + "ensemble_class_avg,run\n");
        for (LabExperiment.Outcome o : outcomes) {
            TrainResult.CandidatePrecision p = o.result().precision();
            row(
                    sb,
                    o.arm().key(),
                    o.dataSeed(),
                    o.seed(),
                    f(100 * o.accuracy()),
                    f(100 * o.classAverage()),
                    f(100 * o.attentionAccuracy()),
                    f(100 * o.lastAccuracy()),
                    f(100 * o.lastClassAverage()),
                    f(100 * o.phase1Validation()),
                    o.phase1Steps(),
                    f(100 * p.positiveAfter()),
                    f(100 * p.negativeAfter()),
                    f(100 * o.ensembleAccuracy()),
                    f(100 * o.ensembleClassAverage()),
                    o.result().run().root().getFileName());
        }
        return sb.toString();
    }

    /** One paragraph of provenance: data, seeds, schedule, commit, date, engine. */
    public String provenance() {
        LabWorld.Spec w = plan.world();
        var c1 = plan.phase1().copy().setDataset("x").setDatasetRoot(".").build();
        var c2 = plan.phase2()
                .copy()
                .setDataset("x")
                .setDatasetRoot(".")
                .optRmset(Path.of("rmset"))
                .build();
        return String.format(
                Locale.ROOT,
                "SYNTHETIC lab '%s' (never a benchmark): data seed %d%s; training seeds %s (extra arms: "
                        + "first %d); labelled pool %d (uniform over 7 classes, %d people), %d labelled + %d validation per class, "
                        + "test %d (%d people); RMset from %d videos x %d viewers (%d people; reactions %s), every %d frames, %d px; "
                        + "phase 1 up to %d epochs x %d steps, patience %d evaluations every %d steps; phase 2 %d epochs x %d "
                        + "steps, lambda1 %.2f, lambda2 %.2f (warm-up %d steps), tau %.2f, gamma %.2f, %d anchors x %d candidates; "
                        + "engine %s, backbone %s; commit %s; %s",
                plan.name(),
                w.seed(),
                plan.secondDataSeed() == null ? "" : " (second data seed " + plan.secondDataSeed() + ")",
                plan.seeds(),
                plan.extraSeeds(),
                w.trainPool(),
                w.trainIdentities(),
                c1.data().labelledPerClass(),
                c1.data().validationPerClass(),
                w.testFaces(),
                w.testIdentities(),
                w.videos(),
                w.viewers(),
                w.rmsetIdentities(),
                w.reactions().describe(),
                w.every(),
                w.imageSize(),
                c1.schedule().preEpochs(),
                c1.schedule().stepsPerEpoch(),
                c1.schedule().earlyStopPatience(),
                c1.schedule().evalEverySteps(),
                c2.schedule().aclEpochs(),
                c2.schedule().stepsPerEpoch(),
                c2.schedule().lambda1(),
                c2.acl().lambda2(),
                c2.acl().lambda2Warmup(),
                c2.model().tau(),
                c2.acl().gamma(),
                c2.acl().anchorsPerStep(),
                c2.acl().candidates(),
                c2.run().engine(),
                c2.model().backbone(),
                commit,
                date);
    }

    /** The tables as printed at the end of a run. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("Synthetic lab: final weights on the test split, mean ± 95% interval over seeds (percent)\n");
        sb.append(provenance()).append("\n\n");
        sb.append(String.format(
                Locale.ROOT,
                "| %-32s | %5s | %-14s | %-14s | %-9s |%n",
                "arm",
                "seeds",
                "accuracy",
                "class-avg",
                "attention"));
        byWorld.forEach((ds, m) -> m.forEach((arm, list) -> {
            Interval acc = interval(ds, arm, LabExperiment.Outcome::accuracy);
            Interval avg = interval(ds, arm, LabExperiment.Outcome::classAverage);
            Interval att = interval(ds, arm, LabExperiment.Outcome::attentionAccuracy);
            sb.append(String.format(
                    Locale.ROOT,
                    "| %-32s | %5d | %-14s | %-14s | %9.2f |%n",
                    armName(ds, arm),
                    list.size(),
                    acc.format(2),
                    avg.format(2),
                    att.mean()));
        }));
        sb.append("\nPaired differences of class-average accuracy (percentage points, a − b per seed):\n");
        for (Comparison c : comparisons(plan.world().seed(), plan.secondDataSeed())) {
            Interval d = paired(c, LabExperiment.Outcome::classAverage);
            Interval l = paired(c, LabExperiment.Outcome::lastClassAverage);
            Interval e = paired(c, LabExperiment.Outcome::ensembleClassAverage);
            if (d != null) {
                sb.append(String.format(
                        Locale.ROOT,
                        "  %-46s %d seeds: final %s [%s, %s]; last-%d mean %s; epoch ensemble %s [%s, %s]%n",
                        c.name(),
                        d.n(),
                        f(d.mean()),
                        f(d.low()),
                        f(d.high()),
                        plan.lastEvals(),
                        l.format(2),
                        f(e.mean()),
                        f(e.low()),
                        f(e.high())));
            }
        }
        if (!priors.isEmpty()) {
            sb.append("\nThe prior (candidate precision %, before -> after selection; chance):\n");
            for (Prior p : priors) {
                sb.append(String.format(
                        Locale.ROOT,
                        "  %-20s positives %.1f -> %.1f (chance %.1f); negatives %.1f -> %.1f (chance %.1f)%n",
                        p.arm().key(),
                        100 * p.positiveBefore(),
                        100 * p.positiveAfter(),
                        100 * p.positiveChance(),
                        100 * p.negativeBefore(),
                        100 * p.negativeAfter(),
                        100 * p.negativeChance()));
            }
        }
        return sb.toString();
    }

    /** {@link #ablationCsv()} as a table (for notebooks). */
    public Table ablationTable() {
        return table("Synthetic lab (SYNTHETIC): final weights, % (mean, 95% interval half-width)", ablationCsv());
    }

    /** {@link #pairedCsv} of class-average accuracy as a table (for notebooks). */
    public Table pairedTable() {
        return table(
                "Paired differences of class-average accuracy, points (a − b per seed, 95% interval)",
                pairedCsv(LabExperiment.Outcome::classAverage));
    }

    /** {@link #ensembleCsv()} as a table (for notebooks). */
    public Table ensembleTable() {
        return table("Synthetic lab (SYNTHETIC): epoch ensemble, % (mean, 95% interval half-width)", ensembleCsv());
    }

    /** {@link #pairedCsv} of the epoch ensemble's class-average accuracy as a table (for notebooks). */
    public Table pairedEnsembleTable() {
        return table(
                "Paired differences, epoch ensemble's class-average accuracy, points (a − b per seed, 95% interval)",
                pairedCsv(LabExperiment.Outcome::ensembleClassAverage));
    }

    /** {@link #priorCsv()} as a table (for notebooks). */
    public Table priorTable() {
        return table("The prior: candidate precision %, before / after selection, and chance", priorCsv());
    }

    private static Table table(String name, String csv) {
        try {
            return Table.read()
                    .csv(CsvReadOptions.builder(new StringReader(csv))
                            .tableName(name)
                            .build());
        } catch (RuntimeException e) {
            throw new RmferException("internal: cannot read back the lab table '" + name + "': " + e.getMessage(), e);
        }
    }

    /** Writes every table and {@code lab-report.md} into {@code dir}. */
    public void write(Path dir, Consumer<String> log) {
        AtomicFiles.writeString(dir.resolve("table-ablation.csv"), ablationCsv());
        AtomicFiles.writeString(dir.resolve("table-ablation-last.csv"), lastCsv());
        AtomicFiles.writeString(dir.resolve("table-paired.csv"), pairedCsv(LabExperiment.Outcome::classAverage));
        AtomicFiles.writeString(
                dir.resolve("table-paired-last.csv"), pairedCsv(LabExperiment.Outcome::lastClassAverage));
        AtomicFiles.writeString(dir.resolve("table-paired-accuracy.csv"), pairedCsv(LabExperiment.Outcome::accuracy));
        AtomicFiles.writeString(dir.resolve("table-ablation-ensemble.csv"), ensembleCsv());
        AtomicFiles.writeString(
                dir.resolve("table-paired-ensemble.csv"), pairedCsv(LabExperiment.Outcome::ensembleClassAverage));
        AtomicFiles.writeString(dir.resolve("table-power.csv"), powerCsv());
        AtomicFiles.writeString(dir.resolve("table-prior.csv"), priorCsv());
        AtomicFiles.writeString(dir.resolve("table-runs.csv"), runsCsv());
        AtomicFiles.writeString(dir.resolve("table-gradients.csv"), gradientsCsv());
        String report = "# Synthetic lab report (SYNTHETIC)\n\n" + provenance()
                + "\n\n```\n" + summary()
                + "```\n\nFiles: table-ablation.csv (final weights), table-ablation-last.csv (mean of "
                + "the last evaluations), table-ablation-ensemble.csv (the epoch ensemble: the mean softmax of each run's "
                + "phase-2 epoch checkpoints, the steadiest reading), table-paired.csv (class-average, final weights), "
                + "table-paired-last.csv, table-paired-ensemble.csv, table-power.csv (the smallest difference each "
                + "comparison's seeds detect with ~80% power, and the seeds a one-point difference needs), "
                + "table-paired-accuracy.csv, table-prior.csv, table-gradients.csv (the L_pre / λ2·L_ACL balance on the backbone), "
                + "table-fig4-fig5.csv (Fig. 5's MDS distance, the full-space within/between cosine ratio and nearest-centre "
                + "share, and Fig. 4's attention on held-out anchors, per arm over seeds), table-fig5-paired.csv (the Fig. 5 "
                + "measures as paired differences per seed), "
                + "table-tau.csv and table-lambda2.csv (the validation sweeps of τ and λ2, when run), table-runs.csv (every run), and seed-<s>/ (the first "
                + "seed's figures: MDS panels, Fig. 4 grid, confusion matrices, curves, with their own README.md).\n";
        AtomicFiles.writeString(dir.resolve("lab-report.md"), report);
        // the folder's index: the committed figures/ is such a folder
        AtomicFiles.writeString(
                dir.resolve("README.md"),
                report.replace(
                        "# Synthetic lab report (SYNTHETIC)",
                        "# Figures and tables: the synthetic lab (SYNTHETIC)\n\nWritten by `./rmfer demo` (`LabExperiment`); "
                                + "the same text is in lab-report.md."));
        log.accept("lab: tables in " + dir);
    }
}
