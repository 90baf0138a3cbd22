package org.lnautopilot.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.testing.TestKeys;

/**
 * {@link RouteReach} against a plain breadth-first search over every hop a route could take, on
 * sparse random graphs (with and without a new node X, with and without a sender's balances), for
 * every ordered pair and several amounts: made for the amount, the same answer; reused from a
 * smaller amount, never a denied path. And against lnd's search itself: wherever the search finds
 * a route, the reach test must say one may exist (else {@link PaymentRouter} would skip a payment
 * that goes through).
 */
class RouteReachTest {
    static LongStream seeds() {
        return LongStream.rangeClosed(1, 30);
    }

    private static final long[] AMOUNTS = {140_000_000L, 20_000_000L, 100_000_000L, 1_000_000_000L};

    @ParameterizedTest
    @MethodSource("seeds")
    void answersAsThePlainSearchAndNeverDeniesARoute(long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        final int n = 8 + r.nextInt(8);
        final CsrGraph g = RoutingGraphs.random(seed, n, n - 2 + r.nextInt(n), false);
        final GraphOverlay x = seed % 3 == 0 ? null : RoutingGraphs.hubOverlay(g, r, 1, 3, 2, 3);
        final RouteGraph rg = x == null ? new RouteGraph(g) : new RouteGraph(x);
        final FakeSender state = seed % 2 == 0 ? null : randomSpend(r, g, x);
        final RouteReach reach = new RouteReach(rg);
        final RouteSearch search = new LndRouteChoice().newSearch(rg);
        int yes = 0;
        int no = 0;
        for (long a : AMOUNTS) { // falling, then rising: sets made for a smaller amount serve larger ones
            for (int s = 0; s < rg.nodes; s++) {
                for (int t = 0; t < rg.nodes; t++) {
                    if (s == t) {
                        continue;
                    }
                    final String where = "seed " + seed + ", " + s + " -> " + t + ", " + a + " msat";
                    final boolean want = plain(rg, s, t, a, state);
                    // Made for this amount: exactly the plain answer.
                    assertEquals(want, new RouteReach(rg).mayRoute(s, t, a, state), where);
                    // Made for a smaller amount before: never false where there is a path.
                    final boolean got = reach.mayRoute(s, t, a, state);
                    if (want) {
                        assertTrue(got, where + ": sets made for a smaller amount deny a path");
                    }
                    search.searchFor(t, s, a, state);
                    if (search.labelled(s)) {
                        assertTrue(got, where + ": lnd's search found a route the reach test denies");
                    }
                    if (got) {
                        yes++;
                    } else {
                        no++;
                    }
                }
            }
        }
        assertTrue(yes > 0 && no > 0, "seed " + seed + ": every answer alike (" + yes + " yes, " + no + " no)");
    }

    @Test
    void aSenderWithoutBalanceOrACutReceiverHasNoRoute() {
        // 0 - 1 - 2 - 3 in a line of 1,000,000 sat channels.
        final CsrGraph.Builder b = CsrGraph.builder().addresslessEligible(true);
        for (int i = 0; i < 4; i++) {
            b.node(TestKeys.key(i + 1));
        }
        for (int i = 0; i < 3; i++) {
            final int c = b.addChannel(i + 1, i, i + 1, 1_000_000);
            b.policy(c, 0, 1_000, 1, 40, 1_000, -1, false);
            b.policy(c, 1, 1_000, 1, 40, 1_000, -1, false);
        }
        final CsrGraph g = b.build();
        final RouteReach reach = new RouteReach(new RouteGraph(g));
        final long a = 100_000_000L;
        assertTrue(reach.mayRoute(0, 3, a, null));
        assertTrue(reach.mayRoute(3, 0, a, null));
        final long[][] spend = {{a, a}, {a, a}, {a, a}};
        final FakeSender state = new FakeSender(new int[0], 0, spend);
        assertTrue(reach.mayRoute(0, 3, a, state));
        spend[0][0] = a - 1; // 0 cannot spend the amount on its one channel
        assertFalse(reach.mayRoute(0, 3, a, state));
        assertTrue(reach.mayRoute(1, 3, a, state));
        // A channel too small for the amount cuts the line.
        final CsrGraph.Builder c = CsrGraph.builder().addresslessEligible(true);
        for (int i = 0; i < 4; i++) {
            c.node(TestKeys.key(i + 1));
        }
        for (int i = 0; i < 3; i++) {
            final int ch = c.addChannel(i + 1, i, i + 1, i == 1 ? 50_000 : 1_000_000);
            c.policy(ch, 0, 1_000, 1, 40, 1_000, -1, false);
            c.policy(ch, 1, 1_000, 1, 40, 1_000, -1, false);
        }
        final RouteReach cut = new RouteReach(new RouteGraph(c.build()));
        assertFalse(cut.mayRoute(0, 3, a, null));
        assertFalse(cut.mayRoute(3, 0, a, null));
        assertTrue(cut.mayRoute(1, 2, a, null) == false && cut.mayRoute(2, 3, a, null));
        assertTrue(cut.mayRoute(0, 3, 40_000_000L, null)); // a smaller amount passes: the sets are made again
    }

    private static FakeSender randomSpend(SplittableRandom r, CsrGraph g, GraphOverlay x) {
        final long[][] spend = new long[g.channelCount()][2];
        for (long[] s : spend) {
            s[0] = r.nextInt(3) == 0 ? 1_000 : 2_000_000_000L;
            s[1] = r.nextInt(3) == 0 ? 1_000 : 2_000_000_000L;
        }
        final long[][] newSpend = new long[x == null ? 0 : x.channelCount()][2];
        for (long[] s : newSpend) {
            s[0] = r.nextInt(3) == 0 ? 1_000 : 2_000_000_000L;
            s[1] = r.nextInt(3) == 0 ? 1_000 : 2_000_000_000L;
        }
        return new FakeSender(new int[0], 0, spend, newSpend);
    }

    /**
     * The reference: a breadth-first search from s over the hops a route for an amount of at least
     * a could take (its first hop over s's own channels), written from the rules as they read.
     */
    private static boolean plain(RouteGraph rg, int s, int t, long a, SenderState state) {
        final CsrGraph g = rg.g;
        final boolean[] seen = new boolean[rg.nodes];
        final ArrayDeque<Integer> queue = new ArrayDeque<>();
        // First hops: the sender's own channels, enabled its way, with a maximum HTLC and a balance
        // (a capacity without balances) of at least a.
        if (s < rg.n) {
            for (int sl = g.slotStart(s); sl < g.slotEnd(s); sl++) {
                final int e = g.endOfSlot(sl);
                final int row = g.policyRow(e);
                if (row < 0 || g.rowDisabled(row) || g.maxHtlcMsat(e) < a) {
                    continue;
                }
                final long cap = g.capacitySat(e >> 1) * 1000;
                final boolean pays = state != null ? state.bandwidthMsat(e >> 1, e & 1) >= a : cap >= a;
                if (pays) {
                    visit(g.neighbour(sl), seen, queue);
                }
            }
        }
        for (int j = 0; j < rg.peers.length; j++) {
            final boolean fromX = s == rg.x;
            if ((fromX || rg.peers[j] == s) && rg.capMsat[j] >= a
                    && (state == null || state.newChannelBandwidthMsat(j, fromX) >= a)) {
                visit(fromX ? rg.peers[j] : rg.x, seen, queue);
            }
        }
        while (!queue.isEmpty()) {
            final int u = queue.poll();
            if (u == t) {
                return true;
            }
            if (u < rg.n) {
                for (int sl = g.slotStart(u); sl < g.slotEnd(u); sl++) {
                    final int e = g.endOfSlot(sl);
                    final int row = g.policyRow(e);
                    final long cap = g.capacitySat(e >> 1) * 1000;
                    if (row >= 0 && !g.rowDisabled(row) && g.maxHtlcMsat(e) >= a && cap >= a) {
                        visit(g.neighbour(sl), seen, queue);
                    }
                }
            }
            // X's channels, both ways, where they hold a.
            for (int j = 0; j < rg.peers.length; j++) {
                if (rg.capMsat[j] >= a) {
                    if (u == rg.x) {
                        visit(rg.peers[j], seen, queue);
                    } else if (rg.peers[j] == u) {
                        visit(rg.x, seen, queue);
                    }
                }
            }
        }
        return false;
    }

    private static void visit(int v, boolean[] seen, ArrayDeque<Integer> queue) {
        if (!seen[v]) {
            seen[v] = true;
            queue.add(v);
        }
    }
}
