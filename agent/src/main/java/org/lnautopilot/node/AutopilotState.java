package org.lnautopilot.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.lnautopilot.NodeId;
import org.lnautopilot.OutPoint;

/**
 * What autopilot did on a node and must remember across restarts: the opens it sent (with their
 * outcome), peers whose open failed with the time until which they are skipped, and peers never to
 * open to again (an autopilot channel to them was closed by someone else, or the user excluded
 * them). Immutable; the {@code with...} methods return changed copies. Thread-safe.
 *
 * @param opens       every open autopilot sent or was about to send, oldest first
 * @param failedUntil peers whose open failed, and the epoch millisecond until which they are skipped
 * @param noReopen    peers never to be picked again
 * @param node        the node this state belongs to, null until a run has seen the node
 * @param network     that node's network ({@code mainnet}, {@code testnet}, ...), null with {@code node}
 */
public record AutopilotState(List<Open> opens, Map<NodeId, Long> failedUntil, Set<NodeId> noReopen, NodeId node,
        String network) {
    /** The format version written by this code. */
    public static final int VERSION = 1;

    /** Nothing done yet. */
    public static final AutopilotState EMPTY = new AutopilotState(List.of(), Map.of(), Set.of());

    /** A state not yet tied to a node. */
    public AutopilotState(List<Open> opens, Map<NodeId, Long> failedUntil, Set<NodeId> noReopen) {
        this(opens, failedUntil, noReopen, null, null);
    }

    /** Where an open stands. */
    public enum Status {
        /** Recorded before the request went to the node: the node may or may not have it. */
        SENT,
        /** The node accepted it; the funding transaction is not confirmed yet. */
        PENDING,
        /** Confirmed and open. */
        OPEN,
        /** The node refused it, or it never appeared after a restart. */
        FAILED,
        /** It was open and is closed now. */
        CLOSED
    }

    /**
     * One open.
     *
     * @param peer      the channel's peer
     * @param amountSat the channel amount asked for
     * @param sentAtMs  when it was recorded, epoch milliseconds
     * @param status    where it stands
     * @param chanPoint the funding outpoint once the node told it, else null
     */
    public record Open(NodeId peer, long amountSat, long sentAtMs, Status status, OutPoint chanPoint) {
        /** @throws IllegalArgumentException for a non-positive amount */
        public Open {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(status, "status");
            if (amountSat <= 0) {
                throw new IllegalArgumentException("amountSat must be positive, got " + amountSat);
            }
        }

        /** This open with another status and outpoint. */
        public Open with(Status s, OutPoint point) {
            return new Open(peer, amountSat, sentAtMs, s, point);
        }
    }

    /** Copies the collections; none may hold nulls. */
    public AutopilotState {
        opens = List.copyOf(opens);
        failedUntil = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failedUntil));
        noReopen = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(noReopen));
        if ((node == null) != (network == null)) {
            throw new IllegalArgumentException("node and network are given together or not at all");
        }
    }

    /** This state tied to {@code node} on {@code network}. */
    public AutopilotState withOwner(NodeId node, String network) {
        return new AutopilotState(opens, failedUntil, noReopen, Objects.requireNonNull(node, "node"),
                Objects.requireNonNull(network, "network"));
    }

    /** This state with {@code o} added. */
    public AutopilotState withOpen(Open o) {
        List<Open> l = new ArrayList<>(opens);
        l.add(o);
        return new AutopilotState(l, failedUntil, noReopen, node, network);
    }

    /** This state with the open at {@code index} replaced. */
    public AutopilotState withOpenAt(int index, Open o) {
        List<Open> l = new ArrayList<>(opens);
        l.set(index, o);
        return new AutopilotState(l, failedUntil, noReopen, node, network);
    }

    /** This state with {@code peer} skipped until {@code untilMs}. */
    public AutopilotState withFailure(NodeId peer, long untilMs) {
        Map<NodeId, Long> m = new LinkedHashMap<>(failedUntil);
        m.put(peer, untilMs);
        return new AutopilotState(opens, m, noReopen, node, network);
    }

    /** This state with {@code peer} never to be picked again. */
    public AutopilotState withNoReopen(NodeId peer) {
        Set<NodeId> s = new LinkedHashSet<>(noReopen);
        s.add(peer);
        return new AutopilotState(opens, failedUntil, s, node, network);
    }

    /** The opens in status {@link Status#SENT}: sent, answer unknown. */
    public List<Open> unanswered() {
        List<Open> l = new ArrayList<>();
        for (Open o : opens) {
            if (o.status() == Status.SENT) {
                l.add(o);
            }
        }
        return l;
    }
}
