package org.lnautopilot;

import java.util.Objects;

/**
 * A channel seen from one end, with a view of the node at the other end (the seed's
 * {@code ChannelEdge}). Immutable.
 *
 * @param channel the channel; its {@code node} is the peer's id
 * @param peer    the node at the other end
 */
public record ChannelEdge(Channel channel, Node peer) {
    /** @throws NullPointerException if a component is null */
    public ChannelEdge {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(peer, "peer");
    }
}
