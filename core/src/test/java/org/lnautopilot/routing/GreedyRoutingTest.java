package org.lnautopilot.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.growth.BarabasiAlbert;
import org.lnautopilot.heuristic.GreedyRouting;
import org.lnautopilot.testing.TestKeys;

/**
 * {@code greedy_routing} against exact routing shares: a hand-made two-island graph, and on random
 * graphs against a plain exact greedy (every candidate tried with {@link PaymentEvaluator#exact}).
 */
class GreedyRoutingTest {
    static final long AMT = 100_000_000L;
    static final long CHAN = 1_000_000;
    static final NodeId SELF = TestKeys.key(999);
    static final ChannelPolicy MEDIAN_LIKE = new ChannelPolicy(1_000, 100, 40, 1_000, Long.MAX_VALUE, false);
    static final FeeSettings FEES = new FeeSettings(1_000, 100, 40);

    static GreedyRouting heuristic(long seed, int threads) {
        return new GreedyRouting(20_000, CHAN, 5, 1.0, new SplittableRandom(seed), AMT, FEES, 2_000, 100, threads);
    }

    static double share(CsrGraph g, int[] peers) {
        final long[] caps = new long[peers.length];
        Arrays.fill(caps, CHAN);
        return new PaymentEvaluator().exact(new GraphOverlay(g, peers, caps, MEDIAN_LIKE), AMT, 1).routingShare();
    }

    /**
     * Two islands of four nodes, each a ring of 10,000,000 sat channels at 1 ppm, joined only by one
     * 120,000 sat channel (a 100,000 sat payment crosses it with lnd's capacity factor near its floor)
     * at a high fee. A new node with 1,000,000 sat channels into both islands takes the crossing
     * payments; one channel takes none.
     */
    static CsrGraph islands() {
        final CsrGraph.Builder b = CsrGraph.builder().addresslessEligible(true);
        for (int i = 0; i < 8; i++) {
            b.node(TestKeys.key(i + 1));
        }
        int id = 1;
        for (int island = 0; island < 2; island++) {
            for (int i = 0; i < 4; i++) {
                final int a = 4 * island + i;
                final int z = 4 * island + (i + 1) % 4;
                final int c = b.addChannel(id++, a, z, 10_000_000);
                b.policy(c, 0, 0, 1, 40, 1_000, -1, false);
                b.policy(c, 1, 0, 1, 40, 1_000, -1, false);
            }
        }
        final int bridge = b.addChannel(id, 0, 4, 120_000);
        b.policy(bridge, 0, 5_000, 5_000, 144, 1_000, -1, false);
        b.policy(bridge, 1, 5_000, 5_000, 144, 1_000, -1, false);
        return b.build();
    }

    @Test
    void theFirstTwoPicksJoinTheIslandsNearlyAsWellAsTheBestPair() {
        final CsrGraph g = islands();
        final int[] picks = heuristic(1, 1).pick(g, SELF, 2, Set.of());
        assertEquals(2, picks.length);
        assertTrue(picks[0] / 4 != picks[1] / 4, "one pick in each island: " + Arrays.toString(picks));
        assertEquals(0, share(g, new int[] {picks[0]}), 0, "a lone channel forwards nothing");
        double best = 0;
        for (int a = 0; a < 8; a++) {
            for (int z = a + 1; z < 8; z++) {
                best = Math.max(best, share(g, new int[] {a, z}));
            }
        }
        final double got = share(g, picks);
        assertTrue(best > 0.2, "the crossing payments are many: " + best);
        // The estimate does not see that the bridge's own ends keep paying over the bridge (a sender's own
        // channel has probability 0.95 whatever its size), so it takes the bridge's ends: (0, 4) forwards
        // 0.321 where (2, 4) forwards 0.357. Any pair within one island forwards about nothing.
        assertTrue(got >= 0.85 * best, "picks " + Arrays.toString(picks) + ": " + got + " against " + best);
    }

    /**
     * The plain reference: start from the best pair by exact routing share, then add the candidate of
     * largest exact share, one at a time.
     */
    static double exactGreedy(CsrGraph g, int k, boolean[] eligible) {
        final int n = g.nodeCount();
        int[] chosen = null;
        double best = -1;
        for (int a = 0; a < n; a++) {
            for (int z = a + 1; z < n && eligible[a]; z++) {
                if (eligible[z]) {
                    final double s = share(g, new int[] {a, z});
                    if (s > best) {
                        best = s;
                        chosen = new int[] {a, z};
                    }
                }
            }
        }
        if (chosen == null) {
            return 0;
        }
        while (chosen.length < k) {
            int pick = -1;
            double top = -1;
            for (int c = 0; c < n; c++) {
                if (eligible[c] && !GreedyReachTest.contains(chosen, c)) {
                    final int[] p = Arrays.copyOf(chosen, chosen.length + 1);
                    p[chosen.length] = c;
                    final double s = share(g, p);
                    if (s > top) {
                        top = s;
                        pick = c;
                    }
                }
            }
            if (pick < 0) {
                break;
            }
            chosen = Arrays.copyOf(chosen, chosen.length + 1);
            chosen[chosen.length - 1] = pick;
            best = top;
        }
        return best;
    }

    /**
     * On 30 random graphs of 12 nodes, three picks reach, in total over the graphs, at least 85% of the
     * routing share of the exact greedy, and far more than three eligible nodes of largest capacity.
     */
    @Test
    void onRandomGraphsThePicksComeCloseToTheExactGreedy() {
        double sumPicks = 0;
        double sumExact = 0;
        double sumLargest = 0;
        final StringBuilder report = new StringBuilder();
        for (long seed = 1; seed <= 30; seed++) {
            final CsrGraph g = RoutingGraphs.random(seed, 12, 30, false);
            final boolean[] eligible = new boolean[g.nodeCount()];
            int count = 0;
            for (int v = 0; v < eligible.length; v++) {
                eligible[v] = GreedyReachTest.carries(g, v);
                count += eligible[v] ? 1 : 0;
            }
            if (count < 3) {
                continue;
            }
            final int[] picks = heuristic(seed, 1 + (int) (seed % 2)).pick(g, SELF, 3, Set.of());
            for (int p : picks) {
                assertTrue(eligible[p], "seed " + seed + ": pick " + p + " cannot carry the amount");
            }
            assertEquals(3, Arrays.stream(picks).distinct().count(), "seed " + seed);
            final double got = share(g, picks);
            final double exact = exactGreedy(g, 3, eligible);
            final double largest = share(g, largest(g, eligible, 3));
            sumPicks += got;
            sumExact += exact;
            sumLargest += largest;
            report.append(String.format("seed %d: %.4f exact %.4f largest %.4f%n", seed, got, exact, largest));
        }
        System.out.printf("greedy_routing on 30 random graphs: %.4f of the exact greedy's routing share, %.2fx the "
                + "largest nodes'%n", sumPicks / sumExact, sumPicks / sumLargest);
        assertTrue(sumExact > 0, report.toString());
        assertTrue(sumPicks >= 0.85 * sumExact, String.format("%.4f of exact greedy%n%s", sumPicks / sumExact, report));
        assertTrue(sumPicks > 1.2 * sumLargest, String.format("%.4f against %.4f%n%s", sumPicks, sumLargest, report));
    }

    static int[] largest(CsrGraph g, boolean[] eligible, int k) {
        final Demand d = Demand.byCapacity(g);
        final int[] out = new int[k];
        final boolean[] taken = new boolean[g.nodeCount()];
        for (int j = 0; j < k; j++) {
            int best = -1;
            for (int v = 0; v < taken.length; v++) {
                if (eligible[v] && !taken[v] && (best < 0 || d.weight(v) > d.weight(best))) {
                    best = v;
                }
            }
            taken[best] = true;
            out[j] = best;
        }
        return out;
    }

    /** A node already in the graph keeps its channels: its neighbours are not picked and count as its peers. */
    @Test
    void aNodeInTheGraphBuildsOnItsOwnChannels() {
        final CsrGraph g = islands();
        final NodeId self = g.nodeId(0);
        final int[] picks = heuristic(1, 1).pick(g, self, 2, Set.of());
        for (int p : picks) {
            assertTrue(p != 0 && p != 1 && p != 3 && p != 4, "not self or a neighbour: " + Arrays.toString(picks));
        }
        // Node 0 already bridges the islands; its best first new channel is into the other island's far side.
        assertTrue(Arrays.stream(picks).anyMatch(p -> p >= 4), Arrays.toString(picks));
    }

    /** Sampled receivers on a larger graph: picks are distinct, eligible, and sized by the seed's rule. */
    @Test
    void selectOnALargerGraphSizesItsPicks() {
        final CsrGraph g = SyntheticPolicies.assign(BarabasiAlbert.generate(3_000, 3, 4),
                RoutingGraphs.random(4, 40, 160, false), new SplittableRandom(4));
        final GreedyRouting h = new GreedyRouting(20_000, CHAN, 5, 1.0, new SplittableRandom(1), AMT,
                FeeSettings.GRAPH_MEDIAN, 2_000, 100, 2);
        final List<AttachmentDirective> d = h.select(SELF, g, 5 * CHAN, 5, Set.of());
        assertEquals(5, d.size());
        assertEquals(5, d.stream().map(AttachmentDirective::peerKey).distinct().count());
        for (AttachmentDirective a : d) {
            assertEquals(CHAN, a.chanAmtSat());
            assertTrue(GreedyReachTest.carries(g, g.indexOf(a.peerKey())), a.toString());
        }
        final int[] again = new GreedyRouting(20_000, CHAN, 5, 1.0, new SplittableRandom(1), AMT,
                FeeSettings.GRAPH_MEDIAN, 2_000, 100, 2).pick(g, SELF, 5, Set.of());
        assertEquals(d.stream().map(a -> g.indexOf(a.peerKey())).toList(),
                Arrays.stream(again).boxed().toList(), "the same seed gives the same picks");
    }

    /** One progress bar over the picks: never backwards, ending at its total. */
    @Test
    void progressRisesToItsTotal() {
        final CsrGraph g = SyntheticPolicies.assign(BarabasiAlbert.generate(2_500, 3, 5),
                RoutingGraphs.random(5, 40, 160, false), new SplittableRandom(5));
        final List<long[]> updates = new java.util.ArrayList<>();
        final GreedyRouting h = new GreedyRouting(20_000, CHAN, 5, 1.0, new SplittableRandom(2), AMT,
                FeeSettings.GRAPH_MEDIAN, 2_000, 60, 2);
        h.progress((done, total) -> updates.add(new long[] {done, total}));
        assertEquals(4, h.pick(g, SELF, 4, Set.of()).length);
        assertTrue(updates.size() > 4, "reports within the passes too: " + updates.size());
        for (int i = 1; i < updates.size(); i++) {
            assertTrue(updates.get(i)[0] >= updates.get(i - 1)[0], "never backwards");
        }
        final long[] last = updates.get(updates.size() - 1);
        assertEquals(last[1], last[0]);
    }

    @Test
    void refusesAGraphWithoutPolicies() {
        final GreedyRouting h = new GreedyRouting(20_000, CHAN, 5, 1.0, new SplittableRandom(1), AMT,
                FeeSettings.GRAPH_MEDIAN);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> h.pick(BarabasiAlbert.generate(100, 2, 1), SELF, 2, Set.of()));
        assertTrue(e.getMessage().contains("needs channel policies"), e.getMessage());
    }

    @Test
    void feeSettingsTakeTheGraphsMedianForWhatIsNotGiven() {
        final CsrGraph g = islands();
        final ChannelPolicy m = Policies.graphMedian(g);
        assertEquals(m, FeeSettings.GRAPH_MEDIAN.resolve(g));
        final ChannelPolicy p = new FeeSettings(FeeSettings.MEDIAN, 777, FeeSettings.MEDIAN).resolve(g);
        assertEquals(m.baseFeeMsat(), p.baseFeeMsat());
        assertEquals(777, p.feeRatePpm());
        assertEquals(m.timeLockDelta(), p.timeLockDelta());
        assertTrue(FeeSettings.GRAPH_MEDIAN.allMedian());
        assertFalse(FEES.allMedian());
        assertThrows(IllegalArgumentException.class, () -> new FeeSettings(-2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new FeeSettings(0, 1L << 32, 0));
        assertThrows(IllegalArgumentException.class, () -> new FeeSettings(0, 0, 65_536));
    }

    @Test
    void withoutChannelsOfKeepsEveryOtherChannelAndPolicy() {
        final CsrGraph g = islands();
        final CsrGraph h = g.withoutChannelsOf(0);
        assertEquals(g.nodeCount(), h.nodeCount());
        assertEquals(g.channelCount() - 3, h.channelCount());
        assertEquals(0, h.degree(0));
        for (int c = 0; c < h.channelCount(); c++) {
            int same = -1;
            for (int d = 0; d < g.channelCount(); d++) {
                if (g.channelId(d) == h.channelId(c)) {
                    same = d;
                }
            }
            assertTrue(same >= 0);
            assertEquals(g.capacitySat(same), h.capacitySat(c));
            for (int side = 0; side < 2; side++) {
                assertEquals(g.endpoint(same, side), h.endpoint(c, side));
                assertEquals(g.policy(same, side), h.policy(c, side), "channel " + c + " side " + side);
            }
        }
    }
}
