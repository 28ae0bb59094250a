package org.rmfer4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.rmfer4j.nn.TensorOps;

/**
 * Attention-based contrastive loss (paper Eq. 10; official {@code models/model.py:242-250}), one term per anchor:
 *
 * <pre>
 *   s_k = cos(H(f_anchor), H(f_k)) / τ
 *   L_a = −log( Σ_{p∈P} exp(s_p) / Σ_{k∈P∪N} exp(s_k) )   = LSE_{P∪N}(s) − LSE_P(s)
 *   L   = mean over anchors with P ≠ ∅ and N ≠ ∅
 * </pre>
 *
 * The sum over positives is inside the log (MIL-NCE form, not SupCon's average of log-probabilities), the anchor is
 * not in the denominator, and no 1/|P| factor is applied — all as in the official code. Both LSEs are max-subtracted.
 *
 * <p>Shapes: {@code z [A·(1+K), d]} projections of the step's images arranged as in {@link AclLayout}.
 */
public final class AclLoss {
    private AclLoss() {}

    /** The per-anchor similarities s {@code [A, K]} (scaled by 1/τ). */
    public static <T> T similarities(TensorOps<T> ops, T z, AclLayout layout, double tau) {
        T zn = ops.normalizeRows(z);
        T za = ops.matmul(ops.constant(layout.anchorSelector()), zn);
        T zc = ops.matmul(ops.constant(layout.candidateSelector()), zn);
        T s = ops.sumRows(ops.mul(za, zc));
        return ops.mulScalar(ops.reshape(s, layout.anchors(), layout.slots()), 1.0 / tau);
    }

    /** The mean loss over valid anchors (0 when none is valid). */
    public static <T> T compute(TensorOps<T> ops, T z, AclLayout layout, double tau) {
        T s = similarities(ops, z, layout, tau);
        T lsePos = ops.maskedLogSumExpRows(s, ops.input("acl_pos", layout.pos()));
        T lseAll = ops.maskedLogSumExpRows(s, ops.input("acl_any", layout.pos().add(layout.neg())));
        int valid = layout.anchors() - layout.skipped();
        T perAnchor = ops.add(lseAll, ops.mulScalar(lsePos, -1.0));
        // valid / max(1, #valid): the mean over valid anchors, fed as one input so a graph serves every step
        INDArray weights = layout.valid().div(Math.max(1, valid));
        return ops.dot(perAnchor, ops.input("acl_weight", weights));
    }
}
