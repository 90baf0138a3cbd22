package org.lnautopilot.heuristic;

import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.sample.IndexWeights;

/**
 * Preferential-attachment weights of a {@link CsrGraph}'s nodes: {@code (deg + 1)^alpha} for a node
 * that may be dialled, 0 for one that may not. Computed on demand from the graph's offsets; O(1)
 * each. Immutable.
 */
final class DegreeWeights implements IndexWeights {
    private final CsrGraph graph;
    private final double alpha;

    DegreeWeights(CsrGraph graph, double alpha) {
        this.graph = graph;
        this.alpha = alpha;
    }

    @Override
    public double weight(int i) {
        return graph.isDialable(i) ? ConstrainedPrefAttachment.weight(graph.degree(i), alpha) : 0.0;
    }
}
