package org.rmfer4j.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.eval.Interval;
import org.rmfer4j.model.ModelConfig;
import org.rmfer4j.train.TrainConfig;
import tech.tablesaw.api.Table;

/**
 * Chooses a setting on the validation split: for each candidate value, w/o ACL and RMFER over the given seeds, scored
 * by the validation class-average accuracy of their final phase-2 weights. The test split plays no part. The
 * reference value (τ: the official 1.0, shared by IAL's Eq. 2 and ACL's Eq. 10; λ2: the lab's 1.0, which neither the
 * paper nor the code states) is always among the candidates and is reported beside the choice.
 */
public final class ValidationSweep {
    /** What can be swept. */
    public enum Setting {
        /** τ of both phases ({@code table-tau.csv}). */
        TAU("tau", ModelConfig.OFFICIAL_TAU),
        /** λ2 of phase 2 ({@code table-lambda2.csv}). */
        LAMBDA2("lambda2", 1.0);

        private final String key;
        private final double reference;

        Setting(String key, double reference) {
            this.key = key;
            this.reference = reference;
        }

        public String key() {
            return key;
        }

        /** The value the lab's plans use. */
        public double reference() {
            return reference;
        }
    }

    /** One value's validation scores, in percent. */
    public record Row(double value, Interval withoutAcl, Interval full) {}

    /** The sweep: rows in the order given and the value with the best RMFER validation mean. */
    public record Result(Setting setting, List<Row> rows, double chosen, Path table) {}

    private ValidationSweep() {}

    /** Runs (or reuses) the sweep under {@code out} and writes {@code table-<setting>.csv} into {@code figures}. */
    public static Result run(
            Setting setting,
            LabExperiment.Plan plan,
            double[] values,
            List<Long> seeds,
            Path out,
            Path figures,
            Consumer<String> log) {
        List<Double> all = new ArrayList<>();
        for (double t : values) {
            if (!(t > 0) || !Double.isFinite(t)) {
                throw new RmferException(setting.key() + " must be a positive number, got " + t);
            }
            all.add(t);
        }
        if (!all.contains(setting.reference())) {
            all.add(setting.reference());
        }
        Map<Double, Row> rows = new LinkedHashMap<>();
        for (double v : all) {
            LabExperiment.Plan p = with(setting, plan, v).withSeeds(seeds);
            log.accept(String.format(
                    Locale.ROOT,
                    "%s sweep: %s %.3f, %d seeds (validation only)",
                    setting.key(),
                    setting.key(),
                    v,
                    seeds.size()));
            List<LabExperiment.Outcome> o = LabExperiment.outcomes(p, out, List.of(Arm.WITHOUT_ACL, Arm.FULL), log);
            rows.put(v, new Row(v, validation(o, Arm.WITHOUT_ACL), validation(o, Arm.FULL)));
        }
        double chosen = rows.values().stream()
                .max(Comparator.comparingDouble(r -> r.full().mean()))
                .orElseThrow()
                .value();
        StringBuilder sb =
                new StringBuilder(setting.key() + ",reference,seeds,without_acl_val_class_avg_mean,without_acl_ci95,"
                        + "full_val_class_avg_mean,full_ci95,chosen\n");
        for (Row r : rows.values()) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%.3f,%s,%d,%.2f,%.2f,%.2f,%.2f,%s%n",
                    r.value(),
                    r.value() == setting.reference(),
                    r.full().n(),
                    r.withoutAcl().mean(),
                    r.withoutAcl().halfWidth(),
                    r.full().mean(),
                    r.full().halfWidth(),
                    r.value() == chosen));
        }
        Path table = AtomicFiles.writeString(figures.resolve("table-" + setting.key() + ".csv"), sb.toString());
        log.accept(setting.key() + " sweep: RMFER's best validation class-average at " + chosen + " (reference "
                + setting.reference() + "); table " + table);
        return new Result(setting, List.copyOf(rows.values()), chosen, table);
    }

    /**
     * The plan with the setting at {@code value}; the reference value keeps the plan's name (and so its runs), others
     * get a suffix.
     */
    static LabExperiment.Plan with(Setting setting, LabExperiment.Plan plan, double value) {
        String name = value == setting.reference()
                ? plan.name()
                : plan.name() + "-" + setting.key()
                        + String.format(Locale.ROOT, "%.3f", value).replace('.', 'p');
        TrainConfig.Builder p1 = plan.phase1().copy();
        TrainConfig.Builder p2 = plan.phase2().copy();
        if (setting == Setting.TAU) {
            p1.optTau(value);
            p2.optTau(value);
        } else {
            p2.optLambda2(value);
        }
        return new LabExperiment.Plan(
                name,
                plan.world(),
                p1,
                p2,
                plan.moreLabelsPerClass(),
                plan.arms(),
                plan.extraArms(),
                plan.seeds(),
                plan.extraSeeds(),
                plan.secondDataSeed(),
                plan.lastEvals());
    }

    /** Validation class-average accuracy (percent) of each seed's final phase-2 evaluation. */
    static Interval validation(List<LabExperiment.Outcome> outcomes, Arm arm) {
        List<Double> v = new ArrayList<>();
        for (LabExperiment.Outcome o : outcomes) {
            if (o.arm() != arm) {
                continue;
            }
            Table t = o.result().run().validations();
            if (t.rowCount() == 0) {
                throw new RmferException(o.result().run().validationMetrics() + " has no validation evaluation");
            }
            v.add(100 * t.numberColumn("val_class_avg_acc").getDouble(t.rowCount() - 1));
        }
        if (v.isEmpty()) {
            throw new RmferException("No " + arm.key() + " run in the sweep");
        }
        return Interval.of(v);
    }
}
