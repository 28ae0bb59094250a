package org.rmfer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.FaceDataset;
import org.rmfer4j.data.FaceSample;
import org.rmfer4j.data.batch.Sampler;
import org.rmfer4j.model.ModelFiles;
import org.rmfer4j.synth.SynthFer;

/** The lab's schedule: few labels per class, a validation split, early stopping on it, warm-up, starting weights. */
class TrainScheduleTest {
    @TempDir
    static Path dir;

    static SynthFer.Result labelled;
    static Path rmset;

    @BeforeAll
    static void data() {
        labelled = TrainFixtures.labelled(dir.resolve("synth"));
        rmset = TrainFixtures.rmset(dir.resolve("rmset"));
    }

    @Test
    void fewLabelsPerClassAndAValidationSplitThatNeverOverlaps() {
        TrainConfig c = TrainFixtures.config(labelled, rmset)
                .optLabelledPerClass(3)
                .optValidationPerClass(2)
                .build();
        TrainSplits s = TrainSplits.of(c);
        int[] counts = s.train().classCounts();
        int[] all = TrainSplits.of(TrainFixtures.config(labelled, rmset).build())
                .train()
                .classCounts();
        for (int k = 0; k < counts.length; k++) {
            assertEquals(Math.min(3, all[k]), counts[k], "class " + k);
        }
        assertNotNull(s.validation());
        Set<String> train = new HashSet<>();
        s.train().samples().forEach(x -> train.add(x.id()));
        for (FaceSample v : s.validation().samples()) {
            assertFalse(train.contains(v.id()), v.id() + " is in both");
        }
        int[] val = s.validation().classCounts();
        for (int k = 0; k < val.length; k++) {
            assertEquals(Math.min(2, all[k] - counts[k]), val[k], "validation class " + k);
        }
        // the same seed draws the same split, another seed another one
        assertEquals(ids(s.train()), ids(TrainSplits.of(c).train()));
        assertNotEquals(
                ids(s.train()),
                ids(TrainSplits.of(c.toBuilder().optSeed(c.run().seed() + 1).build())
                        .train()));
    }

    private static List<String> ids(FaceDataset d) {
        return d.samples().stream().map(FaceSample::id).toList();
    }

    @Test
    void earlyStoppingWatchesValidationOnlyAndAStoppedRunIsFinished() {
        // a learning rate too small to change any prediction: validation cannot improve after its first evaluation
        TrainConfig c = TrainFixtures.config(labelled, rmset)
                .optName("stop")
                .optEpochs(3, 0)
                .optStepsPerEpoch(4)
                .optLearningRates(1e-12, 1e-12)
                .optLabelledPerClass(6)
                .optValidationPerClass(2)
                .optEvalEverySteps(2)
                .optEarlyStopPatience(1)
                .build();
        Path run = dir.resolve("run-stop");
        TrainResult r = Trainer.builder()
                .setConfig(c)
                .setRunDir(run)
                .optProgress(s -> {})
                .build()
                .run();
        assertEquals(4, r.steps(), "evaluated at step 2 (best) and step 4 (no better): stopped after 4 of 12 steps");
        RunDirectory rd = new RunDirectory(run);
        assertTrue(Files.isRegularFile(rd.best()));
        List<String> vals =
                AtomicFiles.readString(rd.validationMetrics()).lines().toList();
        assertEquals(RunDirectory.VALIDATION_COLUMNS, List.of(vals.get(0).split(",")));
        assertEquals(3, vals.size(), "header and two validation evaluations");
        assertTrue(vals.get(1).endsWith(",1") && vals.get(2).endsWith(",0"));
        assertEquals(
                c.schedule().epochs(),
                Checkpoint.position(rd.last()).epoch(),
                "the stopped run is recorded as finished");
        // re-running re-reads it instead of training on
        TrainResult again = Trainer.builder()
                .setConfig(c)
                .setRunDir(run)
                .optProgress(s -> {})
                .build()
                .run();
        assertEquals(4, again.steps());
        // early stopping without a validation split is refused: it would have to watch the test split
        assertThrows(
                RmferException.class,
                () -> TrainFixtures.config(labelled, rmset)
                        .optEarlyStopPatience(2)
                        .build());
    }

    @Test
    void lambda2WarmsUpLinearly() {
        TrainConfig c = TrainFixtures.config(labelled, rmset)
                .optLambda2(2.0)
                .optLambda2Warmup(4)
                .build();
        assertEquals(0.5, c.acl().lambda2At(0), 1e-12);
        assertEquals(1.0, c.acl().lambda2At(1), 1e-12);
        assertEquals(2.0, c.acl().lambda2At(3), 1e-12);
        assertEquals(2.0, c.acl().lambda2At(100), 1e-12);
        assertEquals(
                2.0,
                TrainFixtures.config(labelled, rmset)
                        .optLambda2(2.0)
                        .build()
                        .acl()
                        .lambda2At(0),
                1e-12);
        assertThrows(
                RmferException.class,
                () -> TrainFixtures.config(labelled, rmset).optLambda2Warmup(-1).build());
    }

    @Test
    void aRunStartsFromTheWeightsItIsGiven() {
        TrainConfig first = TrainFixtures.config(labelled, rmset)
                .optName("first")
                .optEpochs(1, 0)
                .build();
        TrainResult p1 = Trainer.builder()
                .setConfig(first)
                .setRunDir(dir.resolve("run-first"))
                .optProgress(s -> {})
                .build()
                .run();
        Path start = p1.run().last();
        // phase 2 only, one step at a negligible learning rate: it ends where it started
        TrainConfig second = TrainFixtures.config(labelled, rmset)
                .optName("second")
                .optEpochs(0, 1)
                .optStepsPerEpoch(1)
                .optLearningRates(1e-12, 1e-12)
                .optLambda2(0)
                .optInitWeights(start)
                .build();
        TrainResult p2 = Trainer.builder()
                .setConfig(second)
                .setRunDir(dir.resolve("run-second"))
                .optProgress(s -> {})
                .build()
                .run();
        INDArray a = ModelFiles.modelArrays(ModelFiles.read(start).arrays()).get("fer.weight");
        INDArray b = ModelFiles.modelArrays(ModelFiles.read(p2.run().last()).arrays())
                .get("fer.weight");
        assertNotNull(a, "the classifier is named fer.weight");
        assertTrue(a.equalsWithEps(b, 1e-6), "started from the given weights");
        TrainConfig fresh =
                second.toBuilder().optName("fresh").optInitWeights(null).build();
        TrainResult p3 = Trainer.builder()
                .setConfig(fresh)
                .setRunDir(dir.resolve("run-fresh"))
                .optProgress(s -> {})
                .build()
                .run();
        INDArray c = ModelFiles.modelArrays(ModelFiles.read(p3.run().last()).arrays())
                .get("fer.weight");
        assertFalse(a.equalsWithEps(c, 1e-6), "without initWeights the seeded initialisation");
    }

    @Test
    void classBalancedEpochsCanBeLongerThanOnePass() {
        int[] labels = {0, 0, 1, 2, 2, 2};
        int[] pass = Sampler.classBalanced(labels, 9).indices(3);
        int[] longer = Sampler.classBalanced(labels, 9, 20).indices(3);
        assertEquals(6, pass.length);
        assertEquals(20, longer.length);
        for (int i = 0; i < pass.length; i++) {
            assertEquals(pass[i], longer[i], "the first pass is the same draw");
        }
        assertEquals(6, Sampler.classBalanced(labels, 9, 2).indices(3).length, "never shorter than a pass");
    }

    @Test
    void gradientBalanceIsMeasuredWithoutChangingTheRun() throws Exception {
        TrainConfig c = TrainFixtures.config(labelled, rmset)
                .optName("grads")
                .optEpochs(1, 1)
                .build();
        TrainResult plain = Trainer.builder()
                .setConfig(c)
                .setRunDir(dir.resolve("run-plain"))
                .optOracle(TrainFixtures::truth)
                .optProgress(s -> {})
                .build()
                .run();
        TrainResult measured = Trainer.builder()
                .setConfig(c)
                .setRunDir(dir.resolve("run-measured"))
                .optOracle(TrainFixtures::truth)
                .optGradientNorms(1)
                .optProgress(s -> {})
                .build()
                .run();
        List<String> rows = Files.readAllLines(measured.run().gradientMetrics());
        assertEquals(String.join(",", RunDirectory.GRADIENT_COLUMNS), rows.get(0));
        assertEquals(1 + 4, rows.size(), "one row per phase-2 step");
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            double pre = Double.parseDouble(f[3]);
            double acl = Double.parseDouble(f[4]);
            assertTrue(pre > 0 && acl > 0, row);
            assertEquals(acl / pre, Double.parseDouble(f[5]), 1e-4 * acl / pre);
            double cos = Double.parseDouble(f[6]);
            assertTrue(cos >= -1.0001 && cos <= 1.0001, row);
        }
        assertEquals(
                Files.readString(plain.run().stepMetrics()).replaceAll(",[0-9.]+\\n", "\n"),
                Files.readString(measured.run().stepMetrics()).replaceAll(",[0-9.]+\\n", "\n"),
                "same losses, step by step");
        assertEquals(plain.finalEval().accuracy(), measured.finalEval().accuracy());
        // the arithmetic, by hand: norms 3 and 4, dot product -6: ratio 4/3, cosine -0.5
        GradientBalance g = GradientBalance.of(3, 4, -6);
        assertEquals(4.0 / 3, g.ratio(), 1e-12);
        assertEquals(-0.5, g.cosine(), 1e-12);
        assertTrue(Double.isNaN(GradientBalance.of(0, 4, 0).cosine()));
    }
}
