package org.rmfer4j.loss;

import org.rmfer4j.nn.TensorOps;

/**
 * Cross-entropy with hard or soft targets, mean over the batch (the official code's reduction):
 *
 * <pre>  L = −(1/B) Σ_i Σ_c y_ic · log softmax(o_i)_c</pre>
 *
 * Shapes: logits {@code o [B, C]}, targets {@code y [B, C]} (rows one-hot or distributions). Written with a stable
 * log-softmax (x − max − log Σ exp), not SameDiff's {@code softmaxCrossEntropy}, whose gradient ignores the upstream
 * gradient and so breaks any weighted sum of losses.
 */
public final class CrossEntropyLoss {
    private CrossEntropyLoss() {}

    public static <T> T compute(TensorOps<T> ops, T logits, T targets, int batch) {
        return ops.mulScalar(ops.dot(targets, ops.logSoftmaxRows(logits)), -1.0 / batch);
    }
}
