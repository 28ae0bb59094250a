package org.rmfer4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.loss.AclLayout;
import org.rmfer4j.loss.ReferenceMath;
import org.rmfer4j.loss.SelfMask;
import org.rmfer4j.model.Engine;
import org.rmfer4j.model.EngineProvider;
import org.rmfer4j.model.ModelConfig;
import org.rmfer4j.model.RmferModel;
import org.rmfer4j.model.StepResult;
import org.rmfer4j.model.TrainInput;

/**
 * What every engine behind {@link RmferModel} must do, run on each registered engine (so the engines cannot drift
 * apart): losses going down with IAL and with ACL, the loss total as the weighted sum of its terms, files that load on
 * every engine, predictions independent of the rest of the batch, projections that do not collapse under ACL, and
 * IAL's attention in double precision equal to the reference formula. Cross-engine agreement of outputs, losses and
 * gradients is {@code CrossEngineParityTest}; finite differences are per engine (they need each engine's internals).
 */
class EngineContractTest {
    private static INDArray images(long seed, int b, int s, DataType dt) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.FLOAT, b, 3, s, s).castTo(dt);
    }

    private static INDArray oneHot(int[] labels, int classes, DataType dt) {
        INDArray t = Nd4j.zeros(dt, labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            t.putScalar(i, labels[i], 1.0);
        }
        return t;
    }

    private static ModelConfig small(long seed) {
        return ModelConfig.builder()
                .setClasses(ClassOrder.AFFECTNET_7)
                .optInputSize(32)
                .optProjectionDim(16)
                .optSeed(seed)
                .build();
    }

    /** A fixed phase-2 input: 8 labelled images and two anchors (the second without positives: skipped). */
    private static TrainInput aclInput(double lambda1, double lambda2) {
        AclLayout layout = AclLayout.of(new int[] {2, 0}, new int[] {2, 3}, 4);
        return new TrainInput(
                images(5, 8, 32, DataType.FLOAT),
                oneHot(new int[] {0, 1, 2, 3, 4, 5, 6, 0}, 7, DataType.FLOAT),
                lambda1,
                images(6, layout.rows(), 32, DataType.FLOAT),
                layout,
                lambda2);
    }

    @org.junit.jupiter.api.Test
    void torchIsTheDefaultEngine() {
        try (RmferModel m = RmferModel.create(small(1))) {
            assertEquals(Engine.TORCH, m.engine());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void everyEngineIsRegistered(Engine engine) {
        assertEquals(engine, EngineProvider.of(engine).engine());
        assertTrue(!EngineProvider.of(engine).runtime().isBlank());
        try (RmferModel m = RmferModel.create(small(1), engine)) {
            assertEquals(engine, m.engine());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void lossesGoDownIn20StepsWithIal(Engine engine) {
        try (RmferModel m = RmferModel.create(small(7), engine)) {
            INDArray x = images(1, 8, 32, DataType.FLOAT);
            INDArray y = oneHot(new int[] {0, 1, 2, 3, 4, 5, 6, 0}, 7, DataType.FLOAT);
            List<StepResult> steps = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                steps.add(m.step(TrainInput.pre(x, y, 1.0), 1e-3));
            }
            StepResult first = steps.get(0);
            StepResult last = steps.get(19);
            assertTrue(last.total() < 0.5 * first.total(), engine + " L_pre: " + first + " -> " + last);
            assertTrue(last.ial() < first.ial(), engine + " L_IAL goes down too: " + first.ial() + " -> " + last.ial());
            assertEquals(last.fer() + last.ial(), last.total(), 1e-4, "L_pre = L_FER + λ1·L_IAL");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aclLossGoesDownAndTheTotalIsTheWeightedSum(Engine engine) {
        try (RmferModel m = RmferModel.create(small(3), engine)) {
            TrainInput in = aclInput(1.0, 0.5);
            StepResult r = m.step(in, 1e-3);
            assertTrue(Double.isFinite(r.acl()) && r.acl() > 0, r.toString());
            assertEquals(2, r.aclAnchors(), "both anchors of the step are counted");
            assertEquals(1, r.aclSkipped(), "the anchor without positives is skipped");
            assertEquals(r.fer() + 1.0 * r.ial() + 0.5 * r.acl(), r.total(), 1e-4);
            List<Double> acl = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                acl.add(m.step(in, 1e-3).acl());
            }
            assertTrue(acl.get(19) < acl.get(0), engine + ": L_ACL goes down on a fixed batch: " + acl);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void projectionsDoNotCollapseUnderAcl(Engine engine) {
        try (RmferModel m = RmferModel.create(small(4), engine)) {
            TrainInput in = aclInput(0.1, 1.0);
            for (int i = 0; i < 20; i++) {
                m.step(in, 1e-3);
            }
            double[][] z = m.embed(images(9, 8, 32, DataType.FLOAT))
                    .castTo(DataType.DOUBLE)
                    .toDoubleMatrix();
            double[][] cos = ReferenceMath.cosine(z);
            double mean = 0;
            int n = 0;
            for (int i = 0; i < z.length; i++) {
                for (int j = i + 1; j < z.length; j++) {
                    mean += cos[i][j];
                    n++;
                }
            }
            mean /= n;
            assertTrue(
                    mean < 0.99,
                    engine + ": projections of 8 different images are not one direction (mean cosine " + mean + ")");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aSavedModelLoadsOnEveryEngine(Engine engine, @TempDir Path dir) {
        try (RmferModel m = RmferModel.create(small(9), engine)) {
            INDArray x = images(8, 3, 32, DataType.FLOAT);
            m.step(TrainInput.pre(x, oneHot(new int[] {0, 3, 6}, 7, DataType.FLOAT), 1.0), 1e-3);
            Path f = m.save(dir.resolve("m.rmfer"));
            for (Engine other : Engine.values()) {
                try (RmferModel back = RmferModel.load(f, other)) {
                    INDArray a = m.predict(x);
                    INDArray b = back.predict(x);
                    double diff = a.sub(b).amaxNumber().doubleValue()
                            / Math.max(1e-12, a.amaxNumber().doubleValue());
                    assertEquals(m.config(), back.config());
                    if (other == engine) {
                        assertEquals(0.0, diff, "saved and loaded on " + engine + ": identical");
                        assertEquals(m.infer(x).attention(), back.infer(x).attention());
                    } else {
                        assertTrue(diff < 1e-4, engine + " -> " + other + ": " + diff);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aPredictionDoesNotDependOnTheRestOfTheBatch(Engine engine) {
        try (RmferModel m = RmferModel.create(small(2), engine)) {
            INDArray x = images(2, 5, 32, DataType.FLOAT);
            INDArray before =
                    m.parameters().get("backbone.block0.bn.running_mean").dup();
            m.step(TrainInput.pre(x, oneHot(new int[] {0, 1, 2, 3, 4}, 7, DataType.FLOAT), 0), 1e-3);
            assertNotEquals(
                    before,
                    m.parameters().get("backbone.block0.bn.running_mean"),
                    "a training step updates running statistics");
            INDArray all = m.predict(x);
            INDArray one = m.predict(x.get(NDArrayIndex.interval(3, 4)).dup());
            assertEquals(0.0, all.getRow(3).sub(one.getRow(0)).amaxNumber().doubleValue(), 1e-5, engine.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void ialAttentionInDoubleIsTheReferenceFormula(Engine engine) {
        ModelConfig c = ModelConfig.builder()
                .setClasses(ClassOrder.AFFECTNET_7)
                .optInputSize(16)
                .optProjectionDim(6)
                .optTau(0.5)
                .optSeed(11)
                .build();
        try (RmferModel m = EngineProvider.of(engine).create(c, DataType.DOUBLE)) {
            var inf = m.infer(images(7, 5, 16, DataType.DOUBLE));
            double[][] expected = ReferenceMath.attention(inf.projection().toDoubleMatrix(), SelfMask.OFFICIAL, 0.5);
            double[][] got = inf.attention().toDoubleMatrix();
            for (int i = 0; i < expected.length; i++) {
                for (int j = 0; j < expected.length; j++) {
                    assertEquals(expected[i][j], got[i][j], 1e-12, engine + " A[" + i + "][" + j + "]");
                }
            }
        }
    }
}
