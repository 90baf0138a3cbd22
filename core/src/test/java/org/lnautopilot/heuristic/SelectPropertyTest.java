package org.lnautopilot.heuristic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.ChannelGraph;
import org.lnautopilot.NodeId;
import org.lnautopilot.ShortChannelId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.MapGraph;
import org.lnautopilot.growth.BarabasiAlbert;
import org.lnautopilot.testing.TestKeys;

/**
 * Property-style invariants of Select over generated graphs, skip sets and budgets, one case per
 * fixed seed: never self, never a skipped or addressless node, never a repeat, amounts in
 * (min, max], total within funds, same seed same output.
 */
class SelectPropertyTest {
    static LongStream seeds() {
        return LongStream.rangeClosed(1, 40);
    }

    /** A random case: graph, self, skip set, budget and channel bounds, all from the seed. */
    record Case(ChannelGraph graph, CsrGraph csr, NodeId self, Set<NodeId> skip, long funds, int k, long min, long max,
            double alpha) {
        static Case of(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            int n = 3 + r.nextInt(400);
            int m = 1 + r.nextInt(Math.min(5, n - 1));
            CsrGraph g = BarabasiAlbert.generate(n, m, seed);
            NodeId self = r.nextBoolean() ? g.nodeId(r.nextInt(n)) : TestKeys.key(77);
            Set<NodeId> skip = new HashSet<>();
            int skips = r.nextInt(3) == 0 ? r.nextInt(n + 1) : r.nextInt(Math.min(n, 10) + 1);
            for (int i = 0; i < skips; i++) {
                skip.add(g.nodeId(r.nextInt(n)));
            }
            if (r.nextBoolean()) {
                skip.add(TestKeys.key(78));
            }
            long min = r.nextBoolean() ? 0 : r.nextLong(1, 50_000);
            long max = min + r.nextLong(1, 16_000_000);
            long funds = r.nextLong(0, 40 * max);
            int k = r.nextInt(1, 30);
            double alpha = r.nextInt(3) == 0 ? r.nextDouble(0, 2) : 1.0;
            ChannelGraph view = r.nextInt(4) == 0 ? MapGraph.copyOf(g) : g;
            return new Case(view, g, self, skip, funds, k, min, max, alpha);
        }

        List<AttachmentDirective> run(long rngSeed) {
            return new ConstrainedPrefAttachment(min, max, 10, 0.5, alpha, new SplittableRandom(rngSeed))
                    .select(self, graph, funds, k, skip);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void invariants(long seed) {
        Case c = Case.of(seed);
        List<AttachmentDirective> out = c.run(seed);
        Set<NodeId> seen = new HashSet<>();
        long total = 0;
        assertTrue(out.size() <= c.k(), "at most k directives (seed " + seed + ")");
        for (AttachmentDirective d : out) {
            assertFalse(d.peerKey().equals(c.self()), "self picked (seed " + seed + ")");
            assertFalse(c.skip().contains(d.peerKey()), "skipped node picked (seed " + seed + ")");
            assertTrue(seen.add(d.peerKey()), "repeat (seed " + seed + ")");
            assertTrue(c.csr().indexOf(d.peerKey()) >= 0, "a node of the graph (seed " + seed + ")");
            assertTrue(d.chanAmtSat() > c.min() && d.chanAmtSat() <= c.max(),
                    "amount " + d.chanAmtSat() + " outside (" + c.min() + ", " + c.max() + "] (seed " + seed + ")");
            total += d.chanAmtSat();
        }
        assertTrue(total <= c.funds(), "total " + total + " exceeds funds " + c.funds() + " (seed " + seed + ")");
        assertEquals(out, c.run(seed), "same seed, same directives (seed " + seed + ")");
        // When funds allow and enough nodes are eligible, exactly k directives.
        int eligible = 0;
        for (int i = 0; i < c.csr().nodeCount(); i++) {
            NodeId id = c.csr().nodeId(i);
            eligible += !id.equals(c.self()) && !c.skip().contains(id) ? 1 : 0;
        }
        if (c.funds() >= (long) c.k() * c.max() && c.funds() >= c.min()) {
            assertEquals(Math.min(c.k(), eligible), out.size(), "as many picks as possible (seed " + seed + ")");
        }
    }

    @Test
    void addresslessNodesAreNeverPickedFromCsrGraphsUnlessEligible() {
        CsrGraph.Builder b = CsrGraph.builder();
        InetSocketAddress a = InetSocketAddress.createUnresolved("x.onion", 9735);
        for (int v = 1; v <= 6; v++) {
            b.addNode(TestKeys.key(v), v % 2 == 0 ? List.of(a) : List.of());
        }
        for (int v = 1; v < 6; v++) {
            b.addChannel(ShortChannelId.of(1, v, 0), TestKeys.key(v), TestKeys.key(v + 1), 1000);
        }
        CsrGraph strict = b.build();
        CsrGraph lenient = b.addresslessEligible(true).build();
        Set<NodeId> lenientSeen = new HashSet<>();
        for (long seed = 0; seed < 300; seed++) {
            ConstrainedPrefAttachment p = new ConstrainedPrefAttachment(0, 100, 5, 0.5, new SplittableRandom(seed));
            List<AttachmentDirective> d = p.select(TestKeys.key(99), strict, 10_000, 6, Set.of());
            assertEquals(3, d.size(), "only the three dialable nodes");
            for (AttachmentDirective x : d) {
                assertFalse(x.addrs().isEmpty());
            }
            for (AttachmentDirective x : p.select(TestKeys.key(99), lenient, 10_000, 6, Set.of())) {
                lenientSeen.add(x.peerKey());
            }
        }
        assertEquals(6, lenientSeen.size());
    }

    /** The same nodes and channels, every node with the address {@code host:port}. */
    private static CsrGraph ring(int n, String host, int port) {
        CsrGraph.Builder b = CsrGraph.builder();
        for (int v = 0; v < n; v++) {
            b.addNode(TestKeys.key(v + 1), List.of(InetSocketAddress.createUnresolved(host, port + v)));
        }
        for (int v = 0; v < n; v++) {
            b.addChannel(ShortChannelId.of(2, v, 0), TestKeys.key(v + 1), TestKeys.key((v + 1) % n + 1), 1000);
            b.addChannel(ShortChannelId.of(3, v, 0), TestKeys.key(v + 1), TestKeys.key((v + 7) % n + 1), 1000);
        }
        return b.build();
    }

    /**
     * One heuristic kept across calls, as the agent keeps it, while the snapshot and the funds change
     * from call to call: each directive is the node, amount and addresses of the snapshot passed in
     * that call, never one handed out for an earlier snapshot or amount. Two of the snapshots have
     * the same node ids with other addresses, as a new snapshot has after nodes re-announce.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void oneHeuristicAcrossSnapshotsAndBudgets(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<CsrGraph> snapshots = List.of(ring(50, "a.onion", 1000), ring(50, "b.onion", 2000),
                BarabasiAlbert.generate(60, 2, seed));
        List<org.lnautopilot.AttachmentHeuristic> heuristics = List.of(
                new ConstrainedPrefAttachment(1_000, 100_000, 10, 0.5, new SplittableRandom(seed)),
                new ScoredAttachment(new PrefAttachment(), 1_000, 100_000, 10, 0.5, new SplittableRandom(seed)));
        for (org.lnautopilot.AttachmentHeuristic h : heuristics) {
            for (int call = 0; call < 60; call++) {
                CsrGraph g = snapshots.get(r.nextInt(snapshots.size()));
                long funds = r.nextBoolean() ? 10_000_000 : r.nextLong(1_000, 700_000);
                List<AttachmentDirective> out = h.select(TestKeys.key(999), g, funds, 8, Set.of());
                long total = 0;
                long left = funds;
                for (AttachmentDirective d : out) {
                    // The seed's sizing, in pick order: each channel gets min(max, what is left).
                    assertEquals(Math.min(100_000, left), d.chanAmtSat(), "seed " + seed + ", call " + call);
                    left -= d.chanAmtSat();
                    int i = g.indexOf(d.peerKey());
                    String where = "seed " + seed + ", call " + call + ", " + h.getClass().getSimpleName();
                    assertTrue(i >= 0, "a node of this snapshot (" + where + ")");
                    assertEquals(g.addresses(i), d.addrs(), "this snapshot's addresses (" + where + ")");
                    assertTrue(d.chanAmtSat() > 1_000 && d.chanAmtSat() <= 100_000, where);
                    total += d.chanAmtSat();
                }
                assertTrue(total <= funds, "seed " + seed + ": total " + total + " over funds " + funds);
                if (funds >= 8 * 100_000L) {
                    assertEquals(8, out.size(), "seed " + seed);
                    for (AttachmentDirective d : out) {
                        assertEquals(100_000, d.chanAmtSat(), "seed " + seed);
                    }
                }
            }
        }
    }

    @Test
    void concurrentCallsKeepInvariants() throws Exception {
        CsrGraph g = BarabasiAlbert.generate(20_000, 3, 8);
        ConstrainedPrefAttachment p = new ConstrainedPrefAttachment(0, 1000, 5, 0.5, new SplittableRandom(8));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                final int tt = t;
                fs.add(pool.submit(() -> {
                    Set<NodeId> skip = Set.of(g.nodeId(tt), g.nodeId(tt + 1));
                    for (int i = 0; i < 2000; i++) {
                        List<AttachmentDirective> d = p.select(g.nodeId(10), g, 10_000, 8, skip);
                        assertEquals(8, d.size());
                        Set<NodeId> seen = new HashSet<>();
                        for (AttachmentDirective x : d) {
                            assertTrue(seen.add(x.peerKey()));
                            assertFalse(skip.contains(x.peerKey()) || x.peerKey().equals(g.nodeId(10)));
                        }
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
