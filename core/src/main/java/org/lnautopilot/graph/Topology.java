package org.lnautopilot.graph;



/**
 * Who is joined to whom, node by node, for the O(n + e) passes of betweenness (components, folding)
 * over a {@link CsrGraph} or a {@link GraphOverlay} alike. Parallel channels appear once each.
 * Views are as thread-safe as the graph behind them (immutable graphs: safe to share).
 */
public interface Topology {
    /** The number of nodes. O(1). */
    int nodeCount();

    /** The number of channels of node {@code v}. O(1) on a graph, O(log k) on an overlay. */
    int degree(int v);

    /** The {@code j}-th neighbour of {@code v}, {@code 0 <= j < degree(v)}. */
    int neighbour(int v, int j);

    /** The view of a graph. O(1). */
    static Topology of(CsrGraph g) {
        return new Topology() {
            @Override
            public int nodeCount() {
                return g.nodeCount();
            }

            @Override
            public int degree(int v) {
                return g.degree(v);
            }

            @Override
            public int neighbour(int v, int j) {
                return g.neighbour(g.slotStart(v) + j);
            }
        };
    }

    /** The view of a graph with one new node. O(1). */
    static Topology of(GraphOverlay o) {
        return new Topology() {
            @Override
            public int nodeCount() {
                return o.nodeCount();
            }

            @Override
            public int degree(int v) {
                return o.degree(v);
            }

            @Override
            public int neighbour(int v, int j) {
                return o.neighbour(v, j);
            }
        };
    }
}
