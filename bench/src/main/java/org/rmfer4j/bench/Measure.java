package org.rmfer4j.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Repeated measurements of a rate: median with min and max, so one run's ratios survive a noisy machine. */
public record Measure(double[] values) {
    public static Measure of(List<Double> v) {
        return new Measure(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public double median() {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : (n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2);
    }

    public double min() {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    public double max() {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    /** "median (min–max)" with one decimal. */
    public String format() {
        return String.format(Locale.ROOT, "%.1f (%.1f–%.1f)", median(), min(), max());
    }
}
