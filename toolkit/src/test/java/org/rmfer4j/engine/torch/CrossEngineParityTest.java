package org.rmfer4j.engine.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.engine.samediff.SameDiffModel;
import org.rmfer4j.loss.AclLayout;
import org.rmfer4j.loss.SelfMask;
import org.rmfer4j.model.Backbone;
import org.rmfer4j.model.Engine;
import org.rmfer4j.model.Inference;
import org.rmfer4j.model.ModelConfig;
import org.rmfer4j.model.RmferModel;
import org.rmfer4j.model.StepResult;
import org.rmfer4j.model.TrainInput;

/**
 * The same named weights in both engines give the same features, outputs, losses and gradients: the strongest
 * evidence for both implementations, since they share nothing below {@link org.rmfer4j.nn.TensorOps}.
 */
class CrossEngineParityTest {
    static INDArray randn(long seed, DataType dt, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, shape).castTo(dt);
    }

    static INDArray targets(int b, int c, DataType dt) {
        INDArray t = Nd4j.zeros(dt, b, c);
        for (int i = 0; i < b; i++) {
            t.putScalar(i, (i * 3) % c, 1.0);
        }
        return t;
    }

    static double maxRel(INDArray a, INDArray b) {
        double scale = Math.max(
                1e-12, Math.max(a.amaxNumber().doubleValue(), b.amaxNumber().doubleValue()));
        return a.sub(b).amaxNumber().doubleValue() / scale;
    }

    @ParameterizedTest
    @EnumSource(Backbone.class)
    void outputsLossesAndGradientsAgreeInDoublePrecision(Backbone backbone) {
        ModelConfig c = ModelConfig.builder()
                .setClasses(ClassOrder.AFFECTNET_7)
                .optBackbone(backbone)
                .optInputSize(32)
                .optProjectionDim(12)
                .optTau(0.5)
                .optSelfMask(SelfMask.OFFICIAL)
                .optSeed(21)
                .build();
        SameDiffModel sd = new SameDiffModel(c, DataType.DOUBLE);
        TorchModel tm = new TorchModel(c, DataType.DOUBLE);
        assertEquals(sd.parameters().params().keySet(), tm.parameters().params().keySet());
        sd.parameters()
                .params()
                .forEach((k, v) -> assertEquals(v, tm.parameters().get(k), "same initial weights: " + k));

        INDArray x = randn(1, DataType.DOUBLE, 4, 3, 32, 32);
        Inference a = sd.infer(x);
        Inference b = tm.infer(x);
        assertTrue(maxRel(a.features(), b.features()) < 1e-9, "features " + maxRel(a.features(), b.features()));
        assertTrue(maxRel(a.logits(), b.logits()) < 1e-9);
        assertTrue(maxRel(a.attention(), b.attention()) < 1e-9);
        assertTrue(maxRel(a.attentionLogits(), b.attentionLogits()) < 1e-9);

        AclLayout layout = AclLayout.of(new int[] {2, 1}, new int[] {1, 2}, 3);
        TrainInput in = new TrainInput(
                x,
                targets(4, 7, DataType.DOUBLE),
                0.8,
                randn(2, DataType.DOUBLE, layout.rows(), 3, 32, 32),
                layout,
                0.6);
        RmferModel.Gradients gs = sd.gradients(in);
        RmferModel.Gradients gt = tm.gradients(in);
        assertEquals(
                gs.losses().total(),
                gt.losses().total(),
                1e-9 * Math.abs(gs.losses().total()));
        assertEquals(gs.losses().acl(), gt.losses().acl(), 1e-9);
        assertEquals(gs.losses().ial(), gt.losses().ial(), 1e-9);
        double worst = 0;
        String where = "";
        for (Map.Entry<String, INDArray> e : gs.grads().entrySet()) {
            INDArray other = gt.grads().get(e.getKey());
            double scale = Math.max(1e-6, e.getValue().amaxNumber().doubleValue());
            double d = e.getValue().sub(other).amaxNumber().doubleValue() / scale;
            if (d > worst) {
                worst = d;
                where = e.getKey();
            }
        }
        assertTrue(worst < 1e-7, backbone + ": gradients differ by " + worst + " (relative) at " + where);
    }

    @Test
    void trainingCurvesTrackEachOtherOnAFixedSeed() {
        ModelConfig c = ModelConfig.builder()
                .setClasses(ClassOrder.RAFDB)
                .optInputSize(32)
                .optProjectionDim(16)
                .optSeed(5)
                .build();
        try (RmferModel sd = RmferModel.create(c, Engine.SAMEDIFF);
                RmferModel tm = RmferModel.create(c, Engine.TORCH)) {
            INDArray x = randn(3, DataType.FLOAT, 8, 3, 32, 32);
            INDArray y = targets(8, 7, DataType.FLOAT);
            List<double[]> curve = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                StepResult a = sd.step(TrainInput.pre(x, y, 1.0), 1e-3);
                StepResult b = tm.step(TrainInput.pre(x, y, 1.0), 1e-3);
                curve.add(new double[] {a.total(), b.total()});
            }
            for (double[] p : curve) {
                assertEquals(
                        p[0], p[1], 2e-3 * Math.abs(p[0]) + 1e-4, "float32 curves diverged: " + p[0] + " vs " + p[1]);
            }
            // float32 kernels differ between CPUs (oneDNN picks other SIMD paths): after 10 Adam steps the eval logits
            // differed by 2.8e-3 of the largest on an AMD EPYC, under 1e-3 on the Intel machines before; a bug in
            // either
            // engine moves them by O(1). The exact check is the double-precision test above (1e-7).
            double eval = maxRel(sd.predict(x), tm.predict(x));
            assertTrue(eval < 1e-2, "eval outputs after 10 steps differ by " + eval + " (relative to the largest)");
            assertTrue(maxRel(
                            sd.parameters().get("backbone.block0.bn.running_var"),
                            tm.parameters().get("backbone.block0.bn.running_var"))
                    < 1e-4);
        }
    }
}
