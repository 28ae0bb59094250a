package org.rmfer4j.notebook.kernel;

import java.awt.image.BufferedImage;
import java.util.Locale;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.common.Image;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.rmfer4j.eval.ConfusionMatrix;
import org.rmfer4j.eval.EvalResult;
import tech.tablesaw.api.Table;

/** How the toolkit's objects look in a notebook: charts and images inline, tables as HTML. */
final class Renderers {
    /** Rows of a table shown inline at most (the text form says how many were left out). */
    static final int MAX_ROWS = 50;

    private Renderers() {}

    static void register(Renderer r) {
        Image.registerAll(r);
        r.createRegistration(Chart.class)
                .preferring(MIMEType.IMAGE_PNG)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((chart, ctx) -> {
                    BufferedImage img = BitmapEncoder.getBufferedImage(chart);
                    Image.renderImage(img, ctx);
                    ctx.renderIfRequested(
                            MIMEType.TEXT_PLAIN, () -> chart.getClass().getSimpleName() + ": " + chart.getTitle());
                });
        r.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((t, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> html(t));
                    ctx.renderIfRequested(
                            MIMEType.TEXT_PLAIN,
                            () -> t.rowCount() > MAX_ROWS ? t.first(MAX_ROWS).print() : t.print());
                });
        r.createRegistration(ConfusionMatrix.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((m, ctx) -> {
                    ctx.renderIfRequested(
                            MIMEType.TEXT_HTML,
                            () -> html(m.table())
                                    + String.format(
                                            Locale.ROOT,
                                            "<p>accuracy %.2f%%, class-average accuracy %.2f%%</p>",
                                            100 * m.overallAccuracy(),
                                            100 * m.classAverageAccuracy()));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, m::toString);
                });
        r.createRegistration(EvalResult.class)
                .preferring(MIMEType.TEXT_PLAIN)
                .register((e, ctx) -> ctx.renderIfRequested(MIMEType.TEXT_PLAIN, e::summary));
    }

    /** A Tablesaw table as an HTML table (first {@link #MAX_ROWS} rows), values escaped. */
    static String html(Table t) {
        StringBuilder sb =
                new StringBuilder("<table><caption>").append(escape(t.name())).append("</caption><thead><tr>");
        for (String c : t.columnNames()) {
            sb.append("<th>").append(escape(c)).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        int rows = Math.min(MAX_ROWS, t.rowCount());
        for (int i = 0; i < rows; i++) {
            sb.append("<tr>");
            for (int j = 0; j < t.columnCount(); j++) {
                sb.append("<td>").append(escape(t.getString(i, j))).append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</tbody></table>");
        if (t.rowCount() > rows) {
            sb.append("<p>").append(t.rowCount() - rows).append(" more rows</p>");
        }
        return sb.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
