package org.rmfer4j.train;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rmfer4j.model.RmferModel;
import org.rmfer4j.model.TrainInput;

/**
 * How the two phase-2 losses pull on the backbone in one step: ‖∇L_pre‖ and ‖∇(λ2·L_ACL)‖ over the backbone's
 * parameters, their ratio and the cosine between them. ∇(λ2·L_ACL) is ∇L_total − ∇L_pre on the same input (the loss
 * is a sum, so this is exact). A ratio well above 1 with a negative cosine is ACL overriding the labels; the issue's
 * diagnosis of the earlier demo measured 1.3–1.5 and −0.2.
 *
 * @param pre    ‖∇L_pre‖ on the backbone
 * @param acl    ‖∇(λ2·L_ACL)‖ on the backbone
 * @param ratio  acl / pre
 * @param cosine cos(∇L_pre, ∇(λ2·L_ACL)); NaN when either is zero
 */
public record GradientBalance(double pre, double acl, double ratio, double cosine) {
    /** Prefix of the feature extractor's parameter names. */
    static final String BACKBONE = "backbone.";

    /** Measures {@code input} (with its ACL part) against its labelled part alone; moves nothing in the model. */
    public static GradientBalance measure(
            RmferModel model, TrainInput input, INDArray images, INDArray targets, double lambda1) {
        Map<String, INDArray> total =
                model.gradients(input.checkFor(model.config())).grads();
        Map<String, INDArray> pre = model.gradients(
                        TrainInput.pre(images, targets, lambda1).checkFor(model.config()))
                .grads();
        double pp = 0;
        double aa = 0;
        double pa = 0;
        for (Map.Entry<String, INDArray> e : pre.entrySet()) {
            if (!e.getKey().startsWith(BACKBONE)) {
                continue;
            }
            double[] p = e.getValue().dup().data().asDouble();
            double[] t = total.get(e.getKey()).dup().data().asDouble();
            for (int i = 0; i < p.length; i++) {
                double a = t[i] - p[i];
                pp += p[i] * p[i];
                aa += a * a;
                pa += p[i] * a;
            }
        }
        return of(Math.sqrt(pp), Math.sqrt(aa), pa);
    }

    /** From the two norms and the dot product. */
    static GradientBalance of(double pre, double acl, double dot) {
        double cos = pre == 0 || acl == 0 ? Double.NaN : dot / (pre * acl);
        return new GradientBalance(pre, acl, pre == 0 ? Double.NaN : acl / pre, cos);
    }
}
