package org.rmfer4j.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The small set of differentiable operations the toolkit's networks and losses are written in. Backbones, heads,
 * IAL and ACL are each written <em>once</em> against this interface; each engine implements it — SameDiff with
 * {@code T = SDVariable} (building a graph), libtorch with {@code T = Tensor} (eager). Everything an engine does
 * differently (SameDiff's broken ops and their workarounds, libtorch's pointer-style options) stays inside its
 * implementation, and every implementation is checked against finite differences op by op.
 *
 * <p>Layouts: images NCHW; convolution weights {@code [out, in/groups, kH, kW]}; linear weights {@code [out, in]}
 * (PyTorch's conventions, so named parameters carry over between engines unchanged).
 *
 * @param <T> the engine's tensor type
 */
public interface TensorOps<T> {
    /** A trainable parameter by canonical name (created from the model's {@link ParameterStore}). */
    T param(String name);

    /** A constant that depends only on shapes (identity masks, selection matrices), copied from ND4J. */
    T constant(INDArray value);

    /**
     * A per-step input (images, targets, ACL masks). Engines that build graphs make it a placeholder named
     * {@code name}, fed with {@code value} now and with new values on later steps of the same shape.
     */
    T input(String name, INDArray value);

    /**
     * 2-D convolution with explicit padding.
     *
     * @param w      {@code [out, in/groups, kH, kW]}
     * @param b      bias {@code [out]} or null
     * @param pad    {top, bottom, left, right}
     * @param groups 1, or the channel count for a depthwise convolution
     */
    T conv2d(T x, T w, T b, int stride, int[] pad, int groups);

    /**
     * Batch normalisation over N, H, W per channel. In training mode it normalises with the batch statistics and the
     * engine updates the running statistics (momentum 0.1, PyTorch's convention); in eval mode it uses the running
     * statistics, so a prediction does not depend on the rest of the batch.
     *
     * @param name the layer name: parameters {@code name.weight}, {@code name.bias}, buffers
     *             {@code name.running_mean}, {@code name.running_var}
     */
    T batchNorm(T x, String name, double eps);

    T relu(T x);

    T sigmoid(T x);

    /** x · sigmoid(x), a.k.a. swish. */
    T silu(T x);

    /** Max pooling, square window, symmetric padding. */
    T maxPool(T x, int kernel, int stride, int pad);

    /** Mean over H and W: {@code [B, C, H, W] → [B, C]}. */
    T globalAvgPool(T x);

    /** Dropout with drop probability p in training mode (inverted scaling); identity in eval mode. */
    T dropout(T x, double p);

    /** x·Wᵀ + b with {@code W [out, in]}, b {@code [out]} or null. */
    T linear(T x, T w, T b);

    T add(T a, T b);

    /** Element-wise product with broadcasting of equal-rank or scalar operands. */
    T mul(T a, T b);

    /** {@code x [B, C, H, W]} scaled per channel by {@code g [B, C]} (squeeze-excite). */
    T scaleChannels(T x, T g);

    T mulScalar(T x, double s);

    T addScalar(T x, double s);

    /** a·b for 2-D operands. */
    T matmul(T a, T b);

    /** a·bᵀ for 2-D operands. */
    T matmulT(T a, T b);

    /** Each row divided by its L2 norm. */
    T normalizeRows(T x);

    /** Row-wise softmax of a 2-D array. */
    T softmaxRows(T x);

    /**
     * Row-wise log-sum-exp over the entries where {@code mask} is 1, computed stably (max-subtracted); rows whose
     * mask is all zero give a large negative number, never NaN. {@code x, mask [R, K] → [R]}.
     */
    T maskedLogSumExpRows(T x, T mask);

    /** Row-wise log-softmax of a 2-D array. */
    T logSoftmaxRows(T x);

    /** Sum over dimension 1 of a 2-D array: {@code [R, K] → [R]}. */
    T sumRows(T x);

    /** Sum of all elements (a scalar). */
    T sum(T x);

    /** Mean of all elements (a scalar). */
    T mean(T x);

    /** The element-wise product of the operands summed: Σ a·b (a scalar). */
    default T dot(T a, T b) {
        return sum(mul(a, b));
    }

    /** Reshape (row-major). */
    T reshape(T x, long... shape);

    /** Whether the network runs in training mode (batch statistics, dropout on). */
    boolean training();
}
