package org.lnautopilot.node.lnd;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.lightningj.lnd.proto.LightningApi;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.Addresses;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.io.GraphAssembler;
import org.lnautopilot.io.GraphFormatException;
import org.lnautopilot.io.GraphReaders;

/**
 * Builds a {@link CsrGraph} straight from lnd's {@code DescribeGraph} reply, through the same
 * {@link GraphAssembler} as the JSON dump reader, so a graph read over gRPC and one read from
 * {@code lncli describegraph} agree node for node, policy for policy, and reject the same faults. O(n + e); one
 * 33-byte scratch pair, no per-edge objects beyond the messages themselves. Thread-safe (stateless).
 */
final class LndGraph {
    private LndGraph() {
    }

    /**
     * @param source names the node in error messages
     * @throws GraphFormatException for a bad key, an unparseable address, a duplicate node or channel,
     *                              a self channel, a channel to an unlisted node or a bad capacity
     */
    static CsrGraph build(LightningApi.ChannelGraph reply, String source, boolean keepAddressless)
            throws GraphFormatException {
        final GraphAssembler asm = new GraphAssembler(source);
        final byte[] k1 = new byte[NodeId.LENGTH];
        final byte[] k2 = new byte[NodeId.LENGTH];
        final List<InetSocketAddress> addrs = new ArrayList<>();
        final int n = reply.getNodesCount();
        for (int i = 0; i < n; i++) {
            final LightningApi.LightningNode node = reply.getNodes(i);
            final String where = "nodes[" + i + "]";
            key(node.getPubKey(), k1, "pub_key", source, where);
            addrs.clear();
            for (int a = 0, m = node.getAddressesCount(); a < m; a++) {
                final String text = node.getAddresses(a).getAddr();
                if (!text.isEmpty()) {
                    try {
                        addrs.add(Addresses.parse(text));
                    } catch (IllegalArgumentException e) {
                        throw new GraphFormatException(source + ": " + e.getMessage() + " at " + where, e);
                    }
                }
            }
            asm.node(k1, addrs, where);
        }
        final int e = reply.getEdgesCount();
        for (int i = 0; i < e; i++) {
            final LightningApi.ChannelEdge edge = reply.getEdges(i);
            final String where = "edges[" + i + "]";
            key(edge.getNode1Pub(), k1, "node1_pub", source, where);
            key(edge.getNode2Pub(), k2, "node2_pub", source, where);
            final int c = asm.edge(edge.getChannelId(), k1, k2, edge.getCapacity(), where);
            if (edge.hasNode1Policy()) {
                policy(asm, c, 0, edge.getNode1Policy(), "node1_policy", where);
            }
            if (edge.hasNode2Policy()) {
                policy(asm, c, 1, edge.getNode2Policy(), "node2_policy", where);
            }
        }
        return asm.finish(new GraphReaders.Options(keepAddressless, false));
    }

    /**
     * One direction's policy, as the JSON reader takes it: {@code max_htlc_msat} 0 (lnd's value for
     * an update without one) means the capacity; unsigned fields that read negative are errors.
     */
    private static void policy(GraphAssembler asm, int c, int side, LightningApi.RoutingPolicy p, String field,
            String where) throws GraphFormatException {
        final long max = p.getMaxHtlcMsat();
        asm.policy(c, side, p.getFeeBaseMsat(), p.getFeeRateMilliMsat(), Integer.toUnsignedLong(p.getTimeLockDelta()),
                p.getMinHtlc(), max == 0 ? -1 : max, p.getDisabled(), field, where);
    }

    private static void key(String hex, byte[] out, String field, String source, String where)
            throws GraphFormatException {
        try {
            GraphAssembler.decodeKey(hex, out, field);
        } catch (IllegalArgumentException e) {
            throw new GraphFormatException(source + ": " + e.getMessage() + " at " + where, e);
        }
    }
}
