package org.lnautopilot.routing;

import java.util.List;
import org.lnautopilot.NodeId;
import org.lnautopilot.ShortChannelId;

/**
 * A route a payment takes: its nodes from the sender to the receiver (both included), the channel
 * of each hop, the fees the sender pays on top of the amount, and the product of the hop success
 * probabilities that lnd's search assumed, the sender's own channel's included. Immutable.
 *
 * @param nodes       the nodes, sender first, receiver last (at least two)
 * @param channels    one channel per hop: {@code channels.get(i)} joins {@code nodes.get(i)} and
 *                    {@code nodes.get(i + 1)}
 * @param feeMsat     what the sender pays the forwarding nodes, msat
 * @param probability the route's a-priori success probability, in (0, 1]
 */
public record Route(List<NodeId> nodes, List<ShortChannelId> channels, long feeMsat, double probability) {
    /**
     * @throws IllegalArgumentException if the lists do not describe a route of at least one hop
     */
    public Route {
        nodes = List.copyOf(nodes);
        channels = List.copyOf(channels);
        if (nodes.size() < 2 || channels.size() != nodes.size() - 1) {
            throw new IllegalArgumentException("a route has n >= 2 nodes and n - 1 channels, got " + nodes.size()
                    + " and " + channels.size());
        }
    }

    /** The number of hops (channels). */
    public int hops() {
        return channels.size();
    }
}
