package org.rmfer4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.core.FullDiskDrill;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.synth.SynthFer;

/** Issue 18's training cases: a full disk mid-run, leftovers of a kill, a damaged last checkpoint, config values. */
class RunRobustnessTest {
    @TempDir
    static Path dir;

    static SynthFer.Result labelled;

    @BeforeAll
    static void data() {
        labelled = TrainFixtures.labelled(dir.resolve("synth"));
    }

    private static TrainConfig.Builder tiny(String name) {
        return TrainConfig.builder()
                .setDataset(labelled.manifest().toString())
                .setDatasetRoot(labelled.root())
                .optName(name)
                .optInputSize(32)
                .optBatchSize(8)
                .optEpochs(2, 0)
                .optStepsPerEpoch(3)
                .optEvalBatch(16)
                .optWorkers(1)
                .optLambda2(0);
    }

    @Test
    void aFullDiskStopsTheRunWithOneMessageAndLosesNothingAlreadyWritten() throws Exception {
        TrainConfig c = tiny("full").build();
        Path run = dir.resolve("full");
        Trainer.builder()
                .setConfig(c)
                .setRunDir(run)
                .optProgress(s -> {})
                .build()
                .run();
        RunDirectory rd = new RunDirectory(run);
        byte[] last = Files.readAllBytes(rd.last());
        // a longer run into the same directory: the first new step's log row does not fit
        TrainConfig longer = c.toBuilder().optEpochs(3, 0).build();
        Files.delete(rd.config());
        Files.writeString(rd.config(), longer.toJson());
        String stepsBefore = Files.readString(rd.stepMetrics());
        RmferException e;
        long logs = 0; // room for the resume's rewrite of every log, then 10 bytes: the first new row is cut
        try (var list = Files.list(run)) {
            for (Path p : list.filter(p -> p.getFileName().toString().startsWith("metrics-"))
                    .toList()) {
                logs += Files.size(p);
            }
        }
        try (FullDiskDrill drill = FullDiskDrill.start(run, logs + 10)) {
            e = assertThrows(
                    RmferException.class,
                    () -> Trainer.builder()
                            .setConfig(longer)
                            .setRunDir(run)
                            .optProgress(s -> {})
                            .build()
                            .run());
        }
        assertTrue(
                e.getMessage().startsWith("no space left on device: could not append to")
                        && e.getMessage().contains("metrics-steps.csv"),
                e.getMessage());
        assertEquals(stepsBefore, Files.readString(rd.stepMetrics()), "no half row appended");
        assertArrayEquals(last, Files.readAllBytes(rd.last()), "the last checkpoint is untouched");
        // with space again the run resumes and finishes
        Trainer.builder()
                .setConfig(longer)
                .setRunDir(run)
                .optProgress(s -> {})
                .build()
                .run();
        assertEquals(9, rd.steps().rowCount());
    }

    @Test
    void aKilledCheckpointWriteLeavesNothingAndADamagedLastNamesTheIntactEpoch() throws Exception {
        TrainConfig c = tiny("killed").build();
        Path run = dir.resolve("killed");
        Trainer.builder()
                .setConfig(c)
                .setRunDir(run)
                .optProgress(s -> {})
                .build()
                .run();
        RunDirectory rd = new RunDirectory(run);
        Path stale = Files.writeString(run.resolve("checkpoints/.epoch-002.rmfer123456.tmp"), "half a checkpoint");
        Path staleLast = Files.writeString(run.resolve(".last.rmfer987.tmp"), "half");
        List<String> log = new ArrayList<>();
        Trainer.builder()
                .setConfig(c)
                .setRunDir(run)
                .optProgress(log::add)
                .build()
                .run(); // a finished run: resumes at its end
        assertFalse(Files.exists(stale) || Files.exists(staleLast), "stale temporary files removed");
        assertTrue(
                log.stream().anyMatch(l -> l.contains("already finished at step 6 (nothing to train)")),
                String.join("\n", log));
        byte[] bytes = Files.readAllBytes(rd.last());
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(rd.last(), bytes);
        RmferException e = assertThrows(
                RmferException.class,
                () -> Trainer.builder()
                        .setConfig(c)
                        .setRunDir(run)
                        .optProgress(s -> {})
                        .build()
                        .run());
        assertTrue(
                e.getMessage().contains("checksum mismatch") && e.getMessage().contains("epoch-002.rmfer is intact"),
                e.getMessage());
    }

    @Test
    void configNumbersAreNeverTruncatedOrInfinite() throws Exception {
        Path f = dir.resolve("decimal.json");
        Files.writeString(f, "{\"dataset\":\"rafdb\",\"datasetRoot\":\"/x\",\"batchSize\":32.7}");
        RmferException e = assertThrows(RmferException.class, () -> TrainConfig.read(f));
        assertTrue(
                e.getMessage().contains("schedule.batchSize") && e.getMessage().contains(f.toString()), e.getMessage());
        Files.writeString(f, "{\"dataset\":\"rafdb\",\"datasetRoot\":\"/x\",\"batchSize\":32.0}");
        assertThrows(RmferException.class, () -> TrainConfig.read(f), "a decimal point is not an integer either");
        TrainConfig base = tiny("numbers").build();
        for (String[] kv : List.of(
                new String[] {"preLr", "Infinity"},
                new String[] {"lambda2", "Infinity"},
                new String[] {"lambda1", "NaN"},
                new String[] {"samRho", "Infinity"})) {
            RmferException bad = assertThrows(RmferException.class, () -> base.with(Map.of(kv[0], kv[1])), kv[0]);
            assertTrue(bad.getMessage().contains(kv[0]) && bad.getMessage().contains("finite"), bad.getMessage());
        }
    }
}
