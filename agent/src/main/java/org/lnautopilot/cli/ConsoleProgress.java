package org.lnautopilot.cli;

import java.io.PrintWriter;
import org.lnautopilot.graph.Progress;

/**
 * A progress bar on stderr: redrawn in place on a terminal, a line per tenth otherwise (so logs of
 * CI runs stay short). Used from one thread.
 */
final class ConsoleProgress implements Progress {
    private final PrintWriter err;
    private final String label;
    private final boolean terminal = System.console() != null;
    private int lastShown = -1;

    ConsoleProgress(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
    }

    @Override
    public void update(long done, long total) {
        int pct = total <= 0 ? 100 : (int) (100 * done / total);
        int shown = terminal ? pct : pct / 10 * 10;
        if (shown == lastShown) {
            return;
        }
        lastShown = shown;
        int bars = pct / 4;
        String bar = "#".repeat(bars) + " ".repeat(25 - bars);
        if (terminal) {
            err.print("\r" + label + " [" + bar + "] " + pct + "%");
            if (pct >= 100) {
                err.println();
            }
        } else {
            err.println(label + " [" + bar + "] " + pct + "%");
        }
        err.flush();
    }
}
