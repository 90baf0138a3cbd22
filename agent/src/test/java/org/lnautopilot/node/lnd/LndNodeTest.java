package org.lnautopilot.node.lnd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lightningj.lnd.proto.LightningApi;
import org.lnautopilot.Hex;
import org.lnautopilot.NodeId;
import org.lnautopilot.OutPoint;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.node.LightningNode;
import org.lnautopilot.node.NodeException;
import org.lnautopilot.testing.SharedGraphs;
import org.lnautopilot.testing.TestKeys;

/** The lnd adapter against {@link FakeLnd}: the wire facts API.md lists, the graph, the faults. */
class LndNodeTest {
    static CsrGraph lnd2019;
    static final NodeId SELF = TestKeys.key(7);
    static final LndNode.Settings FAST = new LndNode.Settings(Duration.ofSeconds(10), Duration.ofSeconds(60),
            Duration.ofSeconds(10), 512 << 20);

    @TempDir
    Path dir;
    FakeLnd fake;
    LndNode node;

    @BeforeAll
    static void load() throws Exception {
        lnd2019 = SharedGraphs.load(SharedGraphs.LND_2019);
    }

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    private LndNode start(long balance) throws Exception {
        fake = new FakeLnd(dir, lnd2019, SELF, balance);
        node = LndNode.connect(fake.target(), fake.certs.cert, fake.macaroonFile, FAST, false);
        return node;
    }

    /** A node of the snapshot with an address, and that address as lnd's host:port. */
    private static int dialable(int from) {
        for (int i = from; i < lnd2019.nodeCount(); i++) {
            if (!lnd2019.addresses(i).isEmpty()) {
                return i;
            }
        }
        throw new AssertionError("no dialable node");
    }

    @Test
    void infoBalanceAndChannelsAreMapped() throws Exception {
        start(2_000_000);
        final LightningNode.Info info = node.info();
        assertEquals(SELF, info.id());
        assertEquals("mainnet", info.network());
        assertTrue(info.syncedToChain());
        assertEquals(820_000, info.blockHeight());
        assertEquals(2_000_000, node.confirmedBalanceSat());
        final FakeLnd.Chan c = fake.addOpenChannel(lnd2019.nodeId(3), 500_000);
        final List<LightningNode.NodeChannel> open = node.openChannels();
        assertEquals(1, open.size());
        assertEquals(lnd2019.nodeId(3), open.get(0).peer());
        assertEquals(500_000, open.get(0).capacitySat());
        assertEquals(OutPoint.parse(c.chanPoint()), open.get(0).chanPoint());
        assertTrue(node.pendingOpens().isEmpty());
        assertTrue(node.closedChannels().isEmpty());
    }

    @Test
    void graphOverGrpcIsTheGraphOfTheDump() throws Exception {
        start(0);
        final int bytes = fake.graphMessage().getSerializedSize();
        assertTrue(bytes > 4 << 20, "the 2019 reply should exceed gRPC's 4 MiB default, was " + bytes);
        final CsrGraph g = node.graph();
        assertEquals(lnd2019.nodeCount(), g.nodeCount());
        assertEquals(lnd2019.channelCount(), g.channelCount());
        for (int i = 0; i < g.nodeCount(); i++) {
            final int j = lnd2019.indexOf(g.nodeId(i));
            assertTrue(j >= 0);
            assertEquals(lnd2019.degree(j), g.degree(i), "degree of " + g.nodeId(i));
            assertEquals(lnd2019.addresses(j), g.addresses(i), "addresses of " + g.nodeId(i));
        }
        final Set<Long> ids = new HashSet<>();
        for (int c = 0; c < lnd2019.channelCount(); c++) {
            ids.add(lnd2019.channelId(c));
        }
        for (int c = 0; c < g.channelCount(); c++) {
            assertTrue(ids.contains(g.channelId(c)));
        }
    }

    @Test
    void graphOfMainnetSizeIsRead() throws Exception {
        final CsrGraph cln = SharedGraphs.load(SharedGraphs.CLN_2021);
        fake = new FakeLnd(dir, cln, SELF, 0, true);
        node = LndNode.connect(fake.target(), fake.certs.cert, fake.macaroonFile, FAST, false);
        final int bytes = fake.graphMessage().getSerializedSize();
        assertTrue(bytes > 8 << 20, "a mainnet-size reply is well above 4 MiB, was " + bytes);
        final CsrGraph g = node.graph();
        assertEquals(cln.nodeCount(), g.nodeCount());
        assertEquals(cln.channelCount(), g.channelCount());
        for (int i = 0; i < g.nodeCount(); i++) {
            assertTrue(g.hasAddress(i));
        }
    }

    @Test
    void aReplyAboveTheLimitIsAFatalErrorNotAHang() throws Exception {
        fake = new FakeLnd(dir, lnd2019, SELF, 0);
        node = LndNode.connect(fake.target(), fake.certs.cert, fake.macaroonFile,
                new LndNode.Settings(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(10), 4 << 20),
                false);
        final NodeException e = assertThrows(NodeException.class, node::graph);
        assertEquals(NodeException.Kind.FATAL, e.kind());
        assertTrue(e.getMessage().contains("DescribeGraph"), e.getMessage());
    }

    @Test
    void connectThenOpenSpeaksLndsWire() throws Exception {
        start(3_000_000);
        final int i = dialable(0);
        final NodeId peer = lnd2019.nodeId(i);
        node.connect(peer, lnd2019.addresses(i));
        final LightningApi.ConnectPeerRequest cr = (LightningApi.ConnectPeerRequest) fake.calls("ConnectPeer").get(0);
        assertEquals(peer.toHex(), cr.getAddr().getPubkey());
        assertEquals(org.lnautopilot.graph.Addresses.format(lnd2019.addresses(i).get(0)), cr.getAddr().getHost());
        node.connect(peer, lnd2019.addresses(i));
        assertEquals(1, fake.calls("ConnectPeer").size(), "a connected peer is not connected again");

        final OutPoint p = node.openChannel(peer, 250_000);
        final LightningApi.OpenChannelRequest or = (LightningApi.OpenChannelRequest) fake.calls("OpenChannelSync").get(0);
        assertArrayEquals(peer.toByteArray(), or.getNodePubkey().toByteArray(), "node_pubkey carries the 33 raw bytes");
        assertEquals(250_000, or.getLocalFundingAmount());
        assertEquals("lnautopilot", or.getMemo());
        assertEquals(OutPoint.parse(fake.pending().get(0).chanPoint()), p, "funding_txid_bytes are reversed");
        assertEquals(List.of(p), node.pendingOpens().stream().map(LightningNode.NodeChannel::chanPoint).toList());
    }

    @Test
    void alreadyConnectedIsNotAnError() throws Exception {
        start(3_000_000);
        final int i = dialable(0);
        node.connect(lnd2019.nodeId(i), lnd2019.addresses(i));
        fake.hidePeers(true);
        node.connect(lnd2019.nodeId(i), lnd2019.addresses(i));
        assertEquals(2, fake.calls("ConnectPeer").size());
    }

    @Test
    void refusalsAreRefused() throws Exception {
        start(3_000_000);
        final int i = dialable(0);
        final NodeId peer = lnd2019.nodeId(i);
        NodeException e = assertThrows(NodeException.class, () -> node.openChannel(peer, 100_000));
        assertEquals(NodeException.Kind.REFUSED, e.kind());
        assertTrue(e.getMessage().contains("is not online"), e.getMessage());
        e = assertThrows(NodeException.class, () -> node.connect(peer, List.of(
                org.lnautopilot.graph.Addresses.parse("192.0.2.1:9735"))));
        assertEquals(NodeException.Kind.REFUSED, e.kind());
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        node.connect(peer, lnd2019.addresses(i));
        e = assertThrows(NodeException.class, () -> node.openChannel(peer, 10_000_000));
        assertEquals(NodeException.Kind.REFUSED, e.kind());
        assertTrue(e.getMessage().contains("not enough witness outputs"), e.getMessage());
        assertTrue(fake.pending().isEmpty());
    }

    @Test
    void wrongCertificateIsFatal() throws Exception {
        start(0);
        final TestCerts other = TestCerts.create(dir, "other");
        try (LndNode n = LndNode.connect(fake.target(), other.cert, fake.macaroonFile, FAST, false)) {
            final NodeException e = assertThrows(NodeException.class, n::info);
            assertEquals(NodeException.Kind.FATAL, e.kind());
            assertTrue(e.getMessage().contains("TLS handshake"), e.getMessage());
        }
        assertTrue(fake.calls("GetInfo").isEmpty(), "nothing reached the node");
    }

    @Test
    void refusedMacaroonIsFatal() throws Exception {
        start(0);
        final Path bad = dir.resolve("bad.macaroon");
        Files.write(bad, new byte[] {2, 1, 3, 4});
        try (LndNode n = LndNode.connect(fake.target(), fake.certs.cert, bad, FAST, false)) {
            final NodeException e = assertThrows(NodeException.class, n::info);
            assertEquals(NodeException.Kind.FATAL, e.kind());
            assertTrue(e.getMessage().contains("refused the macaroon: verification failed"), e.getMessage());
        }
    }

    @Test
    void unreadableFilesAreFatal() throws Exception {
        NodeException e = assertThrows(NodeException.class, () -> LndNode.connect("localhost:1",
                dir.resolve("none.cert"), dir.resolve("none.macaroon"), FAST, false));
        assertEquals(NodeException.Kind.FATAL, e.kind());
        assertTrue(e.getMessage().contains("none.macaroon"), e.getMessage());
        final Path mac = dir.resolve("m");
        Files.write(mac, new byte[] {1});
        final Path cert = dir.resolve("garbage.cert");
        Files.writeString(cert, "not a certificate");
        e = assertThrows(NodeException.class, () -> LndNode.connect("localhost:1", cert, mac, FAST, false));
        assertEquals(NodeException.Kind.FATAL, e.kind());
        assertTrue(e.getMessage().contains("garbage.cert"), e.getMessage());
    }

    @Test
    void unreachableNodeIsUnknownNotAHang() throws Exception {
        start(0);
        final int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (LndNode n = LndNode.connect("localhost:" + port, fake.certs.cert, fake.macaroonFile, FAST, false)) {
            final NodeException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(NodeException.class, n::info));
            assertEquals(NodeException.Kind.UNKNOWN, e.kind());
            assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
        }
    }

    @Test
    void slowNodeHitsTheDeadline() throws Exception {
        fake = new FakeLnd(dir, lnd2019, SELF, 0);
        fake.delay(5_000);
        final LndNode.Settings quick = new LndNode.Settings(Duration.ofMillis(300), Duration.ofMillis(300),
                Duration.ofMillis(300), 512 << 20);
        try (LndNode n = LndNode.connect(fake.target(), fake.certs.cert, fake.macaroonFile, quick, false)) {
            final NodeException e = assertTimeoutPreemptively(Duration.ofSeconds(4),
                    () -> assertThrows(NodeException.class, n::info));
            assertEquals(NodeException.Kind.UNKNOWN, e.kind());
            assertTrue(e.getMessage().contains("did not answer GetInfo within 0.3 s"), e.getMessage());
        }
    }

    @Test
    void otherChainIsFatal() throws Exception {
        start(0);
        fake.network("litecoin", "mainnet");
        final NodeException e = assertThrows(NodeException.class, node::info);
        assertEquals(NodeException.Kind.FATAL, e.kind());
        assertTrue(e.getMessage().contains("litecoin"), e.getMessage());
    }

    @Test
    void eventsReachTheListenerAndTheEndIsReportedOnce() throws Exception {
        start(3_000_000);
        final LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
        final AutoCloseable sub = node.subscribe(new LightningNode.Events() {
            @Override
            public void channelOpened(LightningNode.NodeChannel c, long scid) {
                seen.add("open " + c.chanPoint() + " " + c.peer().toHex() + " " + scid);
            }

            @Override
            public void channelClosed(OutPoint p, long scid) {
                seen.add("closed " + p);
            }

            @Override
            public void graphChanged() {
                seen.add("graph");
            }

            @Override
            public void disconnected(NodeException cause) {
                seen.add("gone " + cause.kind());
            }
        });
        final int i = dialable(0);
        final NodeId peer = lnd2019.nodeId(i);
        node.connect(peer, lnd2019.addresses(i));
        final OutPoint p = node.openChannel(peer, 300_000);
        org.lnautopilot.node.Eventually.waitFor(() -> fake.calls("SubscribeChannelEvents").size() == 1 && fake.calls("SubscribeChannelGraph").size() == 1);
        fake.confirm(p.toString());
        assertTrue(seen.poll(5, TimeUnit.SECONDS).startsWith("open " + p + " " + peer.toHex()));
        fake.announce();
        assertEquals("graph", seen.poll(5, TimeUnit.SECONDS));
        fake.closeByPeer(p.toString());
        assertEquals("closed " + p, seen.poll(5, TimeUnit.SECONDS));
        fake.stopServer();
        assertEquals("gone UNKNOWN", seen.poll(10, TimeUnit.SECONDS));
        assertEquals(null, seen.poll(300, TimeUnit.MILLISECONDS), "the end is reported once");
        sub.close();
    }

    @Test
    void channelPointBytesAreReversedAndTextIsTakenAsIs() {
        final byte[] display = new byte[32];
        for (int k = 0; k < 32; k++) {
            display[k] = (byte) k;
        }
        final byte[] internal = new byte[32];
        for (int k = 0; k < 32; k++) {
            internal[k] = (byte) (31 - k);
        }
        final OutPoint fromBytes = LndNode.outPoint(LightningApi.ChannelPoint.newBuilder()
                .setFundingTxidBytes(ByteString.copyFrom(internal)).setOutputIndex(1).build());
        assertEquals(Hex.encode(display) + ":1", fromBytes.toString());
        final OutPoint fromText = LndNode.outPoint(LightningApi.ChannelPoint.newBuilder()
                .setFundingTxidStr(Hex.encode(display)).setOutputIndex(1).build());
        assertEquals(fromBytes, fromText);
        assertThrows(IllegalArgumentException.class, () -> LndNode.outPoint(LightningApi.ChannelPoint.newBuilder()
                .setFundingTxidBytes(ByteString.copyFrom(new byte[31])).build()));
        assertFalse(fromBytes.equals(LndNode.outPoint(LightningApi.ChannelPoint.newBuilder()
                .setFundingTxidBytes(ByteString.copyFrom(display)).setOutputIndex(1).build())));
    }

    @Test
    void aBadDescribeGraphReplyIsRejectedSayingWhereNeverPartly() {
        final LightningApi.LightningNode a = LightningApi.LightningNode.newBuilder().setPubKey(TestKeys.key(1).toHex())
                .addAddresses(LightningApi.NodeAddress.newBuilder().setNetwork("tcp").setAddr("192.0.2.1:9735")).build();
        final LightningApi.LightningNode b = LightningApi.LightningNode.newBuilder().setPubKey(TestKeys.key(2).toHex())
                .build();
        final LightningApi.ChannelEdge ab = LightningApi.ChannelEdge.newBuilder().setChannelId(1L << 40)
                .setNode1Pub(TestKeys.key(1).toHex()).setNode2Pub(TestKeys.key(2).toHex()).setCapacity(100_000).build();
        final String[][] cases = {
            {"badhex", "bad hex character"},
            {"short", "must be 66 hex characters"},
            {"twice", "listed twice"},
            {"self", "to itself"},
            {"unknown", "which is not in 'nodes'"},
            {"negative", "outside [0, 21 million BTC]"},
            {"duplicate", "duplicate channel id"},
            {"address", "address must be host:port"},
        };
        for (String[] c : cases) {
            final LightningApi.ChannelGraph.Builder g = LightningApi.ChannelGraph.newBuilder().addNodes(a).addNodes(b)
                    .addEdges(ab);
            switch (c[0]) {
                case "badhex" -> g.setNodes(1, b.toBuilder().setPubKey("zz" + b.getPubKey().substring(2)));
                case "short" -> g.setEdges(0, ab.toBuilder().setNode2Pub("02ab"));
                case "twice" -> g.addNodes(a);
                case "self" -> g.setEdges(0, ab.toBuilder().setNode2Pub(ab.getNode1Pub()));
                case "unknown" -> g.setEdges(0, ab.toBuilder().setNode2Pub(TestKeys.key(3).toHex()));
                case "negative" -> g.setEdges(0, ab.toBuilder().setCapacity(-1));
                case "duplicate" -> g.addEdges(ab);
                case "address" -> g.setNodes(1, b.toBuilder().addAddresses(LightningApi.NodeAddress.newBuilder()
                        .setAddr("no-port")));
                default -> throw new AssertionError(c[0]);
            }
            final org.lnautopilot.io.GraphFormatException e = assertThrows(org.lnautopilot.io.GraphFormatException.class,
                    () -> LndGraph.build(g.build(), "DescribeGraph of lnd at x", false), c[0]);
            assertTrue(e.getMessage().startsWith("DescribeGraph of lnd at x: ") && e.getMessage().contains(c[1]),
                    c[0] + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("nodes[") || e.getMessage().contains("edges[")
                    || e.getMessage().contains("channel "), c[0] + " says where: " + e.getMessage());
        }
    }

}
