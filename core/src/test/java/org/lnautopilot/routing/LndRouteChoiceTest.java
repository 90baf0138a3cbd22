package org.lnautopilot.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.testing.TestKeys;

class LndRouteChoiceTest {
    static final long AMT = 100_000_000L; // 100,000 sat
    static final long BIG = 10_000_000; // sat: the capacity factor is exactly 1 for AMT
    final LndRouteChoice lnd = new LndRouteChoice();

    /** Nodes 0..n-1 and channels {a, b, capacity, policy of a (base, rate, lock) or -1s, same for b}. */
    static CsrGraph graph(int n, long[]... channels) {
        final CsrGraph.Builder b = CsrGraph.builder().addresslessEligible(true);
        for (int i = 0; i < n; i++) {
            b.node(TestKeys.key(i + 1));
        }
        int id = 1;
        for (long[] c : channels) {
            final int ch = b.addChannel(id++, (int) c[0], (int) c[1], c[2]);
            if (c[3] >= 0) {
                b.policy(ch, 0, c[3], c[4], (int) c[5], 1_000, -1, c.length > 9 && c[9] == 1);
            }
            if (c[6] >= 0) {
                b.policy(ch, 1, c[6], c[7], (int) c[8], 1_000, -1, c.length > 10 && c[10] == 1);
            }
        }
        return b.build();
    }

    static NodeId k(int i) {
        return TestKeys.key(i + 1);
    }

    static long[] ch(int a, int b, long cap, long base, long rate, long lock) {
        return new long[] {a, b, cap, base, rate, lock, base, rate, lock};
    }

    @Test
    void aLineRoutesThroughItsMiddleAndPaysItsFee() {
        final CsrGraph g = graph(3, ch(0, 1, BIG, 1_000, 100, 40), ch(1, 2, BIG, 1_000, 100, 40));
        final Route r = lnd.route(g, k(0), k(2), AMT).orElseThrow();
        assertEquals(List.of(k(0), k(1), k(2)), r.nodes());
        assertEquals(1_000 + AMT * 100 / 1_000_000, r.feeMsat()); // 11,000 msat, node 1's fee
        assertEquals(0.95 * 0.6, r.probability(), 0);
        assertEquals(2, r.hops());
    }

    /**
     * S=0, T=4; route 1: 0-1-4 where node 1 charges 5,000 ppm; route 2: 0-2-3-4 at 1 ppm each.
     * Attempt cost 100,000 + 100,000 msat. Route 1: weight 500,000 + 60 (lock 40: 10^8 * 40 * 15 / 10^9),
     * probability 0.57, distance 500,060 + 350,877 = 850,937. Route 2: node 3 charges 100 + 60, node 2
     * 100 (on 100,000,100 msat) + 60, weight 320, probability 0.95 * 0.36 = 0.342, distance 320 +
     * 584,795 = 585,115: route 2. At 1,000 ppm route 1 weighs 100,060 and its distance is 450,937.
     */
    @Test
    void attemptCostOverProbabilityTradesFeesAgainstHops() {
        final CsrGraph cheapLong = graph(5, ch(0, 1, BIG, 0, 1, 40), ch(1, 4, BIG, 0, 5_000, 40),
                ch(0, 2, BIG, 0, 1, 40), ch(2, 3, BIG, 0, 1, 40), ch(3, 4, BIG, 0, 1, 40));
        final Route r = lnd.route(cheapLong, k(0), k(4), AMT).orElseThrow();
        assertEquals(List.of(k(0), k(2), k(3), k(4)), r.nodes());
        assertEquals(200, r.feeMsat());
        assertEquals(0.95 * 0.6 * 0.6, r.probability(), 1e-15);
        final CsrGraph cheaperShort = graph(5, ch(0, 1, BIG, 0, 1, 40), ch(1, 4, BIG, 0, 1_000, 40),
                ch(0, 2, BIG, 0, 1, 40), ch(2, 3, BIG, 0, 1, 40), ch(3, 4, BIG, 0, 1, 40));
        final Route s = lnd.route(cheaperShort, k(0), k(4), AMT).orElseThrow();
        assertEquals(List.of(k(0), k(1), k(4)), s.nodes());
        assertEquals(100_000, s.feeMsat());
    }

    @Test
    void parallelChannelsAreOneEdgeAtTheHighestFeeOfThoseThatCarryTheAmount() {
        // Node 1 -> 2 over two channels: 100 ppm and 1,000 ppm; the unified edge charges 1,000 ppm.
        final long[] low = ch(1, 2, BIG, 0, 100, 40);
        final long[] high = ch(1, 2, BIG, 0, 1_000, 40);
        assertEquals(100_000, lnd.route(graph(3, ch(0, 1, BIG, 0, 1, 40), low, high), k(0), k(2), AMT)
                .orElseThrow().feeMsat());
        // Disabled, the high-fee channel no longer counts.
        final long[] highOff = {1, 2, BIG, 0, 1_000, 40, 0, 1_000, 40, 1, 1};
        assertEquals(10_000, lnd.route(graph(3, ch(0, 1, BIG, 0, 1, 40), low, highOff), k(0), k(2), AMT)
                .orElseThrow().feeMsat());
        // Too small for the amount, neither.
        final long[] highSmall = ch(1, 2, 50_000, 0, 1_000, 40);
        assertEquals(10_000, lnd.route(graph(3, ch(0, 1, BIG, 0, 1, 40), low, highSmall), k(0), k(2), AMT)
                .orElseThrow().feeMsat());
    }

    @Test
    void directionsWithoutPolicyDisabledOrTooSmallCannotBeRouted() {
        // Node 1 has no policy towards 2.
        assertFalse(lnd.route(graph(3, ch(0, 1, BIG, 0, 1, 40), new long[] {1, 2, BIG, -1, 0, 0, 0, 1, 40}),
                k(0), k(2), AMT).isPresent());
        // Node 1's policy towards 2 is disabled.
        assertFalse(lnd.route(graph(3, ch(0, 1, BIG, 0, 1, 40), new long[] {1, 2, BIG, 0, 1, 40, 0, 1, 40, 1, 0}),
                k(0), k(2), AMT).isPresent());
        // The channel is smaller than the amount.
        assertFalse(lnd.route(graph(3, ch(0, 1, BIG, 0, 1, 40), ch(1, 2, 99_999, 0, 1, 40)), k(0), k(2), AMT)
                .isPresent());
        // The sender's own disabled direction is not used either (API.md part 3, issue 29: its link is
        // down, and a live lnd's bandwidth hint is 0); this was once ignored, as lnd's graph search does.
        assertFalse(lnd.route(graph(3, new long[] {0, 1, BIG, 0, 1, 40, 0, 1, 40, 1, 0}, ch(1, 2, BIG, 0, 1, 40)),
                k(0), k(2), AMT).isPresent());
        // But a missing own policy is no channel.
        assertFalse(lnd.route(graph(3, new long[] {0, 1, BIG, -1, 0, 0, 0, 1, 40}, ch(1, 2, BIG, 0, 1, 40)),
                k(0), k(2), AMT).isPresent());
    }

    /** 0.95 * 0.6^8 = 0.0160 passes the 0.01 minimum; 0.95 * 0.6^9 = 0.0096 does not. */
    @Test
    void routesBelowTheMinimumProbabilityAreDropped() {
        assertEquals(9, lnd.route(line(10, 40), k(0), k(9), AMT).orElseThrow().hops());
        assertFalse(lnd.route(line(11, 40), k(0), k(10), AMT).isPresent());
    }

    /** The forwarding hops' time locks add up to at most 2016. */
    @Test
    void theCltvLimitBoundsTheSumOfTimeLocks() {
        assertTrue(lnd.route(line(4, 1_008), k(0), k(3), AMT).isPresent()); // 2 * 1,008 = 2,016
        assertFalse(lnd.route(line(4, 1_009), k(0), k(3), AMT).isPresent());
    }

    static CsrGraph line(int n, int lock) {
        final long[][] c = new long[n - 1][];
        for (int i = 0; i + 1 < n; i++) {
            c[i] = ch(i, i + 1, BIG, 0, 1, lock);
        }
        return graph(n, c);
    }

    /** lnd's capacity factor: 1 far below the capacity, 0.75 at the cut-off, 0.5 + tiny at the capacity. */
    @Test
    void capacityFactorFollowsLnd() {
        assertEquals(1.0, lnd.capacityFactor(1_000, 1_000_000), 0);
        assertEquals(1.0, lnd.capacityFactor(50_000, 1_000_000), 0);
        assertEquals(0.75, lnd.capacityFactor(999_900, 1_000_000), 1e-12);
        assertEquals(1 - 0.5 / (1 + StrictMath.exp(-(1_000_000 - 999_900.0) / 25_000)), lnd.capacityFactor(1_000_000,
                1_000_000), 1e-15);
        assertEquals(0.0, lnd.capacityFactor(1_000_001, 1_000_000), 0);
        assertEquals(1.0, lnd.capacityFactor(5, 0), 0);
    }

    /** The shortcut to 1.0 agrees with lnd's formula, evaluated in full, everywhere it applies. */
    @Test
    void capacityFactorShortcutIsExact() {
        final java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int i = 0; i < 200_000; i++) {
            final long cap = 1 + r.nextLong(2_100_000_000_000_000L);
            final long a = r.nextLong(cap / 25 * 2 + 1);
            final double c = (double) cap;
            final double full = 1 - 0.5 / (1 + StrictMath.exp(-((double) a - 0.9999 * c) / (0.025 * c)));
            assertEquals(full, lnd.capacityFactor(a, cap), 0, "amount " + a + ", capacity " + cap);
        }
        for (long cap : new long[] {25, 1_000, 1_000_000, 999_999_999, 2_000_000_000L}) {
            final long a = cap / 25 * 2;
            final double c = (double) cap;
            assertEquals(1 - 0.5 / (1 + StrictMath.exp(-((double) a - 0.9999 * c) / (0.025 * c))), lnd.capacityFactor(a, cap),
                    0);
        }
    }

    /** API.md part 3: the sender's own direction disabled means its link is down; lnd does not use it. */
    @Test
    void theSendersOwnDisabledChannelIsNotUsed() {
        final long[] disabledBySender = {0, 2, BIG, 0, 1, 40, 0, 1, 40, 1, 0};
        final CsrGraph g = graph(3, disabledBySender, ch(0, 1, BIG, 1_000, 100, 40), ch(1, 2, BIG, 1_000, 100, 40));
        assertEquals(List.of(k(0), k(1), k(2)), lnd.route(g, k(0), k(2), AMT).orElseThrow().nodes());
        final CsrGraph open = graph(3, ch(0, 2, BIG, 0, 1, 40), ch(0, 1, BIG, 1_000, 100, 40), ch(1, 2, BIG, 1_000, 100,
                40));
        assertEquals(List.of(k(0), k(2)), lnd.route(open, k(0), k(2), AMT).orElseThrow().nodes());
        // The other end's flag is the other direction's: 2 may still pay 0 over it.
        assertEquals(List.of(k(2), k(0)), lnd.route(g, k(2), k(0), AMT).orElseThrow().nodes());
    }

    /** 0 -> 1 (the sender's, 10M sat) -> 2 over a channel of unknown capacity 0 with the given maximum HTLC (-1: none). */
    static CsrGraph unknownCapacity(long maxHtlc) {
        final CsrGraph.Builder b = CsrGraph.builder().addresslessEligible(true);
        for (int i = 0; i < 3; i++) {
            b.node(TestKeys.key(i + 1));
        }
        final int c0 = b.addChannel(1, 0, 1, BIG);
        b.policy(c0, 0, 0, 1, 40, 1_000, -1, false);
        b.policy(c0, 1, 0, 1, 40, 1_000, -1, false);
        final int c1 = b.addChannel(2, 1, 2, 0);
        b.policy(c1, 0, 1_000, 100, 40, 1_000, maxHtlc, false);
        b.policy(c1, 1, 1_000, 100, 40, 1_000, maxHtlc, false);
        return b.build();
    }

    /**
     * API.md part 3, as lnd: a channel of unknown capacity has no capacity check, its hop probability
     * reads the maximum HTLC where the policy has one (else the factor is 1), and a policy without a
     * maximum HTLC limits nothing.
     */
    @Test
    void aChannelOfUnknownCapacityIsUsedAsLndUsesIt() {
        final Route free = lnd.route(unknownCapacity(-1), k(0), k(2), AMT).orElseThrow();
        assertEquals(List.of(k(0), k(1), k(2)), free.nodes());
        assertEquals(0.95 * 0.6, free.probability(), 1e-15, "no maximum HTLC: capacity factor 1");
        assertTrue(lnd.route(unknownCapacity(-1), k(0), k(2), 5_000_000_000L).isPresent(), "no limit on the amount");
        final long max = AMT + AMT / 50;
        final Route capped = lnd.route(unknownCapacity(max), k(0), k(2), AMT).orElseThrow();
        assertEquals(0.95 * 0.6 * lnd.capacityFactor(AMT, max), capped.probability(), 1e-15,
                "the factor reads the maximum HTLC");
        assertTrue(capped.probability() < 0.95 * 0.6);
        assertEquals(Optional.empty(), lnd.route(unknownCapacity(AMT - 1), k(0), k(2), AMT), "the maximum HTLC holds");
    }

    @Test
    void badArgumentsAndAbsentNodesAreClear() {
        final CsrGraph g = line(3, 40);
        assertThrows(IllegalArgumentException.class, () -> lnd.route(g, k(0), k(2), 0));
        assertThrows(IllegalArgumentException.class, () -> lnd.route(g, k(0), k(2), -5));
        assertEquals(Optional.empty(), lnd.route(g, k(0), k(77), AMT));
        assertEquals(Optional.empty(), lnd.route(g, k(1), k(1), AMT));
        assertThrows(IllegalArgumentException.class, () -> new LndRouteChoice(15, 0, 0, 0.6, 0.5, 0.95, 0.01, 2016, 20));
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 40);
    }

    /**
     * Against the fixpoint reference on random graphs, every ordered pair: the same distance and
     * probability, and the route's fee and probability recomputed hop by hop from its nodes.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void matchesTheFixpointReferenceOnEveryPair(long seed) {
        final CsrGraph g = RoutingGraphs.random(seed, 6, 11, false);
        final long amt = seed % 3 == 0 ? 30_000_000L : AMT;
        final ReferenceRouteChoice ref = new ReferenceRouteChoice(g, lnd, amt);
        final RouteSearch tree = new RouteSearch(lnd, new RouteGraph(g));
        for (int t = 0; t < g.nodeCount(); t++) {
            final ReferenceRouteChoice.Label[] labels = ref.labels(t);
            tree.search(t, -1, amt);
            for (int s = 0; s < g.nodeCount(); s++) {
                if (s == t) {
                    continue;
                }
                final String where = "seed " + seed + ", " + s + " -> " + t;
                final ReferenceRouteChoice.Label want = ref.choose(labels, s);
                final Optional<Route> got = lnd.route(g, k(s), k(t), amt);
                assertEquals(want != null, got.isPresent(), where);
                tree.choose(s);
                assertEquals(want != null, tree.chosenHop >= 0, where + " (tree)");
                if (want == null) {
                    continue;
                }
                final ReferenceRouteChoice.Label along = alongRoute(ref, g, got.get(), amt);
                assertEquals(want.dist(), along.dist(), where);
                assertEquals(want.prob(), along.prob(), 1e-15, where);
                assertEquals(along.prob(), got.get().probability(), 1e-15, where);
                assertEquals(along.amt() - amt, got.get().feeMsat(), where);
                assertEquals(want.dist(), tree.chosenDist, where + " (tree)");
                assertEquals(want.prob(), tree.chosenProb, 1e-15, where + " (tree)");
            }
        }
    }

    /**
     * Against every simple path: lnd's choice is never better than the best path by its own
     * ranking; and where extending a better label keeps it better (no attempt cost, no time locks,
     * no minimum probability), it is the best.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void neverBeatsTheBestSimplePathAndFindsItWhereGreedyIsExact(long seed) {
        final CsrGraph g = RoutingGraphs.random(seed, 6, 10, seed % 2 == 0);
        final LndRouteChoice exactRegime = new LndRouteChoice(15, 0, 0, 0.6, 0.9999, 0.95, 0, 2016, 20);
        for (LndRouteChoice choice : List.of(lnd, exactRegime)) {
            final boolean greedyExact = choice == exactRegime && seed % 2 == 0;
            final ReferenceRouteChoice ref = new ReferenceRouteChoice(g, choice, AMT);
            for (int s = 0; s < g.nodeCount(); s++) {
                for (int t = 0; t < g.nodeCount(); t++) {
                    if (s == t) {
                        continue;
                    }
                    final String where = "seed " + seed + ", " + s + " -> " + t + ", " + choice;
                    final List<Object[]> paths = ref.allPaths(s, t);
                    final Optional<Route> got = choice.route(g, k(s), k(t), AMT);
                    if (got.isEmpty()) {
                        if (greedyExact) {
                            assertTrue(paths.isEmpty(), where);
                        }
                        continue;
                    }
                    assertFalse(paths.isEmpty(), where);
                    final ReferenceRouteChoice.Label best = (ReferenceRouteChoice.Label) paths.get(0)[1];
                    final ReferenceRouteChoice.Label along = alongRoute(ref, g, got.get(), AMT);
                    assertTrue(along.dist() >= best.dist(), where);
                    if (greedyExact) {
                        assertEquals(best.dist(), along.dist(), where);
                    }
                }
            }
        }
    }

    /** The sender's label recomputed hop by hop along a route. */
    static ReferenceRouteChoice.Label alongRoute(ReferenceRouteChoice ref, CsrGraph g, Route r, long amt) {
        final List<NodeId> nodes = r.nodes();
        ReferenceRouteChoice.Label l = new ReferenceRouteChoice.Label(amt, 0, 1, 0, 0, -1, 0);
        for (int i = nodes.size() - 2; i >= 0; i--) {
            l = ref.hop(g.indexOf(nodes.get(i)), g.indexOf(nodes.get(i + 1)), l, i == 0);
            if (l == null) {
                throw new AssertionError("the route " + r + " breaks lnd's rules at hop " + i);
            }
        }
        return l;
    }
}
