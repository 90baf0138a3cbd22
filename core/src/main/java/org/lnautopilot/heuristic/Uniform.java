package org.lnautopilot.heuristic;

import java.util.Arrays;
import org.lnautopilot.graph.CsrGraph;

/**
 * Every node scores 1: the random baseline of the literature (a peer drawn uniformly among the
 * eligible nodes). O(n) per call; stateless and thread-safe.
 */
public final class Uniform implements NodeScorer {
    @Override
    public String name() {
        return "uniform";
    }

    @Override
    public double[] scores(CsrGraph graph) {
        double[] s = new double[graph.nodeCount()];
        Arrays.fill(s, 1.0);
        return s;
    }

    @Override
    public String toString() {
        return name();
    }
}
