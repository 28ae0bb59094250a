package org.rmfer4j.engine.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.nn.ParameterStore;

/**
 * Without autograd, {@link TorchOps#maxPool} takes the window maxima from four strided views instead of libtorch's
 * max_pool2d kernel (7× faster there). That is only allowed if every output is the one max_pool2d gives, to the bit
 * but for the sign of a zero maximum: random values, many exact ties (quantised values, as flat image regions give),
 * negative windows, NaN.
 */
class TorchMaxPoolTest {
    private static Tensor maxPool2d(Tensor x) {
        return torch.max_pool2d(x, new long[] {2, 2}, new long[] {2, 2}, new long[] {0, 0}, new long[] {1, 1}, false);
    }

    private static float[] floats(Tensor t) {
        return TorchArrays.toNd4j(t.contiguous()).castTo(DataType.FLOAT).data().asFloat();
    }

    @Test
    void theNoGradPathGivesMaxPool2dsOutputsIncludingTiesAndNaN() {
        TorchRuntime.init();
        Nd4j.getRandom().setSeed(11);
        INDArray a = Nd4j.rand(DataType.FLOAT, 3, 5, 8, 10).muli(4).subi(2);
        INDArray q = Nd4j.rand(DataType.FLOAT, 3, 5, 8, 10).muli(6).subi(3);
        // the second half of the channels quantised to whole numbers: most windows have a shared maximum
        a.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 5))
                .assign(Nd4j.math()
                        .round(q.get(
                                org.nd4j.linalg.indexing.NDArrayIndex.all(),
                                org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 5))));
        a.putScalar(new long[] {0, 0, 0, 0}, -1.5f); // an all-negative window
        a.putScalar(new long[] {0, 0, 0, 1}, -0.5f);
        a.putScalar(new long[] {0, 0, 1, 0}, -2.0f);
        a.putScalar(new long[] {0, 0, 1, 1}, -0.75f);
        a.putScalar(new long[] {1, 1, 2, 3}, Float.NaN); // NaN propagates
        try (PointerScope scope = new PointerScope();
                NoGradGuard g = new NoGradGuard()) {
            Tensor x = TorchArrays.view(a);
            TorchOps ops = new TorchOps(new ParameterStore(1, DataType.FLOAT), new HashMap<>(), false);
            Tensor fast = ops.maxPool(x, 2, 2, 0);
            Tensor reference = maxPool2d(x);
            assertArrayEquals(reference.sizes().vec().get(), fast.sizes().vec().get(), "shape");
            assertTrue(fast.is_contiguous());
            float[] f = floats(fast);
            float[] r = floats(reference);
            assertEquals(r.length, f.length);
            int zeros = 0;
            for (int i = 0; i < r.length; i++) {
                if (r[i] == 0) { // a window of +0 and -0 (round() gives -0 here) may come out with either sign
                    assertEquals(0f, f[i], 0, "output " + i);
                    zeros++;
                } else {
                    assertEquals(Float.floatToIntBits(r[i]), Float.floatToIntBits(f[i]), "output " + i);
                }
            }
            assertTrue(zeros > 0, "the quantised channels have windows whose maximum is a zero");
            assertEquals(-0.5f, f[0], 0, "the all-negative window's maximum");
            assertTrue(Float.isNaN(f[(1 * 5 + 1) * 4 * 5 + 1 * 5 + 1]), "the NaN window");
        }
    }

    @Test
    void oddSizesAndAutogradStillUseMaxPool2d() {
        TorchRuntime.init();
        Nd4j.getRandom().setSeed(12);
        try (PointerScope scope = new PointerScope()) {
            INDArray odd = Nd4j.rand(DataType.FLOAT, 2, 3, 7, 9);
            TorchOps ops = new TorchOps(new ParameterStore(1, DataType.FLOAT), new HashMap<>(), false);
            Tensor y;
            try (NoGradGuard g = new NoGradGuard()) {
                y = ops.maxPool(TorchArrays.view(odd), 2, 2, 0);
            }
            assertArrayEquals(
                    new long[] {2, 3, 3, 4}, y.sizes().vec().get(), "floor mode drops the last row and column");
            Tensor x = TorchArrays.view(Nd4j.rand(DataType.FLOAT, 2, 3, 4, 4))
                    .clone()
                    .requires_grad_(true);
            Tensor trained = ops.maxPool(x, 2, 2, 0);
            assertTrue(trained.requires_grad());
            assertFalse(trained.grad_fn().isNull());
            assertTrue(
                    trained.grad_fn().name().getString().startsWith("MaxPool2D"),
                    trained.grad_fn().name().getString());
        }
    }
}
