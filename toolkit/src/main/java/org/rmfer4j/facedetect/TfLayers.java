package org.rmfer4j.facedetect;

import java.util.Arrays;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.rmfer4j.core.RmferException;

/**
 * TensorFlow's layers on libtorch, for networks trained in TensorFlow: filters converted from TF's layouts to
 * PyTorch's once, and TF's {@code 'same'} padding, which pads the extra row and column of an even-sized stride-2
 * window at the bottom and right (PyTorch pads symmetrically). Weights are owned tensors made outside any
 * {@code PointerScope}, so they live as long as the network.
 */
final class TfLayers {
    private final String model;
    private final Map<String, TfjsWeights.Tensor> weights;

    TfLayers(String model, Map<String, TfjsWeights.Tensor> weights) {
        this.model = model;
        this.weights = weights;
    }

    /** A tensor of the file, with the shape the network expects (any -1 entry matches any size). */
    TfjsWeights.Tensor get(String name, int... shape) {
        TfjsWeights.Tensor t = weights.get(name);
        if (t == null) {
            throw new RmferException(model + ": the weights have no tensor '" + name + "'");
        }
        boolean ok = t.shape().length == shape.length;
        for (int i = 0; ok && i < shape.length; i++) {
            ok = shape[i] < 0 || shape[i] == t.shape()[i];
        }
        if (!ok) {
            throw new RmferException(model + ": tensor '" + name + "' has shape " + Arrays.toString(t.shape())
                    + "; the network expects " + Arrays.toString(shape));
        }
        return t;
    }

    /** A TF conv filter [kh, kw, in, out] as PyTorch's [out, in, kh, kw]. */
    Tensor conv(String name, int k, int in, int out) {
        float[] v = get(name, k, k, in, out).values();
        float[] t = new float[v.length];
        for (int y = 0; y < k; y++) {
            for (int x = 0; x < k; x++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        t[((o * in + i) * k + y) * k + x] = v[((y * k + x) * in + i) * out + o];
                    }
                }
            }
        }
        return tensor(t, out, in, k, k);
    }

    /** A TF depthwise filter [kh, kw, c, 1] as PyTorch's grouped [c, 1, kh, kw]. */
    Tensor depthwise(String name, int k, int c) {
        float[] v = get(name, k, k, c, 1).values();
        float[] t = new float[v.length];
        for (int y = 0; y < k; y++) {
            for (int x = 0; x < k; x++) {
                for (int i = 0; i < c; i++) {
                    t[(i * k + y) * k + x] = v[(y * k + x) * c + i];
                }
            }
        }
        return tensor(t, c, 1, k, k);
    }

    /** A vector (bias, batch-norm statistic) of length n. */
    Tensor vector(String name, int n) {
        return tensor(get(name, n).values(), n);
    }

    static Tensor tensor(float[] values, long... shape) {
        try (FloatPointer p = new FloatPointer(values)) {
            return torch.from_blob(p, shape, new TensorOptions(torch.ScalarType.Float))
                    .clone();
        }
    }

    /** TF's 'same' padding of an NCHW input for a k×k window at a stride: the odd pixel goes bottom / right. */
    static Tensor padSame(Tensor x, int k, int stride) {
        long h = x.size(2);
        long w = x.size(3);
        long padH = Math.max((ceilDiv(h, stride) - 1) * stride + k - h, 0);
        long padW = Math.max((ceilDiv(w, stride) - 1) * stride + k - w, 0);
        if (padH == 0 && padW == 0) {
            return x;
        }
        return torch.constant_pad_nd(x, padW / 2, padW - padW / 2, padH / 2, padH - padH / 2);
    }

    /** TF's 'same' max pooling (pads with -inf, so padding never wins). */
    static Tensor maxPoolSame(Tensor x, int k, int stride) {
        long h = x.size(2);
        long w = x.size(3);
        long padH = Math.max((ceilDiv(h, stride) - 1) * stride + k - h, 0);
        long padW = Math.max((ceilDiv(w, stride) - 1) * stride + k - w, 0);
        Tensor in = padH == 0 && padW == 0
                ? x
                : torch.constant_pad_nd(
                        x,
                        new long[] {padW / 2, padW - padW / 2, padH / 2, padH - padH / 2},
                        new Scalar(Float.NEGATIVE_INFINITY));
        return torch.max_pool2d(
                in, new long[] {k, k}, new long[] {stride, stride}, new long[] {0, 0}, new long[] {1, 1}, false);
    }

    static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int stride, int groups) {
        return torch.conv2d(
                x,
                w,
                new TensorOptional(bias),
                new long[] {stride, stride},
                new long[] {0, 0},
                new long[] {1, 1},
                groups);
    }

    static Tensor conv2d(Tensor x, Tensor w, int stride, int groups) {
        return torch.conv2d(
                x, w, new TensorOptional(), new long[] {stride, stride}, new long[] {0, 0}, new long[] {1, 1}, groups);
    }

    /** min(max(x, 0), 6), MobileNet's activation. */
    static Tensor relu6(Tensor x) {
        return torch.hardtanh(x, new Scalar(0.0), new Scalar(6.0));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
