package org.lnautopilot.node;

import java.net.InetSocketAddress;
import java.util.List;
import org.lnautopilot.NodeId;
import org.lnautopilot.OutPoint;
import org.lnautopilot.graph.CsrGraph;

/**
 * What a live node offers the autopilot, whatever its implementation (lnd over gRPC, Core Lightning
 * over JSON-RPC). Every call has a deadline: an implementation never blocks longer than its
 * configured timeout and then throws {@link NodeException} of kind {@link NodeException.Kind#UNKNOWN}.
 * Implementations are thread-safe.
 */
public interface LightningNode extends AutoCloseable {
    /** The node's identity and state. */
    record Info(NodeId id, String alias, String network, boolean syncedToChain, int blockHeight) {
    }

    /**
     * A channel of the node, open or pending.
     *
     * @param peer        the other end
     * @param capacitySat its capacity
     * @param chanPoint   its funding outpoint
     */
    record NodeChannel(NodeId peer, long capacitySat, OutPoint chanPoint) {
    }

    /** Identity, network and chain sync. */
    Info info() throws NodeException;

    /** Confirmed on-chain balance, satoshis. */
    long confirmedBalanceSat() throws NodeException;

    /** Open channels. */
    List<NodeChannel> openChannels() throws NodeException;

    /** Channels whose funding transaction is not confirmed yet. */
    List<NodeChannel> pendingOpens() throws NodeException;

    /** Funding outpoints of channels that were open and are closed now (or closing). */
    List<OutPoint> closedChannels() throws NodeException;

    /** The channel graph as the node sees it. */
    CsrGraph graph() throws NodeException;

    /** Connects to {@code peer}; being connected already is not an error. */
    void connect(NodeId peer, List<InetSocketAddress> addrs) throws NodeException;

    /** Opens a channel of {@code amountSat} to a connected {@code peer}; returns its funding outpoint. */
    OutPoint openChannel(NodeId peer, long amountSat) throws NodeException;

    /** Releases the connection. */
    @Override
    void close();
}
