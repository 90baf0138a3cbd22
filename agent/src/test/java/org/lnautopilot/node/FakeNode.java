package org.lnautopilot.node;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.lnautopilot.NodeId;
import org.lnautopilot.OutPoint;
import org.lnautopilot.graph.CsrGraph;

/**
 * An in-memory node for the node-neutral layer: it keeps channels like a node does, records every
 * call, and fails on demand at a chosen point of an open (the crash points of the tests).
 */
final class FakeNode implements LightningNode {
    /** Where the next open fails. */
    enum Fault {
        NONE,
        /** connect throws a RuntimeException: the process dies before anything reached the node. */
        CRASH_BEFORE_CONNECT,
        /** openChannel throws a RuntimeException before the node does anything. */
        CRASH_BEFORE_OPEN,
        /** The node opens the channel, then the reply is lost (UNKNOWN). */
        LOSE_REPLY,
        /** The node opens the channel, then the process dies before it sees the reply. */
        CRASH_AFTER_OPEN,
        /** The node refuses. */
        REFUSE
    }

    final List<String> calls = new ArrayList<>();
    final List<NodeChannel> pending = new ArrayList<>();
    final List<NodeChannel> open = new ArrayList<>();
    final List<OutPoint> closed = new ArrayList<>();
    Fault fault = Fault.NONE;
    /** Runs at the start of every openChannel, before the node does anything. */
    Runnable onOpen = () -> { };
    private int next = 1;

    @Override
    public synchronized Info info() {
        calls.add("info");
        return new Info(NodeId.of(org.lnautopilot.testing.TestKeys.key(999).toByteArray()), "fake", "mainnet", true, 700_000);
    }

    @Override
    public synchronized long confirmedBalanceSat() {
        calls.add("balance");
        return 100_000_000;
    }

    @Override
    public synchronized List<NodeChannel> openChannels() {
        calls.add("openChannels");
        return List.copyOf(open);
    }

    @Override
    public synchronized List<NodeChannel> pendingOpens() {
        calls.add("pendingOpens");
        return List.copyOf(pending);
    }

    @Override
    public synchronized List<OutPoint> closedChannels() {
        calls.add("closedChannels");
        return List.copyOf(closed);
    }

    @Override
    public CsrGraph graph() {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized void connect(NodeId peer, List<InetSocketAddress> addrs) {
        calls.add("connect " + peer.toHex().substring(0, 8));
        if (fault == Fault.CRASH_BEFORE_CONNECT) {
            throw new IllegalStateException("crash");
        }
    }

    @Override
    public synchronized OutPoint openChannel(NodeId peer, long amountSat) throws NodeException {
        calls.add("open " + peer.toHex().substring(0, 8) + " " + amountSat);
        onOpen.run();
        switch (fault) {
            case CRASH_BEFORE_OPEN:
                throw new IllegalStateException("crash");
            case REFUSE:
                throw new NodeException(NodeException.Kind.REFUSED, "not enough funds");
            default:
                break;
        }
        final byte[] txid = new byte[32];
        txid[0] = (byte) next;
        final OutPoint p = new OutPoint(txid, next++);
        pending.add(new NodeChannel(peer, amountSat, p));
        if (fault == Fault.LOSE_REPLY) {
            throw new NodeException(NodeException.Kind.UNKNOWN, "deadline exceeded after 30 s");
        }
        if (fault == Fault.CRASH_AFTER_OPEN) {
            throw new IllegalStateException("crash");
        }
        return p;
    }

    /** Confirms every pending channel. */
    synchronized void confirmAll() {
        open.addAll(pending);
        pending.clear();
    }

    /** Someone else closes the channel funded by {@code p}. */
    synchronized void closeByOthers(OutPoint p) {
        open.removeIf(c -> c.chanPoint().equals(p));
        closed.add(p);
    }

    /** How many opens reached the node for {@code peer} (pending, open or closed). */
    synchronized long channelsTo(NodeId peer) {
        long n = 0;
        for (NodeChannel c : pending) {
            n += c.peer().equals(peer) ? 1 : 0;
        }
        for (NodeChannel c : open) {
            n += c.peer().equals(peer) ? 1 : 0;
        }
        return n;
    }

    /** Events are not produced by this fake; the subscription only ends when closed. */
    @Override
    public AutoCloseable subscribe(Events listener) {
        return () -> { };
    }

    @Override
    public void close() {
    }
}
