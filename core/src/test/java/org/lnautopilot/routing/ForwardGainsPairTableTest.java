package org.lnautopilot.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.Progress;

/**
 * {@link ForwardGains#pairTable}: a greedy run whose first pass reads a shared table gives the same
 * pick, partner and per-node gains as one that runs its own pair pass, for every single node left
 * out (the table then serves), for two left out (it may not; the run then makes its own), and for
 * the whole eligible set; on random graphs, with every receiver and with a sample.
 */
class ForwardGainsPairTableTest {
    static final long AMT = GreedyRoutingTest.AMT;
    static final long CHAN = GreedyRoutingTest.CHAN;
    static final ChannelPolicy POLICY = GreedyRoutingTest.MEDIAN_LIKE;

    static ForwardGains gains(CsrGraph g, boolean sampled, long seed, int threads) {
        final LndRouteChoice choice = new LndRouteChoice();
        if (!sampled) {
            return ForwardGains.everyReceiver(choice, g, AMT, CHAN, POLICY, new int[0], new long[0], threads);
        }
        final int[] drawn = DrawnReceivers.drawUntilDistinct(g, 8, 160, new SplittableRandom(seed));
        return ForwardGains.sampled(choice, g, AMT, CHAN, POLICY, new int[0], new long[0], drawn, threads);
    }

    /** The fresh and the shared answer for {@code el}, compared. */
    static void same(CsrGraph g, boolean sampled, long seed, ForwardGains.Pairs table, boolean[] el, String what) {
        final int n = g.nodeCount();
        final double[] fresh = new double[n];
        final double[] shared = new double[n];
        final ForwardGains a = gains(g, sampled, seed, 2);
        final ForwardGains b = gains(g, sampled, seed, 2);
        b.usePairs(table);
        final int pa = a.bestCandidate(el.clone(), fresh, Progress.NONE);
        final int pb = b.bestCandidate(el.clone(), shared, Progress.NONE);
        final String msg = "seed " + seed + (sampled ? ", sampled, " : ", every receiver, ") + what;
        assertEquals(pa, pb, msg);
        assertEquals(a.partner(), b.partner(), msg);
        assertArrayEquals(fresh, shared, msg);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void aSharedTableGivesTheFreshPassesAnswers(long seed) {
        for (boolean sampled : new boolean[] {false, true}) {
            final CsrGraph g = RoutingGraphs.random(seed, 40, 110, false);
            final int n = g.nodeCount();
            final boolean[] el = new boolean[n];
            Arrays.fill(el, true);
            el[(int) (seed % n)] = false;
            final ForwardGains.Pairs table = gains(g, sampled, seed, 2).pairTable(el, 1, Progress.NONE);
            same(g, sampled, seed, table, el, "all eligible");
            int found = 0;
            for (int u = 0; u < n; u++) {
                if (!el[u]) {
                    continue;
                }
                final boolean[] without = el.clone();
                without[u] = false;
                same(g, sampled, seed, table, without, "without " + u);
                final int w = (u * 7 + 3) % n;
                if (without[w]) {
                    without[w] = false;
                    same(g, sampled, seed, table, without, "without " + u + " and " + w);
                }
                found++;
            }
            assertTrue(found > 30, "most nodes eligible");
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void aTableOfOtherReceiversOrAGainsWithPeersIsRefused(long seed) {
        final CsrGraph g = RoutingGraphs.random(seed, 40, 110, false);
        final boolean[] el = new boolean[g.nodeCount()];
        Arrays.fill(el, true);
        final ForwardGains.Pairs table = gains(g, false, seed, 1).pairTable(el, 1, Progress.NONE);
        assertThrows(IllegalArgumentException.class, () -> gains(g, true, seed, 1).usePairs(table));
        final ForwardGains withPeer = gains(g, false, seed, 1);
        withPeer.connect(0);
        assertThrows(IllegalArgumentException.class, () -> withPeer.pairTable(el, 1, Progress.NONE));
        assertThrows(IllegalArgumentException.class, () -> gains(g, false, seed, 1).pairTable(el, -1, Progress.NONE));
    }
}
