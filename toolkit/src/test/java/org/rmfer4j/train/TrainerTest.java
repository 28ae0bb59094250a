package org.rmfer4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.model.Engine;
import org.rmfer4j.model.ModelFiles;
import org.rmfer4j.model.RmferModel;
import org.rmfer4j.rmset.RmsetIndex;
import org.rmfer4j.synth.SynthFer;

/** A whole run on tiny fake data through both phases, resume equality, and config round trips. */
class TrainerTest {
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
    void bothPhasesWriteMetricsCheckpointsAndReport() throws Exception {
        TrainConfig c = TrainFixtures.config(labelled, rmset).build();
        Path run = dir.resolve("run-full");
        TrainResult r = Trainer.builder()
                .setConfig(c)
                .setRunDir(run)
                .optOracle(TrainFixtures::truth)
                .optProgress(s -> {})
                .build()
                .run();
        RunDirectory rd = new RunDirectory(run);
        assertEquals(12, r.steps());
        for (Path p : List.of(
                rd.config(),
                rd.environment(),
                rd.stepMetrics(),
                rd.epochMetrics(),
                rd.evalMetrics(),
                rd.last(),
                rd.best(),
                rd.epochCheckpoint(0),
                rd.epochCheckpoint(2),
                rd.confusion(),
                rd.perClass(),
                rd.report())) {
            assertTrue(Files.isRegularFile(p), p + " written");
        }
        var steps = rd.steps();
        assertEquals(12, steps.rowCount());
        // phase 1 has no ACL term; phase 2 has one for every step, with kept positives and negatives
        for (int i = 0; i < 12; i++) {
            int phase = steps.intColumn("phase").get(i);
            assertEquals(i < 8 ? 1 : 2, phase);
            if (phase == 2) {
                assertFalse(steps.column("loss_acl").isMissing(i), "ACL loss logged in phase 2");
                assertTrue(steps.intColumn("kept_pos").get(i) > 0
                        && steps.intColumn("kept_neg").get(i) > 0);
                assertFalse(steps.column("pos_precision_before").isMissing(i), "oracle precision logged");
            } else {
                assertTrue(steps.column("loss_acl").isMissing(i));
            }
        }
        assertEquals(3, rd.epochs().rowCount());
        assertTrue(r.precision().known());
        String report = Files.readString(rd.report());
        assertTrue(report.contains("Synthetic data"), "synthetic provenance stated");
        assertTrue(report.contains("Confusion matrix"));
        assertEquals(r.finalEval().origin().total(), 28);
        assertTrue(rd.finished());
        // a checkpoint is a model file too
        try (RmferModel m = RmferModel.load(rd.last(), Engine.TORCH)) {
            assertEquals(32, m.config().inputSize());
        }
    }

    @Test
    void resumedRunMatchesUninterruptedRun() throws Exception {
        TrainConfig c = TrainFixtures.config(labelled, rmset)
                .optName("resume")
                .optCheckpointEverySteps(3)
                .build();
        Path whole = dir.resolve("whole");
        Trainer.builder()
                .setConfig(c)
                .setRunDir(whole)
                .optProgress(s -> {})
                .build()
                .run();

        Path broken = dir.resolve("broken");
        // "kill" the run at step 10 (mid phase 2, after the step-9 checkpoint), with no chance to save anything
        RuntimeException killed = assertThrows(
                RuntimeException.class,
                () -> Trainer.builder()
                        .setConfig(c)
                        .setRunDir(broken)
                        .optProgress(s -> {})
                        .optListener(rec -> {
                            if (rec.step() == 10) {
                                throw new IllegalStateException("killed");
                            }
                        })
                        .build()
                        .run());
        assertEquals("killed", killed.getMessage());
        assertEquals(9, Checkpoint.position(new RunDirectory(broken).last()).step());
        Trainer.builder()
                .setConfig(c)
                .setRunDir(broken)
                .optProgress(s -> {})
                .build()
                .run();

        Map<String, INDArray> a =
                ModelFiles.read(new RunDirectory(whole).last()).arrays();
        Map<String, INDArray> b =
                ModelFiles.read(new RunDirectory(broken).last()).arrays();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(
                    a.get(k).castTo(DataType.DOUBLE).reshape(-1).toDoubleVector(),
                    b.get(k).castTo(DataType.DOUBLE).reshape(-1).toDoubleVector(),
                    0.0,
                    k);
        }
        assertEquals(losses(whole), losses(broken), "the same losses, step for step");
        assertEquals(
                new RunDirectory(whole).epochs().column("test_acc").asList(),
                new RunDirectory(broken).epochs().column("test_acc").asList());
    }

    private static List<String> losses(Path run) throws Exception {
        return Files.readAllLines(run.resolve("metrics-steps.csv")).stream()
                .map(l -> String.join(",", List.of(l.split(",", -1)).subList(0, 18)))
                .toList();
    }

    @Test
    void theTrainerRunsOnSameDiffToo() throws Exception {
        TrainConfig c = TrainFixtures.config(labelled, rmset)
                .optName("samediff")
                .optEngine(Engine.SAMEDIFF)
                .optEpochs(1, 1)
                .optStepsPerEpoch(2)
                .optBatchSize(4)
                .optCandidates(8)
                .build();
        TrainResult r = Trainer.builder()
                .setConfig(c)
                .setRunDir(dir.resolve("run-samediff"))
                .optProgress(s -> {})
                .build()
                .run();
        assertEquals(4, r.steps());
        var steps = new RunDirectory(r.run().root()).steps();
        assertFalse(steps.column("loss_acl").isMissing(3), "phase 2 ran ACL on SameDiff");
        assertTrue(Double.isFinite(r.finalEval().accuracy()));
        assertTrue(Files.readString(r.run().environment()).contains("samediff"));
    }

    @Test
    void aDifferentConfigCannotResumeAnotherRun() {
        TrainConfig c = TrainFixtures.config(labelled, rmset)
                .optName("guard")
                .optEpochs(1, 0)
                .optStepsPerEpoch(1)
                .build();
        Path run = dir.resolve("guard");
        Trainer.builder()
                .setConfig(c)
                .setRunDir(run)
                .optProgress(s -> {})
                .build()
                .run();
        TrainConfig other = c.toBuilder().optSeed(7).build();
        RmferException e = assertThrows(
                RmferException.class,
                () -> Trainer.builder()
                        .setConfig(other)
                        .setRunDir(run)
                        .optProgress(s -> {})
                        .build()
                        .run());
        assertTrue(e.getMessage().contains("different config"), e.getMessage());
    }

    @Test
    void configRoundTripsThroughJsonAndRejectsUnknownKeys() throws Exception {
        TrainConfig c = TrainFixtures.config(labelled, rmset)
                .optOptimizer(Optimizer.SAM)
                .build();
        Path f = c.write(dir.resolve("c.json"));
        assertEquals(c, TrainConfig.read(f));
        Files.writeString(dir.resolve("bad.json"), "{\"dataset\":\"rafdb\",\"datasetRoot\":\"/x\",\"lamda2\":1}");
        RmferException e = assertThrows(RmferException.class, () -> TrainConfig.read(dir.resolve("bad.json")));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("lamda2"), e.getMessage());
        Files.writeString(
                dir.resolve("bad2.json"), "{\"dataset\":\"rafdb\",\"datasetRoot\":\"/x\",\"gamma\":\"lots\"}");
        RmferException e2 = assertThrows(RmferException.class, () -> TrainConfig.read(dir.resolve("bad2.json")));
        assertTrue(e2.getMessage().contains("gamma"), e2.getMessage());
        assertEquals(0.2, c.with(Map.of("gamma", "0.2")).acl().gamma());
        assertEquals(
                AclSampler.Window.PAPER, c.with(Map.of("window", "paper")).acl().window());
        // without an RMset λ2 defaults to 0; with one to the toolkit's 1.0
        Files.writeString(dir.resolve("plain.json"), "{\"dataset\":\"rafdb\",\"datasetRoot\":\"/x\"}");
        assertEquals(0.0, TrainConfig.read(dir.resolve("plain.json")).acl().lambda2());
        assertEquals(AclSettings.DEFAULT_LAMBDA2, c.acl().lambda2());
    }

    @Test
    void rmsetFractionKeepsWholeVideos() {
        var index = RmsetIndex.read(rmset);
        var half = index.fractionOfVideos(0.5, 42);
        assertEquals(1, half.videos().size());
        assertEquals(index.rowsOf(half.videos().get(0)).size(), half.size(), "whole videos, every row");
        assertEquals(index.size(), index.fractionOfVideos(1.0, 42).size());
        assertEquals(half.videos(), index.fractionOfVideos(0.5, 42).videos(), "seeded");
        assertThrows(
                RmferException.class,
                () -> TrainFixtures.config(labelled, rmset).optRmsetFraction(0).build());
    }

    @Test
    void variantsDifferOnlyInLossWeights() {
        TrainConfig c = TrainFixtures.config(labelled, rmset).build();
        TrainConfig base = Variant.BASELINE.apply(c);
        TrainConfig pre = Variant.WITHOUT_ACL.apply(c);
        TrainConfig full = Variant.FULL.apply(c);
        assertEquals(0, base.schedule().lambda1());
        assertEquals(0, base.acl().lambda2());
        assertEquals(0.1, pre.schedule().lambda1());
        assertEquals(0, pre.acl().lambda2());
        assertTrue(full.usesAcl() && !pre.usesAcl());
        assertEquals(c.toBuilder().optName(full.name()).build(), full);
        assertEquals("tiny-without-acl", pre.name());
    }
}
