package org.lnautopilot;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;

/**
 * A vertex of the channel graph (the seed's {@code Node}). Implementations are views; whether one is
 * safe to share across threads is stated by the graph that hands it out.
 */
public interface Node {
    /** The node's identity key. */
    NodeId pubKey();

    /**
     * Addresses the node advertises, unresolved or IP literals (never looked up in DNS); empty when it
     * advertises none.
     */
    List<InetSocketAddress> addrs();

    /**
     * Calls {@code action} once for every channel of this node, parallel channels included. A
     * {@code RuntimeException} thrown by the action ends the walk and propagates unchanged.
     */
    void forEachChannel(Consumer<? super ChannelEdge> action);
}
