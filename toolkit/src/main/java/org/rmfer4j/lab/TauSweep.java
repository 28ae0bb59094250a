package org.rmfer4j.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.eval.Interval;
import org.rmfer4j.model.ModelConfig;

/**
 * Chooses τ (IAL's Eq. 2 and ACL's Eq. 10 share it) on the validation split: for each candidate τ, w/o ACL and RMFER
 * over the given seeds, scored by the validation class-average accuracy of their final phase-2 weights. The test
 * split plays no part. The official value ({@link ModelConfig#OFFICIAL_TAU} = 1.0) is always among the candidates and
 * is reported beside the choice.
 */
public final class TauSweep {
    /** One τ's validation scores, in percent. */
    public record Row(double tau, Interval withoutAcl, Interval full) {
    }

    /** The sweep: rows in the order given and the τ with the best RMFER validation mean. */
    public record Result(List<Row> rows, double chosen, Path table) {
    }

    private TauSweep() {
    }

    /** Runs (or reuses) the sweep under {@code out} and writes {@code table-tau.csv} into {@code figures}. */
    public static Result run(LabExperiment.Plan plan, double[] taus, List<Long> seeds, Path out, Path figures, Consumer<String> log) {
        List<Double> all = new ArrayList<>();
        for (double t : taus) {
            if (!(t > 0) || !Double.isFinite(t)) {
                throw new RmferException("tau must be a positive number, got " + t);
            }
            all.add(t);
        }
        if (!all.contains(ModelConfig.OFFICIAL_TAU)) {
            all.add(ModelConfig.OFFICIAL_TAU);
        }
        Map<Double, Row> rows = new LinkedHashMap<>();
        for (double tau : all) {
            LabExperiment.Plan p = withTau(plan, tau).withSeeds(seeds);
            log.accept(String.format(Locale.ROOT, "tau sweep: tau %.3f, %d seeds (validation only)", tau, seeds.size()));
            List<LabExperiment.Outcome> o = LabExperiment.outcomes(p, out, List.of(Arm.WITHOUT_ACL, Arm.FULL), log);
            rows.put(tau, new Row(tau, validation(o, Arm.WITHOUT_ACL), validation(o, Arm.FULL)));
        }
        double chosen = rows.values().stream().max(java.util.Comparator.comparingDouble(r -> r.full().mean())).orElseThrow().tau();
        StringBuilder sb = new StringBuilder("tau,official,seeds,without_acl_val_class_avg_mean,without_acl_ci95,"
                + "full_val_class_avg_mean,full_ci95,chosen\n");
        for (Row r : rows.values()) {
            sb.append(String.format(Locale.ROOT, "%.3f,%s,%d,%.2f,%.2f,%.2f,%.2f,%s%n", r.tau(), r.tau() == ModelConfig.OFFICIAL_TAU,
                    r.full().n(), r.withoutAcl().mean(), r.withoutAcl().halfWidth(), r.full().mean(), r.full().halfWidth(),
                    r.tau() == chosen));
        }
        Path table = AtomicFiles.writeString(figures.resolve("table-tau.csv"), sb.toString());
        log.accept("tau sweep: RMFER's best validation class-average at tau " + chosen + " (official " + ModelConfig.OFFICIAL_TAU
                + "); table " + table);
        return new Result(List.copyOf(rows.values()), chosen, table);
    }

    /** The plan with τ for both phases; the official τ keeps the plan's name (and so its runs), others get a suffix. */
    static LabExperiment.Plan withTau(LabExperiment.Plan plan, double tau) {
        String name = tau == ModelConfig.OFFICIAL_TAU ? plan.name()
                : plan.name() + "-tau" + String.format(Locale.ROOT, "%.3f", tau).replace('.', 'p');
        return new LabExperiment.Plan(name, plan.world(), plan.phase1().copy().optTau(tau), plan.phase2().copy().optTau(tau),
                plan.moreLabelsPerClass(), plan.arms(), plan.extraArms(), plan.seeds(), plan.extraSeeds(), plan.secondDataSeed(),
                plan.lastEvals());
    }

    /** Validation class-average accuracy (percent) of each seed's final phase-2 evaluation. */
    static Interval validation(List<LabExperiment.Outcome> outcomes, Arm arm) {
        List<Double> v = new ArrayList<>();
        for (LabExperiment.Outcome o : outcomes) {
            if (o.arm() != arm) {
                continue;
            }
            Path f = o.result().run().validationMetrics();
            try {
                List<String> lines = Files.readAllLines(f);
                String[] last = lines.get(lines.size() - 1).split(",");
                v.add(100 * Double.parseDouble(last[VAL_CLASS_AVG]));
            } catch (java.io.IOException | RuntimeException e) {
                throw new RmferException("Cannot read the validation log " + f + ": " + e.getMessage(), e);
            }
        }
        if (v.isEmpty()) {
            throw new RmferException("No " + arm.key() + " run in the tau sweep");
        }
        return Interval.of(v);
    }

    /** Column of val_class_avg_acc in {@code metrics-validation.csv}. */
    private static final int VAL_CLASS_AVG =
            org.rmfer4j.train.RunDirectory.VALIDATION_COLUMNS.indexOf("val_class_avg_acc");
}
