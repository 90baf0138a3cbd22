package org.lnautopilot;

import java.util.Objects;

/**
 * A channel as the heuristics see it (the seed's {@code Channel}). Immutable, thread-safe.
 *
 * @param chanId       BOLT 7 id; {@link ShortChannelId#NONE} for a channel not yet confirmed
 * @param capacitySat  capacity in satoshis, non-negative
 * @param fundedAmtSat what the local node funded, non-negative
 * @param node         the peer at the other end
 */
public record Channel(ShortChannelId chanId, long capacitySat, long fundedAmtSat, NodeId node) {
    /**
     * @throws NullPointerException     if {@code chanId} or {@code node} is null
     * @throws IllegalArgumentException if an amount is negative
     */
    public Channel {
        Objects.requireNonNull(chanId, "chanId");
        Objects.requireNonNull(node, "node");
        if (capacitySat < 0) {
            throw new IllegalArgumentException("capacitySat must be non-negative, got " + capacitySat);
        }
        if (fundedAmtSat < 0) {
            throw new IllegalArgumentException("fundedAmtSat must be non-negative, got " + fundedAmtSat);
        }
    }
}
