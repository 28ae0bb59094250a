package org.rmfer4j.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Finite differences over sampled elements of every parameter of a double-precision model, on either engine. */
public final class ModelGradCheck {
    private ModelGradCheck() {}

    /** Checks {@code perTensor} random elements of each parameter; returns how many were checked. */
    public static int check(RmferModel m, TrainInput in, int perTensor, double eps, long seed) {
        RmferModel.Gradients g = m.gradients(in);
        SplittableRandom rng = new SplittableRandom(seed);
        int checked = 0;
        for (Map.Entry<String, INDArray> e : m.parameters().params().entrySet()) {
            INDArray w = e.getValue();
            for (int k = 0; k < perTensor; k++) {
                long i = rng.nextLong(w.length());
                double orig = w.getDouble(i);
                w.putScalar(i, orig + eps);
                double plus = m.gradients(in).losses().total();
                w.putScalar(i, orig - eps);
                double minus = m.gradients(in).losses().total();
                w.putScalar(i, orig);
                double numeric = (plus - minus) / (2 * eps);
                double analytic = g.grads().get(e.getKey()).getDouble(i);
                double diff = Math.abs(numeric - analytic);
                assertTrue(
                        diff < 1e-6 || diff / Math.max(Math.abs(numeric), Math.abs(analytic)) < 1e-4,
                        e.getKey() + "[" + i + "]: analytic " + analytic + " numeric " + numeric);
                checked++;
            }
        }
        return checked;
    }
}
