package org.rmfer4j.eval;

import org.rmfer4j.core.RmferException;

/**
 * What a paired comparison over seeds can detect. For n seeds whose per-seed differences have standard deviation s, a
 * two-sided test at α = 0.05 finds a true mean difference δ with probability about 80% when
 *
 * <pre>  δ ≥ (t(0.975, n − 1) + t(0.80, n − 1)) · s / √n</pre>
 *
 * (the usual shifted-t approximation of the noncentral t; slightly optimistic for n below ~5). Why it is here: in the
 * synthetic lab an interval that holds zero says nothing unless one knows how large an effect the seeds could have
 * shown; the paper's RMFER − w/o ACL is about one point (RAF-DB, Table 1), and that is the scale to compare with.
 */
public final class Power {
    /** t(0.80, df) for df = 1..30 (then df 40, 60, 120, ∞). */
    private static final double[] T80 = {
        1.3764, 1.0607, 0.9785, 0.9410, 0.9195, 0.9057, 0.8960, 0.8889, 0.8834, 0.8791, 0.8755, 0.8726, 0.8702, 0.8681,
        0.8662, 0.8647, 0.8633, 0.8620, 0.8610, 0.8600, 0.8591, 0.8583, 0.8575, 0.8569, 0.8562, 0.8557, 0.8551, 0.8546,
        0.8542, 0.8538
    };

    /** Seeds beyond which {@link #seedsFor} stops looking. */
    public static final int MAX_SEEDS = 100_000;

    private Power() {}

    /** The 0.80 quantile of Student's t with {@code df} degrees of freedom (tabulated; df ≥ 1). */
    public static double t80(int df) {
        if (df < 1) {
            throw new RmferException("Student's t needs df >= 1, got " + df);
        }
        if (df <= 30) {
            return T80[df - 1];
        }
        return df <= 40 ? 0.8507 : df <= 60 ? 0.8477 : df <= 120 ? 0.8446 : 0.8416;
    }

    /** The smallest true mean difference n seeds with per-seed spread {@code sd} detect with ~80% power (n ≥ 2). */
    public static double detectable(double sd, int n) {
        if (n < 2) {
            throw new RmferException("A detectable difference needs at least 2 seeds, got " + n);
        }
        if (!(sd >= 0)) {
            throw new RmferException("The spread of paired differences must be >= 0, got " + sd);
        }
        return (Interval.t975(n - 1) + t80(n - 1)) * sd / Math.sqrt(n);
    }

    /** {@link #detectable(double, int)} of a paired interval (its sd and seed count; NaN for one seed). */
    public static double detectable(Interval paired) {
        return paired.n() < 2 ? Double.NaN : detectable(paired.sd(), paired.n());
    }

    /**
     * The fewest seeds (≥ 2) at which a true difference {@code effect} is detected with ~80% power when per-seed
     * differences spread by {@code sd}; {@link #MAX_SEEDS} + 1 when even that many would not do.
     */
    public static int seedsFor(double sd, double effect) {
        if (!(effect > 0)) {
            throw new RmferException("The effect to detect must be > 0, got " + effect);
        }
        for (int n = 2; n <= MAX_SEEDS; n++) {
            if (detectable(sd, n) <= effect) {
                return n;
            }
        }
        return MAX_SEEDS + 1;
    }
}
