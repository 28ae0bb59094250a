package org.rmfer4j.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.RmferException;

/**
 * An append-only metrics CSV: a fixed header, one flushed line per record, so a killed run loses at most the line
 * being written. {@link #keepOnly} rewrites it atomically when a run resumes from an earlier checkpoint.
 */
final class CsvLog {
    private final Path file;
    private final List<String> header;

    CsvLog(Path file, List<String> header) {
        this.file = file;
        this.header = List.copyOf(header);
    }

    Path file() {
        return file;
    }

    /** Starts an empty log (header only), replacing any old one. */
    void reset() {
        AtomicFiles.writeString(file, String.join(",", header) + "\n");
    }

    /** Appends one row; values are formatted with {@link #format}. */
    void append(Object... values) {
        if (values.length != header.size()) {
            throw new RmferException("internal: " + file.getFileName() + " row has " + values.length + " values for "
                    + header.size() + " columns");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ",").append(format(values[i]));
        }
        sb.append('\n');
        AtomicFiles.append(file, sb.toString()); // checked, and undone when it fails: never half a row
    }

    /** The data rows (header dropped), each split on commas. A missing file has none. */
    List<String[]> rows() {
        return rows(true);
    }

    /**
     * @param strict a row with the wrong number of fields is an error naming the file and line; otherwise it is left
     *               out (a resume drops the one row a kill may have cut)
     */
    private List<String[]> rows(boolean strict) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String[]> out = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) {
                    String[] r = lines.get(i).split(",", -1);
                    if (r.length != header.size()) {
                        if (!strict) {
                            continue;
                        }
                        throw new RmferException(file + " line " + (i + 1) + " has " + r.length + " fields, expected "
                                + header.size() + " (" + String.join(",", header)
                                + "): the log is damaged, e.g. by two "
                                + "trainings writing into one run; start that run again in a fresh directory");
                    }
                    out.add(r);
                }
            }
            return out;
        } catch (IOException e) {
            throw AtomicFiles.failure("read", file, e);
        }
    }

    /** Rewrites the log with only the rows {@code keep} accepts (a resume drops rows past its checkpoint). */
    void keepOnly(Predicate<String[]> keep) {
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (String[] r : rows(false)) {
            if (keep.test(r)) {
                sb.append(String.join(",", r)).append('\n');
            }
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /** The step log's candidate-precision columns: positives before/after selection, negatives before/after. */
    static final List<String> PRECISION_COLUMNS =
            List.of("pos_precision_before", "pos_precision_after", "neg_precision_before", "neg_precision_after");

    /**
     * Means of some columns over the rows {@code keep} accepts, in one read of the file.
     *
     * @param rows   rows accepted
     * @param values per column, the mean of its non-empty cells (NaN when none)
     */
    record Means(int rows, double[] values) {}

    Means means(List<String> columns, Predicate<String[]> keep) {
        int[] idx = columns.stream().mapToInt(this::column).toArray();
        double[] sums = new double[idx.length];
        int[] counts = new int[idx.length];
        int n = 0;
        for (String[] r : rows()) {
            if (!keep.test(r)) {
                continue;
            }
            n++;
            for (int i = 0; i < idx.length; i++) {
                if (!r[idx[i]].isEmpty()) {
                    sums[i] += Double.parseDouble(r[idx[i]]);
                    counts[i]++;
                }
            }
        }
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = counts[i] == 0 ? Double.NaN : sums[i] / counts[i];
        }
        return new Means(n, out);
    }

    int column(String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new RmferException("internal: no column " + name + " in " + file.getFileName());
        }
        return i;
    }

    static String format(Object v) {
        if (v instanceof Double d) {
            return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.6g", d);
        }
        return String.valueOf(v);
    }
}
