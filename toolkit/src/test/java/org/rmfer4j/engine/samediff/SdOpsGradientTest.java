package org.rmfer4j.engine.samediff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rmfer4j.engine.samediff.SdGradCheck.rand;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.Nd4jSupport;
import org.rmfer4j.loss.AclLayout;
import org.rmfer4j.loss.AclLoss;
import org.rmfer4j.loss.CrossEntropyLoss;
import org.rmfer4j.loss.InterSampleAttention;
import org.rmfer4j.loss.SelfMask;
import org.rmfer4j.nn.ParameterStore;

/** One finite-difference gradient check per op of the SameDiff layer, and for the losses built from them. */
class SdOpsGradientTest {
    private record Case(
            String name,
            Map<String, INDArray> inputs,
            boolean training,
            Function<SdOps, SDVariable> op,
            Runnable before) {
        Case(String name, Map<String, INDArray> inputs, boolean training, Function<SdOps, SDVariable> op) {
            this(name, inputs, training, op, () -> {});
        }
    }

    private static Map<String, INDArray> in(Object... kv) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (INDArray) kv[i + 1]);
        }
        return m;
    }

    @TestFactory
    Stream<DynamicTest> everyOpPassesAFiniteDifferenceCheck() {
        List<Case> cases = new ArrayList<>();
        INDArray x = rand(1, -1, 1, 2, 3, 5, 5);
        cases.add(new Case(
                "conv2d 3x3 symmetric",
                in("x", x, "w", rand(2, -1, 1, 4, 3, 3, 3)),
                true,
                o -> o.conv2d(o.param("x"), o.param("w"), null, 1, new int[] {1, 1, 1, 1}, 1)));
        cases.add(new Case(
                "conv2d 3x3 stride 2 TF-same (asymmetric pad) with bias",
                in("x", rand(3, -1, 1, 2, 3, 6, 6), "w", rand(4, -1, 1, 2, 3, 3, 3), "b", rand(5, -1, 1, 2)),
                true,
                o -> o.conv2d(o.param("x"), o.param("w"), o.param("b"), 2, new int[] {0, 1, 0, 1}, 1)));
        cases.add(new Case(
                "depthwise conv 3x3",
                in("x", x, "w", rand(6, -1, 1, 3, 1, 3, 3)),
                true,
                o -> o.conv2d(o.param("x"), o.param("w"), null, 1, new int[] {1, 1, 1, 1}, 3)));
        cases.add(new Case(
                "depthwise conv 5x5 stride 2 TF-same",
                in("x", rand(7, -1, 1, 1, 3, 7, 7), "w", rand(8, -1, 1, 3, 1, 5, 5)),
                true,
                o -> o.conv2d(o.param("x"), o.param("w"), null, 2, new int[] {2, 2, 2, 2}, 3)));
        cases.add(new Case(
                "batch norm (training: batch statistics)",
                in("x", x, "bn.weight", rand(9, 0.5, 1.5, 3), "bn.bias", rand(10, -1, 1, 3)),
                true,
                o -> withBuffers(o, "bn", 3).batchNorm(o.param("x"), "bn", 1e-5)));
        cases.add(new Case(
                "batch norm (eval: running statistics)",
                in("x", x, "bn.weight", rand(11, 0.5, 1.5, 3), "bn.bias", rand(12, -1, 1, 3)),
                false,
                o -> withBuffers(o, "bn", 3).batchNorm(o.param("x"), "bn", 1e-5)));
        INDArray awayFromZero = rand(13, 0.1, 1, 2, 3, 4, 4)
                .mul(Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 4)
                        .gt(0.5)
                        .castTo(DataType.DOUBLE)
                        .mul(2)
                        .sub(1));
        cases.add(new Case("relu", in("x", awayFromZero), true, o -> o.relu(o.param("x"))));
        cases.add(new Case("sigmoid", in("x", x), true, o -> o.sigmoid(o.param("x"))));
        cases.add(new Case("silu", in("x", x), true, o -> o.silu(o.param("x"))));
        cases.add(new Case(
                "max pool 2x2", in("x", rand(14, -1, 1, 2, 2, 4, 4)), true, o -> o.maxPool(o.param("x"), 2, 2, 0)));
        cases.add(new Case(
                "max pool 3x3 stride 2 pad 1",
                in("x", rand(15, -1, 1, 1, 2, 5, 5)),
                true,
                o -> o.maxPool(o.param("x"), 3, 2, 1)));
        cases.add(new Case("global average pool", in("x", x), true, o -> o.globalAvgPool(o.param("x"))));
        cases.add(new Case(
                "linear",
                in("x", rand(16, -1, 1, 4, 5), "w", rand(17, -1, 1, 3, 5), "b", rand(18, -1, 1, 3)),
                true,
                o -> o.linear(o.param("x"), o.param("w"), o.param("b"))));
        cases.add(new Case(
                "add, mul",
                in("a", rand(19, -1, 1, 3, 4), "b", rand(20, -1, 1, 3, 4)),
                true,
                o -> o.mul(o.add(o.param("a"), o.param("b")), o.param("b"))));
        cases.add(new Case(
                "scale channels (squeeze-excite)",
                in("x", x, "g", rand(21, -1, 1, 2, 3)),
                true,
                o -> o.scaleChannels(o.param("x"), o.param("g"))));
        cases.add(new Case(
                "matmul, matmulT",
                in("a", rand(22, -1, 1, 3, 4), "b", rand(23, -1, 1, 4, 2), "c", rand(34, -1, 1, 5, 2)),
                true,
                o -> o.matmulT(o.matmul(o.param("a"), o.param("b")), o.param("c"))));
        cases.add(new Case("normalize rows", in("x", rand(24, -1, 1, 4, 3)), true, o -> o.normalizeRows(o.param("x"))));
        cases.add(new Case("softmax rows", in("x", rand(25, -2, 2, 3, 5)), true, o -> o.softmaxRows(o.param("x"))));
        cases.add(new Case(
                "log-softmax rows", in("x", rand(26, -2, 2, 3, 5)), true, o -> o.logSoftmaxRows(o.param("x"))));
        INDArray mask = Nd4j.create(new double[][] {{1, 0, 1, 1}, {0, 1, 0, 0}, {1, 1, 1, 1}});
        cases.add(new Case(
                "masked log-sum-exp rows",
                in("x", rand(27, -3, 3, 3, 4)),
                true,
                o -> o.maskedLogSumExpRows(o.param("x"), o.constant(mask))));
        cases.add(new Case(
                "sum rows, sum, mean, reshape, scalar ops",
                in("x", rand(28, -1, 1, 2, 6)),
                true,
                o -> o.addScalar(
                        o.mulScalar(o.add(o.sum(o.sumRows(o.reshape(o.param("x"), 3, 4))), o.mean(o.param("x"))), 1.7),
                        0.2)));
        INDArray targets = Nd4j.create(new double[][] {{0, 1, 0}, {0.2, 0.3, 0.5}, {1, 0, 0}, {0, 0, 1}});
        cases.add(new Case(
                "cross-entropy (hard and soft targets)",
                in("o", rand(30, -2, 2, 4, 3)),
                true,
                o -> CrossEntropyLoss.compute(o, o.param("o"), o.constant(targets), 4)));
        for (SelfMask m : SelfMask.values()) {
            cases.add(new Case(
                    "IAL attention v = A·f, mask " + m,
                    in("z", rand(31, -1, 1, 4, 3), "f", rand(32, -1, 1, 4, 2)),
                    true,
                    o -> InterSampleAttention.attend(
                            o, InterSampleAttention.attention(o, o.param("z"), 4, m, 0.5), o.param("f"))));
        }
        AclLayout layout = AclLayout.of(new int[] {2, 1, 0}, new int[] {1, 2, 2}, 3);
        cases.add(new Case(
                "ACL loss (one anchor without positives)",
                in("z", rand(33, -1, 1, layout.rows(), 4)),
                true,
                o -> AclLoss.compute(o, o.param("z"), layout, 0.5)));
        return cases.stream()
                .map(c -> DynamicTest.dynamicTest(
                        c.name(),
                        () -> SdGradCheck.assertPasses(
                                c.name(), SdGradCheck.check(c.inputs(), c.training(), c.op(), c.before()))));
    }

    @Test
    void maskedLogSumExpOfAnEmptyRowIsFinite() {
        Nd4jSupport.init();
        ParameterStore store = new ParameterStore(1, DataType.DOUBLE);
        store.filled("x", 0, 2, 3).assign(Nd4j.create(new double[][] {{1, 2, 3}, {40, -50, 60}}));
        SameDiff sd = SameDiff.create();
        SdOps o = new SdOps(sd, store, true);
        SDVariable y =
                o.maskedLogSumExpRows(o.param("x"), o.constant(Nd4j.create(new double[][] {{1, 1, 0}, {0, 0, 0}})));
        SDVariable loss = y.mul(sd.constant(Nd4j.create(new double[] {1, 1}))).sum();
        sd.setLossVariables(loss.name());
        var og = sd.calculateGradientsAndOutputs(Map.of(), List.of(y.name()), List.of("x"));
        INDArray v = og.getOutputs().get(y.name());
        assertEquals(Math.log(Math.exp(1) + Math.exp(2)), v.getDouble(0), 1e-12);
        assertTrue(Double.isFinite(v.getDouble(1)) && v.getDouble(1) < -1000, "empty row: " + v.getDouble(1));
        // the empty row's value is max(x) − 1e4 − 69: its gradient is finite (1 at the max, 0 elsewhere), never NaN;
        // the ACL loss gives such rows weight 0
        INDArray g = og.getGradients().get("x").getRow(1);
        assertEquals(1.0, g.sumNumber().doubleValue(), 1e-12);
        assertEquals(1.0, g.getDouble(2), 1e-12);
    }

    /**
     * A batch of one with the official self-mask: the only logit is −1e7, and softmax of one value is 1 (as torch and
     * the official formula give). ND4J's own softmax returned NaN here in double precision (issue 18, case 10).
     */
    @Test
    void attentionOverABatchOfOneIsOneNotNaN() {
        Nd4jSupport.init();
        ParameterStore store = new ParameterStore(1, DataType.DOUBLE);
        store.filled("z", 0, 1, 4).assign(Nd4j.create(new double[][] {{0.3, -0.2, 0.5, 0.1}}));
        SameDiff sd = SameDiff.create();
        SdOps o = new SdOps(sd, store, false);
        SDVariable a = InterSampleAttention.attention(o, o.param("z"), 1, SelfMask.OFFICIAL, 1.0);
        INDArray v = a.eval();
        assertEquals(1.0, v.getDouble(0, 0), 0.0, "attention " + v);
        SDVariable rows = o.softmaxRows(o.constant(Nd4j.create(new double[][] {{-1e7, -1e7 - 1}, {1000, 999}})));
        INDArray r = rows.eval();
        assertEquals(1 / (1 + Math.exp(-1)), r.getDouble(0, 0), 1e-12, "large negative logits: " + r);
        assertEquals(1 / (1 + Math.exp(-1)), r.getDouble(1, 0), 1e-12, "large positive logits: " + r);
    }

    /**
     * Dropout draws a random mask inside the graph, so central differences (two more forward passes) see other masks.
     * Instead the gradient is checked against the mask of the same run: for y = x·keep/(1−p), dL/dx = R·y/x.
     */
    @Test
    void dropoutGradientFollowsItsOwnMaskAndEvalIsIdentity() {
        Nd4jSupport.init();
        ParameterStore store = new ParameterStore(1, DataType.DOUBLE);
        INDArray xv = rand(29, 0.5, 1.5, 200, 10);
        store.filled("x", 0, 200, 10).assign(xv);
        SameDiff sd = SameDiff.create();
        SdOps o = new SdOps(sd, store, true);
        SDVariable y = o.dropout(o.param("x"), 0.3);
        INDArray r = rand(30, -1, 1, 200, 10);
        SDVariable loss = y.mul(sd.constant(r)).sum();
        sd.setLossVariables(loss.name());
        var og = sd.calculateGradientsAndOutputs(Map.of(), List.of(y.name()), List.of("x"));
        INDArray yv = og.getOutputs().get(y.name());
        INDArray expected = r.mul(yv.div(xv));
        assertEquals(0.0, og.getGradients().get("x").sub(expected).amaxNumber().doubleValue(), 1e-12);
        double kept = yv.gt(0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        assertEquals(0.7, kept, 0.05);
        SdOps eval = new SdOps(SameDiff.create(), store, false);
        SDVariable same = eval.dropout(eval.param("x"), 0.3);
        assertTrue(same == eval.param("x"), "eval-mode dropout is the identity");
    }

    private static SdOps withBuffers(SdOps o, String name, int c) {
        // running statistics away from the defaults, so eval mode is really exercised
        o.store().buffer(name + ".running_mean", 0.3, c);
        o.store().buffer(name + ".running_var", 1.7, c);
        return o;
    }
}
