package org.lnautopilot.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.Channel;
import org.lnautopilot.ChannelNeed;
import org.lnautopilot.NodeId;
import org.lnautopilot.ShortChannelId;
import org.lnautopilot.graph.MapGraph;
import org.lnautopilot.testing.TestKeys;

/** The agent's loop, driven step by step through a scripted heuristic and a recording controller. */
class AgentTest {
    static final long BTC = 100_000_000L;
    static final NodeId SELF = TestKeys.key(1000);
    static final List<InetSocketAddress> ADDRS = List.of(InetSocketAddress.createUnresolved("peer.onion", 9735));

    final List<Agent> agents = new ArrayList<>();
    final ScriptedHeuristic h = new ScriptedHeuristic();

    @AfterEach
    void stopAll() {
        agents.forEach(Agent::stop);
    }

    Agent agent(RecordingController c, WalletBalance wallet, int maxPending, List<Channel> initial) {
        Agent a = new Agent(new Config(SELF, h, c, wallet, new MapGraph(), maxPending), initial);
        agents.add(a);
        return a;
    }

    static Channel chan(int id, long cap, int peer) {
        return new Channel(ShortChannelId.of(500, id, 0), cap, 0, TestKeys.key(peer));
    }

    static AttachmentDirective directive(int peer, long amt) {
        return new AttachmentDirective(TestKeys.key(peer), amt, ADDRS);
    }

    static void await(BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(2);
        }
    }

    @Test
    void openSignalIsSeenAndSelectSkippedWhenNotNeeded() throws Exception {
        Agent a = agent(new RecordingController(RecordingController.Mode.SUCCEED), () -> 0, 5, List.of());
        a.start();
        h.nextNeed().reply(ChannelNeed.NONE);
        Channel c = chan(1, BTC, 7);
        a.onChannelOpen(c);
        ScriptedHeuristic.Need n = h.nextNeed();
        assertTrue(n.chans().contains(c));
        n.reply(ChannelNeed.NONE);
        a.onBalanceChange(1);
        h.nextNeed().reply(ChannelNeed.NONE); // the next call is needMoreChans again: no select in between
    }

    @Test
    void closeSignalRemovesChannels() throws Exception {
        Channel c1 = chan(1, BTC, 7);
        Channel c2 = chan(2, BTC, 8);
        Agent a = agent(new RecordingController(RecordingController.Mode.SUCCEED), () -> 0, 5, List.of(c1, c2));
        a.start();
        ScriptedHeuristic.Need first = h.nextNeed();
        assertEquals(List.of(c1, c2), first.chans());
        first.reply(ChannelNeed.NONE);
        a.onChannelClose(c1.chanId(), c2.chanId());
        ScriptedHeuristic.Need n = h.nextNeed();
        assertEquals(List.of(), n.chans());
        n.reply(ChannelNeed.NONE);
    }

    @Test
    void balanceChangeIsAdded() throws Exception {
        Agent a = agent(new RecordingController(RecordingController.Mode.SUCCEED), () -> 2 * BTC, 5, List.of());
        a.start();
        ScriptedHeuristic.Need first = h.nextNeed();
        assertEquals(2 * BTC, first.balanceSat());
        first.reply(ChannelNeed.NONE);
        a.onBalanceChange(5 * BTC);
        ScriptedHeuristic.Need n = h.nextNeed();
        assertEquals(7 * BTC, n.balanceSat());
        n.reply(ChannelNeed.NONE);
        await(() -> a.status().totalBalanceSat() == 7 * BTC, "status shows 7 BTC");
    }

    @Test
    void immediateAttachOpensEveryDirective() throws Exception {
        RecordingController c = new RecordingController(RecordingController.Mode.SUCCEED);
        Agent a = agent(c, () -> 10 * BTC, 10, List.of());
        a.start();
        h.nextNeed().reply(new ChannelNeed(5 * BTC, 5, true));
        ScriptedHeuristic.Select s = h.nextSelect();
        assertEquals(5 * BTC, s.amtSat());
        assertEquals(5, s.numChans());
        List<AttachmentDirective> ds = new ArrayList<>();
        for (int p = 1; p <= 5; p++) {
            ds.add(directive(p, BTC));
        }
        s.reply(ds);
        Set<NodeId> targets = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            RecordingController.Open o = c.nextOpen();
            assertEquals(BTC, o.amtSat());
            assertEquals(ADDRS, o.addrs());
            targets.add(o.target());
        }
        assertEquals(Set.of(TestKeys.key(1), TestKeys.key(2), TestKeys.key(3), TestKeys.key(4), TestKeys.key(5)), targets);
        assertNull(c.opens.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS), "exactly five opens");
        assertEquals(5, a.status().pendingOpens().size());
    }

    @Test
    void duplicateDirectivesOpenOneChannel() throws Exception {
        RecordingController c = new RecordingController(RecordingController.Mode.SUCCEED);
        Agent a = agent(c, () -> 10 * BTC, 10, List.of());
        a.start();
        h.nextNeed().reply(new ChannelNeed(5 * BTC, 5, true));
        h.nextSelect().reply(List.of(directive(3, BTC), directive(3, BTC), directive(3, BTC), directive(3, BTC),
                directive(3, BTC)));
        assertEquals(TestKeys.key(3), c.nextOpen().target());
        assertNull(c.opens.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS), "one channel to one peer");
    }

    @Test
    void pendingOpensCountAndAreSkipped() throws Exception {
        RecordingController c = new RecordingController(RecordingController.Mode.SUCCEED);
        Agent a = agent(c, () -> 10 * BTC, 10, List.of());
        a.start();
        h.nextNeed().reply(new ChannelNeed(BTC, 1, true));
        h.nextSelect().reply(List.of(directive(4, BTC / 2)));
        c.nextOpen();
        a.onBalanceChange(0);
        ScriptedHeuristic.Need n = h.nextNeed();
        assertEquals(1, n.chans().size());
        Channel pending = n.chans().get(0);
        assertEquals(BTC / 2, pending.capacitySat());
        assertEquals(TestKeys.key(4), pending.node());
        n.reply(new ChannelNeed(BTC, 1, true));
        ScriptedHeuristic.Select s = h.nextSelect();
        assertTrue(s.skip().contains(TestKeys.key(4)));
        s.reply(List.of());
        // The open confirms: the pending open becomes an open channel.
        Channel confirmed = new Channel(ShortChannelId.of(600, 1, 0), BTC / 2, BTC / 2, TestKeys.key(4));
        a.onChannelOpen(confirmed);
        ScriptedHeuristic.Need after = h.nextNeed();
        assertEquals(List.of(confirmed), after.chans());
        after.reply(ChannelNeed.NONE);
        await(() -> a.status().pendingOpens().isEmpty() && a.status().channels().equals(List.of(confirmed)),
                "status shows the open channel and nothing pending");
    }

    @Test
    void failedOpenTriggersOneEvaluationSkippingThePeer() throws Exception {
        for (RecordingController.Mode mode : List.of(RecordingController.Mode.THROW_CHECKED,
                RecordingController.Mode.THROW_UNCHECKED)) {
            ScriptedHeuristic hh = new ScriptedHeuristic();
            RecordingController c = new RecordingController(mode);
            Agent a = new Agent(new Config(SELF, hh, c, () -> 10 * BTC, new MapGraph(), 5), List.of());
            agents.add(a);
            a.start();
            hh.nextNeed().reply(new ChannelNeed(BTC, 1, true));
            hh.nextSelect().reply(List.of(directive(9, BTC)));
            c.nextOpen();
            ScriptedHeuristic.Need n = hh.nextNeed();
            assertEquals(List.of(), n.chans(), "the failed open is no longer pending (" + mode + ")");
            n.reply(new ChannelNeed(BTC, 1, true));
            ScriptedHeuristic.Select s = hh.nextSelect();
            assertTrue(s.skip().contains(TestKeys.key(9)), "failed peer skipped (" + mode + ")");
            s.reply(List.of());
            assertNull(hh.poll(200), "exactly one more evaluation (" + mode + ")");
            assertEquals(Set.of(TestKeys.key(9)), a.status().failedNodes());
            assertEquals(Instant.MAX, a.status().failedUntil().get(TestKeys.key(9)));
        }
    }

    @Test
    void failureBackoffExpires() throws Exception {
        RecordingController c = new RecordingController(RecordingController.Mode.THROW_CHECKED);
        Agent a = new Agent(new Config(SELF, h, c, () -> 10 * BTC, new MapGraph(), 5), List.of(), Duration.ofMillis(100));
        agents.add(a);
        a.start();
        h.nextNeed().reply(new ChannelNeed(BTC, 1, true));
        h.nextSelect().reply(List.of(directive(9, BTC)));
        h.nextNeed().reply(ChannelNeed.NONE);
        Instant until = a.status().failedUntil().get(TestKeys.key(9));
        assertTrue(until != null && until.isBefore(Instant.now().plusSeconds(1)), "back-off visible: " + until);
        Thread.sleep(150);
        assertEquals(Set.of(), a.status().failedNodes(), "back-off over");
        a.onBalanceChange(0);
        h.nextNeed().reply(new ChannelNeed(BTC, 1, true));
        assertFalse(h.nextSelect().skip().contains(TestKeys.key(9)), "skipped no more");
    }

    @Test
    void keyNotOnCurveCountsAsFailedOpen() throws Exception {
        RecordingController c = new RecordingController(RecordingController.Mode.SUCCEED);
        Agent a = agent(c, () -> 10 * BTC, 5, List.of());
        a.start();
        h.nextNeed().reply(new ChannelNeed(BTC, 1, true));
        NodeId bad = TestKeys.offCurve();
        h.nextSelect().reply(List.of(new AttachmentDirective(bad, BTC, ADDRS)));
        h.nextNeed().reply(new ChannelNeed(BTC, 1, true));
        ScriptedHeuristic.Select s = h.nextSelect();
        assertTrue(s.skip().contains(bad));
        s.reply(List.of());
        assertTrue(c.opens.isEmpty(), "never opened");
    }

    @Test
    void maxPendingOpensCapsInFlightCalls() throws Exception {
        RecordingController c = new RecordingController(RecordingController.Mode.BLOCK);
        Agent a = agent(c, () -> 10 * BTC, 2, List.of());
        a.start();
        h.nextNeed().reply(new ChannelNeed(5 * BTC, 5, true));
        List<AttachmentDirective> ds = new ArrayList<>();
        for (int p = 1; p <= 5; p++) {
            ds.add(directive(p, BTC));
        }
        h.nextSelect().reply(ds);
        c.nextOpen();
        c.nextOpen();
        assertNull(c.opens.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS), "no third open while two are pending");
        assertEquals(2, a.status().pendingOpens().size());
        // More signals: still capped, and select is not even asked.
        a.onBalanceChange(BTC);
        h.nextNeed().reply(new ChannelNeed(5 * BTC, 5, true));
        assertNull(h.poll(200), "no select while every slot is pending");
        assertEquals(2, c.maxInFlight.get());
        c.release.countDown();
    }

    @Test
    void zeroMaxPendingOpensOpensNothing() throws Exception {
        RecordingController c = new RecordingController(RecordingController.Mode.SUCCEED);
        Agent a = agent(c, () -> 10 * BTC, 0, List.of());
        a.start();
        h.nextNeed().reply(new ChannelNeed(5 * BTC, 5, true));
        assertNull(h.poll(200), "select not called");
        assertTrue(c.opens.isEmpty());
    }

    @Test
    void startFailureIsThrownAndStartCanBeRetried() throws Exception {
        AtomicLong calls = new AtomicLong();
        WalletBalance flaky = () -> {
            if (calls.incrementAndGet() == 1) {
                throw new java.io.IOException("wallet locked");
            }
            return 3;
        };
        Agent a = agent(new RecordingController(RecordingController.Mode.SUCCEED), flaky, 5, List.of());
        java.io.IOException e = assertThrows(java.io.IOException.class, a::start);
        assertEquals("wallet locked", e.getMessage());
        assertFalse(a.status().running());
        a.start();
        a.start(); // idempotent
        assertEquals(3, h.nextNeed().balanceSat());
        assertTrue(a.status().running());
        a.stop();
        a.stop(); // idempotent
        assertFalse(a.status().running());
        assertThrows(IllegalStateException.class, a::start);
    }

    @Test
    void configValidatesEveryField() {
        RecordingController c = new RecordingController(RecordingController.Mode.SUCCEED);
        MapGraph g = new MapGraph();
        WalletBalance w = () -> 0;
        assertEquals("self", assertThrows(NullPointerException.class, () -> new Config(null, h, c, w, g, 1)).getMessage());
        assertEquals("heuristic", assertThrows(NullPointerException.class, () -> new Config(SELF, null, c, w, g, 1)).getMessage());
        assertEquals("chanController",
                assertThrows(NullPointerException.class, () -> new Config(SELF, h, null, w, g, 1)).getMessage());
        assertEquals("walletBalance",
                assertThrows(NullPointerException.class, () -> new Config(SELF, h, c, null, g, 1)).getMessage());
        assertEquals("graph", assertThrows(NullPointerException.class, () -> new Config(SELF, h, c, w, null, 1)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Config(SELF, h, c, w, g, -1)).getMessage()
                .contains("maxPendingOpens"));
    }
}
