package org.lnautopilot.node.cln;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.lnautopilot.Hex;
import org.lnautopilot.NodeId;
import org.lnautopilot.ShortChannelId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.node.JsonValues;

/**
 * A fake lightningd for tests: a server on a unix socket speaking JSON-RPC 2.0 as lightningd does
 * (each reply followed by a blank line), with replies in the shapes of Core Lightning's JSON schemas
 * for {@code getinfo}, {@code listfunds}, {@code listpeerchannels}, {@code listclosedchannels},
 * {@code listchannels} (a real snapshot, each channel once per direction, every tenth amount in the
 * older {@code "...msat"} string form), {@code listnodes}, {@code connect} and {@code fundchannel};
 * anything else is error -32601. Every call is recorded with its params. Faults: the socket goes away
 * and comes back (a restart), refused {@code fundchannel}s (code and message as lightningd gives
 * them), replies split into 7-byte writes, a malformed reply, a {@code fundchannel} made but never
 * answered, an unsynced start. Thread-safe.
 */
final class FakeLightningd implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();

    /** One recorded call. */
    record Call(String method, Map<String, Object> params) {
    }

    /** A channel of the fake node. */
    record Chan(String peer, long sat, String txid, int outnum, String state, String scid) {
        Chan with(String newState) {
            return new Chan(peer, sat, txid, outnum, newState, scid);
        }

        String point() {
            return txid + ":" + outnum;
        }
    }

    final Path socket;
    final NodeId self;
    private final byte[] listchannels;
    private final byte[] listnodes;
    private final Set<String> known = new HashSet<>();
    private volatile ServerSocketChannel server;
    private volatile Thread acceptor;

    private long confirmedSat;
    private int unsyncedInfos;
    private final List<Chan> chans = new ArrayList<>();
    private final List<Chan> closed = new ArrayList<>();
    private final Set<String> connected = new HashSet<>();
    private final Map<String, long[]> refuse = new HashMap<>();
    private final Map<String, String> refuseText = new HashMap<>();
    private final Set<String> loseReply = new HashSet<>();
    private volatile boolean split;
    private volatile String malformed;
    private int funded;
    final List<Call> calls = new CopyOnWriteArrayList<>();

    FakeLightningd(Path socket, CsrGraph g, NodeId self, long confirmedSat) throws IOException {
        this.socket = socket;
        this.self = self;
        this.confirmedSat = confirmedSat;
        this.listchannels = channelsJson(g);
        this.listnodes = nodesJson(g);
        for (int i = 0; i < g.nodeCount(); i++) {
            known.add(g.nodeId(i).toHex());
        }
        start();
    }

    /** Binds the socket and serves. */
    synchronized void start() throws IOException {
        Files.deleteIfExists(socket);
        final ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(socket));
        server = s;
        final Thread t = new Thread(() -> accept(s), "fake-lightningd");
        t.setDaemon(true);
        acceptor = t;
        t.start();
    }

    /** lightningd stops: the socket file is gone, calls in flight are cut. */
    synchronized void stop() throws IOException, InterruptedException {
        server.close();
        acceptor.join(2000);
        Files.deleteIfExists(socket);
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- knobs ---------------------------------------------------------------------------------------

    synchronized void unsyncedFor(int calls) {
        unsyncedInfos = calls;
    }

    synchronized void refuseFunding(NodeId peer, long code, String message) {
        refuse.put(peer.toHex(), new long[] {code});
        refuseText.put(peer.toHex(), message);
    }

    synchronized void loseReplyTo(NodeId peer) {
        loseReply.add(peer.toHex());
    }

    /** Every reply written 7 bytes at a time. */
    void splitReplies(boolean on) {
        split = on;
    }

    /** The next reply to {@code method} is cut-off JSON. */
    void malformedNext(String method) {
        malformed = method;
    }

    synchronized List<Chan> chans() {
        return List.copyOf(chans);
    }

    synchronized long confirmed() {
        return confirmedSat;
    }

    synchronized Set<String> connected() {
        return Set.copyOf(connected);
    }

    /** The funding of channel {@code point} confirms. */
    synchronized void lockIn(String point) {
        for (int i = 0; i < chans.size(); i++) {
            if (chans.get(i).point().equals(point)) {
                chans.set(i, chans.get(i).with("CHANNELD_NORMAL"));
                return;
            }
        }
        throw new IllegalArgumentException("no channel " + point);
    }

    /** The peer closes channel {@code point}: it goes to ONCHAIN, then to listclosedchannels. */
    synchronized void closeByPeer(String point, boolean forgotten) {
        for (int i = 0; i < chans.size(); i++) {
            if (chans.get(i).point().equals(point)) {
                final Chan c = chans.get(i).with("ONCHAIN");
                if (forgotten) {
                    chans.remove(i);
                    closed.add(c);
                } else {
                    chans.set(i, c);
                }
                return;
            }
        }
        throw new IllegalArgumentException("no channel " + point);
    }

    /** The methods API.md lets the autopilot call. */
    static final Set<String> ALLOWED = Set.of("getinfo", "listfunds", "listpeerchannels", "listclosedchannels",
            "listchannels", "listnodes", "connect", "fundchannel");

    /** Asserts that every call was one API.md allows and that no peer got two {@code fundchannel}s. */
    void assertCallsAllowedAndNoPeerFundedTwice() {
        final Set<String> funded = new HashSet<>();
        for (Call c : calls) {
            org.junit.jupiter.api.Assertions.assertTrue(ALLOWED.contains(c.method()), "API.md does not allow "
                    + c.method());
            if (c.method().equals("fundchannel")) {
                org.junit.jupiter.api.Assertions.assertTrue(funded.add(String.valueOf(c.params().get("id"))),
                        "two fundchannels to " + c.params());
            }
        }
    }

    List<Map<String, Object>> calls(String method) {
        final List<Map<String, Object>> l = new ArrayList<>();
        for (Call c : calls) {
            if (c.method().equals(method)) {
                l.add(c.params());
            }
        }
        return l;
    }

    // ---- the snapshot as lightningd lists it ------------------------------------------------------

    private static byte[] channelsJson(CsrGraph g) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 24);
        try (JsonGenerator j = JSON.createGenerator(bytes)) {
            j.writeStartObject();
            j.writeArrayFieldStart("channels");
            for (int c = 0; c < g.channelCount(); c++) {
                for (int dir = 0; dir < 2; dir++) {
                    j.writeStartObject();
                    j.writeStringField("source", g.nodeId(g.endpoint(c, dir)).toHex());
                    j.writeStringField("destination", g.nodeId(g.endpoint(c, 1 - dir)).toHex());
                    j.writeStringField("short_channel_id", new ShortChannelId(g.channelId(c)).toString());
                    j.writeNumberField("direction", dir);
                    j.writeBooleanField("public", true);
                    if (c % 10 == 0) {
                        j.writeStringField("amount_msat", g.capacitySat(c) * 1000 + "msat");
                    } else {
                        j.writeNumberField("amount_msat", g.capacitySat(c) * 1000);
                    }
                    j.writeNumberField("message_flags", 1);
                    j.writeNumberField("channel_flags", dir);
                    // The snapshot's own policy of this direction (skipped when it has none), else a synthetic one.
                    final org.lnautopilot.ChannelPolicy pol = g.hasPolicies() ? g.policy(c, dir)
                            : new org.lnautopilot.ChannelPolicy(1000, 1 + c % 500, 40, 1000, g.capacitySat(c) * 990,
                                    false);
                    j.writeBooleanField("active", pol == null || !pol.disabled());
                    j.writeNumberField("last_update", 1_618_000_000 + c);
                    if (pol != null) {
                        j.writeNumberField("base_fee_millisatoshi", pol.baseFeeMsat());
                        j.writeNumberField("fee_per_millionth", pol.feeRatePpm());
                        j.writeNumberField("delay", pol.timeLockDelta());
                        if (c % 10 == 0) {
                            j.writeStringField("htlc_minimum_msat", pol.minHtlcMsat() + "msat");
                        } else {
                            j.writeNumberField("htlc_minimum_msat", pol.minHtlcMsat());
                        }
                        j.writeNumberField("htlc_maximum_msat", pol.maxHtlcMsat());
                    }
                    j.writeStringField("features", "");
                    j.writeEndObject();
                }
            }
            j.writeEndArray();
            j.writeEndObject();
        }
        return bytes.toByteArray();
    }

    /** Synthetic addresses (listchannels dumps carry none): IPv4 in 198.18.0.0/15, every 7th a Tor v3. */
    static String hostOf(int i) {
        return i % 7 == 3 ? Hex.encode(new byte[] {(byte) i, (byte) (i >> 8), 1, 2, 3, 4, 5, 6}).substring(0, 16)
                + "abcdefghijklmnopqrstuvwxyz234567abcdefgh.onion" : "198." + (18 + (i >> 16 & 1)) + "."
                + (i >> 8 & 255) + "." + (i & 255);
    }

    private static byte[] nodesJson(CsrGraph g) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 22);
        try (JsonGenerator j = JSON.createGenerator(bytes)) {
            j.writeStartObject();
            j.writeArrayFieldStart("nodes");
            for (int i = 0; i < g.nodeCount(); i++) {
                j.writeStartObject();
                j.writeStringField("nodeid", g.nodeId(i).toHex());
                j.writeNumberField("last_timestamp", 1_618_000_000 + i);
                j.writeStringField("alias", "node-" + i);
                j.writeStringField("color", "3399ff");
                j.writeStringField("features", "88a0800a0269a2");
                j.writeArrayFieldStart("addresses");
                j.writeStartObject();
                j.writeStringField("type", i % 7 == 3 ? "torv3" : "ipv4");
                j.writeStringField("address", hostOf(i));
                j.writeNumberField("port", 9735);
                j.writeEndObject();
                j.writeEndArray();
                j.writeEndObject();
            }
            j.writeEndArray();
            j.writeEndObject();
        }
        return bytes.toByteArray();
    }

    // ---- serving ----------------------------------------------------------------------------------

    private void accept(ServerSocketChannel s) {
        while (s.isOpen()) {
            final SocketChannel c;
            try {
                c = s.accept();
            } catch (IOException e) {
                return;
            }
            final Thread t = new Thread(() -> serve(c), "fake-lightningd-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(SocketChannel c) {
        try (c) {
            final InputStream in = Channels.newInputStream(c);
            final OutputStream out = Channels.newOutputStream(c);
            final Map<String, Object> req;
            try (JsonParser p = JSON.createParser(in)) {
                p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
                p.nextToken();
                @SuppressWarnings("unchecked")
                final Map<String, Object> m = (Map<String, Object>) JsonValues.value(p);
                req = m;
            }
            final String method = (String) req.get("method");
            @SuppressWarnings("unchecked")
            final Map<String, Object> params = req.get("params") instanceof Map ? (Map<String, Object>) req.get("params")
                    : Map.of();
            calls.add(new Call(method, params));
            final long id = (Long) req.get("id");
            if (method.equals(malformed)) {
                malformed = null;
                write(out, ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"channels\":[{\"sour")
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            final byte[] reply = answer(method, params, id);
            if (reply != null) {
                write(out, reply);
            } else {
                while (in.read() >= 0) {
                    // made, never answered: hold the connection until the client gives up
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private void write(OutputStream out, byte[] b) throws IOException {
        if (!split) {
            out.write(b);
            out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        for (int i = 0; i < b.length; i += 7) {
            out.write(b, i, Math.min(7, b.length - i));
            out.flush();
            Thread.onSpinWait();
        }
        out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
    }

    private interface Body {
        void write(JsonGenerator j) throws IOException;
    }

    private static byte[] result(long id, Body body) throws IOException {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (JsonGenerator j = JSON.createGenerator(b)) {
            j.writeStartObject();
            j.writeStringField("jsonrpc", "2.0");
            j.writeNumberField("id", id);
            j.writeObjectFieldStart("result");
            body.write(j);
            j.writeEndObject();
            j.writeEndObject();
        }
        return b.toByteArray();
    }

    private static byte[] raw(long id, byte[] resultObject) {
        final byte[] head = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":").getBytes(StandardCharsets.UTF_8);
        final byte[] out = new byte[head.length + resultObject.length + 1];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(resultObject, 0, out, head.length, resultObject.length);
        out[out.length - 1] = '}';
        return out;
    }

    private static byte[] error(long id, long code, String message) throws IOException {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (JsonGenerator j = JSON.createGenerator(b)) {
            j.writeStartObject();
            j.writeStringField("jsonrpc", "2.0");
            j.writeNumberField("id", id);
            j.writeObjectFieldStart("error");
            j.writeNumberField("code", code);
            j.writeStringField("message", message);
            j.writeEndObject();
            j.writeEndObject();
        }
        return b.toByteArray();
    }

    private synchronized byte[] answer(String method, Map<String, Object> params, long id) throws IOException {
        switch (method) {
            case "getinfo":
                final boolean unsynced = unsyncedInfos-- > 0;
                return result(id, j -> {
                    j.writeStringField("id", self.toHex());
                    j.writeStringField("alias", "fake-cln");
                    j.writeStringField("color", "02bf81");
                    j.writeNumberField("num_peers", connected.size());
                    j.writeNumberField("num_pending_channels", count("CHANNELD_AWAITING_LOCKIN"));
                    j.writeNumberField("num_active_channels", count("CHANNELD_NORMAL"));
                    j.writeNumberField("num_inactive_channels", 0);
                    j.writeArrayFieldStart("address");
                    j.writeEndArray();
                    j.writeArrayFieldStart("binding");
                    j.writeEndArray();
                    j.writeStringField("version", "v24.11");
                    j.writeNumberField("blockheight", 870_000);
                    j.writeStringField("network", "bitcoin");
                    j.writeNumberField("fees_collected_msat", 0);
                    j.writeStringField("lightning-dir", socket.getParent().toString());
                    if (unsynced) {
                        j.writeStringField("warning_bitcoind_sync", "Bitcoind is not up-to-date with network.");
                    }
                });
            case "listfunds":
                return result(id, j -> {
                    j.writeArrayFieldStart("outputs");
                    long left = confirmedSat;
                    int k = 0;
                    while (left > 0) {
                        final long part = Math.min(left, 4_000_000);
                        j.writeStartObject();
                        j.writeStringField("txid", txid(-1000 - k));
                        j.writeNumberField("output", k % 2);
                        j.writeNumberField("amount_msat", part * 1000);
                        j.writeStringField("scriptpubkey", "0014d0e6fd3d6cd3f2f0b4ae4b8e5f0bd5d2f4c5a3a1");
                        j.writeStringField("address", "bc1q6rn060tv60e0pd9wfw897z74mt60f3dr6nqqqq");
                        j.writeStringField("status", "confirmed");
                        j.writeNumberField("blockheight", 860_000);
                        j.writeBooleanField("reserved", false);
                        j.writeEndObject();
                        left -= part;
                        k++;
                    }
                    j.writeStartObject();
                    j.writeStringField("txid", txid(-1));
                    j.writeNumberField("output", 0);
                    j.writeStringField("amount_msat", "999000000msat");
                    j.writeStringField("scriptpubkey", "0014d0e6fd3d6cd3f2f0b4ae4b8e5f0bd5d2f4c5a3a1");
                    j.writeStringField("status", "unconfirmed");
                    j.writeBooleanField("reserved", false);
                    j.writeEndObject();
                    j.writeEndArray();
                    j.writeArrayFieldStart("channels");
                    j.writeEndArray();
                });
            case "listpeerchannels":
                return result(id, j -> {
                    j.writeArrayFieldStart("channels");
                    for (Chan c : chans) {
                        j.writeStartObject();
                        j.writeStringField("peer_id", c.peer());
                        j.writeBooleanField("peer_connected", connected.contains(c.peer()));
                        j.writeStringField("state", c.state());
                        j.writeStringField("opener", "local");
                        j.writeBooleanField("private", false);
                        if ("CHANNELD_NORMAL".equals(c.state())) {
                            j.writeStringField("short_channel_id", c.scid());
                        }
                        j.writeStringField("channel_id", c.txid());
                        j.writeStringField("funding_txid", c.txid());
                        j.writeNumberField("funding_outnum", c.outnum());
                        j.writeNumberField("total_msat", c.sat() * 1000);
                        j.writeNumberField("to_us_msat", c.sat() * 1000 - 3_000_000);
                        j.writeEndObject();
                    }
                    j.writeEndArray();
                });
            case "listclosedchannels":
                return result(id, j -> {
                    j.writeArrayFieldStart("closedchannels");
                    for (Chan c : closed) {
                        j.writeStartObject();
                        j.writeStringField("peer_id", c.peer());
                        j.writeStringField("channel_id", c.txid());
                        j.writeStringField("short_channel_id", c.scid());
                        j.writeStringField("funding_txid", c.txid());
                        j.writeNumberField("funding_outnum", c.outnum());
                        j.writeNumberField("total_msat", c.sat() * 1000);
                        j.writeStringField("opener", "local");
                        j.writeBooleanField("leased", false);
                        j.writeStringField("close_cause", "remote");
                        j.writeNumberField("final_to_us_msat", c.sat() * 1000 - 5_000_000);
                        j.writeEndObject();
                    }
                    j.writeEndArray();
                });
            case "listchannels":
                return raw(id, listchannels);
            case "listnodes":
                return raw(id, listnodes);
            case "connect": {
                final String peer = String.valueOf(params.get("id"));
                if (!known.contains(peer)) {
                    return error(id, 400, "Unable to connect, no address known for peer");
                }
                final Object host = params.get("host");
                if (host != null && !host.toString().startsWith("198.1") && !host.toString().endsWith(".onion")) {
                    return error(id, 401, "All addresses failed: " + host + ":" + params.get("port")
                            + ": Connection establishment: Connection refused. ");
                }
                connected.add(peer);
                return result(id, j -> {
                    j.writeStringField("id", peer);
                    j.writeStringField("features", "08a0000a8a59a1");
                    j.writeStringField("direction", "out");
                    j.writeObjectFieldStart("address");
                    j.writeStringField("type", "ipv4");
                    j.writeStringField("address", host == null ? "198.18.0.1" : host.toString());
                    j.writeNumberField("port", 9735);
                    j.writeEndObject();
                });
            }
            case "fundchannel": {
                final String peer = String.valueOf(params.get("id"));
                if (!connected.contains(peer)) {
                    return error(id, 305, "Peer not connected");
                }
                if (refuse.containsKey(peer)) {
                    return error(id, refuse.get(peer)[0], refuseText.get(peer));
                }
                final Object amt = params.get("amount");
                if (!(amt instanceof Long)) {
                    return error(id, -32602, "amount: should be a satoshi amount: invalid token '" + amt + "'");
                }
                final long sat = (Long) amt;
                if (sat + 1_500 > confirmedSat) {
                    return error(id, 301, "Could not afford " + sat + "sat using all 1 available UTXOs: "
                            + confirmedSat + "sat short");
                }
                confirmedSat -= sat + 1_500;
                final int k = ++funded;
                final Chan c = new Chan(peer, sat, txid(k), k % 2, "CHANNELD_AWAITING_LOCKIN", (870_000 + k) + "x1x"
                        + (k % 2));
                chans.add(c);
                if (loseReply.remove(peer)) {
                    return null;
                }
                return result(id, j -> {
                    j.writeStringField("tx", "02000000000101" + c.txid());
                    j.writeStringField("txid", c.txid());
                    j.writeNumberField("outnum", c.outnum());
                    j.writeObjectFieldStart("channel_type");
                    j.writeArrayFieldStart("bits");
                    j.writeNumber(12);
                    j.writeNumber(22);
                    j.writeEndArray();
                    j.writeArrayFieldStart("names");
                    j.writeString("static_remotekey/even");
                    j.writeString("anchors/even");
                    j.writeEndArray();
                    j.writeEndObject();
                    j.writeStringField("channel_id", c.txid());
                    j.writeNumberField("mindepth", 3);
                });
            }
            default:
                return error(id, -32601, "Unknown command '" + method + "'");
        }
    }

    private int count(String state) {
        int n = 0;
        for (Chan c : chans) {
            n += c.state().equals(state) ? 1 : 0;
        }
        return n;
    }

    static String txid(int k) {
        try {
            return Hex.encode(MessageDigest.getInstance("SHA-256").digest(("cln funding " + k).getBytes(
                    StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
