package org.rmfer4j.eval;

import java.util.Arrays;
import java.util.Locale;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.ClassOrder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Counts of (true class, predicted class) in one class order; rows are the true class, as in the official code's
 * {@code torchmetrics.ConfusionMatrix}. Immutable once built; {@link #add} returns a new matrix.
 *
 * <ul>
 *   <li>overall accuracy = Σ_e cm[e,e] / Σ cm</li>
 *   <li>class-average accuracy = mean over classes with at least one sample of recall_e = cm[e,e] / Σ_j cm[e,j]
 *       (the official "average accuracy"); classes absent from the data are left out, never counted as 0</li>
 *   <li>precision_e = cm[e,e] / Σ_i cm[i,e] (NaN when nothing was predicted as e); F1 the harmonic mean</li>
 * </ul>
 */
public final class ConfusionMatrix {
    private final ClassOrder order;
    private final long[][] counts;

    private ConfusionMatrix(ClassOrder order, long[][] counts) {
        this.order = order;
        this.counts = counts;
    }

    /** An empty matrix for a class order. */
    public static ConfusionMatrix empty(ClassOrder order) {
        return new ConfusionMatrix(order, new long[order.size()][order.size()]);
    }

    /** From hard labels and predictions (indices in {@code order}); rows with label −1 (unlabelled) are ignored. */
    public static ConfusionMatrix of(ClassOrder order, int[] labels, int[] predictions) {
        if (labels.length != predictions.length) {
            throw new RmferException(
                    "labels and predictions differ in length: " + labels.length + " vs " + predictions.length);
        }
        long[][] c = new long[order.size()][order.size()];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                continue;
            }
            check(order, labels[i], "label", i);
            check(order, predictions[i], "prediction", i);
            c[labels[i]][predictions[i]]++;
        }
        return new ConfusionMatrix(order, c);
    }

    /** From explicit counts {@code [true][predicted]} (copied). */
    public static ConfusionMatrix ofCounts(ClassOrder order, long[][] counts) {
        if (counts.length != order.size()) {
            throw new RmferException("A confusion matrix for " + order.name() + " needs " + order.size() + " rows, got "
                    + counts.length);
        }
        long[][] c = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != order.size()) {
                throw new RmferException("Confusion matrix row " + i + " has " + counts[i].length
                        + " columns; expected " + order.size());
            }
            for (long v : counts[i]) {
                if (v < 0) {
                    throw new RmferException("Confusion matrix row " + i + " has a negative count " + v);
                }
            }
            c[i] = counts[i].clone();
        }
        return new ConfusionMatrix(order, c);
    }

    private static void check(ClassOrder order, int idx, String what, int row) {
        if (idx < 0 || idx >= order.size()) {
            throw new RmferException("Row " + row + ": " + what + " " + idx + " is outside 0.." + (order.size() - 1)
                    + " (" + order.name() + ")");
        }
    }

    /** This matrix plus another of the same order. */
    public ConfusionMatrix add(ConfusionMatrix other) {
        if (!other.order.equals(order)) {
            throw new RmferException("Cannot add confusion matrices of " + order.name() + " and " + other.order.name());
        }
        long[][] c = new long[counts.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = counts[i].clone();
            for (int j = 0; j < c.length; j++) {
                c[i][j] += other.counts[i][j];
            }
        }
        return new ConfusionMatrix(order, c);
    }

    public ClassOrder order() {
        return order;
    }

    /** A copy of the counts, {@code [true][predicted]}. */
    public long[][] counts() {
        long[][] c = new long[counts.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = counts[i].clone();
        }
        return c;
    }

    public long total() {
        return Arrays.stream(counts).flatMapToLong(Arrays::stream).sum();
    }

    private long rowSum(int e) {
        return Arrays.stream(counts[e]).sum();
    }

    private long columnSum(int e) {
        long s = 0;
        for (long[] row : counts) {
            s += row[e];
        }
        return s;
    }

    /** Σ cm[e,e] / Σ cm (NaN when empty). */
    public double overallAccuracy() {
        long total = total();
        if (total == 0) {
            return Double.NaN;
        }
        long diag = 0;
        for (int e = 0; e < counts.length; e++) {
            diag += counts[e][e];
        }
        return (double) diag / total;
    }

    /** Per-class recall cm[e,e] / row e (NaN for a class with no samples). */
    public double recall(int e) {
        long r = rowSum(e);
        return r == 0 ? Double.NaN : (double) counts[e][e] / r;
    }

    /** Per-class precision cm[e,e] / column e (NaN when nothing was predicted as e). */
    public double precision(int e) {
        long c = columnSum(e);
        return c == 0 ? Double.NaN : (double) counts[e][e] / c;
    }

    /** Harmonic mean of precision and recall; 0 when both are 0, NaN when either is undefined. */
    public double f1(int e) {
        double p = precision(e);
        double r = recall(e);
        if (Double.isNaN(p) || Double.isNaN(r)) {
            return Double.NaN;
        }
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Mean per-class recall over the classes present in the data (the official "average accuracy"). */
    public double classAverageAccuracy() {
        double sum = 0;
        int n = 0;
        for (int e = 0; e < counts.length; e++) {
            double r = recall(e);
            if (!Double.isNaN(r)) {
                sum += r;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Per-class table: class, support, precision, recall, F1. */
    public Table perClass() {
        StringColumn cls = StringColumn.create("class");
        IntColumn support = IntColumn.create("support");
        DoubleColumn p = DoubleColumn.create("precision");
        DoubleColumn r = DoubleColumn.create("recall");
        DoubleColumn f = DoubleColumn.create("f1");
        for (int e = 0; e < counts.length; e++) {
            cls.append(order.at(e).displayName());
            support.append((int) rowSum(e));
            p.append(precision(e));
            r.append(recall(e));
            f.append(f1(e));
        }
        return Table.create("per-class metrics", cls, support, p, r, f);
    }

    /** The matrix as a table: one row per true class, one column per predicted class. */
    public Table table() {
        Table t = Table.create("confusion matrix (rows: true, columns: predicted)");
        StringColumn truth = StringColumn.create("true");
        for (int e = 0; e < counts.length; e++) {
            truth.append(order.at(e).displayName());
        }
        t.addColumns(truth);
        for (int j = 0; j < counts.length; j++) {
            IntColumn col = IntColumn.create(order.at(j).displayName());
            for (long[] row : counts) {
                col.append((int) row[j]);
            }
            t.addColumns(col);
        }
        return t;
    }

    /** A Markdown rendering of {@link #table()}. */
    public String markdown() {
        StringBuilder sb = new StringBuilder("| true \\ predicted |");
        for (int j = 0; j < counts.length; j++) {
            sb.append(' ').append(order.at(j).displayName()).append(" |");
        }
        sb.append('\n').append("|---|").append("---:|".repeat(counts.length)).append('\n');
        for (int i = 0; i < counts.length; i++) {
            sb.append("| ").append(order.at(i).displayName()).append(" |");
            for (int j = 0; j < counts.length; j++) {
                sb.append(' ').append(counts[i][j]).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && m.order.equals(order) && Arrays.deepEquals(m.counts, counts);
    }

    @Override
    public int hashCode() {
        return order.hashCode() * 31 + Arrays.deepHashCode(counts);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "ConfusionMatrix[%s, n=%d, acc=%.4f, avg=%.4f]",
                order.name(),
                total(),
                overallAccuracy(),
                classAverageAccuracy());
    }
}
