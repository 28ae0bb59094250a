package org.rmfer4j.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.Progress;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.eval.SnapshotEnsemble;
import org.rmfer4j.loss.SelfMask;
import org.rmfer4j.train.EpochEnsemble;
import org.rmfer4j.train.ExpressionOracle;
import org.rmfer4j.train.RunDirectory;
import org.rmfer4j.train.TrainConfig;
import org.rmfer4j.train.TrainResult;
import org.rmfer4j.train.Trainer;
import tech.tablesaw.api.Table;

/**
 * The synthetic-lab experiment: for a fixed data seed ({@link LabWorld}) and several training seeds, every arm
 * ({@link Arm}) trained with the same budget, phase 2 of every arm starting from the same phase-1 weights of its seed.
 *
 * <p>Schedule. Phase 1 trains on the few labels until the validation split's class-average accuracy has not improved
 * for {@code patience} evaluations (or {@code preEpochs} pass), and its best-validation weights start phase 2. Phase 2
 * runs {@code aclEpochs} epochs of {@code stepsPerEpoch} steps for every arm — the controls without ACL continue their
 * own loss for the same steps — with λ2 warming up linearly. The test split is evaluated at phase-2 epoch ends for the
 * curves, the "mean of the last evaluations" and the epoch ensemble (the mean softmax of the phase-2 epoch checkpoints),
 * never to choose anything.
 *
 * <p>Everything is resumable: a finished run is re-read, an interrupted one resumes from its {@code last} checkpoint.
 */
public final class LabExperiment {
    /**
     * An experiment plan.
     *
     * @param name              folder name under the output root, and the run-name prefix
     * @param world             the world (its seed is the primary data seed)
     * @param phase1            phase-1 settings (dataset fields are filled in; λ1 &gt; 0, few labels, validation, patience)
     * @param phase2            phase-2 settings (λ2 &gt; 0, warm-up, epochs and steps)
     * @param moreLabelsPerClass labelled images per class of the "more labels" arms
     * @param arms              arms run with every seed in {@code seeds}
     * @param extraArms         arms run with the first {@code extraSeeds} seeds only
     * @param seeds             training seeds
     * @param extraSeeds        how many seeds the extra arms get
     * @param secondDataSeed    a second world's seed (the three variants with the first {@code extraSeeds} seeds), or null
     * @param lastEvals         how many final phase-2 evaluations "the mean of the last evaluations" averages
     */
    public record Plan(
            String name,
            LabWorld.Spec world,
            TrainConfig.Builder phase1,
            TrainConfig.Builder phase2,
            int moreLabelsPerClass,
            List<Arm> arms,
            List<Arm> extraArms,
            List<Long> seeds,
            int extraSeeds,
            @Nullable Long secondDataSeed,
            int lastEvals) {
        public Plan {
            Objects.requireNonNull(name);
            if (seeds.isEmpty()) {
                throw new RmferException("A lab plan needs at least one training seed");
            }
            arms = List.copyOf(arms);
            extraArms = List.copyOf(extraArms);
            seeds = List.copyOf(seeds);
        }

        /** The same plan under another name (its run names and default folder). */
        public Plan withName(String n) {
            return new Plan(
                    n,
                    world,
                    phase1,
                    phase2,
                    moreLabelsPerClass,
                    arms,
                    extraArms,
                    seeds,
                    extraSeeds,
                    secondDataSeed,
                    lastEvals);
        }

        /** The same plan with other training seeds. */
        public Plan withSeeds(List<Long> s) {
            return new Plan(
                    name,
                    world,
                    phase1,
                    phase2,
                    moreLabelsPerClass,
                    arms,
                    extraArms,
                    s,
                    Math.min(extraSeeds, s.size()),
                    secondDataSeed,
                    lastEvals);
        }
    }

    /**
     * One finished arm for one seed.
     *
     * @param lastAccuracy      mean test accuracy of the last {@code lastEvals} phase-2 evaluations
     * @param lastClassAverage  the same for class-average accuracy
     * @param phase1Validation  best validation class-average accuracy of the phase-1 run it started from
     * @param ensembleAccuracy  test accuracy of the mean softmax of the run's phase-2 epoch checkpoints
     *                          ({@link EpochEnsemble}: the steady reading, fixed before looking)
     * @param ensembleClassAverage the same for class-average accuracy
     * @param ensembleMembers   how many epoch checkpoints that ensemble averages
     */
    public record Outcome(
            Arm arm,
            long dataSeed,
            long seed,
            TrainResult result,
            double lastAccuracy,
            double lastClassAverage,
            double phase1Validation,
            int phase1Steps,
            double ensembleAccuracy,
            double ensembleClassAverage,
            int ensembleMembers) {
        public double accuracy() {
            return result.finalEval().accuracy();
        }

        public double classAverage() {
            return result.finalEval().classAverageAccuracy();
        }

        public double attentionAccuracy() {
            return result.finalEval().attentionAccuracy();
        }
    }

    /**
     * A change to the plan's phase-2 settings for some arms' runs, named by a suffix of their run names, so that a
     * script asking "RMFER with 16 anchors" gets the plan's phase-1 weights, data, oracle and gradient measurement
     * without a loop of its own, and its runs sit beside the plan's without overwriting them.
     *
     * @param suffix appended to the arm's run name after a hyphen ({@code lab-d7-s1-full-a16}); lower-case letters,
     *               digits and inner hyphens, empty only for {@link #NONE}
     * @param change applied to each run's phase-2 builder after the arm's own settings and before its start weights
     *               and name (so it cannot redirect either)
     */
    public record Variation(String suffix, UnaryOperator<TrainConfig.Builder> change) {
        private static final Pattern SUFFIX = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

        /** The plan's own settings and run names. */
        public static final Variation NONE = new Variation("", b -> b);

        public Variation {
            Objects.requireNonNull(suffix, "suffix");
            Objects.requireNonNull(change, "change");
            if (!suffix.isEmpty() && !SUFFIX.matcher(suffix).matches()) {
                throw new RmferException("Variation suffix '" + suffix
                        + "' is not a run-name part: expected lower-case letters and digits, joined by single"
                        + " hyphens (such as a16)");
            }
        }

        /** Phase 2 with {@code n} anchors per step (suffix {@code a<n>}). */
        public static Variation anchorsPerStep(int n) {
            if (n < 1) {
                throw new RmferException("anchorsPerStep: expected at least 1 anchor per step, got " + n);
            }
            return new Variation("a" + n, b -> b.optAnchorsPerStep(n));
        }

        /** The run-name part of {@code arm} under this variation: {@code full} or {@code full-a16}. */
        public String runName(Arm arm) {
            return suffix.isEmpty() ? arm.key() : arm.key() + "-" + suffix;
        }
    }

    /** What the experiment produced. */
    public record Result(
            Plan plan,
            Path out,
            LabWorld world,
            @Nullable LabWorld second,
            List<Outcome> outcomes,
            LabTables tables,
            double seconds) {}

    /** Phase-2 steps between two measurements of the L_pre / λ2·L_ACL gradient balance (a measurement only). */
    static final int GRADIENT_EVERY = 25;

    private LabExperiment() {}

    /** Runs (or resumes) the plan under {@code out}; tables and figures go to {@code figures} (null: out/figures). */
    public static Result run(Plan plan, Path out, @Nullable Path figures, Consumer<String> log) {
        long t0 = System.nanoTime();
        Path root = out;
        LabWorld world = LabWorld.make(
                plan.world(), root.resolve("data-seed-" + plan.world().seed()), log);
        LabWorld second = plan.secondDataSeed() == null
                ? null
                : LabWorld.make(
                        plan.world().withSeed(plan.secondDataSeed()).withoutBrokenPrior(),
                        root.resolve("data-seed-" + plan.secondDataSeed()),
                        log);
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < plan.seeds().size(); i++) {
            long seed = plan.seeds().get(i);
            for (Arm a : plan.arms()) {
                jobs.add(new Job(world, a, seed, Variation.NONE));
            }
            if (i < plan.extraSeeds()) {
                for (Arm a : plan.extraArms()) {
                    jobs.add(new Job(world, a, seed, Variation.NONE));
                }
                if (second != null) {
                    for (Arm a : List.of(Arm.BASELINE, Arm.WITHOUT_ACL, Arm.FULL)) {
                        jobs.add(new Job(second, a, seed, Variation.NONE));
                    }
                }
            }
        }
        log.accept(String.format(
                Locale.ROOT,
                "lab %s: %d arm runs (%d seeds; data seed %d%s), SYNTHETIC",
                plan.name(),
                jobs.size(),
                plan.seeds().size(),
                plan.world().seed(),
                second == null ? "" : " and " + plan.secondDataSeed()));
        List<Outcome> outcomes = runJobs(plan, root, jobs, log);
        Path figs = figures != null ? figures : root.resolve("figures");
        LabTables tables = LabTables.of(plan, world, outcomes);
        tables.write(figs, log);
        LabFigures.write(plan, world, outcomes, figs, log);
        log.accept("");
        log.accept(tables.summary());
        return new Result(plan, root, world, second, List.copyOf(outcomes), tables, (System.nanoTime() - t0) / 1e9);
    }

    private record Job(LabWorld world, Arm arm, long seed, Variation variation) {}

    private static List<Outcome> runJobs(Plan plan, Path root, List<Job> jobs, Consumer<String> log) {
        Progress bar = new Progress("lab " + plan.name(), jobs.size(), "runs", log, 1, 0);
        Map<String, TrainResult> phase1 = new LinkedHashMap<>();
        List<Outcome> outcomes = new ArrayList<>();
        int done = 0;
        for (Job j : jobs) {
            outcomes.add(runArm(plan, root, j, phase1, log));
            bar.update(
                    ++done,
                    j.variation.runName(j.arm) + " seed " + j.seed + " data seed "
                            + j.world.spec().seed());
        }
        return outcomes;
    }

    /**
     * The arms {@code arms} of {@code plan} for its seeds, with no tables or figures: what a sweep over one setting needs.
     * Runs land under {@code out}/runs with the plan's name, so a plan whose settings equal another's reuses its runs.
     */
    public static List<Outcome> outcomes(Plan plan, Path out, List<Arm> arms, Consumer<String> log) {
        return outcomes(plan, out, arms, Variation.NONE, log);
    }

    /**
     * The arms {@code arms} of {@code plan} for its seeds under {@code variation}, in seed-major order (every arm of
     * the first seed, then the next seed). Phase 1 is the plan's own (shared with its other runs); the phase-2 runs
     * are named {@code <plan>-d<data>-s<seed>-}{@link Variation#runName(Arm)}.
     */
    public static List<Outcome> outcomes(
            Plan plan, Path out, List<Arm> arms, Variation variation, Consumer<String> log) {
        Objects.requireNonNull(variation, "variation");
        LabWorld world = LabWorld.make(
                plan.world(), out.resolve("data-seed-" + plan.world().seed()), log);
        List<Job> jobs = new ArrayList<>();
        for (long seed : plan.seeds()) {
            for (Arm a : arms) {
                jobs.add(new Job(world, a, seed, variation));
            }
        }
        return runJobs(plan, out, jobs, log);
    }

    private static String prefix(Plan plan, LabWorld w, long seed) {
        return String.format(Locale.ROOT, "%s-d%d-s%d", plan.name(), w.spec().seed(), seed);
    }

    private static TrainConfig.Builder data(TrainConfig.Builder b, LabWorld w, long seed) {
        return b.setDataset(w.manifest().toString())
                .setDatasetRoot(w.labelled())
                .optRmset(w.rmset())
                .optSeed(seed);
    }

    private static Outcome runArm(Plan plan, Path root, Job j, Map<String, TrainResult> phase1, Consumer<String> log) {
        String pre = prefix(plan, j.world, j.seed);
        Path runs = root.resolve("runs");
        String p1Name = pre + "-p1-" + j.arm.start().key();
        TrainResult p1 = phase1.get(p1Name);
        if (p1 == null) {
            TrainConfig c1 = Arm.phase1(
                            j.arm.start(), data(copy(plan.phase1()), j.world, j.seed), plan.moreLabelsPerClass())
                    .optName(p1Name)
                    .build();
            log.accept(
                    "lab: phase 1 " + j.arm.start().key() + ", seed " + j.seed + " (until validation stops improving)");
            p1 = Trainer.builder()
                    .setConfig(c1)
                    .setRunDir(runs.resolve(p1Name))
                    .optProgress(quiet(log))
                    .build()
                    .run();
            phase1.put(p1Name, p1);
        }
        Path start = p1.run().best();
        if (!Files.isRegularFile(start)) {
            throw new RmferException(
                    "Phase 1 run " + p1.run().root() + " has no best checkpoint (no validation evaluation?)");
        }
        TrainConfig.Builder b2 = j.arm.phase2(data(copy(plan.phase2()), j.world, j.seed), plan.moreLabelsPerClass());
        if (j.arm.start() == Arm.Start.PRE_NO_SM) {
            b2.optSelfMask(SelfMask.NONE);
        }
        ExpressionOracle truth = j.world.truth();
        if (j.arm == Arm.BROKEN_PRIOR_FULL) {
            if (j.world.broken() == null) {
                throw new RmferException("The broken-prior arm needs a world with the broken-prior twin");
            }
            b2.optRmset(j.world.broken());
            truth = j.world.brokenTruth();
        }
        b2 = j.variation.change().apply(b2);
        TrainConfig c2 = b2.optInitWeights(start)
                .optName(pre + "-" + j.variation.runName(j.arm))
                .build();
        log.accept("lab: phase 2 " + j.variation.runName(j.arm) + ", seed " + j.seed + ", data seed "
                + j.world.spec().seed());
        TrainResult r = Trainer.builder()
                .setConfig(c2)
                .setRunDir(runs.resolve(c2.name()))
                .optOracle(truth)
                .optGradientNorms(GRADIENT_EVERY)
                .optProgress(quiet(log))
                .build()
                .run();
        double[] last = lastEvals(r.run(), plan.lastEvals());
        SnapshotEnsemble.Result ensemble = EpochEnsemble.of(r.run());
        return new Outcome(
                j.arm,
                j.world.spec().seed(),
                j.seed,
                r,
                last[0],
                last[1],
                p1.bestAccuracy(),
                (int) p1.steps(),
                ensemble.ensemble().overallAccuracy(),
                ensemble.ensemble().classAverageAccuracy(),
                ensemble.members().size());
    }

    /** Progress lines of the runs, without the per-evaluation chatter of the batch evaluator. */
    private static Consumer<String> quiet(Consumer<String> log) {
        return s -> {
            if (!s.startsWith("eval ")) {
                log.accept(s);
            }
        };
    }

    private static TrainConfig.Builder copy(TrainConfig.Builder b) {
        return b.copy(); // builders are mutable: each run gets its own
    }

    /** Mean test accuracy and class-average accuracy of the last {@code k} epoch-end evaluations of a run. */
    static double[] lastEvals(RunDirectory run, int k) {
        Table t = run.evals();
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            String at = t.getString(i, "at");
            if (at.equals("epoch") || at.equals("stop")) {
                rows.add(new double[] {
                    t.numberColumn("test_acc").getDouble(i),
                    t.numberColumn("test_class_avg_acc").getDouble(i)
                });
            }
        }
        if (rows.isEmpty()) {
            throw new RmferException(run.evalMetrics() + " has no epoch-end evaluation");
        }
        List<double[]> tail = rows.subList(Math.max(0, rows.size() - k), rows.size());
        double a = 0;
        double c = 0;
        for (double[] r : tail) {
            a += r[0];
            c += r[1];
        }
        return new double[] {a / tail.size(), c / tail.size()};
    }

    /** Arms by key, in enum order. */
    static Map<Arm, List<Outcome>> byArm(List<Outcome> outcomes, long dataSeed) {
        Map<Arm, List<Outcome>> m = new EnumMap<>(Arm.class);
        for (Outcome o : outcomes) {
            if (o.dataSeed() == dataSeed) {
                m.computeIfAbsent(o.arm(), k -> new ArrayList<>()).add(o);
            }
        }
        return m;
    }
}
