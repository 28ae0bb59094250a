package org.rmfer4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.plot.Figures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "figures",
        mixinStandardHelpOptions = true,
        description = {
            "Regenerate every figure and table (Fig. 4, Fig. 5, confusion matrices, curves, class distribution, "
                    + "candidate precision, the ablation table, Tables 1-4 with the paper's numbers) from run directories.",
            "Without --run: every run under runs/demo/runs."
        })
final class FiguresCommand implements Callable<Integer> {
    @Option(names = "--run", paramLabel = "DIR", description = "A run directory (repeat for several).")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: the toolkit's figures/).")
    Path out;

    @Override
    public Integer call() {
        List<Path> dirs = new ArrayList<>(runs);
        if (dirs.isEmpty()) {
            Path d = Path.of("runs", "demo", "runs");
            if (!Files.isDirectory(d)) {
                throw new RmferException("No --run given and no " + d + " (run ./rmfer demo first)");
            }
            try (Stream<Path> s = Files.list(d)) {
                s.filter(p -> Files.isRegularFile(p.resolve("last.rmfer")))
                        .sorted()
                        .forEach(dirs::add);
            } catch (IOException e) {
                throw AtomicFiles.failure("list", d, e);
            }
        }
        Path o = out != null
                ? out
                : System.getProperty("rmfer.home") != null
                        ? Path.of(System.getProperty("rmfer.home"), "figures")
                        : Path.of("figures");
        Figures.regenerate(dirs, o, System.out::println);
        return 0;
    }
}
