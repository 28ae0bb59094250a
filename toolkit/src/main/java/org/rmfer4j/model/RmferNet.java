package org.rmfer4j.model;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.loss.AclLayout;
import org.rmfer4j.loss.AclLoss;
import org.rmfer4j.loss.CrossEntropyLoss;
import org.rmfer4j.loss.InterSampleAttention;
import org.rmfer4j.nn.Layers;
import org.rmfer4j.nn.TensorOps;

/**
 * The RMFER network and objective, written once for every engine (paper Fig. 3):
 *
 * <pre>
 *   f = backbone(x)                 [B, n]
 *   o = f^FER(f)                    [B, C]   classification module
 *   z = H(f)                        [B, d]   H = Linear(n, d) → ReLU → Linear(d, d)
 *   A = softmax(cos(z)/τ, masked)   [B, B]   attention module (IAL)
 *   a = f^IAL(A·f)                  [B, C]
 *   L_pre   = CE(o, y) + λ1·CE(a, y)
 *   L_total = L_pre + λ2·L_ACL(H(backbone(anchors ∪ candidates)))
 * </pre>
 *
 * Parameter names: {@code backbone.*}, {@code fer.*}, {@code proj.0.*}, {@code proj.2.*}, {@code ial.*}.
 */
public final class RmferNet {
    private RmferNet() {}

    /** The forward pass on a labelled batch. */
    public record Outputs<T>(T features, T logits, T projection, T attention, T attentionLogits) {}

    /** The loss terms (each a scalar) and their weighted sum. */
    public record Losses<T>(T total, T fer, T ial, @Nullable T acl) {}

    public static <T> T projection(Layers<T> l, T f, ModelConfig c) {
        T h = l.linear(f, "proj.0", c.featureSize(), c.projectionDim());
        return l.linear(l.ops().relu(h), "proj.2", c.projectionDim(), c.projectionDim());
    }

    public static <T> Outputs<T> forward(Layers<T> l, T images, int batch, ModelConfig c) {
        T f = c.backbone().forward(l, images, c.inputSize());
        T o = l.linear(f, "fer", c.featureSize(), c.classes().size());
        T z = projection(l, f, c);
        T a = InterSampleAttention.attention(l.ops(), z, batch, c.selfMask(), c.tau());
        T att = l.linear(
                InterSampleAttention.attend(l.ops(), a, f),
                "ial",
                c.featureSize(),
                c.classes().size());
        return new Outputs<>(f, o, z, a, att);
    }

    /**
     * The objective. λ1 and λ2 are inputs (not constants), so one compiled graph serves every weighting.
     *
     * @param aclImages the ACL step's images arranged as {@code layout} says, or null for L_pre alone
     */
    public static <T> Losses<T> losses(
            Layers<T> l,
            Outputs<T> out,
            T targets,
            int batch,
            double lambda1,
            @Nullable T aclImages,
            @Nullable AclLayout layout,
            double lambda2,
            ModelConfig c) {
        TensorOps<T> ops = l.ops();
        T fer = CrossEntropyLoss.compute(ops, out.logits(), targets, batch);
        T ial = CrossEntropyLoss.compute(ops, out.attentionLogits(), targets, batch);
        T total = ops.add(fer, ops.mul(ops.input("lambda1", Nd4j.scalar(lambda1)), ial));
        T acl = null;
        if (aclImages != null && layout != null) {
            T fa = c.backbone().forward(l, aclImages, c.inputSize());
            T za = projection(l, fa, c);
            acl = AclLoss.compute(ops, za, layout, c.tau());
            total = ops.add(total, ops.mul(ops.input("lambda2", Nd4j.scalar(lambda2)), acl));
        }
        return new Losses<>(total, fer, ial, acl);
    }
}
