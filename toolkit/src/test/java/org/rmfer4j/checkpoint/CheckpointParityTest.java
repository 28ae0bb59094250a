package org.rmfer4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rmfer4j.cli.RmferCli;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.model.Backbone;
import org.rmfer4j.model.Engine;
import org.rmfer4j.model.ModelFiles;
import org.rmfer4j.model.RmferModel;
import org.rmfer4j.synth.SynthFer;
import org.rmfer4j.train.TrainConfig;
import org.rmfer4j.train.TrainResult;
import org.rmfer4j.train.Trainer;

/**
 * PyTorch checkpoints made on the spot by Debian's python3-torch and python3-torchvision ({@code make_checkpoints.py}):
 * a torchvision ResNet-18 read as a state dict, a whole pickled module and a legacy file gives PyTorch's eval-mode
 * logits on both engines; timm-named EfficientNet-B2 files (values random: timm is not packaged) load with every shape
 * checked; a pickle that calls os.system is refused and runs nothing.
 */
class CheckpointParityTest {
    @TempDir
    static Path dir;

    static final String PYTHON = "/usr/bin/python3";

    @BeforeAll
    static void makeCheckpoints() throws Exception {
        Path script = Path.of("src/test/python/make_checkpoints.py").toAbsolutePath();
        assertTrue(Files.isExecutable(Path.of(PYTHON)), "Debian's " + PYTHON + " is needed (./rmfer test installs it)");
        Process p = new ProcessBuilder(PYTHON, script.toString(), dir.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(
                0,
                p.waitFor(),
                "make_checkpoints.py failed — are python3-torch and python3-torchvision installed? "
                        + "(./rmfer test installs them):\n" + out);
    }

    private static double maxRelative(INDArray got, INDArray want) {
        INDArray g = got.castTo(DataType.DOUBLE);
        INDArray w = want.castTo(DataType.DOUBLE);
        double scale = Math.max(1e-6, w.amaxNumber().doubleValue());
        return g.sub(w).amaxNumber().doubleValue() / scale;
    }

    @Test
    void torchvisionResNet18GivesPyTorchsLogitsOnBothEngines() {
        INDArray x = Npy.read(dir.resolve("x.npy"));
        INDArray want = Npy.read(dir.resolve("resnet18_logits.npy"));
        for (String file :
                List.of("resnet18_sd.pth", "resnet18_module.pth", "resnet18_legacy.pth", "resnet18_bn.onnx")) {
            CheckpointImport.Result r = CheckpointImport.builder()
                    .setFrom(dir.resolve(file))
                    .setBackbone(Backbone.RESNET18)
                    .setClasses(ClassOrder.AFFECTNET_7)
                    .optInputSize(64)
                    .build()
                    .run();
            Path saved = dir.resolve(file + ".rmfer");
            try (RmferModel m = r.model()) {
                assertEquals(List.of("ial.*", "proj.*"), r.initialised(), r.summary());
                r.save(saved);
            }
            var stated = ModelFiles.read(saved).normalization();
            assertEquals(
                    List.of(0.485, 0.456, 0.406),
                    Arrays.stream(stated.mean()).boxed().toList(),
                    "the model file states ImageNet's statistics, which torchvision's weights expect");
            for (Engine e : Engine.values()) {
                try (RmferModel m = RmferModel.load(saved, e)) {
                    double rel = maxRelative(m.predict(x.castTo(m.parameters().dtype())), want);
                    System.out.printf(
                            Locale.ROOT, "parity %s on %s: max |difference| / max |logit| = %.2e%n", file, e, rel);
                    assertTrue(rel < 1e-4, file + " on " + e + ": max relative difference " + rel);
                }
            }
        }
        String kind = TorchCheckpoint.read(dir.resolve("resnet18_module.pth")).kind();
        assertEquals("whole module torchvision.models.resnet.ResNet", kind);
        assertEquals(
                "legacy",
                TorchCheckpoint.read(dir.resolve("resnet18_legacy.pth")).format());
    }

    @Test
    void timmAndOfficialSplitEfficientNetB2FilesLoadWithEveryShapeChecked() {
        CheckpointImport.Result timm = CheckpointImport.builder()
                .setFrom(dir.resolve("b2_timm.pth"))
                .setBackbone(Backbone.EFFICIENTNET_B2)
                .setClasses(ClassOrder.ALPHABETICAL_7)
                .optInputSize(64)
                .build()
                .run();
        CheckpointImport.Result split = CheckpointImport.builder()
                .setFrom(dir.resolve("b2_backbone.pth"), dir.resolve("b2_classifier.pth"))
                .setBackbone(Backbone.EFFICIENTNET_B2)
                .setClasses(ClassOrder.ALPHABETICAL_7)
                .optInputSize(64)
                .build()
                .run();
        try (RmferModel a = timm.model();
                RmferModel b = split.model()) {
            assertEquals(
                    timm.loaded(),
                    split.loaded().stream()
                            .sorted(Comparator.comparingInt(timm.loaded()::indexOf))
                            .toList());
            Map<String, INDArray> pa = a.parameters().snapshot();
            Map<String, INDArray> pb = b.parameters().snapshot();
            for (String k : timm.loaded()) {
                assertEquals(pa.get(k), pb.get(k), k);
            }
            INDArray x = Npy.read(dir.resolve("x.npy"));
            INDArray y = a.predict(x.castTo(a.parameters().dtype()));
            assertEquals(List.of(3L, 7L), Arrays.stream(y.shape()).boxed().toList());
            assertEquals(y, b.predict(x.castTo(b.parameters().dtype())), "the split files give the same network");
        }
        // HSEmotion heads are alphabetical: importing into AffectNet order moves the rows
        CheckpointImport.Result moved = CheckpointImport.builder()
                .setFrom(dir.resolve("b2_timm.pth"))
                .setBackbone(Backbone.EFFICIENTNET_B2)
                .setClasses(ClassOrder.AFFECTNET_7)
                .optHeadOrder(ClassOrder.ALPHABETICAL_7)
                .optCopyClassifierToIal(true)
                .optInputSize(64)
                .build()
                .run();
        try (RmferModel m = moved.model()) {
            INDArray w =
                    TorchCheckpoint.read(dir.resolve("b2_timm.pth")).tensors().get("classifier.weight");
            INDArray fer = m.parameters().get("fer.weight");
            for (int i = 0; i < 7; i++) {
                int from = ClassOrder.ALPHABETICAL_7.indexOf(ClassOrder.AFFECTNET_7.at(i));
                assertEquals(w.getRow(from), fer.getRow(i).castTo(w.dataType()), "row " + ClassOrder.AFFECTNET_7.at(i));
            }
            assertEquals(fer, m.parameters().get("ial.weight"));
            assertEquals(List.of("proj.*"), moved.initialised());
        }
    }

    @Test
    void anOnnxFileWithFoldedBatchNormIsExplained() {
        OnnxWeights.Contents c = OnnxWeights.read(dir.resolve("resnet18_folded.onnx"));
        assertTrue(
                c.bnFolded() && c.tensors().keySet().stream().anyMatch(k -> k.startsWith("onnx::Conv_")),
                c.tensors().keySet().toString());
        assertFalse(OnnxWeights.read(dir.resolve("resnet18_bn.onnx")).bnFolded());
        RmferException e = assertThrows(
                RmferException.class,
                () -> CheckpointImport.builder()
                        .setFrom(dir.resolve("resnet18_folded.onnx"))
                        .setBackbone(Backbone.RESNET18)
                        .setClasses(ClassOrder.AFFECTNET_7)
                        .build()
                        .run());
        assertTrue(
                e.getMessage().contains("batch norm was folded")
                        && e.getMessage().contains("TrainingMode.TRAINING"),
                e.getMessage());
    }

    @Test
    void trainingCanStartFromAPyTorchFileDirectly() {
        SynthFer.Result data = SynthFer.builder()
                .setOut(dir.resolve("synth"))
                .optSizes(28, 14)
                .optIdentities(4, 2)
                .optImageSize(32)
                .optSeed(1)
                .optThreads(2)
                .build()
                .write(s -> {});
        TrainConfig c = TrainConfig.builder()
                .setDataset(data.manifest().toString())
                .setDatasetRoot(data.root())
                .optName("init")
                .optBackbone(Backbone.RESNET18)
                .optInputSize(32)
                .optBatchSize(4)
                .optEpochs(1, 0)
                .optStepsPerEpoch(1)
                .optLearningRates(1e-12, 1e-12)
                .optEvalBatch(14)
                .optWorkers(1)
                .optLambda2(0)
                .optInitWeights(dir.resolve("resnet18_sd.pth"))
                .build();
        List<String> log = new ArrayList<>();
        // an imported model file evaluates on a dataset directly, with the statistics the file states
        Path imported = dir.resolve("for-eval.rmfer");
        CheckpointImport.Result forEval = CheckpointImport.builder()
                .setFrom(dir.resolve("resnet18_sd.pth"))
                .setBackbone(Backbone.RESNET18)
                .setClasses(ClassOrder.RAFDB)
                .optInputSize(32)
                .build()
                .run();
        try (RmferModel m = forEval.model()) {
            forEval.save(imported);
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int rc;
        try (PrintStream ps = new PrintStream(captured, true)) {
            System.setOut(ps);
            rc = RmferCli.execute(
                    "eval",
                    "--model",
                    imported.toString(),
                    "--dataset",
                    data.manifest().toString(),
                    "--root",
                    data.root().toString(),
                    "--split",
                    "test");
        } finally {
            System.setOut(old);
        }
        assertEquals(0, rc, captured.toString());
        assertTrue(
                captured.toString().contains("inputs normalised as the model file states: mean [0.485, 0.456, 0.406]"),
                captured.toString());
        TrainResult r = Trainer.builder()
                .setConfig(c)
                .setRunDir(dir.resolve("run-init"))
                .optProgress(log::add)
                .build()
                .run();
        assertTrue(
                log.stream()
                        .anyMatch(l ->
                                l.startsWith("init from " + dir.resolve("resnet18_sd.pth") + ": loaded 102 tensors")),
                String.join("\n", log));
        INDArray conv1 =
                TorchCheckpoint.read(dir.resolve("resnet18_sd.pth")).tensors().get("conv1.weight");
        try (RmferModel m = RmferModel.load(r.run().last(), Engine.TORCH)) {
            double diff = m.parameters()
                    .get("backbone.conv1.weight")
                    .castTo(DataType.DOUBLE)
                    .sub(conv1.castTo(DataType.DOUBLE))
                    .amaxNumber()
                    .doubleValue();
            assertTrue(diff < 1e-6, "the run started from the file's weights: " + diff);
        }
    }

    @Test
    void aWrongBackboneOrShapeIsNamed() {
        RmferException e = assertThrows(
                RmferException.class,
                () -> CheckpointImport.builder()
                        .setFrom(dir.resolve("resnet18_sd.pth"))
                        .setBackbone(Backbone.EFFICIENTNET_B2)
                        .setClasses(ClassOrder.AFFECTNET_7)
                        .build()
                        .run());
        assertTrue(e.getMessage().contains("--backbone resnet18"), e.getMessage());
        CheckpointImport.Result eight = CheckpointImport.builder()
                .setFrom(dir.resolve("resnet18_sd.pth"))
                .setBackbone(Backbone.RESNET18)
                .setClasses(ClassOrder.AFFECTNET_8)
                .optInputSize(64)
                .build()
                .run();
        try (RmferModel m = eight.model()) {
            assertTrue(
                    eight.initialised().contains("fer.*"), "a 7-class head does not fit 8 classes: " + eight.summary());
        }
    }

    @Test
    void aPickleThatCallsOsSystemIsRefusedAndRunsNothing() throws Exception {
        RmferException e = assertThrows(RmferException.class, () -> TorchCheckpoint.read(dir.resolve("evil.pth")));
        assertTrue(e.getMessage().contains("'posix.system'") && e.getMessage().contains("refused"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("PWNED")), "nothing was run");
        byte[] bytes = Files.readAllBytes(dir.resolve("resnet18_sd.pth"));
        Path cut = Files.write(dir.resolve("cut.pth"), Arrays.copyOf(bytes, bytes.length / 2));
        e = assertThrows(RmferException.class, () -> TorchCheckpoint.read(cut));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        Path text = Files.writeString(dir.resolve("notes.pth"), "just some text");
        e = assertThrows(RmferException.class, () -> TorchCheckpoint.read(text));
        assertTrue(e.getMessage().contains("is not a PyTorch checkpoint"), e.getMessage());
    }
}
