package org.rmfer4j.facedetect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.rmfer4j.engine.torch.TorchRuntime;

/** TensorFlow's padding and layouts on libtorch, and NMS, against hand-computed values. */
class TfLayersTest {
    private static float[] values(Tensor t) {
        Tensor c = t.contiguous();
        float[] v = new float[(int) c.numel()];
        FloatPointer p = c.data_ptr_float();
        p.capacity(v.length).get(v);
        return v;
    }

    @Test
    void samePaddingPutsTheOddPixelBottomRightAsTensorFlowDoes() {
        TorchRuntime.init();
        Tensor x = TfLayers.tensor(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        // 2×2 input, 3×3 window, stride 2: TF pads (3 - 2) = 1 in all, 0 before and 1 after
        Tensor p = TfLayers.padSame(x, 3, 2);
        assertArrayEquals(new long[] {1, 1, 3, 3}, p.sizes().vec().get());
        assertArrayEquals(new float[] {1, 2, 0, 3, 4, 0, 0, 0, 0}, values(p));
        // stride 1: 2 in all, one on each side
        assertArrayEquals(
                new long[] {1, 1, 4, 4}, TfLayers.padSame(x, 3, 1).sizes().vec().get());
        // max pooling 2×2 stride 1 'same' on [[1, 2], [3, 4]]:
        // padded with -inf at the bottom and right, the windows are [1 2 3 4], [2 -inf 4 -inf], [3 4 -inf -inf], [4]
        assertArrayEquals(new float[] {4, 4, 4, 4}, values(TfLayers.maxPoolSame(x, 2, 1)));
        Tensor y = TfLayers.tensor(new float[] {-1, -2, -3, -4}, 1, 1, 2, 2);
        assertArrayEquals(new float[] {-1, -2, -3, -4}, values(TfLayers.maxPoolSame(y, 2, 1)), "padding never wins");
    }

    @Test
    void filtersMoveFromTensorFlowToPyTorchLayout() {
        TorchRuntime.init();
        // TF order [kh, kw, in, out] (and [kh, kw, c, 1]) with value 100·y + 10·x + last index
        float[] tf = new float[8];
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                for (int o = 0; o < 2; o++) {
                    tf[(y * 2 + x) * 2 + o] = 100 * y + 10 * x + o;
                }
            }
        }
        TfLayers l = new TfLayers(
                "test",
                Map.of(
                        "conv", new TfjsWeights.Tensor("conv", new int[] {2, 2, 1, 2}, tf),
                        "dw", new TfjsWeights.Tensor("dw", new int[] {2, 2, 2, 1}, tf)));
        float[] expected = {0, 10, 100, 110, 1, 11, 101, 111}; // PyTorch [out or c][1][y][x]
        Tensor conv = l.conv("conv", 2, 1, 2);
        assertArrayEquals(new long[] {2, 1, 2, 2}, conv.sizes().vec().get());
        assertArrayEquals(expected, values(conv));
        Tensor dw = l.depthwise("dw", 2, 2);
        assertArrayEquals(new long[] {2, 1, 2, 2}, dw.sizes().vec().get());
        assertArrayEquals(expected, values(dw));
        String m = org.junit.jupiter.api.Assertions.assertThrows(
                        org.rmfer4j.core.RmferException.class, () -> l.conv("conv", 3, 1, 2))
                .getMessage();
        assertEquals("test: tensor 'conv' has shape [2, 2, 1, 2]; the network expects [3, 3, 1, 2]", m);
    }

    @Test
    void nmsKeepsTheStrongestOfOverlappingBoxes() {
        FaceNet.Candidate a = new FaceNet.Candidate(0.9, 0, 0, 1, 1);
        FaceNet.Candidate b = new FaceNet.Candidate(0.8, 0.1, 0, 1.1, 1); // IoU 0.9/1.1 = 0.818 with a
        FaceNet.Candidate c = new FaceNet.Candidate(0.7, 0.5, 0, 1.5, 1); // IoU 0.5/1.5 = 0.333 with a
        FaceNet.Candidate d = new FaceNet.Candidate(0.95, 5, 5, 6, 6);
        assertEquals(0.9 / 1.1, a.iou(b), 1e-12);
        assertEquals(1 / 3.0, a.iou(c), 1e-12);
        assertEquals(List.of(d, a, c), CnnFaceDetector.suppress(List.of(a, b, c, d), 0.5));
        assertEquals(List.of(d, a), CnnFaceDetector.suppress(List.of(a, b, c, d), 0.3));
    }
}
