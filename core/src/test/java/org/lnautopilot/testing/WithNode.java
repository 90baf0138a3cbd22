package org.lnautopilot.testing;

import org.lnautopilot.NodeId;
import org.lnautopilot.graph.Betweenness;
import org.lnautopilot.graph.CsrGraph;

/** Reference for a new node's betweenness: the graph rebuilt from scratch with the node and its channels. */
public final class WithNode {
    private WithNode() {
    }

    /** {@code g} plus node {@code x} with one channel to each of {@code peers}, rebuilt. O(n + e). */
    public static CsrGraph rebuild(CsrGraph g, NodeId x, int[] peers) {
        CsrGraph.Builder b = CsrGraph.builder().addresslessEligible(g.addresslessEligible());
        byte[] key = new byte[33];
        for (int i = 0; i < g.nodeCount(); i++) {
            g.copyKey(i, key, 0);
            int idx = b.node(key, 0);
            b.declare(idx);
            for (java.net.InetSocketAddress a : g.addresses(i)) {
                b.addAddress(idx, a);
            }
        }
        for (int c = 0; c < g.channelCount(); c++) {
            b.addChannel(g.channelId(c), g.endpoint(c, 0), g.endpoint(c, 1), g.capacitySat(c));
        }
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
