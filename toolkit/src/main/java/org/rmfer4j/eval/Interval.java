package org.rmfer4j.eval;

import java.util.List;
import java.util.Locale;
import org.rmfer4j.core.RmferException;

/**
 * A mean with its two-sided 95% confidence interval from Student's t distribution: for n values x with sample
 * standard deviation s (n − 1 in the denominator), mean ± t(0.975, n − 1) · s / √n. With one value the interval is
 * undefined (NaN half-width): one seed is never reported as if it had an error bar.
 *
 * <p>Paired differences ({@link #paired}) are the interval of the per-seed differences a_i − b_i, which removes what
 * two arms share within a seed (data subset, initial weights, phase-1 result).
 *
 * @param n        number of values
 * @param mean     their mean
 * @param sd       sample standard deviation (NaN when n = 1)
 * @param halfWidth t(0.975, n − 1) · sd / √n (NaN when n = 1)
 */
public record Interval(int n, double mean, double sd, double halfWidth) {
    /** t(0.975, df) for df = 1..30; beyond that the normal quantile's neighbourhood (df 40, 60, 120, ∞ below). */
    private static final double[] T975 = {
        12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281, 2.2010, 2.1788, 2.1604, 2.1448,
        2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484,
        2.0452, 2.0423
    };

    /** The 0.975 quantile of Student's t with {@code df} degrees of freedom (tabulated; df ≥ 1). */
    public static double t975(int df) {
        if (df < 1) {
            throw new RmferException("Student's t needs df >= 1, got " + df);
        }
        if (df <= 30) {
            return T975[df - 1];
        }
        return df <= 40 ? 2.0211 : df <= 60 ? 2.0003 : df <= 120 ? 1.9799 : 1.9600;
    }

    /** The interval of some values (at least one; none may be NaN). */
    public static Interval of(double... values) {
        if (values.length == 0) {
            throw new RmferException("An interval needs at least one value");
        }
        double sum = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                throw new RmferException("An interval of values that include NaN is undefined");
            }
            sum += v;
        }
        int n = values.length;
        double mean = sum / n;
        if (n == 1) {
            return new Interval(1, mean, Double.NaN, Double.NaN);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        return new Interval(n, mean, sd, t975(n - 1) * sd / Math.sqrt(n));
    }

    public static Interval of(List<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The interval of the paired differences a[i] − b[i] (same length: one pair per seed). */
    public static Interval paired(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new RmferException(
                    "Paired differences need one value of each arm per seed, got " + a.length + " and " + b.length);
        }
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] - b[i];
        }
        return of(d);
    }

    public double low() {
        return mean - halfWidth;
    }

    public double high() {
        return mean + halfWidth;
    }

    /** True when the whole interval lies above zero (a paired gain that the seeds support). */
    public boolean aboveZero() {
        return n > 1 && low() > 0;
    }

    /** "54.21 ± 2.03" (values as given, e.g. percent); "54.21 (1 seed)" without an interval. */
    public String format(int decimals) {
        String f = "%." + decimals + "f";
        return n == 1
                ? String.format(Locale.ROOT, f + " (1 seed)", mean)
                : String.format(Locale.ROOT, f + " ± " + f, mean, halfWidth);
    }
}
