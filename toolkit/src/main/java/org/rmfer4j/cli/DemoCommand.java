package org.rmfer4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rmfer4j.core.Progress;
import org.rmfer4j.demo.Demo;
import org.rmfer4j.lab.LabExperiment;
import org.rmfer4j.lab.LabPlans;
import org.rmfer4j.lab.ValidationSweep;
import org.rmfer4j.model.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "The main job, no download: the synthetic lab. SynthFER faces framed like RMset crops and SynthMashup "
                    + "videos -> RMset through the real pipeline (and a broken-prior twin) -> baseline, w/o ACL, RMFER, the oracle "
                    + "and the broken-prior controls, each over several training seeds from the same phase-1 weights -> mean ± 95%% "
                    + "intervals, paired differences, tables.",
            "SYNTHETIC data: the numbers show how the method behaves in a controlled world, not a benchmark. "
                    + "Re-running skips finished runs."
        })
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "The small version (a few minutes on 2 cores) for CI and smoke tests.")
    boolean quick;

    @Option(
            names = "--all",
            description = "Five seeds, every control (no selection, w/o SM, 50%% RMset, more labels) and a "
                    + "second data seed (about an hour on 2 cores); the committed figures/ come from it.")
    boolean all;

    @Option(
            names = "--pipeline",
            description = "The earlier pipeline demo instead: 3 videos, 2,100 RAF-DB-proportioned faces, "
                    + "one seed per run (--seeds), baseline / w/o ACL / RMFER.")
    boolean pipeline;

    @Option(
            names = "--sweep-tau",
            split = ",",
            paramLabel = "TAU",
            description =
                    "Instead of the tables: choose tau on the validation split (w/o ACL and RMFER of the standard lab for each "
                            + "value, plus the official 1.0, over --seeds or 1,2); writes table-tau.csv.")
    List<Double> sweepTau;

    @Option(
            names = "--sweep-lambda2",
            split = ",",
            paramLabel = "L2",
            description = "The same for lambda2 (plus the lab's 1.0); writes table-lambda2.csv.")
    List<Double> sweepLambda2;

    @Option(names = "--out", paramLabel = "DIR", description = "Where data and runs go (default runs/<plan>).")
    Path out;

    @Option(
            names = "--seeds",
            split = ",",
            paramLabel = "SEED",
            description = "Training seeds, comma-separated (default: the plan's).")
    List<Long> seeds;

    @Option(names = "--figures", paramLabel = "DIR", description = "Where tables go (default <out>/figures).")
    Path figures;

    @Option(
            names = "--engine",
            defaultValue = "torch",
            description = "Training engine: torch (default, fast) or samediff (about 17x slower on CPU).")
    String engine;

    @Override
    public Integer call() {
        Engine e = Engine.parse(engine);
        if (pipeline) {
            Demo.Plan plan = quick ? Demo.quick() : Demo.standard();
            plan.training().optEngine(e);
            Path o = out != null ? out : Path.of("runs", plan.name());
            Demo.Result r = Demo.run(plan, o, seeds == null ? List.of(42L) : seeds, figures, System.out::println);
            System.out.printf(
                    Locale.ROOT,
                    "demo finished in %s (%s): runs under %s, table %s%n",
                    Progress.formatSeconds(r.seconds()),
                    r.stages(),
                    o.resolve("runs"),
                    r.ablationMarkdown());
            return 0;
        }
        if (quick && all) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this), "--quick and --all exclude each other");
        }
        if (sweepTau != null || sweepLambda2 != null) {
            var setting = sweepTau != null ? ValidationSweep.Setting.TAU : ValidationSweep.Setting.LAMBDA2;
            List<Double> values = sweepTau != null ? sweepTau : sweepLambda2;
            LabExperiment.Plan base = LabPlans.standard();
            base.phase1().optEngine(e);
            base.phase2().optEngine(e);
            Path o = out != null ? out : Path.of("runs", base.name());
            var r = ValidationSweep.run(
                    setting,
                    base,
                    values.stream().mapToDouble(Double::doubleValue).toArray(),
                    seeds != null ? seeds : List.of(1L, 2L),
                    o,
                    figures != null ? figures : o.resolve("figures"),
                    System.out::println);
            System.out.printf(
                    Locale.ROOT, "%s sweep finished: chosen %.3f; %s%n", setting.key(), r.chosen(), r.table());
            return 0;
        }
        LabExperiment.Plan plan = quick ? LabPlans.quick() : all ? LabPlans.all() : LabPlans.standard();
        if (seeds != null) {
            plan = plan.withSeeds(seeds);
        }
        plan.phase1().optEngine(e);
        plan.phase2().optEngine(e);
        Path o = out != null ? out : Path.of("runs", plan.name());
        LabExperiment.Result r = LabExperiment.run(plan, o, figures, System.out::println);
        System.out.printf(
                Locale.ROOT,
                "demo finished in %s: %d runs under %s, tables in %s%n",
                Progress.formatSeconds(r.seconds()),
                r.outcomes().size(),
                o.resolve("runs"),
                figures != null ? figures : o.resolve("figures"));
        return 0;
    }
}
