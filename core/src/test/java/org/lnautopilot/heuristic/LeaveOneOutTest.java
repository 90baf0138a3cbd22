package org.lnautopilot.heuristic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.Progress;
import org.lnautopilot.routing.FeeSettings;
import org.lnautopilot.routing.ForwardGains;
import org.lnautopilot.routing.RoutingGraphs;
import org.lnautopilot.testing.TestKeys;

/**
 * {@link GreedyRouting#chooseLeavingOut} (greedy_flow's candidates, sharing S's passes) against its
 * rule run plainly: greedy_routing's picks S from a fresh generator of the same seed, and greedy_routing
 * again with S's v-th pick as a skipped node, each a separate decision through the public
 * {@code pick}, for every v. On random graphs of 40 nodes, for a new node (the first two picks from
 * the pair pass, the later ones shared) and for a node of the graph with channels (every pick from a
 * pass, so every variant shared), with every receiver and with a draw, on one and two threads.
 */
class LeaveOneOutTest {
    static final long AMT = 100_000_000L;
    static final long CHAN = 1_000_000;
    static final FeeSettings FEES = new FeeSettings(1_000, 100, 40);
    static final NodeId NEW = TestKeys.key(999);
    static final int RECEIVERS = 6;

    static GreedyRouting routing(long seed, int limit, int threads) {
        return new GreedyRouting(20_000, CHAN, 6, 1.0, new SplittableRandom(seed), AMT, FEES, limit, RECEIVERS,
                threads);
    }

    /** Variants (v >= 1) whose picks differ from S's as sets: the shared runs did something. */
    static int differing;
    /**
     * Variants that leave out a pick a full pass made: every one for a node with channels, from the
     * third on for a new node.
     */
    static int shared;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void everyVariantIsTheSeparateRunsPicks(long seed) {
        final int k = 5;
        for (int limit : new int[] {10, 2_000}) {
            final CsrGraph g = RoutingGraphs.random(seed, 40, 110, false);
            final NodeId self = seed % 2 == 0 ? NEW : g.nodeId((int) seed);
            final int selfIdx = g.indexOf(self);
            final int threads = 1 + (int) (seed % 2);
            final GreedyRouting r = routing(seed, limit, threads);
            final boolean[] eligible = GreedyCentrality.eligible(g, selfIdx, Set.of());
            GreedyHeuristic.carriers(g, eligible, AMT);
            final PaymentGreedy.Own own = PaymentGreedy.Own.of(g, selfIdx);
            final int[] drawn = r.receiversFor(g);
            final ForwardGains.Pairs pairs = r.pairTable(g, own, eligible, drawn, 1, Progress.NONE);
            final List<int[]> got = r.chooseLeavingOut(g, own, k, eligible, drawn, pairs, k, Progress.NONE);
            final int[] s = routing(seed, limit, 1).pick(g, self, k, Set.of());
            assertEquals(s.length + 1, got.size(), "seed " + seed);
            assertArrayEquals(s, got.get(0), "S, seed " + seed + ", limit " + limit);
            for (int v = 1; v <= s.length; v++) {
                final int[] plain = routing(seed, limit, 1).pick(g, self, k, Set.of(g.nodeId(s[v - 1])));
                assertArrayEquals(plain, got.get(v), "S without its pick " + v + ", seed " + seed + ", limit " + limit);
                differing += sameSet(plain, s) ? 0 : 1;
                shared += own.peers().length > 0 || v > 2 ? 1 : 0;
            }
        }
    }

    static boolean sameSet(int[] a, int[] b) {
        final int[] x = a.clone();
        final int[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        return Arrays.equals(x, y);
    }

    @AfterAll
    static void theSharedRunsWereExercised() {
        assertTrue(shared >= 60 && differing >= 60, "shared variants " + shared + ", differing from S " + differing);
        System.out.println("LeaveOneOutTest: " + shared + " shared variants, " + differing + " differing from S");
    }
}
