package org.lnautopilot.node.cln;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.lnautopilot.NodeId;
import org.lnautopilot.OutPoint;
import org.lnautopilot.graph.Addresses;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.io.GraphFormatException;
import org.lnautopilot.io.GraphReaders;
import org.lnautopilot.node.LightningNode;
import org.lnautopilot.node.NodeException;

/**
 * A Core Lightning node over JSON-RPC on its {@code lightning-rpc} unix socket ({@link ClnRpc}).
 *
 * <h2>Calls</h2>
 * Only {@code getinfo}, {@code listfunds}, {@code listpeerchannels}, {@code listclosedchannels},
 * {@code listchannels}, {@code listnodes}, {@code connect} and {@code fundchannel}.
 * <ul>
 * <li>Amounts are read both as integers in {@code *_msat} members and as the older
 * {@code "1000msat"} strings.</li>
 * <li>The graph: {@code listnodes} for the addresses, then {@code listchannels}, which lists each
 * channel once per direction, streamed through the same reader as a {@code listchannels} dump
 * ({@link GraphReaders#listChannels(JsonParser, String, GraphReaders.Options, Map)}), which merges
 * the two directions by short channel id.</li>
 * <li>{@code connect} before each {@code fundchannel}; with no known address lightningd looks the
 * peer up in its gossip itself.</li>
 * <li>Channel states: {@code CHANNELD_NORMAL} (and awaiting a splice) is open; {@code OPENINGD},
 * {@code CHANNELD_AWAITING_LOCKIN} and the {@code DUALOPEND_*} opening states are pending; every
 * other state is closing or closed.</li>
 * </ul>
 * Core Lightning has no event stream over JSON-RPC: {@link #subscribe} polls
 * {@code listpeerchannels} every {@link Settings#pollInterval}, and {@link #wake()} (called by the
 * plugin on {@code channel_opened} and {@code channel_state_changed} notifications) polls at once.
 * Thread-safe.
 */
public final class ClnNode implements LightningNode {
    /**
     * Timeouts.
     *
     * @param callDeadline  deadline of every call but the two below
     * @param graphDeadline deadline of {@code listnodes} and {@code listchannels}
     * @param openDeadline  deadline of {@code connect} and {@code fundchannel}
     * @param pollInterval  how often {@link #subscribe} reads the channels
     */
    public record Settings(Duration callDeadline, Duration graphDeadline, Duration openDeadline, Duration pollInterval) {
        /** 30 s, 5 min, 2 min, 10 s. */
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofMinutes(2), Duration.ofSeconds(10));
    }

    private static final Set<String> OPEN = Set.of("CHANNELD_NORMAL", "CHANNELD_AWAITING_SPLICE");
    private static final Set<String> PENDING = Set.of("OPENINGD", "CHANNELD_AWAITING_LOCKIN", "DUALOPEND_OPEN_INIT",
            "DUALOPEND_OPEN_COMMITTED", "DUALOPEND_OPEN_COMMIT_READY", "DUALOPEND_AWAITING_LOCKIN");

    private final ClnRpc rpc;
    private final Settings settings;
    private final boolean keepAddressless;
    private final Semaphore wake = new Semaphore(0);

    /**
     * A node reached through {@code socket}; nothing is sent until the first call.
     *
     * @param keepAddressless let heuristics pick nodes that advertise no address
     */
    public ClnNode(Path socket, Settings settings, boolean keepAddressless) {
        this.rpc = new ClnRpc(Objects.requireNonNull(socket, "socket"));
        this.settings = Objects.requireNonNull(settings, "settings");
        this.keepAddressless = keepAddressless;
    }

    /** One channel as listpeerchannels gives it. */
    private record PeerChannel(NodeId peer, String state, long capacitySat, OutPoint point, long scid) {
    }

    /** {@code getinfo}. Network {@code bitcoin} is reported as {@code mainnet}; synced unless it warns. */
    @Override
    public Info info() throws NodeException {
        return rpc.call("getinfo", ClnRpc.Params.NONE, p -> {
            String id = null;
            String alias = "";
            String network = null;
            int height = 0;
            boolean synced = true;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                final String f = p.currentName();
                final JsonToken t = p.nextToken();
                switch (f) {
                    case "id" -> id = text(p, t, "getinfo", f);
                    case "alias" -> alias = text(p, t, "getinfo", f);
                    case "network" -> network = text(p, t, "getinfo", f);
                    case "blockheight" -> height = (int) integer(p, t, "getinfo", f);
                    case "warning_bitcoind_sync", "warning_lightningd_sync" -> {
                        synced = false;
                        p.skipChildren();
                    }
                    default -> p.skipChildren();
                }
            }
            if (id == null || network == null) {
                throw rpc.malformed("getinfo", "it lacks 'id' or 'network'");
            }
            return new Info(key(id, "getinfo", "id"), alias, "bitcoin".equals(network) ? "mainnet" : network, synced,
                    height);
        }, settings.callDeadline());
    }

    /** {@code listfunds}: confirmed, unreserved outputs. */
    @Override
    public long confirmedBalanceSat() throws NodeException {
        return rpc.call("listfunds", ClnRpc.Params.NONE, p -> {
            final long[] msat = {0};
            eachObject(p, "listfunds", "outputs", () -> {
                long amount = -1;
                String status = "";
                boolean reserved = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    final String g = p.currentName();
                    final JsonToken v = p.nextToken();
                    switch (g) {
                        case "amount_msat" -> amount = msat(p, v, "listfunds", g);
                        case "value" -> amount = amount < 0 ? integer(p, v, "listfunds", g) * 1000 : amount;
                        case "status" -> status = text(p, v, "listfunds", g);
                        case "reserved" -> reserved = v == JsonToken.VALUE_TRUE;
                        default -> p.skipChildren();
                    }
                }
                if (amount < 0) {
                    throw rpc.malformed("listfunds", "an output without 'amount_msat'");
                }
                if ("confirmed".equals(status) && !reserved) {
                    msat[0] = Math.addExact(msat[0], amount);
                }
            });
            return msat[0] / 1000;
        }, settings.callDeadline());
    }

    private List<PeerChannel> peerChannels() throws NodeException {
        return rpc.call("listpeerchannels", ClnRpc.Params.NONE, p -> {
            final List<PeerChannel> out = new ArrayList<>();
            eachObject(p, "listpeerchannels", "channels", () -> {
                String peer = null;
                String state = null;
                String txid = null;
                long outnum = -1;
                long total = -1;
                long scid = 0;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    final String g = p.currentName();
                    final JsonToken v = p.nextToken();
                    switch (g) {
                        case "peer_id" -> peer = text(p, v, "listpeerchannels", g);
                        case "state" -> state = text(p, v, "listpeerchannels", g);
                        case "funding_txid" -> txid = text(p, v, "listpeerchannels", g);
                        case "funding_outnum" -> outnum = integer(p, v, "listpeerchannels", g);
                        case "total_msat" -> total = msat(p, v, "listpeerchannels", g);
                        case "short_channel_id" -> scid = scid(text(p, v, "listpeerchannels", g));
                        default -> p.skipChildren();
                    }
                }
                if (peer == null || state == null) {
                    throw rpc.malformed("listpeerchannels", "a channel without 'peer_id' or 'state'");
                }
                if (txid == null || outnum < 0) {
                    return; // not funded yet: no outpoint to know it by
                }
                out.add(new PeerChannel(key(peer, "listpeerchannels", "peer_id"), state, Math.max(0, total) / 1000,
                        point(txid, outnum, "listpeerchannels"), scid));
            });
            return out;
        }, settings.callDeadline());
    }

    private static long scid(String text) {
        try {
            return org.lnautopilot.ShortChannelId.parse(text).value();
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    /** {@code listpeerchannels} in state {@code CHANNELD_NORMAL}. */
    @Override
    public List<NodeChannel> openChannels() throws NodeException {
        return select(peerChannels(), OPEN);
    }

    /** {@code listpeerchannels} in an opening state. */
    @Override
    public List<NodeChannel> pendingOpens() throws NodeException {
        return select(peerChannels(), PENDING);
    }

    private static List<NodeChannel> select(List<PeerChannel> all, Set<String> states) {
        final List<NodeChannel> out = new ArrayList<>();
        for (PeerChannel c : all) {
            if (states.contains(c.state())) {
                out.add(new NodeChannel(c.peer(), c.capacitySat(), c.point()));
            }
        }
        return out;
    }

    /** {@code listclosedchannels}, plus the channels {@code listpeerchannels} shows closing. */
    @Override
    public List<OutPoint> closedChannels() throws NodeException {
        final List<OutPoint> out = rpc.call("listclosedchannels", ClnRpc.Params.NONE, p -> {
            final List<OutPoint> l = new ArrayList<>();
            eachObject(p, "listclosedchannels", "closedchannels", () -> {
                String txid = null;
                long outnum = -1;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    final String g = p.currentName();
                    final JsonToken v = p.nextToken();
                    switch (g) {
                        case "funding_txid" -> txid = text(p, v, "listclosedchannels", g);
                        case "funding_outnum" -> outnum = integer(p, v, "listclosedchannels", g);
                        default -> p.skipChildren();
                    }
                }
                if (txid != null && outnum >= 0) {
                    l.add(point(txid, outnum, "listclosedchannels"));
                }
            });
            return l;
        }, settings.callDeadline());
        for (PeerChannel c : peerChannels()) {
            if (!OPEN.contains(c.state()) && !PENDING.contains(c.state())) {
                out.add(c.point());
            }
        }
        return out;
    }

    /** {@code listnodes} for addresses, then {@code listchannels} streamed into a {@link CsrGraph}. */
    @Override
    public CsrGraph graph() throws NodeException {
        final Map<NodeId, List<InetSocketAddress>> book = rpc.call("listnodes", ClnRpc.Params.NONE, this::addressBook,
                settings.graphDeadline());
        return rpc.call("listchannels", ClnRpc.Params.NONE, p -> {
            try {
                return GraphReaders.listChannels(p, "listchannels from lightningd at " + rpc.socket(),
                        new GraphReaders.Options(keepAddressless, false), book);
            } catch (GraphFormatException e) {
                throw new NodeException(NodeException.Kind.UNKNOWN, e.getMessage(), e);
            }
        }, settings.graphDeadline());
    }

    private Map<NodeId, List<InetSocketAddress>> addressBook(JsonParser p) throws IOException, NodeException {
        final Map<NodeId, List<InetSocketAddress>> book = new HashMap<>();
        eachObject(p, "listnodes", "nodes", () -> {
            String id = null;
            final List<InetSocketAddress> addrs = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                final String g = p.currentName();
                final JsonToken v = p.nextToken();
                if ("nodeid".equals(g)) {
                    id = text(p, v, "listnodes", g);
                } else if ("addresses".equals(g) && v == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        final InetSocketAddress a = address(p);
                        if (a != null) {
                            addrs.add(a);
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (id == null) {
                throw rpc.malformed("listnodes", "a node without 'nodeid'");
            }
            if (!addrs.isEmpty()) {
                book.put(key(id, "listnodes", "nodeid"), addrs);
            }
        });
        return book;
    }

    /** One {@code {"type", "address", "port"}}; null for types that cannot be dialled (websocket). */
    private InetSocketAddress address(JsonParser p) throws IOException, NodeException {
        String type = "";
        String host = null;
        long port = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            final String g = p.currentName();
            final JsonToken v = p.nextToken();
            switch (g) {
                case "type" -> type = text(p, v, "listnodes", g);
                case "address" -> host = text(p, v, "listnodes", g);
                case "port" -> port = integer(p, v, "listnodes", g);
                default -> p.skipChildren();
            }
        }
        if (host == null || port < 0 || "websocket".equals(type)) {
            return null;
        }
        try {
            return Addresses.parse(("ipv6".equals(type) ? "[" + host + "]" : host) + ":" + port);
        } catch (IllegalArgumentException e) {
            throw rpc.malformed("listnodes", e.getMessage());
        }
    }

    /**
     * {@code connect} to each address in turn (or by id alone when there is none: lightningd then
     * finds one in its gossip); being connected already is success, as lightningd reports it.
     */
    @Override
    public void connect(NodeId peer, List<InetSocketAddress> addrs) throws NodeException {
        if (addrs.isEmpty()) {
            connectOnce(peer, null);
            return;
        }
        NodeException last = null;
        for (InetSocketAddress a : addrs) {
            try {
                connectOnce(peer, a);
                return;
            } catch (NodeException e) {
                last = e;
            }
        }
        throw last;
    }

    private void connectOnce(NodeId peer, InetSocketAddress a) throws NodeException {
        rpc.call("connect", g -> {
            g.writeStringField("id", peer.toHex());
            if (a != null) {
                g.writeStringField("host", a.isUnresolved() ? a.getHostString() : a.getAddress().getHostAddress());
                g.writeNumberField("port", a.getPort());
            }
        }, p -> {
            p.skipChildren();
            return null;
        }, settings.openDeadline());
    }

    /** {@code fundchannel} of {@code amountSat} (the fee is paid on top), announced; returns its outpoint. */
    @Override
    public OutPoint openChannel(NodeId peer, long amountSat) throws NodeException {
        return rpc.call("fundchannel", g -> {
            g.writeStringField("id", peer.toHex());
            g.writeNumberField("amount", amountSat);
            g.writeBooleanField("announce", true);
        }, p -> {
            String txid = null;
            long outnum = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                final String f = p.currentName();
                final JsonToken t = p.nextToken();
                switch (f) {
                    case "txid" -> txid = text(p, t, "fundchannel", f);
                    case "outnum" -> outnum = integer(p, t, "fundchannel", f);
                    default -> p.skipChildren();
                }
            }
            if (txid == null || outnum < 0) {
                throw rpc.malformed("fundchannel", "it lacks 'txid' or 'outnum'");
            }
            return point(txid, outnum, "fundchannel");
        }, settings.openDeadline());
    }

    /**
     * Polls {@code listpeerchannels} every {@link Settings#pollInterval} (and at once after
     * {@link #wake()}) on a daemon thread, reporting channels that became open or closing since the
     * previous poll; a failed poll ends the subscription through {@link Events#disconnected}. The
     * graph is reported as possibly changed at every poll (lightningd has no graph stream).
     */
    @Override
    public AutoCloseable subscribe(Events listener) throws NodeException {
        final Map<OutPoint, String> first = new HashMap<>();
        for (PeerChannel c : peerChannels()) {
            first.put(c.point(), c.state());
        }
        final Thread t = new Thread(() -> poll(listener, first), "cln-poll");
        t.setDaemon(true);
        t.start();
        return t::interrupt;
    }

    /** Makes a subscription poll now (a plugin notification said a channel changed). Never blocks. */
    public void wake() {
        wake.release();
    }

    private void poll(Events listener, Map<OutPoint, String> known) {
        try {
            for (;;) {
                wake.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                final List<PeerChannel> now;
                try {
                    now = peerChannels();
                } catch (NodeException e) {
                    listener.disconnected(e);
                    return;
                }
                for (PeerChannel c : now) {
                    final String before = known.put(c.point(), c.state());
                    final boolean wasOpen = before != null && OPEN.contains(before);
                    final boolean wasGone = before != null && !OPEN.contains(before) && !PENDING.contains(before);
                    if (OPEN.contains(c.state()) && !wasOpen) {
                        listener.channelOpened(new NodeChannel(c.peer(), c.capacitySat(), c.point()), c.scid());
                    } else if (!OPEN.contains(c.state()) && !PENDING.contains(c.state()) && !wasGone && before != null) {
                        listener.channelClosed(c.point(), c.scid());
                    }
                }
                listener.graphChanged();
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** Nothing to release: every call has its own connection. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "lightningd at " + rpc.socket();
    }

    // ---- field readers ---------------------------------------------------------------------------

    /** Reads one element of an array; the parser is on the element's {@code START_OBJECT}. */
    @FunctionalInterface
    private interface Element {
        void read() throws IOException, NodeException;
    }

    /**
     * Walks the result object the parser is in: each object of its array member {@code array} goes to
     * {@code element} (which reads it whole), every other member is skipped.
     */
    private void eachObject(JsonParser p, String method, String array, Element element)
            throws IOException, NodeException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            final String f = p.currentName();
            final JsonToken t = p.nextToken();
            if (!array.equals(f)) {
                p.skipChildren();
                continue;
            }
            expectArray(p, t, method, f);
            while (p.nextToken() == JsonToken.START_OBJECT) {
                element.read();
            }
        }
    }

    private String text(JsonParser p, JsonToken t, String method, String field) throws IOException, NodeException {
        if (t != JsonToken.VALUE_STRING) {
            throw rpc.malformed(method, "'" + field + "' is not a string");
        }
        return p.getText();
    }

    private long integer(JsonParser p, JsonToken t, String method, String field) throws IOException, NodeException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw rpc.malformed(method, "'" + field + "' is not an integer");
        }
        try {
            return p.getLongValue();
        } catch (com.fasterxml.jackson.core.exc.InputCoercionException e) {
            throw rpc.malformed(method, "'" + field + "' is out of range");
        }
    }

    /** An amount in millisatoshis: an integer, or the older {@code "1000msat"} string. */
    private long msat(JsonParser p, JsonToken t, String method, String field) throws IOException, NodeException {
        final long v;
        if (t == JsonToken.VALUE_NUMBER_INT) {
            v = integer(p, t, method, field);
        } else if (t == JsonToken.VALUE_STRING && p.getText().endsWith("msat")) {
            final String s = p.getText();
            try {
                v = Long.parseLong(s.substring(0, s.length() - 4));
            } catch (NumberFormatException e) {
                throw rpc.malformed(method, "'" + field + "' is not an amount: " + s);
            }
        } else {
            throw rpc.malformed(method, "'" + field + "' is not an amount in msat");
        }
        if (v < 0) {
            throw rpc.malformed(method, "'" + field + "' is negative: " + v);
        }
        return v;
    }

    private void expectArray(JsonParser p, JsonToken t, String method, String field) throws NodeException {
        if (t != JsonToken.START_ARRAY) {
            throw rpc.malformed(method, "'" + field + "' is not an array");
        }
    }

    private NodeId key(String hex, String method, String field) throws NodeException {
        try {
            return NodeId.fromHex(hex);
        } catch (IllegalArgumentException e) {
            throw rpc.malformed(method, "'" + field + "': " + e.getMessage());
        }
    }

    private OutPoint point(String txid, long outnum, String method) throws NodeException {
        try {
            return OutPoint.parse(txid + ":" + outnum);
        } catch (IllegalArgumentException e) {
            throw rpc.malformed(method, e.getMessage());
        }
    }
}
