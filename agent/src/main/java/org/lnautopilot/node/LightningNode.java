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

    /**
     * What the node reports as it happens. Called on the node adapter's threads, in order for one
     * subscription; implementations must return quickly and never block.
     */
    interface Events {
        /** A channel became open (its funding transaction confirmed), whoever opened it. */
        void channelOpened(NodeChannel channel, long shortChannelId);

        /** A channel was closed (cooperatively, by force, or its funding was abandoned). */
        void channelClosed(OutPoint chanPoint, long shortChannelId);

        /** The public channel graph changed (a node or channel announced, updated or closed). */
        void graphChanged();

        /**
         * The subscription ended: the node went away or answered garbage. No further call follows
         * for this subscription.
         */
        void disconnected(NodeException cause);
    }

    /**
     * Starts delivering {@link Events} until the returned handle is closed or the node goes away.
     * Streams have no deadline; their liveness is checked by transport keep-alives, so a node that
     * vanishes is reported through {@link Events#disconnected} within about a minute.
     */
    AutoCloseable subscribe(Events listener) throws NodeException;

    /** Releases the connection. */
    @Override
    void close();
}
