package org.rmfer4j.engine.samediff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.Nd4jSupport;
import org.rmfer4j.nn.ParameterStore;

/**
 * Finite-difference gradient check for the SameDiff op layer, in double precision: the analytic gradient of
 * L = Σ R ⊙ op(inputs) (R a fixed random array) against central differences, element by element.
 */
final class SdGradCheck {
    static final double EPS = 1e-6;
    static final double RTOL = 1e-5;
    static final double ATOL = 1e-8;

    private SdGradCheck() {}

    /** Result of one check. */
    record Result(int checked, double maxRelError, List<String> failures) {}

    /**
     * @param inputs    named double arrays; they become trainable variables of the graph
     * @param training  SdOps mode
     * @param build     the op under test, reading its inputs with {@code ops.param(name)}
     * @param beforeRun called before every forward pass (e.g. to reset a random seed)
     */
    static Result check(
            Map<String, INDArray> inputs, boolean training, Function<SdOps, SDVariable> build, Runnable beforeRun) {
        Nd4jSupport.init();
        ParameterStore store = new ParameterStore(1, DataType.DOUBLE);
        inputs.forEach((k, v) -> store.filled(k, 0.0, v.shape()).assign(v));
        SameDiff sd = SameDiff.create();
        SdOps ops = new SdOps(sd, store, training);
        SDVariable y = build.apply(ops);
        Map<String, INDArray> ph = ops.inputs();
        beforeRun.run();
        INDArray yv = sd.output(ph, y.name()).get(y.name());
        Nd4j.getRandom().setSeed(12345);
        INDArray r = Nd4j.rand(DataType.DOUBLE, yv.shape()).subi(0.5).muli(2);
        if (yv.rank() == 0) {
            r = Nd4j.scalar(1.3);
        }
        SDVariable loss = y.mul(sd.constant("gradcheck_R", r)).sum();
        loss.rename("gradcheck_loss");
        sd.setLossVariables("gradcheck_loss");
        List<String> names = new ArrayList<>(inputs.keySet());
        beforeRun.run();
        Map<String, INDArray> grads = sd.calculateGradients(ph, names);
        int checked = 0;
        double maxRel = 0;
        List<String> failures = new ArrayList<>();
        for (String n : names) {
            INDArray arr = store.get(n);
            INDArray g = grads.get(n);
            if (g == null) {
                failures.add(n + ": no gradient returned");
                continue;
            }
            for (long i = 0; i < arr.length(); i++) {
                double orig = arr.getDouble(i);
                arr.putScalar(i, orig + EPS);
                beforeRun.run();
                double plus =
                        sd.output(ph, "gradcheck_loss").get("gradcheck_loss").getDouble(0);
                arr.putScalar(i, orig - EPS);
                beforeRun.run();
                double minus =
                        sd.output(ph, "gradcheck_loss").get("gradcheck_loss").getDouble(0);
                arr.putScalar(i, orig);
                double numeric = (plus - minus) / (2 * EPS);
                double analytic = g.getDouble(i);
                double diff = Math.abs(numeric - analytic);
                double scale = Math.max(Math.abs(numeric), Math.abs(analytic));
                double rel = scale == 0 ? 0 : diff / scale;
                if (diff > ATOL && rel > RTOL) {
                    if (failures.size() < 5) {
                        failures.add(n + "[" + i + "]: analytic " + analytic + " numeric " + numeric);
                    }
                }
                if (diff > ATOL) {
                    maxRel = Math.max(maxRel, rel);
                }
                checked++;
            }
        }
        return new Result(checked, maxRel, failures);
    }

    static void assertPasses(String what, Result r) {
        assertTrue(r.failures().isEmpty(), what + " gradient check failed: " + r.failures());
        assertTrue(r.checked() > 0, what + ": nothing checked");
    }

    /** A seeded random double array in [lo, hi). */
    static INDArray rand(long seed, double lo, double hi, long... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * rng.nextDouble();
        }
        return Nd4j.create(v, shape, DataType.DOUBLE);
    }
}
