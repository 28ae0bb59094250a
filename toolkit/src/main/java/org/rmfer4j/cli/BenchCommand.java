package org.rmfer4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.rmfer4j.bench.Bench;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.model.Backbone;
import org.rmfer4j.model.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rmfer bench}: one table of speeds measured in one run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Training and inference speed per engine and backbone, against the Python PyTorch peer, in one run.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--engines", split = ",", defaultValue = "torch,samediff", description = "Engines (default ${DEFAULT-VALUE}).")
    List<String> engines;

    @Option(names = "--backbones", split = ",", defaultValue = "small-cnn,resnet18,efficientnet-b2",
            description = "Backbones timed on torch (default ${DEFAULT-VALUE}).")
    List<String> backbones;

    @Option(names = "--samediff-backbones", split = ",", defaultValue = "small-cnn",
            description = "Backbones also timed on SameDiff, which is slow (default ${DEFAULT-VALUE}).")
    List<String> samediffBackbones;

    @Option(names = "--sizes", split = ",", defaultValue = "64,112", description = "Input sizes (default ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--batch", defaultValue = "32")
    int batch;

    @Option(names = "--warmup", defaultValue = "3")
    int warmup;

    @Option(names = "--steps", defaultValue = "8")
    int steps;

    @Option(names = "--python", defaultValue = "/usr/bin/python3",
            description = "Interpreter with torch for the peer script; 'none' to skip (default ${DEFAULT-VALUE}).")
    String python;

    @Option(names = "--out", defaultValue = "bench/RESULTS.md", description = "Markdown report (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        String py = python.equals("none") || !Files.isExecutable(Path.of(python)) ? null : python;
        Bench.Options o = new Bench.Options(engines.stream().map(Engine::parse).toList(), backbones.stream().map(Backbone::parse).toList(),
                sizes, batch, warmup, steps, samediffBackbones.stream().map(Backbone::parse).toList(), py, Path.of("bench/pytorch_peer.py"));
        String report = new Bench(o, line -> System.out.println(line)).run();
        AtomicFiles.writeString(out, report);
        System.out.println("wrote " + out);
        return 0;
    }
}
