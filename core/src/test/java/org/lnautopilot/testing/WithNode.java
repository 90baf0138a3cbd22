package org.lnautopilot.testing;

import org.lnautopilot.NodeId;
import org.lnautopilot.centrality.Betweenness;
import org.lnautopilot.graph.CsrGraph;

/** Reference for a new node's betweenness: the graph rebuilt from scratch with the node and its channels. */
public final class WithNode {
    private WithNode() {
    }

    /** {@code g} plus node {@code x} with one channel to each of {@code peers}, rebuilt. O(n + e). */
    public static CsrGraph rebuild(CsrGraph g, NodeId x, int[] peers) {
        CsrGraph.Builder b = CsrGraph.builderFrom(g);
        int xi = b.node(x);
        long id = Long.MAX_VALUE - 1000;
        for (int p : peers) {
            b.addChannel(id--, xi, p, 1_000_000);
        }
        return b.build();
    }

    /** Exact betweenness of {@code x} in {@code g} with channels to {@code peers} added. */
    public static double betweenness(CsrGraph g, NodeId x, int[] peers) {
        CsrGraph h = rebuild(g, x, peers);
        return Betweenness.exact(h, 2)[h.indexOf(x)];
    }
}
