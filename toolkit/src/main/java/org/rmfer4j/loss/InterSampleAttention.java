package org.rmfer4j.loss;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.nn.TensorOps;

/**
 * Inter-sample attention of IAL (paper Sec. 4.1, Eqs. 1–3):
 *
 * <pre>
 *   S_ij = cos(z_i, z_j) / τ          z = H(f), cos on L2-normalised rows
 *   S_ii ← self-mask (see {@link SelfMask})
 *   A    = softmax(S) row-wise        (each row sums to 1)
 *   v    = A · f                      (the original features, not z)
 * </pre>
 *
 * Shapes: {@code z [B, d]}, {@code f [B, n]} → {@code A [B, B]}, {@code v [B, n]}. The IAL loss is then
 * CE(f^IAL(v), y) and L_pre = L_FER + λ1·L_IAL.
 */
public final class InterSampleAttention {
    private InterSampleAttention() {}

    /** The attention matrix A {@code [B, B]}. */
    public static <T> T attention(TensorOps<T> ops, T z, int batch, SelfMask mask, double tau) {
        T zn = ops.normalizeRows(z);
        T cos = ops.matmulT(zn, zn);
        INDArray eye = Nd4j.eye(batch).castTo(DataType.DOUBLE);
        INDArray offDiag = Nd4j.ones(DataType.DOUBLE, batch, batch).subi(eye);
        T logits = switch (mask) {
            case NONE -> ops.mulScalar(cos, 1.0 / tau);
            case OFFICIAL ->
                ops.add(
                        ops.mul(ops.mulScalar(cos, 1.0 / tau), ops.constant(offDiag)),
                        ops.constant(eye.mul(SelfMask.OFFICIAL_LOGIT)));
            case PAPER ->
                ops.mulScalar(
                        ops.add(ops.mul(cos, ops.constant(offDiag)), ops.constant(eye.mul(SelfMask.PAPER_COSINE))),
                        1.0 / tau);
        };
        return ops.softmaxRows(logits);
    }

    /** v = A · f. */
    public static <T> T attend(TensorOps<T> ops, T attention, T f) {
        return ops.matmul(attention, f);
    }
}
