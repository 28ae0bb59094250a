package org.rmfer4j.engine.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.Nd4jSupport;
import org.rmfer4j.engine.samediff.SdOps;
import org.rmfer4j.nn.ParameterStore;
import org.rmfer4j.nn.TensorOps;

/**
 * The small CNN computes conv → BN → max-pool → ReLU instead of the textbook conv → BN → ReLU → max-pool, because ReLU
 * then runs on a quarter of the data. That is only allowed if the two orders agree exactly — values and gradients —
 * on both engines, including the cases where they could differ: windows whose values are all negative, whose
 * maximum is exactly 0, all zeros, or a positive maximum shared by two elements.
 */
class PoolReluOrderTest {
    /** [2, 3, 4, 6] in [-1, 1] with the awkward windows written in. */
    private static INDArray awkwardInput() {
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 6).muli(2).subi(1);
        window(x, 0, 0, 0, 0, -0.5, -0.2, -0.3, -0.9); // all negative
        window(x, 0, 1, 0, 2, 0.7, 0.1, 0.7, -0.2); // a positive maximum, twice
        window(x, 1, 2, 2, 4, 0.0, -0.1, -0.4, -0.3); // maximum exactly 0
        window(x, 1, 0, 0, 0, 0.0, 0.0, 0.0, 0.0); // all zeros
        return x;
    }

    private static void window(INDArray x, int b, int c, int r, int col, double... v) {
        x.putScalar(new long[] {b, c, r, col}, v[0]);
        x.putScalar(new long[] {b, c, r, col + 1}, v[1]);
        x.putScalar(new long[] {b, c, r + 1, col}, v[2]);
        x.putScalar(new long[] {b, c, r + 1, col + 1}, v[3]);
    }

    private static <T> T poolThenRelu(TensorOps<T> o, T x) {
        return o.relu(o.maxPool(x, 2, 2, 0));
    }

    private static <T> T reluThenPool(TensorOps<T> o, T x) {
        return o.maxPool(o.relu(x), 2, 2, 0);
    }

    /** Output and d(Σ R ⊙ output)/dx of one order on libtorch. */
    private static INDArray[] torch(INDArray x, INDArray r, BiFunction<TensorOps<Tensor>, Tensor, Tensor> order) {
        TorchRuntime.init();
        ParameterStore store = new ParameterStore(1, DataType.DOUBLE);
        store.filled("x", 0.0, x.shape()).assign(x);
        try (PointerScope scope = new PointerScope()) {
            TorchOps ops = new TorchOps(store, new HashMap<>(), true);
            Tensor xt = ops.param("x");
            Tensor y = order.apply(ops, xt);
            ops.sum(ops.mul(y, ops.constant(r))).backward();
            return new INDArray[] {TorchArrays.toNd4j(y), TorchArrays.toNd4j(xt.grad())};
        }
    }

    /** The same on SameDiff. */
    private static INDArray[] sameDiff(
            INDArray x, INDArray r, BiFunction<TensorOps<SDVariable>, SDVariable, SDVariable> order) {
        Nd4jSupport.init();
        ParameterStore store = new ParameterStore(1, DataType.DOUBLE);
        store.filled("x", 0.0, x.shape()).assign(x);
        SameDiff sd = SameDiff.create();
        SdOps ops = new SdOps(sd, store, true);
        SDVariable y = order.apply(ops, ops.param("x"));
        SDVariable loss = y.mul(sd.constant("R", r)).sum();
        loss.rename("loss");
        sd.setLossVariables("loss");
        Map<String, INDArray> ph = ops.inputs();
        INDArray out = sd.output(ph, y.name()).get(y.name());
        return new INDArray[] {out, sd.calculateGradients(ph, List.of("x")).get("x")};
    }

    @Test
    void poolingBeforeReluGivesTheSameValuesAndGradientsOnBothEngines() {
        INDArray x = awkwardInput();
        Nd4j.getRandom().setSeed(6);
        INDArray r = Nd4j.rand(DataType.DOUBLE, 2, 3, 2, 3).muli(2).subi(1);
        INDArray[] t1 = torch(x, r, PoolReluOrderTest::poolThenRelu);
        INDArray[] t2 = torch(x, r, PoolReluOrderTest::reluThenPool);
        INDArray[] s1 = sameDiff(x, r, PoolReluOrderTest::poolThenRelu);
        INDArray[] s2 = sameDiff(x, r, PoolReluOrderTest::reluThenPool);
        for (INDArray[] other : List.of(t2, s1, s2)) {
            assertEquals(t1[0], other[0], "outputs");
            assertEquals(t1[1], other[1], "gradients");
        }
        // the awkward windows: no gradient where the maximum is ≤ 0, all of it to the first of two equal maxima
        for (int[] zeroWindow : new int[][] {{0, 0, 0, 0}, {1, 2, 2, 4}, {1, 0, 0, 0}}) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    assertEquals(
                            0.0,
                            t1[1].getDouble(zeroWindow[0], zeroWindow[1], zeroWindow[2] + i, zeroWindow[3] + j),
                            0);
                }
            }
        }
        double toFirst = t1[1].getDouble(0, 1, 0, 2);
        assertEquals(r.getDouble(0, 1, 0, 1), toFirst, 0);
        assertEquals(0.0, t1[1].getDouble(0, 1, 1, 2), 0);
        assertTrue(t1[1].amaxNumber().doubleValue() > 0, "some gradient flows");
    }
}
