package org.lnautopilot;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * One channel a heuristic recommends opening (the seed's {@code AttachmentDirective}). Immutable.
 *
 * @param peerKey   the node to open the channel to
 * @param chanAmtSat the channel size in satoshis, positive
 * @param addrs     where the peer may be reached (copied, unmodifiable)
 */
public record AttachmentDirective(NodeId peerKey, long chanAmtSat, List<InetSocketAddress> addrs) {
    /**
     * @throws NullPointerException     if a component is null
     * @throws IllegalArgumentException if the amount is not positive
     */
    public AttachmentDirective {
        Objects.requireNonNull(peerKey, "peerKey");
        addrs = List.copyOf(addrs);
        if (chanAmtSat <= 0) {
            throw new IllegalArgumentException("chanAmtSat must be positive, got " + chanAmtSat);
        }
    }
}
