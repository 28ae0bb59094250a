package org.rmfer4j.model;

import java.util.HashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam (Kingma and Ba) on a {@link ParameterStore}, in place, with PyTorch's defaults (β = 0.9 / 0.999, ε = 1e-8,
 * no weight decay) — the official code's optimiser:
 *
 * <pre>  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  w ← w − lr · (m / (1−β1^t)) / (√(v / (1−β2^t)) + ε)</pre>
 *
 * Its state (m, v, t) is part of a checkpoint, so a resumed run continues with the same numbers.
 */
public final class Adam {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final Map<String, INDArray> m = new HashMap<>();
    private final Map<String, INDArray> v = new HashMap<>();
    private long t;

    public Adam() {
        this(0.9, 0.999, 1e-8);
    }

    public Adam(double beta1, double beta2, double eps) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    /** Applies one update with gradients by parameter name. */
    public void step(ParameterStore store, Map<String, INDArray> grads, double lr) {
        t++;
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        store.params().forEach((name, w) -> {
            INDArray g = grads.get(name);
            if (g == null) {
                return;
            }
            g = g.castTo(w.dataType());
            INDArray mi = m.computeIfAbsent(name, k -> w.ulike());
            INDArray vi = v.computeIfAbsent(name, k -> w.ulike());
            mi.muli(beta1).addi(g.mul(1 - beta1));
            vi.muli(beta2).addi(g.mul(g).muli(1 - beta2));
            INDArray denom = Transforms.sqrt(vi.div(bc2), false).addi(eps);
            w.subi(mi.div(bc1).divi(denom).muli(lr));
        });
    }

    /** Steps taken. */
    public long steps() {
        return t;
    }

    /** The state as named arrays ({@code m.<name>}, {@code v.<name>}) plus the step count, for checkpoints. */
    public Map<String, INDArray> state() {
        Map<String, INDArray> s = new HashMap<>();
        m.forEach((k, a) -> s.put("m." + k, a.dup()));
        v.forEach((k, a) -> s.put("v." + k, a.dup()));
        s.put("t", org.nd4j.linalg.factory.Nd4j.scalar((double) t));
        return s;
    }

    /** Restores {@link #state()}. */
    public void restore(Map<String, INDArray> s) {
        m.clear();
        v.clear();
        s.forEach((k, a) -> {
            if (k.startsWith("m.")) {
                m.put(k.substring(2), a.dup());
            } else if (k.startsWith("v.")) {
                v.put(k.substring(2), a.dup());
            } else if (k.equals("t")) {
                t = (long) a.getDouble(0);
            }
        });
    }
}
