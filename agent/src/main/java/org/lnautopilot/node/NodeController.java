package org.lnautopilot.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import org.lnautopilot.NodeId;
import org.lnautopilot.OutPoint;

/**
 * Opens the agent's channels on a live node, remembering every open in a {@link StateStore} so that
 * no channel is ever opened twice and nothing autopilot did is lost, whatever the point at which the
 * process or the node dies.
 *
 * <h2>An open, step by step</h2>
 * <ol>
 * <li>The open is recorded as {@link AutopilotState.Status#SENT} and the state file is written
 * (atomically, forced to disk) before anything is sent.</li>
 * <li>{@code connect}, then {@code openChannel} on the node.</li>
 * <li>On success the open becomes {@link AutopilotState.Status#PENDING} with its funding outpoint.
 * When the node refused ({@link NodeException.Kind#REFUSED}) it becomes
 * {@link AutopilotState.Status#FAILED} and the peer is skipped for the back-off. When the answer is
 * unknown (a deadline passed, the connection dropped) it stays {@code SENT}: the node may have
 * opened it, and {@link #reconcile} decides from the node's own channels after a restart.</li>
 * </ol>
 * A crash before step 1 leaves nothing to remember and nothing sent; between 1 and 3 the open is
 * {@code SENT} and {@link #reconcile} finds the channel among the node's pending or open channels
 * (or marks it failed when the node has none); after 3 the state is final.
 *
 * <p>Closing and splicing are not autopilot's business here: those methods throw
 * {@link UnsupportedOperationException} ({@link OpenOnlyController}). Thread-safe: the agent calls {@link #openChannel} from
 * several threads; state changes are serialized, node calls are not.
 */
public final class NodeController extends OpenOnlyController {
    private final LightningNode node;
    private final StateStore store;
    private final LongSupplier nowMs;
    private final long backoffMs;
    private AutopilotState state;

    /**
     * @param node    the node
     * @param store   where the state is kept
     * @param initial the state to start from (as {@link #reconcile} left it)
     * @param nowMs   the clock, epoch milliseconds
     * @param backoff how long a peer whose open was refused is skipped
     */
    public NodeController(LightningNode node, StateStore store, AutopilotState initial, LongSupplier nowMs,
            Duration backoff) {
        this.node = Objects.requireNonNull(node, "node");
        this.store = Objects.requireNonNull(store, "store");
        this.state = Objects.requireNonNull(initial, "initial");
        this.nowMs = Objects.requireNonNull(nowMs, "nowMs");
        this.backoffMs = backoff.toMillis();
    }

    /** The state now. */
    public synchronized AutopilotState state() {
        return state;
    }

    /**
     * Peers autopilot must not pick now: never-reopen peers, peers whose open failed and whose
     * back-off has not run out, and peers with an open that is sent, pending or open.
     */
    public synchronized Set<NodeId> skipPeers() {
        final long now = nowMs.getAsLong();
        final Set<NodeId> s = new HashSet<>(state.noReopen());
        state.failedUntil().forEach((peer, until) -> {
            if (until > now) {
                s.add(peer);
            }
        });
        for (AutopilotState.Open o : state.opens()) {
            if (o.status() == AutopilotState.Status.SENT || o.status() == AutopilotState.Status.PENDING
                    || o.status() == AutopilotState.Status.OPEN) {
                s.add(o.peer());
            }
        }
        return s;
    }

    /**
     * Opens a channel as the class comment describes.
     *
     * @throws IllegalStateException if {@code target} must never be reopened or has an open already
     * @throws NodeException         when the node refused or did not answer (the state says which)
     * @throws IOException           when the state cannot be written: then nothing was sent
     */
    @Override
    public void openChannel(NodeId target, long amtSat, List<InetSocketAddress> addrs) throws Exception {
        final int index;
        synchronized (this) {
            if (state.noReopen().contains(target)) {
                throw new IllegalStateException("peer " + target + " is never reopened (excluded, or an autopilot "
                        + "channel to it was closed)");
            }
            for (AutopilotState.Open o : state.opens()) {
                if (o.peer().equals(target) && (o.status() == AutopilotState.Status.SENT
                        || o.status() == AutopilotState.Status.PENDING || o.status() == AutopilotState.Status.OPEN)) {
                    throw new IllegalStateException("peer " + target + " has an autopilot open already (" + o.status()
                            + ")");
                }
            }
            final AutopilotState next = state.withOpen(new AutopilotState.Open(target, amtSat, nowMs.getAsLong(),
                    AutopilotState.Status.SENT, null));
            store.save(next);
            state = next;
            index = next.opens().size() - 1;
        }
        final OutPoint point;
        try {
            node.connect(target, addrs);
            point = node.openChannel(target, amtSat);
        } catch (NodeException e) {
            if (e.kind() == NodeException.Kind.REFUSED) {
                update(index, AutopilotState.Status.FAILED, null, target);
            }
            throw e;
        }
        update(index, AutopilotState.Status.PENDING, point, null);
    }

    private synchronized void update(int index, AutopilotState.Status status, OutPoint point, NodeId failedPeer) {
        AutopilotState next = state.withOpenAt(index, state.opens().get(index).with(status, point));
        if (failedPeer != null) {
            next = next.withFailure(failedPeer, nowMs.getAsLong() + backoffMs);
        }
        try {
            store.save(next);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the outcome of an open to " + state.opens().get(index).peer()
                    + " in " + store.file() + "; the open itself " + (failedPeer == null ? "succeeded" : "failed"), e);
        }
        state = next;
    }

    /**
     * The node reports the channel funded by {@code point} open: an autopilot open that was
     * {@code PENDING} becomes {@code OPEN}. Other channels are not autopilot's and are ignored.
     *
     * @throws IOException when the state cannot be written (it is unchanged then)
     */
    public void channelOpened(OutPoint point) throws IOException {
        transition(point, AutopilotState.Status.PENDING, AutopilotState.Status.OPEN);
    }

    /**
     * The node reports the channel funded by {@code point} closed. Autopilot never closes channels, so
     * an autopilot channel closed was closed by someone else: it becomes {@code CLOSED} and its peer
     * is never picked again.
     *
     * @throws IOException when the state cannot be written (it is unchanged then)
     */
    public void channelClosed(OutPoint point) throws IOException {
        transition(point, null, AutopilotState.Status.CLOSED);
    }

    private synchronized void transition(OutPoint point, AutopilotState.Status from, AutopilotState.Status to)
            throws IOException {
        for (int i = 0; i < state.opens().size(); i++) {
            final AutopilotState.Open o = state.opens().get(i);
            if (point.equals(o.chanPoint()) && o.status() != to && (from == null ? o.status() != AutopilotState.Status.FAILED
                    : o.status() == from)) {
                AutopilotState next = state.withOpenAt(i, o.with(to, point));
                if (to == AutopilotState.Status.CLOSED) {
                    next = next.withNoReopen(o.peer());
                }
                store.save(next);
                state = next;
                return;
            }
        }
    }

    /**
     * Brings a stored state up to date with the node, after a start or a reconnect. O(opens x channels).
     * <ul>
     * <li>A {@code SENT} open whose answer was lost: the node's pending or open channel to that peer
     * (one not claimed by another open of the state) is it, and the open becomes {@code PENDING} or
     * {@code OPEN} with its outpoint; with no such channel the node never made it, and it becomes
     * {@code FAILED} with the back-off. Either way it is not sent again.</li>
     * <li>A {@code PENDING} open now among the open channels becomes {@code OPEN}.</li>
     * <li>A {@code PENDING} or {@code OPEN} open among the closed channels becomes {@code CLOSED}, and
     * its peer is never picked again.</li>
     * </ul>
     */
    public static AutopilotState reconcile(AutopilotState s, LightningNode node, long nowMs, Duration backoff)
            throws NodeException {
        return reconcile(s, node.pendingOpens(), node.openChannels(), node.closedChannels(), nowMs, backoff);
    }

    /**
     * As {@link #reconcile(AutopilotState, LightningNode, long, Duration)}, with the node's pending,
     * open and closed channels already read (a caller that needs them anyway reads them once).
     */
    public static AutopilotState reconcile(AutopilotState s, List<LightningNode.NodeChannel> pending,
            List<LightningNode.NodeChannel> open, List<OutPoint> closedChannels, long nowMs, Duration backoff) {
        final Set<OutPoint> closed = new HashSet<>(closedChannels);
        final Set<OutPoint> claimed = new HashSet<>();
        for (AutopilotState.Open o : s.opens()) {
            if (o.chanPoint() != null) {
                claimed.add(o.chanPoint());
            }
        }
        AutopilotState out = s;
        for (int i = 0; i < s.opens().size(); i++) {
            final AutopilotState.Open o = s.opens().get(i);
            switch (o.status()) {
                case SENT: {
                    LightningNode.NodeChannel found = unclaimed(pending, o.peer(), claimed);
                    AutopilotState.Status st = AutopilotState.Status.PENDING;
                    if (found == null) {
                        found = unclaimed(open, o.peer(), claimed);
                        st = AutopilotState.Status.OPEN;
                    }
                    if (found != null) {
                        claimed.add(found.chanPoint());
                        out = out.withOpenAt(i, o.with(st, found.chanPoint()));
                    } else {
                        out = out.withOpenAt(i, o.with(AutopilotState.Status.FAILED, null))
                                .withFailure(o.peer(), nowMs + backoff.toMillis());
                    }
                    break;
                }
                case PENDING:
                case OPEN:
                    if (closed.contains(o.chanPoint())) {
                        out = out.withOpenAt(i, o.with(AutopilotState.Status.CLOSED, o.chanPoint())).withNoReopen(o.peer());
                    } else if (o.status() == AutopilotState.Status.PENDING && contains(open, o.chanPoint())) {
                        out = out.withOpenAt(i, o.with(AutopilotState.Status.OPEN, o.chanPoint()));
                    }
                    break;
                default:
                    break;
            }
        }
        return out;
    }

    private static LightningNode.NodeChannel unclaimed(List<LightningNode.NodeChannel> chans, NodeId peer,
            Set<OutPoint> claimed) {
        for (LightningNode.NodeChannel c : chans) {
            if (c.peer().equals(peer) && !claimed.contains(c.chanPoint())) {
                return c;
            }
        }
        return null;
    }

    private static boolean contains(List<LightningNode.NodeChannel> chans, OutPoint p) {
        for (LightningNode.NodeChannel c : chans) {
            if (c.chanPoint().equals(p)) {
                return true;
            }
        }
        return false;
    }
}
