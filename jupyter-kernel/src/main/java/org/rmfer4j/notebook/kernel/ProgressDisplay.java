package org.rmfer4j.notebook.kernel;

import java.util.function.Consumer;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * A progress sink that shows the newest line in one output area, updated in place (display once, then
 * update_display_data), instead of a scrolling wall of lines.
 */
final class ProgressDisplay implements Consumer<String> {
    private String id;

    ProgressDisplay(String label) {
        // the display is created on the first line, inside the cell that runs the work
    }

    @Override
    public synchronized void accept(String line) {
        DisplayData d = new DisplayData(line);
        d.putHTML("<pre style=\"margin:0\">" + escape(line) + "</pre>");
        BaseKernel kernel = BaseKernel.notebookKernel();
        if (kernel == null) {
            System.out.println(line);
            return;
        }
        if (id == null) {
            id = java.util.UUID.randomUUID().toString();
            d.setDisplayId(id);
            kernel.display(d);
        } else {
            kernel.getIO().display.updateDisplay(id, d);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
