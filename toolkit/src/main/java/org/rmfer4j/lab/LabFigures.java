package org.rmfer4j.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.data.FaceDataset;
import org.rmfer4j.data.transform.Preprocessor;
import org.rmfer4j.eval.ClassSeparation;
import org.rmfer4j.eval.Interval;
import org.rmfer4j.model.RmferModel;
import org.rmfer4j.plot.AttentionGrid;
import org.rmfer4j.plot.Charts;
import org.rmfer4j.plot.Figures;
import org.rmfer4j.rmset.RmsetIndex;
import org.rmfer4j.train.AclSampler;
import org.rmfer4j.train.TrainResult;
import org.rmfer4j.train.TrainSplits;
import tech.tablesaw.api.Table;

/**
 * The paper's two qualitative figures, made quantitative over the lab's seeds, plus the usual figures of one seed.
 *
 * <ul>
 *   <li><b>Fig. 5</b>: the mean distance of the test features' 2-D MDS points (cosine distance) from their class
 *       centres, per arm and seed; the paper reports it falling from (a) to (c). Beside it, the same question in
 *       the full feature space and free of scale ({@link ClassSeparation}: within-class over between-class cosine
 *       distance, and the share of test faces nearest their own class centre), and both as paired differences per
 *       seed in {@code table-fig5-paired.csv}.</li>
 *   <li><b>Fig. 4</b>: over {@link #ANCHORS} anchors of the held-out RMset (people no run trained on), each with
 *       {@link #SHOWN} positive and {@link #SHOWN} negative candidates, the mean attention the anchor gives its positives and
 *       its negatives (softmax over the candidates of cos / τ); the paper shows positives gaining and negatives losing
 *       attention from the baseline to RMFER.</li>
 * </ul>
 * The first seed's runs of baseline, w/o ACL and RMFER also go through {@link Figures#write} (MDS panels, Fig. 4
 * grid on a held-out anchor, confusion matrices, curves) into {@code seed-<s>/}.
 */
public final class LabFigures {
    /** Held-out anchors Fig. 4's numbers average over. */
    public static final int ANCHORS = 60;
    /** Positives and negatives per anchor. */
    public static final int SHOWN = 4;

    private static final List<Arm> ARMS = List.of(Arm.BASELINE, Arm.WITHOUT_ACL, Arm.FULL, Arm.ORACLE);

    private LabFigures() {}

    /** One run's measures. */
    record Measures(
            long seed,
            double mdsDistance,
            ClassSeparation separation,
            double attentionPositives,
            double attentionNegatives) {}

    /** The paired comparisons of {@code table-fig5-paired.csv}: a − b per seed. */
    static final List<Arm[]> FIG5_PAIRS = List.of(
            new Arm[] {Arm.FULL, Arm.BASELINE},
            new Arm[] {Arm.WITHOUT_ACL, Arm.BASELINE},
            new Arm[] {Arm.FULL, Arm.WITHOUT_ACL},
            new Arm[] {Arm.ORACLE, Arm.WITHOUT_ACL});

    /** Writes {@code table-fig4-fig5.csv} and the first seed's figures under {@code dir}. */
    static void write(
            LabExperiment.Plan plan,
            LabWorld world,
            List<LabExperiment.Outcome> outcomes,
            Path dir,
            Consumer<String> log) {
        Map<Arm, List<Measures>> byArm = new EnumMap<>(Arm.class);
        RmsetIndex held = RmsetIndex.read(world.heldOut());
        List<TrainResult> firstSeed = new ArrayList<>();
        long first = plan.seeds().get(0);
        for (LabExperiment.Outcome o : outcomes) {
            if (o.dataSeed() != world.spec().seed() || !ARMS.contains(o.arm())) {
                continue;
            }
            log.accept("lab figures: " + o.arm().key() + ", seed " + o.seed());
            TrainResult r = Figures.load(o.result().run(), s -> {});
            byArm.computeIfAbsent(o.arm(), k -> new ArrayList<>()).add(measure(r, held, o.seed()));
            if (o.seed() == first && o.arm() != Arm.ORACLE) {
                firstSeed.add(r);
            }
        }
        StringBuilder sb = new StringBuilder("variant,seeds,mds_distance_mean,mds_distance_ci95,attention_pos_mean,"
                + "attention_neg_mean,pos_minus_neg_mean,pos_minus_neg_ci95,feature_ratio_mean,feature_ratio_ci95,"
                + "nearest_centre_mean,nearest_centre_ci95\n");
        byArm.forEach((arm, list) -> {
            Interval d =
                    Interval.of(list.stream().mapToDouble(Measures::mdsDistance).toArray());
            Interval diff = Interval.of(list.stream()
                    .mapToDouble(m -> m.attentionPositives() - m.attentionNegatives())
                    .toArray());
            Interval ratio = Interval.of(
                    list.stream().mapToDouble(m -> m.separation().ratio()).toArray());
            Interval nearest = Interval.of(list.stream()
                    .mapToDouble(m -> m.separation().nearestCentre())
                    .toArray());
            sb.append(String.format(
                    Locale.ROOT,
                    "%s,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f%n",
                    arm.key(),
                    list.size(),
                    d.mean(),
                    d.halfWidth(),
                    list.stream()
                            .mapToDouble(Measures::attentionPositives)
                            .average()
                            .orElse(Double.NaN),
                    list.stream()
                            .mapToDouble(Measures::attentionNegatives)
                            .average()
                            .orElse(Double.NaN),
                    diff.mean(),
                    diff.halfWidth(),
                    ratio.mean(),
                    ratio.halfWidth(),
                    nearest.mean(),
                    nearest.halfWidth()));
        });
        AtomicFiles.writeString(dir.resolve("table-fig4-fig5.csv"), sb.toString());
        AtomicFiles.writeString(dir.resolve("table-fig5-paired.csv"), fig5Paired(byArm));
        writeSeedCurves(outcomes, world.spec().seed(), dir);
        if (!firstSeed.isEmpty()) {
            Figures.write(firstSeed, dir.resolve("seed-" + first), world.heldOut(), log);
        }
    }

    /**
     * {@code table-fig5-paired.csv}: for each of {@link #FIG5_PAIRS} and each Fig. 5 measure, the mean paired
     * difference a − b over the seeds both arms have, with its 95% interval (lower distance or ratio: tighter classes).
     */
    static String fig5Paired(Map<Arm, List<Measures>> byArm) {
        StringBuilder sb = new StringBuilder("comparison,measure,seeds,diff_mean,ci_low,ci_high\n");
        for (Arm[] pair : FIG5_PAIRS) {
            List<Measures> a = byArm.getOrDefault(pair[0], List.of());
            List<Measures> b = byArm.getOrDefault(pair[1], List.of());
            List<double[]> pairs = new ArrayList<>(); // {a mds, b mds, a ratio, b ratio, a nearest, b nearest}
            for (Measures ma : a) {
                for (Measures mb : b) {
                    if (ma.seed() == mb.seed()) {
                        pairs.add(new double[] {
                            ma.mdsDistance(),
                            mb.mdsDistance(),
                            ma.separation().ratio(),
                            mb.separation().ratio(),
                            ma.separation().nearestCentre(),
                            mb.separation().nearestCentre()
                        });
                    }
                }
            }
            if (pairs.size() < 2) {
                continue;
            }
            String name = pair[0].key() + "-vs-" + pair[1].key();
            String[] measures = {"mds_distance", "feature_ratio", "nearest_centre"};
            for (int k = 0; k < measures.length; k++) {
                final int col = 2 * k;
                Interval d = Interval.paired(
                        pairs.stream().mapToDouble(p -> p[col]).toArray(),
                        pairs.stream().mapToDouble(p -> p[col + 1]).toArray());
                sb.append(String.format(
                        Locale.ROOT,
                        "%s,%s,%d,%.4f,%.4f,%.4f%n",
                        name,
                        measures[k],
                        pairs.size(),
                        d.mean(),
                        d.low(),
                        d.high()));
            }
        }
        return sb.toString();
    }

    /**
     * {@code fig-curves-seeds.png}: phase 2's test class-average accuracy of every arm, mean ± 95% interval over the
     * seeds, one colour per arm (the same in every lab).
     */
    public static void writeSeedCurves(List<LabExperiment.Outcome> outcomes, long dataSeed, Path dir) {
        Map<String, List<Table>> runs = new LinkedHashMap<>();
        for (Arm arm : Arm.values()) {
            for (LabExperiment.Outcome o : outcomes) {
                if (o.arm() == arm && o.dataSeed() == dataSeed) {
                    runs.computeIfAbsent(arm.key(), k -> new ArrayList<>())
                            .add(o.result().run().epochs());
                }
            }
        }
        if (runs.isEmpty()) {
            return;
        }
        int seeds = runs.values().stream().mapToInt(List::size).max().orElse(0);
        Charts.savePng(
                Charts.seedBands("Phase 2: test class-average accuracy by epoch", runs, "test_class_avg_acc"),
                dir.resolve("fig-curves-seeds.png"),
                "SYNTHETIC lab, data seed " + dataSeed + ", up to " + seeds + " training seeds per arm; bars: 95% "
                        + "interval over the seeds (Student's t)");
    }

    /** Fig. 5's distance on the test split and Fig. 4's attention on held-out anchors, for one finished run. */
    static Measures measure(TrainResult r, RmsetIndex held, long seed) {
        double dist = Figures.mds(r).meanDistance();
        ClassSeparation separation = ClassSeparation.of(
                r.finalEval().features().toDoubleMatrix(),
                r.finalEval().labels(),
                r.finalEval().origin().order().size());
        FaceDataset test = TrainSplits.test(r.config());
        Preprocessor pre = TrainSplits.evalPreprocessor(r.config(), test);
        AclSampler sampler = new AclSampler(held, r.config().acl().samplerOptions());
        double pos = 0;
        double neg = 0;
        int n = 0;
        try (RmferModel m = r.run().loadLast(r.config().run().engine())) {
            int s = pre.size();
            for (int a = 0; a < ANCHORS; a++) {
                AclSampler.Candidates c = sampler.sample(0x416, -1, a);
                if (c == null || c.positives().size() < SHOWN || c.negatives().size() < SHOWN) {
                    continue;
                }
                List<RmsetIndex.Row> rows = new ArrayList<>();
                rows.add(c.anchor());
                rows.addAll(c.positives().subList(0, SHOWN));
                rows.addAll(c.negatives().subList(0, SHOWN));
                float[] px = new float[rows.size() * 3 * s * s];
                for (int i = 0; i < rows.size(); i++) {
                    pre.apply(held.image(rows.get(i)).load(), new SplittableRandom(0), px, i * 3 * s * s);
                }
                double[] att = AttentionGrid.attention(
                        m.embed(Nd4j.create(px, new long[] {rows.size(), 3, s, s}, 'c')),
                        m.config().tau());
                for (int k = 0; k < SHOWN; k++) {
                    pos += att[k] / SHOWN;
                    neg += att[SHOWN + k] / SHOWN;
                }
                n++;
            }
        }
        return new Measures(seed, dist, separation, n == 0 ? Double.NaN : pos / n, n == 0 ? Double.NaN : neg / n);
    }
}
