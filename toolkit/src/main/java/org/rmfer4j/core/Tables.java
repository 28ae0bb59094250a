package org.rmfer4j.core;

import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import tech.tablesaw.api.Table;

/** Tablesaw tables written out: as Markdown (reports, figure tables) and as CSV files (atomically). */
public final class Tables {
    private Tables() {}

    /** A Markdown table; doubles get 4 decimals and NaN shows as "–". */
    public static String markdown(Table t) {
        StringBuilder sb = new StringBuilder("|");
        for (String n : t.columnNames()) {
            sb.append(' ').append(n).append(" |");
        }
        sb.append("\n|").append("---|".repeat(t.columnCount())).append('\n');
        for (int i = 0; i < t.rowCount(); i++) {
            sb.append('|');
            for (int j = 0; j < t.columnCount(); j++) {
                Object v = t.column(j).get(i);
                String s = v instanceof Double d
                        ? (Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%.4f", d))
                        : String.valueOf(v);
                sb.append(' ').append(s).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Writes a table as UTF-8 CSV, atomically (temp file + rename). */
    public static Path writeCsv(Table t, Path file) {
        return AtomicFiles.write(file, out -> {
            OutputStreamWriter w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            t.write().csv(w);
            w.flush();
        });
    }
}
