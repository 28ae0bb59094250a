package org.rmfer4j.engine.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.loss.AclLayout;
import org.rmfer4j.loss.AclLoss;
import org.rmfer4j.loss.InterSampleAttention;
import org.rmfer4j.loss.SelfMask;
import org.rmfer4j.model.Backbone;
import org.rmfer4j.model.Engine;
import org.rmfer4j.model.ModelConfig;
import org.rmfer4j.model.ModelGradCheck;
import org.rmfer4j.model.RmferModel;
import org.rmfer4j.model.TrainInput;
import org.rmfer4j.nn.ParameterStore;

class TorchModelTest {
    @Test
    void threadingSetUpHolds() {
        TorchRuntime.Setup s = TorchRuntime.init();
        assertEquals(1, s.openblasThreads(), s.toString());
        assertEquals(Runtime.getRuntime().availableProcessors(), s.atenThreads());
        assertTrue(s.oneDnnEnabled() || !s.oneDnnAvailable(), s.toString());
        org.bytedeco.openblas.global.openblas_nolapack.blas_set_num_threads(2); // as ND4J does when it starts
        TorchRuntime.enforce();
        assertEquals(1, TorchRuntime.setup().openblasThreads(), "enforce() restores the set-up");
    }

    @Test
    void viewsShareMemoryBothWays() {
        TorchRuntime.init();
        INDArray a = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, 'c');
        try (PointerScope scope = new PointerScope()) {
            Tensor t = TorchArrays.view(a);
            t.mul_(new Scalar(2.0));
            assertArrayEquals(
                    new float[] {2, 4, 6, 8, 10, 12}, a.reshape(-1).toFloatVector(), "torch wrote into the INDArray");
            INDArray back = TorchArrays.viewOf(t);
            a.addi(1);
            assertEquals(3f, back.getFloat(0, 0), "the INDArray view sees ND4J's write");
            assertArrayEquals(new long[] {2, 3}, back.shape());
        }
    }

    @Test
    void workedExamplesOnTorch() {
        TorchRuntime.init();
        ParameterStore store = new ParameterStore(1, DataType.DOUBLE);
        try (PointerScope scope = new PointerScope()) {
            TorchOps ops = new TorchOps(store, new HashMap<>(), true);
            Tensor z = ops.constant(Nd4j.create(new double[][] {{1, 2}, {2, 1}, {-1, 1}, {0, -3}}));
            INDArray a = TorchArrays.toNd4j(InterSampleAttention.attention(ops, z, 4, SelfMask.OFFICIAL, 0.25));
            assertArrayEquals(
                    new double[] {0, .872943, .126063, .000994}, a.getRow(0).toDoubleVector(), 1e-6);
            INDArray p = TorchArrays.toNd4j(InterSampleAttention.attention(ops, z, 4, SelfMask.PAPER, 1.0));
            assertArrayEquals(
                    new double[] {.199747, .444546, .274042, .081665},
                    p.getRow(0).toDoubleVector(),
                    1e-6);
            double[] cos = {.9, .5, .2, -.1, -.4};
            double[][] rows = new double[6][];
            rows[0] = new double[] {1, 0};
            for (int i = 0; i < 5; i++) {
                rows[i + 1] = new double[] {cos[i], Math.sqrt(1 - cos[i] * cos[i])};
            }
            Tensor l = AclLoss.compute(
                    ops, ops.constant(Nd4j.create(rows)), AclLayout.of(new int[] {2}, new int[] {3}, 5), 0.25);
            assertEquals(0.0680548, l.item_double(), 1e-7);
        }
    }

    /** Finite differences on the torch engine, sampled over every parameter of a tiny double-precision model. */
    private static void finiteDifferences(Backbone backbone, int size, int perTensor, double eps) {
        ModelConfig c = ModelConfig.builder()
                .setClasses(ClassOrder.AFFECTNET_7)
                .optBackbone(backbone)
                .optInputSize(size)
                .optProjectionDim(6)
                .optTau(0.5)
                .optSeed(13)
                .build();
        TorchModel m = new TorchModel(c, DataType.DOUBLE);
        AclLayout layout = AclLayout.of(new int[] {1, 1}, new int[] {1, 2}, 3);
        TrainInput in = new TrainInput(
                CrossEngineParityTest.randn(4, DataType.DOUBLE, 4, 3, size, size),
                CrossEngineParityTest.targets(4, 7, DataType.DOUBLE),
                0.7,
                CrossEngineParityTest.randn(5, DataType.DOUBLE, layout.rows(), 3, size, size),
                layout,
                0.9);
        int checked = ModelGradCheck.check(m, in, perTensor, eps, 5);
        assertTrue(checked >= m.parameters().params().size());
    }

    @Test
    void smallCnnGradientMatchesFiniteDifferences() {
        finiteDifferences(Backbone.SMALL_CNN, 16, 3, 1e-6);
    }

    /**
     * The ops only EfficientNet uses (depthwise convolution, TF-same asymmetric padding, SiLU, sigmoid,
     * squeeze-excite scaling, batch norm), chained and checked element by element against finite differences.
     * (The whole B2 is covered by the double-precision parity with the SameDiff engine, whose ops are each checked.)
     */
    @Test
    void efficientNetOpsMatchFiniteDifferences() {
        TorchRuntime.init();
        ParameterStore store = new ParameterStore(3, DataType.DOUBLE);
        store.filled("x", 0, 2, 3, 6, 6).assign(CrossEngineParityTest.randn(11, DataType.DOUBLE, 2, 3, 6, 6));
        store.filled("dw", 0, 3, 1, 3, 3)
                .assign(CrossEngineParityTest.randn(12, DataType.DOUBLE, 3, 1, 3, 3)
                        .mul(0.3));
        store.filled("se", 0, 2, 3).assign(CrossEngineParityTest.randn(13, DataType.DOUBLE, 2, 3));
        store.filled("bn.weight", 1, 3);
        store.filled("bn.bias", 0, 3).assign(CrossEngineParityTest.randn(14, DataType.DOUBLE, 3));
        store.buffer("bn.running_mean", 0, 3);
        store.buffer("bn.running_var", 1, 3);
        INDArray r = CrossEngineParityTest.randn(15, DataType.DOUBLE, 2, 3, 3, 3);
        Supplier<Double> loss = () -> {
            try (PointerScope scope = new PointerScope()) {
                TorchOps o = new TorchOps(store, new HashMap<>(), true);
                Tensor y = o.conv2d(
                        o.param("x"),
                        o.param("dw"),
                        null,
                        2,
                        new int[] {0, 1, 0, 1},
                        3); // TF-same 6 -> 3, extra pixel right/bottom
                y = o.silu(o.batchNorm(y, "bn", 1e-3));
                y = o.scaleChannels(y, o.sigmoid(o.param("se")));
                return o.dot(y, o.constant(r)).item_double();
            }
        };
        Map<String, INDArray> grads = new HashMap<>();
        try (PointerScope scope = new PointerScope()) {
            Map<String, Tensor> leaves = new HashMap<>();
            TorchOps o = new TorchOps(store, leaves, true);
            Tensor y = o.conv2d(o.param("x"), o.param("dw"), null, 2, new int[] {0, 1, 0, 1}, 3);
            y = o.silu(o.batchNorm(y, "bn", 1e-3));
            y = o.scaleChannels(y, o.sigmoid(o.param("se")));
            o.dot(y, o.constant(r)).backward();
            leaves.forEach((k, t) -> grads.put(k, TorchArrays.toNd4j(t.grad())));
        }
        int checked = 0;
        for (String name : List.of("x", "dw", "se", "bn.weight", "bn.bias")) {
            INDArray w = store.get(name);
            for (long i = 0; i < w.length(); i++) {
                double orig = w.getDouble(i);
                w.putScalar(i, orig + 1e-6);
                double plus = loss.get();
                w.putScalar(i, orig - 1e-6);
                double minus = loss.get();
                w.putScalar(i, orig);
                double numeric = (plus - minus) / 2e-6;
                double analytic = grads.get(name).getDouble(i);
                double diff = Math.abs(numeric - analytic);
                assertTrue(
                        diff < 1e-7 || diff / Math.max(Math.abs(numeric), Math.abs(analytic)) < 1e-5,
                        name + "[" + i + "]: analytic " + analytic + " numeric " + numeric);
                checked++;
            }
        }
        assertEquals(2 * 3 * 36 + 27 + 6 + 3 + 3, checked);
    }

    @Test
    void lossGoesDownIn20StepsForEachBackbone() {
        for (Backbone b : Backbone.values()) {
            ModelConfig c = ModelConfig.builder()
                    .setClasses(ClassOrder.AFFECTNET_7)
                    .optBackbone(b)
                    .optInputSize(32)
                    .optProjectionDim(32)
                    .optSeed(7)
                    .build();
            try (RmferModel m = RmferModel.create(c, Engine.TORCH)) {
                INDArray x = CrossEngineParityTest.randn(1, DataType.FLOAT, 8, 3, 32, 32);
                INDArray y = CrossEngineParityTest.targets(8, 7, DataType.FLOAT);
                List<Double> losses = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    losses.add(m.step(TrainInput.pre(x, y, 1.0), 1e-3).total());
                }
                assertTrue(losses.get(19) < 0.5 * losses.get(0), b + ": " + losses);
            }
        }
    }
}
