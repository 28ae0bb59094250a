package org.rmfer4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.Pointer;
import org.rmfer4j.cli.RmferCli;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.Nd4jSupport;
import org.rmfer4j.demo.Demo;
import org.rmfer4j.engine.samediff.SameDiffModel;
import org.rmfer4j.model.Backbone;
import org.rmfer4j.model.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./rmfer bench}: one table of speeds measured in one run. Its own module (bench/), so the library jar carries no
 * benchmark; the launcher runs it with the bench module's class path.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Training and inference speed per engine and backbone, against the Python PyTorch peer, in one run.")
public final class BenchCommand implements Callable<Integer> {
    /** The launcher's entry point for {@code ./rmfer bench}. */
    public static void main(String[] args) {
        System.exit(RmferCli.execute(new BenchCommand(), args));
    }

    @Option(
            names = "--engines",
            split = ",",
            defaultValue = "torch,samediff",
            description = "Engines (default ${DEFAULT-VALUE}).")
    List<String> engines;

    @Option(
            names = "--backbones",
            split = ",",
            defaultValue = "small-cnn,resnet18,efficientnet-b2",
            description = "Backbones timed on torch (default ${DEFAULT-VALUE}).")
    List<String> backbones;

    @Option(
            names = "--samediff-backbones",
            split = ",",
            defaultValue = "small-cnn",
            description = "Backbones also timed on SameDiff, which is slow (default ${DEFAULT-VALUE}).")
    List<String> samediffBackbones;

    @Option(
            names = "--sizes",
            split = ",",
            defaultValue = "64,112",
            description = "Input sizes (default ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--batch", defaultValue = "32")
    int batch;

    @Option(names = "--warmup", defaultValue = "3")
    int warmup;

    @Option(names = "--steps", defaultValue = "8")
    int steps;

    @Option(
            names = "--python",
            defaultValue = "/usr/bin/python3",
            description = "Interpreter with torch for the peer script; 'none' to skip (default ${DEFAULT-VALUE}).")
    String python;

    @Option(
            names = "--out",
            defaultValue = "bench/RESULTS.md",
            description = "Markdown report (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--rmset",
            description =
                    "Only measure RMset construction (720p, 1080p against decode-only) and put that section into --out.")
    boolean rmset;

    @Option(
            names = "--demo",
            description =
                    "Only time './rmfer demo --quick' end to end (stage by stage) and put that section into --out.")
    boolean demo;

    @Option(
            names = "--profile-samediff",
            description = "Only profile SameDiff training steps op by op (small CNN at each --sizes) and "
                    + "write the tables to --profile-out.")
    boolean profileSameDiff;

    @Option(
            names = "--blas-threads",
            defaultValue = "0",
            description =
                    "OpenBLAS threads for --profile-samediff (default: every core). "
                            + "Compare settings in separate processes: changing it within one process slowed the later steps in our runs.")
    int blasThreads;

    @Option(names = "--profile-out", defaultValue = "bench/SAMEDIFF-PROFILE.md")
    Path profileOut;

    @Override
    public Integer call() {
        if (demo) {
            return demoRow();
        }
        if (rmset) {
            Bench.Options o = new Bench.Options(
                    List.of(Engine.TORCH),
                    List.of(Backbone.SMALL_CNN),
                    sizes,
                    batch,
                    warmup,
                    steps,
                    List.of(),
                    null,
                    Path.of("bench/pytorch_peer.py"));
            String sec = new Bench(o, line -> System.out.println(line)).rmsetSection();
            replaceSection(
                    "## RMset construction",
                    sec
                            + String.format(
                                    Locale.ROOT, "%nMeasured by `./rmfer bench --rmset` on %s.%n", LocalDate.now()));
            System.out.print(sec);
            System.out.println("wrote " + out);
            return 0;
        }
        if (profileSameDiff) {
            Bench.Options o = new Bench.Options(
                    List.of(Engine.SAMEDIFF),
                    List.of(Backbone.SMALL_CNN),
                    sizes,
                    batch,
                    warmup,
                    steps,
                    List.of(Backbone.SMALL_CNN),
                    null,
                    Path.of("bench/pytorch_peer.py"));
            Bench b = new Bench(o, line -> System.out.println(line));
            StringBuilder md = new StringBuilder(
                    "# SameDiff step profile\n\nMeasured by `./rmfer bench --profile-samediff` in one process on "
                            + LocalDate.now() + " (" + Runtime.getRuntime().availableProcessors()
                            + " cores). Per op name: wall time "
                            + "between the op's start and end hooks, summed over the timed steps.\n");
            md.append("ND4J: ").append(Nd4jSupport.backendInfo()).append("\n");
            for (int size : sizes) {
                String section = b.profileSameDiff(Backbone.SMALL_CNN, size, blasThreads);
                System.out.println(section);
                md.append("\n## ")
                        .append(size)
                        .append(" px, OpenBLAS ")
                        .append(SameDiffModel.blasThreads())
                        .append(" thread(s)\n\n")
                        .append(section);
            }
            Path target = profileOut;
            AtomicFiles.writeString(target, md.toString());
            System.out.println("wrote " + target);
            return 0;
        }
        String py = python.equals("none") || !Files.isExecutable(Path.of(python)) ? null : python;
        Bench.Options o = new Bench.Options(
                engines.stream().map(Engine::parse).toList(),
                backbones.stream().map(Backbone::parse).toList(),
                sizes,
                batch,
                warmup,
                steps,
                samediffBackbones.stream().map(Backbone::parse).toList(),
                py,
                Path.of("bench/pytorch_peer.py"));
        String report = new Bench(o, line -> System.out.println(line)).run();
        AtomicFiles.writeString(out, report);
        System.out.println("wrote " + out);
        return 0;
    }

    /** Times the quick demo in a fresh temporary folder and replaces the report's end-to-end section. */
    private int demoRow() {
        Path tmp = AtomicFiles.createTempDirectory("rmfer-bench-demo");
        // peak resident memory of the whole process (heap and native), sampled every 100 ms
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(
                () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        peak.accumulateAndGet(Pointer.physicalBytes(), Math::max);
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        Demo.Result r;
        try {
            r = Demo.run(Demo.quick(), tmp, List.of(42L), tmp.resolve("figures"), line -> {});
        } finally {
            sampler.interrupt();
            String leftover =
                    AtomicFiles.deleteTreeQuietly(tmp); // the bench's own scratch run: only its timings are kept
            if (leftover != null) {
                System.err.println("bench: " + leftover); // a leftover temporary folder must not hide the result
            }
        }
        StringBuilder sec = new StringBuilder("## End to end: `./rmfer demo --quick`\n\n");
        sec.append(String.format(
                Locale.ROOT,
                "Measured in one process on %s (%d cores, torch engine, fresh folder): %.1f s in all; "
                        + "peak resident memory %d MiB (heap and native, sampled every 100 ms).%n%n",
                LocalDate.now(),
                Runtime.getRuntime().availableProcessors(),
                r.seconds(),
                peak.get() >> 20));
        sec.append("| stage | seconds | share |\n|---|---:|---:|\n");
        r.stageSeconds()
                .forEach((k, v) -> sec.append(
                        String.format(Locale.ROOT, "| %s | %.1f | %.0f%% |%n", k, v, 100 * v / r.seconds())));
        sec.append(
                "\nThe JVM start and the build check of the launcher add a few seconds to the command's wall time.\n");
        replaceSection("## End to end: `./rmfer demo --quick`", sec.toString());
        System.out.print(sec);
        System.out.println("wrote " + out);
        return 0;
    }

    /** Replaces the section starting with {@code heading} in --out (or appends it), keeping every other section. */
    private void replaceSection(String heading, String section) {
        String old = Files.exists(out) ? AtomicFiles.readString(out) : "# rmfer4j benchmark\n";
        int at = old.indexOf(heading);
        String kept = at < 0 ? old : old.substring(0, at);
        if (at >= 0) {
            int next = old.indexOf("\n## ", at + 5);
            if (next >= 0) {
                kept += old.substring(next + 1);
            }
        }
        AtomicFiles.writeString(out, kept.stripTrailing() + "\n\n" + section.stripTrailing() + "\n");
    }
}
