package org.rmfer4j.nn;

import org.jspecify.annotations.Nullable;

/**
 * Network building blocks on top of {@link TensorOps}: each declares its parameters in the {@link ParameterStore}
 * (shape and PyTorch-default initialisation) and tracks the activation's shape, so that "same" padding can be
 * computed statically as TensorFlow does.
 *
 * @param <T> the engine's tensor type
 */
public final class Layers<T> {
    /** An activation with its channel count and spatial size. */
    public record Act<T>(T t, int c, int h, int w) {}

    /** Padding rules. */
    public enum Padding {
        /** No padding. */
        VALID,
        /** Symmetric k/2 (PyTorch's usual choice for odd kernels; equals TF "same" at stride 1). */
        SYMMETRIC,
        /** TensorFlow "SAME": total = max((⌈in/s⌉ − 1)·s + k − in, 0), the extra pixel right/bottom. */
        TF_SAME
    }

    private final TensorOps<T> ops;
    private final ParameterStore store;

    public Layers(TensorOps<T> ops, ParameterStore store) {
        this.ops = ops;
        this.store = store;
    }

    public TensorOps<T> ops() {
        return ops;
    }

    public ParameterStore store() {
        return store;
    }

    /** Padding {top, bottom, left, right} and output size for one spatial dimension pair. */
    static int[] padding(Padding p, int k, int s, int h, int w) {
        return switch (p) {
            case VALID -> new int[] {0, 0, 0, 0};
            case SYMMETRIC -> new int[] {k / 2, k / 2, k / 2, k / 2};
            case TF_SAME -> {
                int ph = Math.max((ceilDiv(h, s) - 1) * s + k - h, 0);
                int pw = Math.max((ceilDiv(w, s) - 1) * s + k - w, 0);
                yield new int[] {ph / 2, ph - ph / 2, pw / 2, pw - pw / 2};
            }
        };
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Convolution; {@code groups = in} gives a depthwise convolution. */
    public Act<T> conv(Act<T> x, String name, int out, int k, int stride, Padding p, int groups, boolean bias) {
        store.weight(name + ".weight", out, x.c() / groups, k, k);
        @Nullable T b = null;
        if (bias) {
            store.bias(name + ".bias", (long) x.c() / groups * k * k, out);
            b = ops.param(name + ".bias");
        }
        int[] pad = padding(p, k, stride, x.h(), x.w());
        int oh = (x.h() + pad[0] + pad[1] - k) / stride + 1;
        int ow = (x.w() + pad[2] + pad[3] - k) / stride + 1;
        return new Act<>(ops.conv2d(x.t(), ops.param(name + ".weight"), b, stride, pad, groups), out, oh, ow);
    }

    /** Batch norm with weight 1, bias 0, running mean 0, running variance 1 at initialisation. */
    public Act<T> bn(Act<T> x, String name, double eps) {
        store.filled(name + ".weight", 1.0, x.c());
        store.filled(name + ".bias", 0.0, x.c());
        store.buffer(name + ".running_mean", 0.0, x.c());
        store.buffer(name + ".running_var", 1.0, x.c());
        return new Act<>(ops.batchNorm(x.t(), name, eps), x.c(), x.h(), x.w());
    }

    public Act<T> relu(Act<T> x) {
        return new Act<>(ops.relu(x.t()), x.c(), x.h(), x.w());
    }

    public Act<T> silu(Act<T> x) {
        return new Act<>(ops.silu(x.t()), x.c(), x.h(), x.w());
    }

    public Act<T> maxPool(Act<T> x, int k, int s, int pad) {
        return new Act<>(
                ops.maxPool(x.t(), k, s, pad), x.c(), (x.h() + 2 * pad - k) / s + 1, (x.w() + 2 * pad - k) / s + 1);
    }

    public Act<T> add(Act<T> a, Act<T> b) {
        return new Act<>(ops.add(a.t(), b.t()), a.c(), a.h(), a.w());
    }

    /** Global average pool to {@code [B, C]}. */
    public T pool(Act<T> x) {
        return ops.globalAvgPool(x.t());
    }

    /** Linear layer {@code [B, in] → [B, out]}. */
    public T linear(T x, String name, int in, int out) {
        store.weight(name + ".weight", out, in);
        store.bias(name + ".bias", in, out);
        return ops.linear(x, ops.param(name + ".weight"), ops.param(name + ".bias"));
    }

    /**
     * Squeeze-and-excite as in timm: global pool → 1×1 conv (reduce, bias) → SiLU → 1×1 conv (expand, bias) →
     * sigmoid → per-channel scale. Written with linear layers on the pooled vector, which is the same computation;
     * parameters keep the conv shapes {@code [out, in, 1, 1]}.
     */
    public Act<T> squeezeExcite(Act<T> x, String name, int reduced) {
        store.weight(name + ".conv_reduce.weight", reduced, x.c(), 1, 1);
        store.bias(name + ".conv_reduce.bias", x.c(), reduced);
        store.weight(name + ".conv_expand.weight", x.c(), reduced, 1, 1);
        store.bias(name + ".conv_expand.bias", reduced, x.c());
        T s = ops.globalAvgPool(x.t());
        T r = ops.linear(
                s,
                ops.reshape(ops.param(name + ".conv_reduce.weight"), reduced, x.c()),
                ops.param(name + ".conv_reduce.bias"));
        r = ops.silu(r);
        T e = ops.linear(
                r,
                ops.reshape(ops.param(name + ".conv_expand.weight"), x.c(), reduced),
                ops.param(name + ".conv_expand.bias"));
        return new Act<>(ops.scaleChannels(x.t(), ops.sigmoid(e)), x.c(), x.h(), x.w());
    }
}
