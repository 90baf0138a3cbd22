package org.lnautopilot.node.cln;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnautopilot.NodeId;
import org.lnautopilot.OutPoint;
import org.lnautopilot.graph.Addresses;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.node.LightningNode;
import org.lnautopilot.node.NodeException;
import org.lnautopilot.testing.SharedGraphs;
import org.lnautopilot.testing.TestKeys;

/** The Core Lightning adapter against {@link FakeLightningd} serving the 2021 snapshot. */
class ClnNodeTest {
    static CsrGraph cln2021;
    static final NodeId SELF = TestKeys.key(13);
    static final ClnNode.Settings FAST = new ClnNode.Settings(Duration.ofSeconds(10), Duration.ofSeconds(60),
            Duration.ofSeconds(10), Duration.ofMillis(50));

    @TempDir
    Path dir;
    FakeLightningd fake;
    ClnNode node;

    @BeforeAll
    static void load() throws Exception {
        cln2021 = SharedGraphs.load(SharedGraphs.CLN_2021);
    }

    @BeforeEach
    void start() throws Exception {
        fake = new FakeLightningd(dir.resolve("lightning-rpc"), cln2021, SELF, 6_000_000);
        node = new ClnNode(fake.socket, FAST, false);
    }

    @AfterEach
    void stop() {
        node.close();
        fake.close();
    }

    @Test
    void infoAndBalance() throws Exception {
        final LightningNode.Info info = node.info();
        assertEquals(SELF, info.id());
        assertEquals("fake-cln", info.alias());
        assertEquals("mainnet", info.network(), "lightningd's 'bitcoin' is mainnet");
        assertTrue(info.syncedToChain());
        assertEquals(870_000, info.blockHeight());
        assertEquals(6_000_000, node.confirmedBalanceSat(), "only confirmed outputs, amounts as int or \"msat\"");
        fake.unsyncedFor(1);
        assertFalse(node.info().syncedToChain());
    }

    @Test
    void graphIsTheSnapshotWithAddressesFromListnodes() throws Exception {
        final CsrGraph g = node.graph();
        assertEquals(cln2021.nodeCount(), g.nodeCount());
        assertEquals(cln2021.channelCount(), g.channelCount(), "each channel once, though listed per direction");
        for (int i = 0; i < g.nodeCount(); i++) {
            final int j = cln2021.indexOf(g.nodeId(i));
            assertEquals(cln2021.degree(j), g.degree(i));
            final List<InetSocketAddress> a = g.addresses(i);
            assertEquals(1, a.size());
            assertEquals(FakeLightningd.hostOf(j), a.get(0).getHostString());
            assertEquals(9735, a.get(0).getPort());
        }
        for (int c = 0; c < g.channelCount(); c += 97) {
            final int cc = indexOfChannel(cln2021, g.channelId(c));
            assertEquals(cln2021.capacitySat(cc), g.capacitySat(c));
        }
        assertEquals(List.of("listnodes", "listchannels"), fake.calls.stream().map(FakeLightningd.Call::method).toList());
    }

    private static int indexOfChannel(CsrGraph g, long id) {
        for (int c = 0; c < g.channelCount(); c++) {
            if (g.channelId(c) == id) {
                return c;
            }
        }
        throw new AssertionError("no channel " + id);
    }

    @Test
    void aReplySplitAcrossManyReadsIsRead() throws Exception {
        fake.splitReplies(true);
        assertEquals(SELF, node.info().id());
        assertEquals(6_000_000, node.confirmedBalanceSat());
    }

    @Test
    void aMalformedReplyIsAnErrorNotAHangNorAPartialGraph() throws Exception {
        fake.malformedNext("listchannels");
        final NodeException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(NodeException.class, node::graph));
        assertEquals(NodeException.Kind.UNKNOWN, e.kind());
        assertTrue(e.getMessage().contains("listchannels"), e.getMessage());
        fake.malformedNext("getinfo");
        final NodeException e2 = assertThrows(NodeException.class, node::info);
        assertTrue(e2.getMessage().contains("getinfo"), e2.getMessage());
        assertEquals(SELF, node.info().id(), "the next call works");
    }

    @Test
    void connectThenFundchannel() throws Exception {
        final NodeId peer = cln2021.nodeId(10);
        node.connect(peer, List.of(Addresses.parse(FakeLightningd.hostOf(10) + ":9735")));
        final Map<String, Object> cp = fake.calls("connect").get(0);
        assertEquals(peer.toHex(), cp.get("id"));
        assertEquals(FakeLightningd.hostOf(10), cp.get("host"));
        assertEquals(9735L, cp.get("port"));
        final OutPoint p = node.openChannel(peer, 400_000);
        final Map<String, Object> fp = fake.calls("fundchannel").get(0);
        assertEquals(peer.toHex(), fp.get("id"));
        assertEquals(400_000L, fp.get("amount"));
        assertEquals(OutPoint.parse(fake.chans().get(0).point()), p);
        assertEquals(List.of(p), node.pendingOpens().stream().map(LightningNode.NodeChannel::chanPoint).toList());
        assertTrue(node.openChannels().isEmpty());
        fake.lockIn(p.toString());
        assertEquals(400_000, node.openChannels().get(0).capacitySat());
        fake.closeByPeer(p.toString(), false);
        assertEquals(List.of(p), node.closedChannels(), "ONCHAIN counts as closed");
        assertTrue(node.openChannels().isEmpty());
    }

    @Test
    void connectByIdAloneLetsLightningdFindTheAddress() throws Exception {
        node.connect(cln2021.nodeId(11), List.of());
        assertEquals(Map.of("id", cln2021.nodeId(11).toHex()), fake.calls("connect").get(0));
    }

    @Test
    void lightningdErrorsCarryCodeAndMessage() throws Exception {
        final NodeId peer = cln2021.nodeId(12);
        ClnException e = assertThrows(ClnException.class, () -> node.openChannel(peer, 100_000));
        assertEquals(305, e.code());
        assertEquals("Peer not connected", e.errorMessage());
        assertEquals(NodeException.Kind.REFUSED, e.kind());
        e = assertThrows(ClnException.class, () -> node.connect(peer, List.of(Addresses.parse("192.0.2.1:9735"))));
        assertEquals(401, e.code());
        assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
        node.connect(peer, List.of());
        fake.refuseFunding(peer, 301, "Could not afford 100000sat using all 0 available UTXOs: 101500sat short");
        e = assertThrows(ClnException.class, () -> node.openChannel(peer, 100_000));
        assertEquals(301, e.code());
        assertTrue(e.getMessage().contains("Could not afford"), e.getMessage());
    }

    @Test
    void socketGoneIsUnknownAndBackIsFine() throws Exception {
        fake.stop();
        final NodeException e = assertThrows(NodeException.class, node::info);
        assertEquals(NodeException.Kind.UNKNOWN, e.kind());
        assertTrue(e.getMessage().contains("cannot reach lightningd at " + fake.socket), e.getMessage());
        fake.start();
        assertEquals(SELF, node.info().id());
    }

    @Test
    void aSlowReplyHitsTheDeadline() throws Exception {
        fake.loseReplyTo(cln2021.nodeId(14));
        node.connect(cln2021.nodeId(14), List.of());
        final ClnNode quick = new ClnNode(fake.socket, new ClnNode.Settings(Duration.ofMillis(300),
                Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(50)), false);
        final NodeException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(NodeException.class, () -> quick.openChannel(cln2021.nodeId(14), 100_000)));
        assertEquals(NodeException.Kind.UNKNOWN, e.kind());
        assertTrue(e.getMessage().contains("did not answer fundchannel within 0.3 s"), e.getMessage());
        assertEquals(1, quick.pendingOpens().size(), "lightningd made it");
    }

    @Test
    void pollingReportsOpensClosesAndTheSocketGoing() throws Exception {
        final NodeId peer = cln2021.nodeId(20);
        node.connect(peer, List.of());
        final OutPoint p = node.openChannel(peer, 300_000);
        final LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
        final AutoCloseable sub = node.subscribe(new LightningNode.Events() {
            @Override
            public void channelOpened(LightningNode.NodeChannel c, long scid) {
                seen.add("open " + c.chanPoint() + " " + c.capacitySat());
            }

            @Override
            public void channelClosed(OutPoint point, long scid) {
                seen.add("closed " + point);
            }

            @Override
            public void graphChanged() {
            }

            @Override
            public void disconnected(NodeException cause) {
                seen.add("gone");
            }
        });
        fake.lockIn(p.toString());
        node.wake();
        assertEquals("open " + p + " 300000", seen.poll(5, TimeUnit.SECONDS));
        fake.closeByPeer(p.toString(), false);
        assertEquals("closed " + p, seen.poll(5, TimeUnit.SECONDS));
        fake.stop();
        assertEquals("gone", seen.poll(5, TimeUnit.SECONDS));
        sub.close();
    }
}
