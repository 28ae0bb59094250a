package org.rmfer4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.rmfer4j.core.Progress;
import org.rmfer4j.demo.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The main job, no download: SynthFER faces and SynthMashup videos -> RMset through the real pipeline -> "
                + "baseline, w/o ACL and RMFER trained with the same seed and budget -> ablation table and figures.",
                "SYNTHETIC data: the numbers show the pipeline, not a benchmark. Re-running skips finished steps."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "The small version (under 3 minutes on 2 cores) for CI and smoke tests.")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "Where data and runs go (default runs/demo or runs/demo-quick).")
    Path out;

    @Option(names = "--seeds", split = ",", paramLabel = "SEED", description = "One or more seeds, comma-separated (default 42).")
    List<Long> seeds = List.of(42L);

    @Option(names = "--figures", paramLabel = "DIR",
            description = "Where tables and figures go (default: the toolkit's figures/ for the standard demo, <out>/figures for --quick).")
    Path figures;

    @Option(names = "--engine", defaultValue = "torch", description = "Training engine: torch (default, fast) or samediff (about 17x slower on CPU).")
    String engine;

    @Override
    public Integer call() {
        Demo.Plan plan = quick ? Demo.quick() : Demo.standard();
        plan.training().optEngine(org.rmfer4j.model.Engine.parse(engine));
        Path o = out != null ? out : Path.of("runs", plan.name());
        Path f = figures;
        if (f == null && !quick && System.getProperty("rmfer.home") != null) {
            f = Path.of(System.getProperty("rmfer.home"), "figures");
        }
        Demo.Result r = Demo.run(plan, o, seeds, f, System.out::println);
        System.out.printf(Locale.ROOT, "demo finished in %s (%s): runs under %s, table %s%n", Progress.formatSeconds(r.seconds()),
                r.stages(), o.resolve("runs"), r.ablationMarkdown());
        return 0;
    }
}
