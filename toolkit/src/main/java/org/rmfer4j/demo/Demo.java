package org.rmfer4j.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.lab.CandidateTruth;
import org.rmfer4j.lab.LabWorld;
import org.rmfer4j.plot.Figures;
import org.rmfer4j.rmset.Box;
import org.rmfer4j.rmset.RemovalAreas;
import org.rmfer4j.rmset.RmsetBuilder;
import org.rmfer4j.synth.SynthFer;
import org.rmfer4j.synth.SynthMashup;
import org.rmfer4j.train.Ablation;
import org.rmfer4j.train.ExpressionOracle;
import org.rmfer4j.train.TrainConfig;
import org.rmfer4j.train.TrainResult;
import org.rmfer4j.train.Trainer;
import org.rmfer4j.train.Variant;

/**
 * The main job, with no download: generate a SynthFER labelled set and SynthMashup videos, build the RMset from the
 * videos through the real pipeline (removal area, Haar detection, ID assignment, IoU tracking, 0.31·w_f crops), train
 * the paper's three ablation variants with the same seed and budget, evaluate them on the held-out synthetic test
 * split and tabulate them. Every step skips what an earlier (interrupted) demo already finished.
 *
 * <p>The numbers are synthetic-data numbers, labelled as such everywhere; they show the pipeline and how the variants
 * compare on this data, not a benchmark result.
 */
public final class Demo {
    /** Sizes of one demo. */
    public record Plan(
            String name,
            int trainFaces,
            int testFaces,
            int faceImageSize,
            int videos,
            double videoSeconds,
            int videoWidth,
            int videoHeight,
            int viewers,
            int every,
            TrainConfig.Builder training) {}

    /** The default demo: under 15 minutes on 2 cores. */
    public static Plan standard() {
        return new Plan(
                "demo",
                2100,
                700,
                64,
                3,
                24,
                960,
                540,
                8,
                4,
                TrainConfig.builder()
                        .optInputSize(64)
                        .optBatchSize(32)
                        .optEpochs(4, 4)
                        .optLearningRates(1e-3, 3e-4)
                        .optAnchorsPerStep(2)
                        .optCandidates(50)
                        .optLambda1(0.1)
                        .optLambda2(1.0));
    }

    /** {@code --quick}: under 3 minutes, for CI and smoke tests. */
    public static Plan quick() {
        return new Plan(
                "demo-quick",
                1050,
                350,
                48,
                1,
                16,
                640,
                360,
                6,
                3,
                TrainConfig.builder()
                        .optInputSize(48)
                        .optBatchSize(32)
                        .optEpochs(3, 2)
                        .optLearningRates(1e-3, 3e-4)
                        .optAnchorsPerStep(2)
                        .optCandidates(20)
                        .optLambda1(0.1)
                        .optLambda2(1.0));
    }

    /**
     * The notebooks' demo: the quick plan shrunk to at most {@code datasetLimit} training faces and {@code maxEpoch}
     * epochs, so CI can execute the notebooks in seconds. Notebooks pass their knobs:
     * {@code Demo.notebook(Notebook.datasetLimit(1050), Notebook.maxEpoch(3))}.
     */
    public static Plan notebook(int datasetLimit, int maxEpoch) {
        Plan q = quick();
        int limit = Math.max(1, Math.min(datasetLimit, q.trainFaces()));
        int epochs = Math.max(1, Math.min(maxEpoch, 3));
        int pre = Math.max(1, epochs - 1);
        int acl = Math.max(1, epochs - pre);
        return new Plan(
                "notebook-demo",
                limit,
                Math.max(70, Math.min(q.testFaces(), limit / 3)),
                q.faceImageSize(),
                1,
                q.videoSeconds(),
                q.videoWidth(),
                q.videoHeight(),
                q.viewers(),
                q.every(),
                q.training().optEpochs(pre, acl).optStepsPerEpoch(limit < q.trainFaces() ? 4 : 0));
    }

    /** What a demo produced. */
    public record Result(
            Path out,
            List<TrainResult> runs,
            Path ablationMarkdown,
            Path ablationCsv,
            double seconds,
            Map<String, Double> stageSeconds) {
        /** The (first) run of a variant, if the demo ran it: {@code demo.run(Variant.FULL).orElseThrow()}. */
        public Optional<TrainResult> run(Variant v) {
            return runs.stream().filter(r -> Ablation.variantOf(r) == v).findFirst();
        }

        /** "faces 6.1 s, videos 31.0 s, rmset 48.2 s, training 402.3 s, figures 20.4 s" */
        public String stages() {
            StringBuilder sb = new StringBuilder();
            stageSeconds.forEach((k, v) ->
                    sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.1f s", k, v)));
            return sb.toString();
        }
    }

    private Demo() {}

    /**
     * Runs the demo into {@code out} for each seed.
     *
     * @param figures where the ablation table (and the figures) go, or null for {@code out/figures}
     */
    public static Result run(Plan plan, Path out, List<Long> seeds, @Nullable Path figures, Consumer<String> log) {
        Objects.requireNonNull(plan);
        if (seeds.isEmpty()) {
            throw new RmferException("The demo needs at least one seed");
        }
        long t0 = System.nanoTime();
        Map<String, Double> stages = new LinkedHashMap<>();
        long ts = System.nanoTime();
        Path data = out.resolve("data");
        log.accept("demo: step 1/4: SynthFER labelled faces (SYNTHETIC)");
        Path labelledDir = data.resolve("synthfer");
        SynthFer.Result labelled = null;
        Path manifest = labelledDir.resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            labelled = SynthFer.builder()
                    .setOut(labelledDir)
                    .optLayout(SynthFer.Layout.RAFDB)
                    .optSizes(plan.trainFaces(), plan.testFaces())
                    .optImageSize(plan.faceImageSize())
                    .optImbalance(SynthFer.Imbalance.RAFDB)
                    .optSeed(seeds.get(0))
                    .build()
                    .write(log);
            manifest = labelled.manifest();
        } else {
            log.accept("demo: reusing " + labelledDir);
        }

        stages.put("faces", (System.nanoTime() - ts) / 1e9);
        ts = System.nanoTime();
        log.accept("demo: step 2/4: SynthMashup reaction videos (SYNTHETIC, with ground truth)");
        Path videos = data.resolve("videos");
        Map<String, List<Box>> removal = new HashMap<>();
        Map<String, CandidateTruth> truth = new HashMap<>();
        for (int i = 0; i < plan.videos(); i++) {
            String name = String.format(Locale.ROOT, "mashup%02d", i + 1);
            SynthMashup.Result v = SynthMashup.builder()
                    .setOut(videos)
                    .optName(name)
                    .optSeconds(plan.videoSeconds())
                    .optSize(plan.videoWidth(), plan.videoHeight())
                    .optViewers(plan.viewers())
                    .optSeed(seeds.get(0) + i)
                    .build()
                    .writeOrReuse(log);
            int[] r = v.removalArea();
            removal.put(name, List.of(new Box(r[0], r[1], r[2], r[3])));
            truth.put(name, new CandidateTruth(v));
        }

        stages.put("videos", (System.nanoTime() - ts) / 1e9);
        ts = System.nanoTime();
        log.accept("demo: step 3/4: RMset from the videos (removal area, detection, IDs, tracking, 0.31·w_f crops)");
        Path rmset = data.resolve("rmset");
        RmsetBuilder.Summary summary = RmsetBuilder.builder()
                .optDetector(LabWorld.RMSET_DETECTOR)
                .optIdRule(LabWorld.RMSET_ID_RULE)
                .setVideos(videos)
                .setOut(rmset)
                .optRemoval(RemovalAreas.of(removal))
                .optEvery(plan.every())
                .optThreads(Math.min(plan.videos(), Runtime.getRuntime().availableProcessors()))
                .build()
                .build(log);
        log.accept("demo: " + summary.headline());
        if (summary.failed() > 0) {
            throw new RmferException(
                    summary.failed() + " demo video(s) failed in the RMset pipeline; see the lines above");
        }

        stages.put("rmset", (System.nanoTime() - ts) / 1e9);
        ts = System.nanoTime();
        log.accept("demo: step 4/4: train baseline, w/o ACL and RMFER with the same seed and budget");
        ExpressionOracle oracle = ExpressionOracle.byVideo(truth);
        List<TrainResult> results = new ArrayList<>();
        for (long seed : seeds) {
            TrainConfig base = plan.training()
                    .setDataset(manifest.toString())
                    .setDatasetRoot(labelledDir)
                    .optRmset(rmset)
                    .optSeed(seed)
                    .optName(plan.name() + "-s" + seed)
                    .build();
            for (Variant v : Variant.values()) {
                TrainConfig c = v.apply(base);
                log.accept("demo: training " + v.label() + " (" + v.loss() + "), seed " + seed);
                results.add(Trainer.builder()
                        .setConfig(c)
                        .setRunDir(out.resolve("runs").resolve(c.name()))
                        .optOracle(oracle)
                        .optProgress(log)
                        .build()
                        .run());
            }
        }
        stages.put("training", (System.nanoTime() - ts) / 1e9);
        ts = System.nanoTime();
        Path figs = figures != null ? figures : out.resolve("figures");
        log.accept("demo: figures and tables into " + figs);
        List<Path> dirs = results.stream().map(r -> r.run().root()).toList();
        Figures.regenerate(dirs, figs, log);
        stages.put("figures", (System.nanoTime() - ts) / 1e9);
        Ablation table = Ablation.of(results);
        Path md = figs.resolve("table-ablation.md");
        Path csv = figs.resolve("table-ablation.csv");
        log.accept("");
        log.accept(table.markdown());
        return new Result(
                out,
                List.copyOf(results),
                md,
                csv,
                (System.nanoTime() - t0) / 1e9,
                Collections.unmodifiableMap(new LinkedHashMap<>(stages)));
    }
}
