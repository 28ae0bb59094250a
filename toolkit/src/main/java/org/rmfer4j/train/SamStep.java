package org.rmfer4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rmfer4j.model.RmferModel;
import org.rmfer4j.model.StepResult;
import org.rmfer4j.model.TrainInput;

/** Sharpness-aware minimisation over Adam, the official configs' optimiser ({@link Optimizer#SAM}). */
public final class SamStep {
    private SamStep() {}

    /**
     * SAM over Adam (official {@code optimizer/SAM.py}): g = ∇L(w); e = ρ·g/(‖g‖₂ + 1e-12) over all parameters;
     * Adam steps with ∇L(w + e) and the update is applied at w. Adam's update does not depend on w, so it is taken
     * at w + e and e is subtracted afterwards. The running statistics move once, on the second pass (the code moves
     * them on both). Returns the losses at w.
     */
    public static StepResult step(RmferModel model, TrainInput input, double lr, double rho) {
        RmferModel.Gradients g = model.gradients(input);
        double sq = 0;
        for (INDArray a : g.grads().values()) {
            double n = a.norm2Number().doubleValue();
            sq += n * n;
        }
        double scale = rho / (Math.sqrt(sq) + 1e-12);
        Map<String, INDArray> params = model.parameters().params();
        List<Map.Entry<String, INDArray>> applied = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : g.grads().entrySet()) {
            INDArray w = params.get(e.getKey());
            if (w != null) {
                INDArray delta = e.getValue().castTo(w.dataType()).muli(scale);
                w.addi(delta);
                applied.add(Map.entry(e.getKey(), delta));
            }
        }
        try {
            model.step(input, lr);
        } finally {
            for (Map.Entry<String, INDArray> e : applied) {
                params.get(e.getKey()).subi(e.getValue());
            }
        }
        return g.losses();
    }
}
