package org.lnautopilot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.growth.BarabasiAlbert;
import org.lnautopilot.io.GraphReaders;

/** A graph from a dump file (format detected, gzip or not) or the embedded default. */
final class GraphSource {
    /** Nodes of the embedded default graph. */
    static final int DEFAULT_NODES = 1_000_000;
    /** Channels per newcomer of the embedded default graph. */
    static final int DEFAULT_M = 5;
    /** Seed of the embedded default graph. */
    static final long DEFAULT_SEED = 20180301L;

    final CsrGraph graph;
    final String description;
    final long millis;

    private GraphSource(CsrGraph graph, String description, long millis) {
        this.graph = graph;
        this.description = description;
        this.millis = millis;
    }

    static GraphSource load(Path file, boolean includeAddressless, PrintWriter err) throws IOException {
        long t0 = System.nanoTime();
        CsrGraph g;
        String what;
        if (file == null) {
            g = BarabasiAlbert.generate(DEFAULT_NODES, DEFAULT_M, DEFAULT_SEED,
                    new ConsoleProgress(err, "building the embedded default graph"));
            what = "embedded default: Barabasi-Albert, m = " + DEFAULT_M + ", seed " + DEFAULT_SEED;
        } else {
            g = GraphReaders.read(file, new GraphReaders.Options(includeAddressless, false));
            what = file.toString();
        }
        return new GraphSource(g, what, (System.nanoTime() - t0) / 1_000_000);
    }
}
