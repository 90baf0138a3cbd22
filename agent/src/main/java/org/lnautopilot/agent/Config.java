package org.lnautopilot.agent;

import java.util.Objects;
import org.lnautopilot.AttachmentHeuristic;
import org.lnautopilot.ChannelGraph;
import org.lnautopilot.NodeId;

/**
 * Everything an {@link Agent} needs (the seed's {@code Config}); every field is required.
 *
 * @param self            the driven node's key: never a channel target
 * @param heuristic       decides whether and where to open channels
 * @param chanController  carries the decisions out
 * @param walletBalance   reads the wallet's balance
 * @param graph           the channel graph the heuristic picks from
 * @param maxPendingOpens most channel opens in flight at once, 0 to 65,535 (the seed's uint16); 0
 *                        opens nothing
 */
public record Config(NodeId self, AttachmentHeuristic heuristic, ChannelController chanController,
        WalletBalance walletBalance, ChannelGraph graph, int maxPendingOpens) {
    /**
     * @throws NullPointerException     naming the missing field
     * @throws IllegalArgumentException if {@code maxPendingOpens} is out of range
     */
    public Config {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(heuristic, "heuristic");
        Objects.requireNonNull(chanController, "chanController");
        Objects.requireNonNull(walletBalance, "walletBalance");
        Objects.requireNonNull(graph, "graph");
        if (maxPendingOpens < 0 || maxPendingOpens > 65_535) {
            throw new IllegalArgumentException("maxPendingOpens must be in [0, 65535], got " + maxPendingOpens);
        }
    }
}
