package org.lnautopilot.agent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lnautopilot.Channel;
import org.lnautopilot.NodeId;

/**
 * A consistent snapshot of an {@link Agent}'s state, taken at one instant. Immutable.
 *
 * @param running         whether the agent is started and not stopped
 * @param totalBalanceSat the wallet balance the agent believes
 * @param channels        open channels
 * @param pendingOpens    opens dispatched and not yet confirmed by {@link Agent#onChannelOpen}
 * @param failedNodes     peers whose open failed and that are still skipped
 * @param failedUntil     for each failed peer, when its back-off ends ({@link Instant#MAX}: never)
 */
public record AgentStatus(boolean running, long totalBalanceSat, List<Channel> channels, List<Channel> pendingOpens,
        Set<NodeId> failedNodes, Map<NodeId, Instant> failedUntil) {
    /** Copies every collection. */
    public AgentStatus {
        channels = List.copyOf(channels);
        pendingOpens = List.copyOf(pendingOpens);
        failedNodes = Set.copyOf(failedNodes);
        failedUntil = Map.copyOf(failedUntil);
    }

    /** The five fields API.md names; failed peers are skipped for the agent's life. */
    public AgentStatus(boolean running, long totalBalanceSat, List<Channel> channels, List<Channel> pendingOpens,
            Set<NodeId> failedNodes) {
        this(running, totalBalanceSat, channels, pendingOpens, failedNodes, forever(failedNodes));
    }

    private static Map<NodeId, Instant> forever(Set<NodeId> nodes) {
        Map<NodeId, Instant> m = new java.util.HashMap<>();
        for (NodeId n : nodes) {
            m.put(n, Instant.MAX);
        }
        return m;
    }
}
