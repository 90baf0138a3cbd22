package org.lnautopilot.heuristic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.testing.SetLawCounter;
import org.lnautopilot.testing.Stats;
import org.lnautopilot.testing.TestGraphs;

/** {@link ScoredAttachment}: lnd's chooseN law by exact enumeration, and property-style invariants. */
class ScoredAttachmentTest {
    private static final long BTC = 100_000_000L;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 12);
    }

    /** External scores given per node index (null: absent). */
    private static ExternalScores scores(double[] s) {
        ExternalScores e = new ExternalScores();
        java.util.Map<NodeId, Double> m = new java.util.HashMap<>();
        for (int i = 0; i < s.length; i++) {
            m.put(NodeId.of(TestGraphs.key(i)), s[i]);
        }
        e.set(m);
        return e;
    }

    /**
     * On graphs of 6 nodes: self is node 0 with a channel to node 1; node 2 is skipped; node 5 has no
     * address; the rest have random scores (one of them 0). The selected sets follow the exact law of
     * sequential picks without replacement over the eligible scores (chi-square, p > 1e-6).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void selectedSetsFollowTheExactLaw(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 6;
        CsrGraph.Builder b = CsrGraph.builder();
        for (int i = 0; i < n; i++) {
            int idx = b.node(TestGraphs.key(i), 0);
            b.declare(idx);
            if (i != 5) {
                b.addAddress(idx, java.net.InetSocketAddress.createUnresolved("10.0.0." + i, 9735));
            }
        }
        b.addChannel(1, 0, 1, BTC);
        b.addChannel(2, 2, 3, BTC);
        b.addChannel(3, 3, 4, BTC);
        CsrGraph g = b.build();
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = 0.05 + 0.95 * r.nextDouble();
        }
        s[4] = seed % 3 == 0 ? 0 : s[4];
        int k = 1 + (int) (seed % 3);
        boolean[] excluded = {true, true, true, false, false, true};
        SetLawCounter counter = new SetLawCounter(Stats.exactSetLaw(s, excluded, k), "seed " + seed);
        ScoredAttachment h = new ScoredAttachment(scores(s), 0, BTC, 10, 0.5, new SplittableRandom(seed * 31));
        NodeId self = NodeId.of(TestGraphs.key(0));
        Set<NodeId> skip = Set.of(NodeId.of(TestGraphs.key(2)));
        for (int t = 0; t < 30_000; t++) {
            long mask = 0;
            for (AttachmentDirective d : h.select(self, g, 10 * BTC, k, skip)) {
                mask |= 1L << g.indexOf(d.peerKey());
            }
            counter.record(mask);
        }
        counter.assertFits();
    }

    /**
     * Invariants over generated graphs: never self, a neighbour of self, a skipped, addressless or
     * zero-scored node; never a repeat; amounts within (min, max] and summing to at most the funds;
     * the same seed gives the same directives.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void invariants(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 30 + r.nextInt(200);
        CsrGraph g = TestGraphs.randomMultigraph(seed, n, 1 + r.nextDouble() * 3);
        NodeIdSet picks = new NodeIdSet();
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = r.nextInt(5) == 0 ? 0 : r.nextDouble();
        }
        int self = r.nextInt(n);
        Set<NodeId> skip = new HashSet<>();
        for (int i = 0; i < n / 10; i++) {
            skip.add(g.nodeId(r.nextInt(n)));
        }
        long min = 20_000;
        long max = 1 + r.nextInt(5_000_000);
        long funds = min + r.nextInt(30_000_000);
        int k = 1 + r.nextInt(12);
        List<List<AttachmentDirective>> runs = new ArrayList<>();
        for (int rep = 0; rep < 2; rep++) {
            ScoredAttachment h = new ScoredAttachment(scores(s), min, Math.max(min, max), 10, 0.5, new SplittableRandom(seed));
            runs.add(h.select(g.nodeId(self), g, funds, k, skip));
        }
        assertEquals(runs.get(0), runs.get(1), "same seed, same directives");
        long total = 0;
        for (AttachmentDirective d : runs.get(0)) {
            int i = g.indexOf(d.peerKey());
            assertTrue(i != self, "never self");
            assertFalse(skip.contains(d.peerKey()), "never skipped");
            assertTrue(s[i] > 0, "never a zero score");
            assertTrue(picks.add(d.peerKey()), "never a repeat");
            for (int sl = g.slotStart(self); sl < g.slotEnd(self); sl++) {
                assertTrue(g.neighbour(sl) != i, "never a neighbour of self");
            }
            assertTrue(d.chanAmtSat() > min || d.chanAmtSat() == Math.max(min, max), "amount above the minimum");
            assertTrue(d.chanAmtSat() <= Math.max(min, max), "amount within the maximum");
            total += d.chanAmtSat();
        }
        assertTrue(total <= funds, "within the funds");
        assertTrue(runs.get(0).size() <= k);
    }

    /** A set of node ids. */
    private static final class NodeIdSet extends HashSet<NodeId> {
        private static final long serialVersionUID = 1L;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyEligibleNodeIsPickedWhenAskedForMore(long seed) {
        CsrGraph g = TestGraphs.of(4, new int[][] {{0, 1}, {2, 3}});
        ScoredAttachment h = new ScoredAttachment(new Uniform(), 0, BTC, 10, 0.5, new SplittableRandom(seed));
        List<AttachmentDirective> d = h.select(NodeId.of(TestGraphs.key(0)), g, 100 * BTC, 10, Set.of());
        assertEquals(Set.of(g.nodeId(2), g.nodeId(3)), Set.of(d.get(0).peerKey(), d.get(1).peerKey()));
        assertEquals(2, d.size(), "self and its neighbour are never picked; fewer picks is normal");
        assertEquals(Map.of(), Map.of());
    }
}
