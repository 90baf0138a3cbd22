package org.lnautopilot.graph;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.lnautopilot.Channel;
import org.lnautopilot.ChannelEdge;
import org.lnautopilot.ChannelGraph;
import org.lnautopilot.Node;
import org.lnautopilot.NodeId;
import org.lnautopilot.ShortChannelId;

/**
 * A plain, obviously-correct map-of-lists {@link ChannelGraph}: the reference implementation that the
 * contract tests compare {@link CsrGraph} against, and a graph that is not a {@code CsrGraph} for
 * the heuristic's generic path.
 */
public final class MapGraph implements ChannelGraph {
    private final Map<NodeId, MapNode> nodes = new LinkedHashMap<>();

    /** Adds a node (or returns the existing one). */
    public MapNode node(NodeId id, List<InetSocketAddress> addrs) {
        MapNode n = nodes.computeIfAbsent(id, MapNode::new);
        n.addrs.addAll(addrs);
        return n;
    }

    /** Adds a channel between two nodes, creating them without addresses when new. */
    public void channel(ShortChannelId id, NodeId a, NodeId b, long cap) {
        MapNode na = node(a, List.of());
        MapNode nb = node(b, List.of());
        na.edges.add(new ChannelEdge(new Channel(id, cap, 0, b), nb));
        nb.edges.add(new ChannelEdge(new Channel(id, cap, 0, a), na));
    }

    /** A copy of any {@link CsrGraph}, built from its object view. */
    public static MapGraph copyOf(CsrGraph g) {
        MapGraph m = new MapGraph();
        for (int i = 0; i < g.nodeCount(); i++) {
            m.node(g.nodeId(i), g.addresses(i));
        }
        for (int c = 0; c < g.channelCount(); c++) {
            m.channel(new ShortChannelId(g.channelId(c)), g.nodeId(g.endpoint(c, 0)), g.nodeId(g.endpoint(c, 1)),
                    g.capacitySat(c));
        }
        return m;
    }

    @Override
    public void forEachNode(Consumer<? super Node> action) {
        for (MapNode n : nodes.values()) {
            action.accept(n);
        }
    }

    /** A node of a {@link MapGraph}. */
    public static final class MapNode implements Node {
        private final NodeId id;
        private final List<InetSocketAddress> addrs = new ArrayList<>();
        private final List<ChannelEdge> edges = new ArrayList<>();

        MapNode(NodeId id) {
            this.id = id;
        }

        @Override
        public NodeId pubKey() {
            return id;
        }

        @Override
        public List<InetSocketAddress> addrs() {
            return List.copyOf(addrs);
        }

        @Override
        public void forEachChannel(Consumer<? super ChannelEdge> action) {
            for (ChannelEdge e : edges) {
                action.accept(e);
            }
        }
    }
}
