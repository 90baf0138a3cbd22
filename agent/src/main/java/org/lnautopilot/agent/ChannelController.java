package org.lnautopilot.agent;

import java.net.InetSocketAddress;
import java.util.List;
import org.lnautopilot.Channel;
import org.lnautopilot.NodeId;
import org.lnautopilot.OutPoint;

/**
 * Opens, closes and resizes channels on the backing node (the seed's {@code ChannelController}).
 * The agent calls {@link #openChannel} from a bounded pool of its own threads, at most
 * {@code maxPendingOpens} at once, so implementations must be safe for that much concurrency.
 */
public interface ChannelController {
    /**
     * Opens a channel of {@code amtSat} to {@code target}, returning once the funding transaction is
     * broadcast. Throwing (anything) marks the open failed; the agent then skips {@code target}.
     */
    void openChannel(NodeId target, long amtSat, List<InetSocketAddress> addrs) throws Exception;

    /** Closes the channel funded by {@code chanPoint}. */
    void closeChannel(OutPoint chanPoint) throws Exception;

    /** Adds {@code amtSat} to a channel; returns the channel with its new capacity. */
    Channel spliceIn(OutPoint chanPoint, long amtSat) throws Exception;

    /** Moves {@code amtSat} out of a channel back to the wallet; returns the channel with its new capacity. */
    Channel spliceOut(OutPoint chanPoint, long amtSat) throws Exception;
}
