package org.rmfer4j.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.train.Ablation;
import org.rmfer4j.train.TrainConfig;
import org.rmfer4j.train.Variant;

/** The main job end to end on a tiny plan: data, RMset through the real pipeline, three variants, figures, tables. */
class DemoTest {
    @TempDir
    Path dir;

    @Test
    void tinyDemoProducesRunsAblationFiguresAndTables() throws Exception {
        Demo.Plan tiny = new Demo.Plan(
                "tiny",
                280,
                140,
                48,
                1,
                12,
                640,
                360,
                6,
                2,
                TrainConfig.builder()
                        .optInputSize(32)
                        .optBatchSize(16)
                        .optEpochs(1, 1)
                        .optStepsPerEpoch(3)
                        .optAnchorsPerStep(2)
                        .optCandidates(16)
                        .optLambda1(0.1)
                        .optLambda2(1.0)
                        .optWorkers(1));
        Path figures = dir.resolve("figures");
        Demo.Result r = Demo.run(tiny, dir.resolve("out"), List.of(7L), figures, s -> {});
        assertEquals(3, r.runs().size());
        assertEquals(
                List.of(Variant.BASELINE, Variant.WITHOUT_ACL, Variant.FULL),
                r.runs().stream().map(Ablation::variantOf).toList());
        String ablation = Files.readString(r.ablationMarkdown());
        assertTrue(ablation.contains("SYNTHETIC") && ablation.contains("| RMFER | L_total |"), ablation);
        for (String f : List.of(
                "fig-5-mds.png",
                "fig-4-attention.png",
                "fig-confusion-full.png",
                "fig-curves-full.png",
                "fig-class-distribution.png",
                "fig-candidate-precision.png",
                "table-1-sota.md",
                "table-2-semi-supervised.csv",
                "table-3-self-masking.md",
                "table-4-rmset-size.md",
                "README.md")) {
            assertTrue(Files.isRegularFile(figures.resolve(f)), f);
        }
        BufferedImage mds = ImageIO.read(figures.resolve("fig-5-mds.png").toFile());
        assertEquals(3 * 520, mds.getWidth(), "Fig. 5 is one image of three panels");
        String index = Files.readString(figures.resolve("README.md"));
        assertTrue(index.contains("Commit ") && index.contains("engine torch"), index);
        String t1 = Files.readString(figures.resolve("table-1-sota.md"));
        // synthetic numbers never land in a real benchmark's column
        assertTrue(
                t1.contains(
                        "| Ours (full) | rmfer4j | not measured | not measured | not measured | not measured | not measured | not measured |"),
                t1);
        // a second run reuses the data and the finished runs
        long t0 = System.nanoTime();
        Demo.run(tiny, dir.resolve("out"), List.of(7L), figures, s -> {});
        assertTrue((System.nanoTime() - t0) / 1e9 < r.seconds(), "the re-run skips finished work");
    }
}
