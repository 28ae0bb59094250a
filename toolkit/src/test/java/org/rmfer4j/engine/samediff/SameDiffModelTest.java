package org.rmfer4j.engine.samediff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.loss.AclLayout;
import org.rmfer4j.model.Backbone;
import org.rmfer4j.model.Engine;
import org.rmfer4j.model.ModelConfig;
import org.rmfer4j.model.ModelGradCheck;
import org.rmfer4j.model.RmferModel;
import org.rmfer4j.model.TrainInput;

class SameDiffModelTest {
    static INDArray images(long seed, int b, int s) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.FLOAT, b, 3, s, s);
    }

    static INDArray oneHot(int[] labels, int classes) {
        INDArray t = Nd4j.zeros(DataType.FLOAT, labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            t.putScalar(i, labels[i], 1f);
        }
        return t;
    }

    private static List<Double> trainSteps(Backbone backbone, int size, int steps, double lr) {
        return trainSteps(backbone, size, steps, lr, 8);
    }

    private static List<Double> trainSteps(Backbone backbone, int size, int steps, double lr, int batch) {
        ModelConfig c = ModelConfig.builder()
                .setClasses(ClassOrder.AFFECTNET_7)
                .optBackbone(backbone)
                .optInputSize(size)
                .optProjectionDim(32)
                .optSeed(7)
                .build();
        try (RmferModel m = RmferModel.create(c, Engine.SAMEDIFF)) {
            INDArray x = images(1, batch, size);
            int[] labels = new int[batch];
            Arrays.setAll(labels, i -> i % 7);
            INDArray y = oneHot(labels, 7);
            List<Double> losses = new ArrayList<>();
            for (int i = 0; i < steps; i++) {
                losses.add(m.step(TrainInput.pre(x, y, 1.0), lr).total());
            }
            return losses;
        }
    }

    @Test
    void smallCnnLossGoesDownIn20Steps() {
        List<Double> l = trainSteps(Backbone.SMALL_CNN, 32, 20, 1e-3);
        assertTrue(l.get(19) < 0.5 * l.get(0), "L_pre " + l.get(0) + " -> " + l.get(19));
    }

    @Test
    void resnet18LossGoesDownIn20Steps() {
        List<Double> l = trainSteps(Backbone.RESNET18, 32, 20, 1e-3);
        assertTrue(l.get(19) < 0.5 * l.get(0), "L_pre " + l.get(0) + " -> " + l.get(19));
    }

    @Test
    void efficientNetB2LossGoesDownIn20Steps() {
        List<Double> l = trainSteps(Backbone.EFFICIENTNET_B2, 32, 20, 1e-3, 4);
        assertTrue(l.get(19) < 0.5 * l.get(0), "L_pre " + l.get(0) + " -> " + l.get(19));
    }

    @Test
    void backbonesHaveTheirPublishedSizes() {
        for (Backbone b : Backbone.values()) {
            ModelConfig c = ModelConfig.builder()
                    .setClasses(ClassOrder.AFFECTNET_7)
                    .optBackbone(b)
                    .optInputSize(32)
                    .build();
            try (RmferModel m = RmferModel.create(c, Engine.SAMEDIFF)) {
                INDArray f = m.features(images(2, 2, 32));
                assertArrayEquals(new long[] {2, b.featureSize()}, f.shape());
                long backboneParams = m.parameters().params().entrySet().stream()
                        .filter(e -> e.getKey().startsWith("backbone."))
                        .mapToLong(e -> e.getValue().length())
                        .sum();
                if (b == Backbone.RESNET18) {
                    assertEquals(11_176_512L, backboneParams, "torchvision resnet18 without fc");
                }
                if (b == Backbone.EFFICIENTNET_B2) {
                    assertEquals(
                            7_700_994L,
                            backboneParams,
                            "timm tf_efficientnet_b2 (9,109,994 with its 1000-class head) without classifier");
                }
            }
        }
    }

    @Test
    void corruptOrForeignModelFilesAreRefused(@TempDir Path dir) throws Exception {
        ModelConfig c = ModelConfig.builder()
                .setClasses(ClassOrder.AFFECTNET_7)
                .optInputSize(32)
                .build();
        Path f;
        try (RmferModel m = RmferModel.create(c, Engine.SAMEDIFF)) {
            f = m.save(dir.resolve("m.rmfer"));
        }
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length / 2] ^= 0x5A;
        Path corrupt = Files.write(dir.resolve("corrupt.rmfer"), bytes);
        RmferException e = assertThrows(RmferException.class, () -> RmferModel.load(corrupt, Engine.SAMEDIFF));
        assertTrue(e.getMessage().contains("checksum") || e.getMessage().contains("invalid"), e.getMessage());
        Path truncated = Files.write(dir.resolve("t.rmfer"), Arrays.copyOf(Files.readAllBytes(f), 100));
        assertThrows(RmferException.class, () -> RmferModel.load(truncated, Engine.SAMEDIFF));
        Path text = Files.writeString(dir.resolve("x.rmfer"), "hello, this is not a model file at all");
        assertTrue(assertThrows(RmferException.class, () -> RmferModel.load(text, Engine.SAMEDIFF))
                .getMessage()
                .contains("bad magic"));
    }

    @Test
    void targetsInTheWrongClassCountAreRefused() {
        ModelConfig c = ModelConfig.builder()
                .setClasses(ClassOrder.AFFECTNET_8)
                .optInputSize(32)
                .build();
        try (RmferModel m = RmferModel.create(c, Engine.SAMEDIFF)) {
            RmferException e = assertThrows(
                    RmferException.class,
                    () -> m.step(TrainInput.pre(images(1, 2, 32), oneHot(new int[] {0, 1}, 7), 0), 1e-3));
            assertTrue(e.getMessage().contains("affectnet-8"), e.getMessage());
        }
    }

    /** The whole model's gradient against finite differences, on a tiny double-precision small CNN. */
    @Test
    void wholeModelGradientMatchesFiniteDifferences() {
        ModelConfig c = ModelConfig.builder()
                .setClasses(ClassOrder.AFFECTNET_7)
                .optInputSize(16)
                .optProjectionDim(6)
                .optTau(0.5)
                .optSeed(11)
                .build();
        SameDiffModel m = new SameDiffModel(c, DataType.DOUBLE);
        AclLayout layout = AclLayout.of(new int[] {1, 1}, new int[] {1, 2}, 3);
        TrainInput in = new TrainInput(
                images(7, 4, 16).castTo(DataType.DOUBLE),
                oneHot(new int[] {1, 2, 3, 1}, 7).castTo(DataType.DOUBLE),
                0.7,
                images(8, layout.rows(), 16).castTo(DataType.DOUBLE),
                layout,
                0.9);
        int checked = ModelGradCheck.check(m, in, 2, 1e-6, 5);
        assertTrue(checked > 30);
    }
}
