package org.lnautopilot.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.AttachmentHeuristic;
import org.lnautopilot.Channel;
import org.lnautopilot.ChannelGraph;
import org.lnautopilot.ChannelNeed;
import org.lnautopilot.NodeId;
import org.lnautopilot.ShortChannelId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.MapGraph;
import org.lnautopilot.heuristic.ConstrainedPrefAttachment;
import org.lnautopilot.io.GraphReaders;
import org.lnautopilot.testing.SharedGraphs;
import org.lnautopilot.testing.TestKeys;

/** Bursts of signals from many threads, faulty collaborators, idleness, and a real graph end to end. */
class AgentRobustnessTest {
    static final long BTC = 100_000_000L;
    static final NodeId SELF = TestKeys.key(1000);
    final List<Agent> agents = new ArrayList<>();

    @AfterEach
    void stopAll() {
        agents.forEach(Agent::stop);
    }

    /** Counts calls; needMoreChans takes {@code delayMillis} and answers as told. */
    static class CountingHeuristic implements AttachmentHeuristic {
        final AtomicInteger needs = new AtomicInteger();
        final AtomicInteger selects = new AtomicInteger();
        final long delayMillis;
        volatile ChannelNeed answer = ChannelNeed.NONE;
        volatile RuntimeException failure;
        volatile List<AttachmentDirective> directives = List.of();

        CountingHeuristic(long delayMillis) {
            this.delayMillis = delayMillis;
        }

        @Override
        public ChannelNeed needMoreChans(List<Channel> chans, long balanceSat) {
            needs.incrementAndGet();
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failure != null) {
                throw failure;
            }
            return answer;
        }

        @Override
        public List<AttachmentDirective> select(NodeId self, ChannelGraph graph, long amt, int n, Set<NodeId> skip) {
            selects.incrementAndGet();
            return directives;
        }
    }

    Agent agent(AttachmentHeuristic h, ChannelController c, WalletBalance w, int maxPending, List<Channel> initial,
            ChannelGraph g) {
        Agent a = new Agent(new Config(SELF, h, c, w, g, maxPending), initial);
        agents.add(a);
        return a;
    }

    @Test
    void balanceDeltasFromEightThreadsSumExactly() throws Exception {
        CountingHeuristic h = new CountingHeuristic(1);
        Agent a = agent(h, new RecordingController(RecordingController.Mode.SUCCEED), () -> 1_000, 5, List.of(),
                new MapGraph());
        a.start();
        int threads = 8;
        int perThread = 1250;
        AtomicLong sum = new AtomicLong(1_000);
        runThreads(threads, t -> {
            SplittableRandom r = new SplittableRandom(t);
            for (int i = 0; i < perThread; i++) {
                long d = r.nextLong(-1000, 1001);
                sum.addAndGet(d);
                a.onBalanceChange(d);
            }
        });
        AgentTest.await(() -> a.status().totalBalanceSat() == sum.get(), "balance = initial + all deltas = " + sum.get());
        int evals = h.needs.get();
        assertTrue(evals < threads * perThread / 10, "signals merged: " + evals + " evaluations for 10,000 signals");
    }

    @Test
    void mixedSignalsFromEightThreadsGiveTheSequentialChannelSet() throws Exception {
        CountingHeuristic h = new CountingHeuristic(1);
        long wallet = 5 * BTC;
        Agent a = agent(h, new RecordingController(RecordingController.Mode.SUCCEED), () -> wallet, 5, List.of(),
                new MapGraph());
        a.start();
        int threads = 8;
        int perThread = 1250;
        Set<Channel> expected = java.util.concurrent.ConcurrentHashMap.newKeySet();
        runThreads(threads, t -> {
            List<Channel> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                switch (i % 4) {
                    case 0, 1 -> a.onBalanceChange(i);
                    case 2 -> {
                        Channel c = new Channel(ShortChannelId.of(700_000 + t, i, 0), 1000 + i, 0, TestKeys.key(1 + t));
                        mine.add(c);
                        a.onChannelOpen(c);
                    }
                    default -> {
                        if (i % 8 == 3) {
                            Channel c = mine.remove(0);
                            a.onChannelClose(c.chanId());
                        } else {
                            a.onChannelOpenFailure();
                        }
                    }
                }
            }
            expected.addAll(mine);
        });
        a.onChannelOpenFailure(); // a final re-read: the balance is the wallet's again
        AgentTest.await(() -> new HashSet<>(a.status().channels()).equals(expected)
                && a.status().totalBalanceSat() == wallet, "channel set of " + expected.size() + " and balance = wallet");
        assertEquals(expected.size(), a.status().channels().size(), "no channel twice");
        int evals = h.needs.get();
        assertTrue(evals < threads * perThread / 10, "signals merged: " + evals + " evaluations for 10,001 signals");
    }

    interface ThreadBody {
        void run(int t) throws Exception;
    }

    static void runThreads(int n, ThreadBody body) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < n; t++) {
            final int tt = t;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                    body.run(tt);
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            th.start();
            ts.add(th);
        }
        go.countDown();
        for (Thread th : ts) {
            th.join();
        }
        if (!errors.isEmpty()) {
            throw new AssertionError(errors.get(0));
        }
    }

    enum Fault { CONTROLLER_HANGS, CONTROLLER_THROWS_CHECKED, CONTROLLER_THROWS_UNCHECKED, WALLET_THROWS, HEURISTIC_THROWS }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void faultsNeverStopTheAgentAndStopIsPrompt(Fault fault) throws Exception {
        CountingHeuristic h = new CountingHeuristic(0);
        h.answer = new ChannelNeed(BTC, 1, true);
        h.directives = List.of(new AttachmentDirective(TestKeys.key(5), BTC, List.of()));
        RecordingController.Mode mode = switch (fault) {
            case CONTROLLER_HANGS -> RecordingController.Mode.HANG;
            case CONTROLLER_THROWS_CHECKED -> RecordingController.Mode.THROW_CHECKED;
            case CONTROLLER_THROWS_UNCHECKED -> RecordingController.Mode.THROW_UNCHECKED;
            default -> RecordingController.Mode.SUCCEED;
        };
        RecordingController c = new RecordingController(mode);
        AtomicInteger walletCalls = new AtomicInteger();
        WalletBalance w = () -> {
            if (fault == Fault.WALLET_THROWS && walletCalls.incrementAndGet() > 1) {
                throw new IOException("wallet gone");
            }
            return 10 * BTC;
        };
        if (fault == Fault.HEURISTIC_THROWS) {
            h.failure = new IllegalStateException("heuristic bug");
        }
        Agent a = agent(h, c, w, 3, List.of(), new MapGraph());
        a.start();
        AgentTest.await(() -> h.needs.get() >= 1, "first evaluation");
        // Signals that make the agent re-read the wallet and evaluate again.
        a.onChannelOpenFailure();
        a.onBalanceChange(1);
        AgentTest.await(() -> h.needs.get() >= 2, "the agent keeps evaluating after the fault");
        assertTrue(a.status().running(), "still running after " + fault);
        long t0 = System.nanoTime();
        a.stop();
        long stopMillis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(stopMillis < 1000, "stop() took " + stopMillis + " ms with " + fault);
        assertFalse(a.status().running());
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            for (int i = 0; i < 10_000; i++) {
                a.onBalanceChange(1);
                a.onChannelOpenFailure();
                a.onChannelClose(ShortChannelId.of(1, 1, 1));
            }
        }, "signals after stop() never block");
    }

    @Test
    void heuristicThrowingAnErrorDoesNotKillTheController() throws Exception {
        CountingHeuristic h = new CountingHeuristic(0) {
            @Override
            public ChannelNeed needMoreChans(List<Channel> chans, long balanceSat) {
                super.needMoreChans(chans, balanceSat);
                throw new AssertionError("heuristic invariant broken");
            }
        };
        Agent a = agent(h, new RecordingController(RecordingController.Mode.SUCCEED), () -> BTC, 3, List.of(),
                new MapGraph());
        a.start();
        AgentTest.await(() -> h.needs.get() == 1, "first evaluation");
        a.onBalanceChange(1);
        AgentTest.await(() -> h.needs.get() == 2, "the controller survived the error and evaluated again");
        assertTrue(a.status().running());
    }

    @Test
    void hungHeuristicDoesNotHoldUpStop() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        AttachmentHeuristic hung = new CountingHeuristic(0) {
            @Override
            public ChannelNeed needMoreChans(List<Channel> chans, long balanceSat) {
                entered.countDown();
                for (;;) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException ignored) {
                        // ignores interrupts
                    }
                }
            }
        };
        Agent a = agent(hung, new RecordingController(RecordingController.Mode.SUCCEED), () -> BTC, 3, List.of(),
                new MapGraph());
        a.start();
        entered.await();
        long t0 = System.nanoTime();
        a.stop();
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 1000, "stop() is prompt");
    }

    @Test
    void idleAgentEvaluatesNothingAndBurnsNoCpu() throws Exception {
        CountingHeuristic counting = new CountingHeuristic(0) {
            final ConstrainedPrefAttachment real = new ConstrainedPrefAttachment(20_000, BTC, 5, 0.6,
                    new SplittableRandom(1));

            @Override
            public ChannelNeed needMoreChans(List<Channel> chans, long balanceSat) {
                super.needMoreChans(chans, balanceSat);
                return real.needMoreChans(chans, balanceSat);
            }
        };
        Agent a = agent(counting, new RecordingController(RecordingController.Mode.SUCCEED), () -> 0, 5, List.of(),
                new MapGraph());
        a.start();
        AgentTest.await(() -> counting.needs.get() == 1, "the first evaluation");
        Thread controller = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("autopilot-") && t.getName().endsWith("-controller") && t.isAlive())
                .filter(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING)
                .findFirst().orElseThrow();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getThreadCpuTime(controller.getId());
        Thread.sleep(1000);
        long cpu1 = mx.getThreadCpuTime(controller.getId());
        assertEquals(1, counting.needs.get(), "no evaluation without a signal");
        assertEquals(0, counting.selects.get());
        assertTrue(cpu1 - cpu0 < 20_000_000L, "idle controller used " + (cpu1 - cpu0) / 1000 + " us of CPU in a second");
    }

    @Test
    void endToEndOnThe2019Snapshot() throws Exception {
        CsrGraph g = GraphReaders.describeGraph(SharedGraphs.require(SharedGraphs.LND_2019));
        NodeId self = TestKeys.key(123_456_789);
        assertEquals(-1, g.indexOf(self));
        ConstrainedPrefAttachment pa = new ConstrainedPrefAttachment(20_000, BTC, 5, 0.6, new SplittableRandom(2019));
        RecordingController c = new RecordingController(RecordingController.Mode.SUCCEED);
        Agent a = new Agent(new Config(self, pa, c, () -> 10 * BTC, g, 10), List.of());
        agents.add(a);
        a.start();
        Set<NodeId> peers = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            RecordingController.Open o = c.nextOpen();
            assertEquals(BTC, o.amtSat(), "6 BTC for 5 channels: each at the 1 BTC maximum");
            assertFalse(o.addrs().isEmpty(), "the peer advertises an address");
            assertFalse(o.target().equals(self));
            int idx = g.indexOf(o.target());
            assertTrue(idx >= 0 && g.hasAddress(idx));
            peers.add(o.target());
        }
        assertEquals(5, peers.size(), "five distinct peers");
        assertEquals(null, c.opens.poll(300, java.util.concurrent.TimeUnit.MILLISECONDS), "exactly five opens");
        assertEquals(5, a.status().pendingOpens().size());
    }
}
