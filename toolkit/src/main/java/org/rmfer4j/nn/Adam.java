package org.rmfer4j.nn;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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

    /**
     * Applies one update with gradients by parameter name, on ND4J arrays. The gradient arrays are used as scratch
     * space (overwritten), which saves a temporary the size of the model per step.
     */
    public void step(ParameterStore store, Map<String, INDArray> grads, double lr) {
        long step = nextStep();
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2 = 1 - Math.pow(beta2, step);
        var blas = Nd4j.getBlasWrapper();
        store.params().forEach((name, w) -> {
            INDArray g = grads.get(name);
            if (g == null) {
                return;
            }
            if (g.dataType() != w.dataType()) {
                g = g.castTo(w.dataType());
            }
            INDArray mi = firstMoment(name, w);
            INDArray vi = secondMoment(name, w);
            mi.muli(beta1);
            blas.level1().axpy(mi.length(), 1 - beta1, g, mi); // m ← β1·m + (1−β1)·g
            vi.muli(beta2);
            blas.level1().axpy(vi.length(), 1 - beta2, g.muli(g), vi); // v ← β2·v + (1−β2)·g²   (g is scratch now)
            INDArray denom = Transforms.sqrt(vi, true).muli(1 / Math.sqrt(bc2)).addi(eps);
            blas.level1().axpy(w.length(), -lr / bc1, denom.rdivi(mi), w); // w ← w − lr/bc1 · m / denom
        });
    }

    /** Advances and returns the step count t (for engines that apply the update with their own kernels). */
    public long nextStep() {
        return ++t;
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double eps() {
        return eps;
    }

    /** The first-moment estimate m of a parameter (created as zeros on first use). */
    public INDArray firstMoment(String name, INDArray like) {
        return m.computeIfAbsent(name, k -> like.ulike().assign(0));
    }

    /** The second-moment estimate v of a parameter (created as zeros on first use). */
    public INDArray secondMoment(String name, INDArray like) {
        return v.computeIfAbsent(name, k -> like.ulike().assign(0));
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
        s.put("t", Nd4j.scalar((double) t));
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
