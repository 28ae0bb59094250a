package org.rmfer4j.core;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * A periodic progress line for long work: done/total, rate, ETA and whatever the caller adds ("loss 1.23"). Lines go
 * to a {@code Consumer<String>}: the terminal prints them, a notebook updates one display in place. At most one line
 * every {@code intervalSeconds}, plus the last one. Not thread-safe; one per loop.
 */
public final class Progress {
    private final String label;
    private final long total;
    private final String unit;
    private final Consumer<String> sink;
    private final long intervalNanos;
    private final long start = System.nanoTime();
    private long last = start;
    private final long doneAtStart;

    /**
     * @param label what is running ("train full")
     * @param total units of work in all
     * @param unit  what a unit is ("steps")
     */
    public Progress(String label, long total, String unit, Consumer<String> sink, double intervalSeconds) {
        this(label, total, unit, sink, intervalSeconds, 0);
    }

    /** @param alreadyDone units finished before this process started (a resumed run): the rate counts only the rest */
    public Progress(
            String label, long total, String unit, Consumer<String> sink, double intervalSeconds, long alreadyDone) {
        this.label = label;
        this.total = total;
        this.unit = unit;
        this.sink = sink;
        this.intervalNanos = (long) (intervalSeconds * 1e9);
        this.doneAtStart = alreadyDone;
    }

    /** Reports {@code done} units if the interval has passed or the work is finished. */
    public void update(long done, String detail) {
        long now = System.nanoTime();
        if (now - last < intervalNanos && done < total) {
            return;
        }
        last = now;
        sink.accept(line(done, detail, now));
    }

    /** The progress line for {@code done} units now, without the interval check. */
    public String line(long done, String detail, long nowNanos) {
        double seconds = Math.max((nowNanos - start) / 1e9, 1e-9);
        double rate = Math.max(done - doneAtStart, 0) / seconds;
        double eta = rate > 0 ? (total - done) / rate : Double.NaN;
        int width = 20;
        int filled = total <= 0 ? 0 : (int) Math.min(width, width * done / total);
        return String.format(
                Locale.ROOT,
                "%s [%s%s] %d/%d %s, %.2f %s/s, ETA %s%s",
                label,
                "#".repeat(filled),
                ".".repeat(width - filled),
                done,
                total,
                unit,
                rate,
                unit,
                formatSeconds(eta),
                detail.isEmpty() ? "" : ", " + detail);
    }

    /** "1 min 05 s", "42 s" or "?" */
    public static String formatSeconds(double s) {
        if (!Double.isFinite(s)) {
            return "?";
        }
        long r = Math.round(s);
        return r >= 60 ? String.format(Locale.ROOT, "%d min %02d s", r / 60, r % 60) : r + " s";
    }
}
