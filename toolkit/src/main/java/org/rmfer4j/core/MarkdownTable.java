package org.rmfer4j.core;

import java.util.Locale;

import tech.tablesaw.api.Table;

/** A Tablesaw table as a Markdown table: reports, figure tables, READMEs. Doubles get 4 decimals; NaN shows as "–". */
public final class MarkdownTable {
    private MarkdownTable() {
    }

    public static String of(Table t) {
        StringBuilder sb = new StringBuilder("|");
        for (String n : t.columnNames()) {
            sb.append(' ').append(n).append(" |");
        }
        sb.append("\n|").append("---|".repeat(t.columnCount())).append('\n');
        for (int i = 0; i < t.rowCount(); i++) {
            sb.append('|');
            for (int j = 0; j < t.columnCount(); j++) {
                Object v = t.column(j).get(i);
                String s = v instanceof Double d ? (Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%.4f", d)) : String.valueOf(v);
                sb.append(' ').append(s).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
