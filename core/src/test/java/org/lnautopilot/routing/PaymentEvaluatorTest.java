package org.lnautopilot.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.growth.BarabasiAlbert;

class PaymentEvaluatorTest {
    static final long AMT = 100_000_000L;
    final LndRouteChoice lnd = new LndRouteChoice();
    final PaymentEvaluator eval = new PaymentEvaluator(lnd);

    /**
     * Two components {0, 1} and {2, 3}, every node of weight 10M sat, each channel base 1,000 msat,
     * rate 0; X joins 0 and 2 with 1M sat channels at base 2,000, rate 10. Every payment between the
     * components (8 of 12 ordered pairs, equal weights) goes through X: routingShare 2/3. X forwards
     * 100,000,000 or 100,001,000 msat and charges 2,000 + 1,000 either way: feeIncome 2/3 * 3,000.
     * X reaches all four: directly 0 and 2 (probability 0.95, no fee), 1 and 3 over one more hop
     * (0.57, fee 1,000): ownSuccess 0.76, ownFee 500, ownReach 1.
     */
    @Test
    void aBridgeBetweenTwoComponentsByHand() {
        final CsrGraph g = LndRouteChoiceTest.graph(4, LndRouteChoiceTest.ch(0, 1, 10_000_000, 1_000, 0, 40),
                LndRouteChoiceTest.ch(2, 3, 10_000_000, 1_000, 0, 40));
        final GraphOverlay x = new GraphOverlay(g, new int[] {0, 2}, new long[] {1_000_000, 1_000_000},
                new ChannelPolicy(2_000, 10, 40, 1_000, Long.MAX_VALUE, false));
        for (int threads = 1; threads <= 2; threads++) {
            final PaymentMetrics m = eval.exact(x, AMT, threads);
            assertEquals(2.0 / 3, m.routingShare(), 1e-15);
            assertEquals(2_000, m.feeIncomeMsat(), 1e-9);
            assertEquals(0.76, m.ownSuccess(), 1e-15);
            assertEquals(500, m.ownFeeMsat(), 1e-12);
            assertEquals(1, m.ownReach(), 0);
            assertEquals(4, m.receivers());
        }
        // Four receivers: a sample would need more trees than that, so sampled evaluates every one.
        final PaymentMetrics s = eval.sampled(x, AMT, 0.01, 0.1, new SplittableRandom(1), 2, null);
        assertTrue(s.exact());
        assertEquals(2.0 / 3, s.routingShare(), 1e-15);
        assertEquals(0.76, s.ownSuccess(), 1e-15);
        assertEquals(4, s.receivers());
    }

    /**
     * On the bridge every crossing payment must go through X whatever it charges, so the income
     * rises with the rate and the scan picks the highest; the share stays 2/3. X at 0 ppm earns its
     * base fee alone: 2/3 * 2,000 msat.
     */
    @Test
    void feeScanOnTheBridgePicksTheHighestRate() {
        final CsrGraph g = LndRouteChoiceTest.graph(4, LndRouteChoiceTest.ch(0, 1, 10_000_000, 1_000, 0, 40),
                LndRouteChoiceTest.ch(2, 3, 10_000_000, 1_000, 0, 40));
        final GraphOverlay x = new GraphOverlay(g, new int[] {0, 2}, new long[] {1_000_000, 1_000_000},
                new ChannelPolicy(2_000, 10, 40, 1_000, Long.MAX_VALUE, false));
        final FeeScan.Result r = FeeScan.scan(eval, x, AMT, null, FeeScan.DEFAULT_RATES_PPM, 2);
        assertEquals(FeeScan.DEFAULT_RATES_PPM.length - 1, r.best());
        assertEquals(5_000, r.bestRatePpm());
        assertEquals(2.0 / 3 * 2_000, r.incomeMsat()[0], 1e-9);
        for (int i = 0; i < r.ratesPpm().length; i++) {
            assertEquals(2.0 / 3, r.routingShare()[i], 1e-15);
            if (i > 0) {
                assertTrue(r.incomeMsat()[i] > r.incomeMsat()[i - 1], "rate " + r.ratesPpm()[i]);
            }
        }
        // No payment crosses X when it joins one component only: nothing to earn, no suggestion.
        final GraphOverlay alone = new GraphOverlay(g, new int[] {0}, new long[] {1_000_000},
                new ChannelPolicy(2_000, 10, 40, 1_000, Long.MAX_VALUE, false));
        assertEquals(-1, FeeScan.scan(eval, alone, AMT, null, FeeScan.DEFAULT_RATES_PPM, 1).bestRatePpm());
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 25);
    }

    /** Exact metrics against one route query per ordered pair (and per receiver for X's own). */
    @ParameterizedTest
    @MethodSource("seeds")
    void exactMatchesEveryPairRoutedOneByOne(long seed) {
        final CsrGraph g = RoutingGraphs.random(seed, 8, 14, false);
        final SplittableRandom r = new SplittableRandom(seed);
        final int k = 1 + r.nextInt(3);
        final int[] peers = new int[k];
        final long[] caps = new long[k];
        for (int j = 0; j < k; j++) {
            peers[j] = r.nextInt(g.nodeCount());
            caps[j] = RoutingGraphs.CAPACITIES[r.nextInt(RoutingGraphs.CAPACITIES.length)];
        }
        final GraphOverlay x = new GraphOverlay(g, peers, caps, new ChannelPolicy(0, 1, 40, 1_000, Long.MAX_VALUE,
                false));
        final Demand d = Demand.byCapacity(g);
        final int n = g.nodeCount();
        double thru = 0;
        double prob = 0;
        double reach = 0;
        double fee = 0;
        for (int t = 0; t < n; t++) {
            for (int s = 0; s < n; s++) {
                if (s != t) {
                    final Optional<Route> route = lnd.route(x, s, t, AMT);
                    if (route.isPresent() && route.get().nodes().contains(LndRouteChoice.NEW_NODE_ID)) {
                        thru += d.weight(s) * d.weight(t);
                    }
                }
            }
            final Optional<Route> own = lnd.route(x, n, t, AMT);
            if (own.isPresent()) {
                prob += d.weight(t) * own.get().probability();
                reach += d.weight(t);
                fee += d.weight(t) * own.get().feeMsat();
            }
        }
        final PaymentMetrics m = eval.exact(x, AMT, 1 + (int) (seed % 2));
        final String where = "seed " + seed;
        assertEquals(thru / d.pairWeight(), m.routingShare(), 1e-12, where);
        assertEquals(prob / d.total(), m.ownSuccess(), 1e-12, where);
        assertEquals(reach / d.total(), m.ownReach(), 1e-12, where);
        assertEquals(reach > 0 ? fee / reach : 0, m.ownFeeMsat(), 1e-9, where);
        assertTrue(m.feeIncomeMsat() >= 0, where);
    }

    /** Sampled within epsilon of exact, on Barabasi-Albert graphs with random policies (fixed seeds). */
    @ParameterizedTest
    @MethodSource("sampleSeeds")
    void sampledLiesWithinEpsilonOfExact(long seed) {
        sampledWithinEpsilon(seed, PaymentEvaluator.POP_BUDGET);
    }

    /** The same with trees cut at 200 pops, so that most finish by a sampled sender ({@link SampledTreeTest}). */
    @ParameterizedTest
    @MethodSource("sampleSeeds")
    void sampledWithCutTreesLiesWithinEpsilonOfExact(long seed) {
        sampledWithinEpsilon(seed, 200);
    }

    private void sampledWithinEpsilon(long seed, int budget) {
        final CsrGraph base = BarabasiAlbert.generate(8_000, 3, seed);
        final CsrGraph g = SyntheticPolicies.assign(base, RoutingGraphs.random(seed, 40, 160, false),
                new SplittableRandom(seed));
        final int[] peers = {0, 1, 2, 3};
        final GraphOverlay x = new GraphOverlay(g, peers, new long[] {10_000_000, 10_000_000, 10_000_000,
            10_000_000}, Policies.graphMedian(g));
        final PaymentMetrics exact = eval.exact(x, 10_000_000L, 2);
        final double eps = 0.02;
        final PaymentMetrics s = eval.sampled(x, 10_000_000L, eps, 1e-6, new SplittableRandom(seed), 2, null, budget);
        assertTrue(!s.exact() && s.receivers() < 8_000, "seed " + seed + ": sampled " + s.receivers() + " trees");
        assertTrue(Math.abs(s.routingShare() - exact.routingShare()) <= eps,
                "seed " + seed + ", budget " + budget + ": sampled " + s.routingShare() + ", exact "
                        + exact.routingShare());
        assertTrue(exact.routingShare() > 0, "seed " + seed + ": X forwards nothing; the test shows nothing");
    }

    static LongStream sampleSeeds() {
        return LongStream.of(11, 12, 15); // seeds where X forwards something (13 and 14: X forwards nothing)
    }

    @Test
    void refusesGraphsWithoutPoliciesAndBadArguments() {
        final CsrGraph plain = BarabasiAlbert.generate(50, 2, 1);
        final GraphOverlay x = new GraphOverlay(plain, new int[] {0}, new long[] {1_000_000},
                new ChannelPolicy(0, 1, 40, 1_000, Long.MAX_VALUE, false));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> eval.exact(x, AMT, 1));
        assertTrue(e.getMessage().contains("no channel policies"), e.getMessage());
        final CsrGraph g = RoutingGraphs.random(1, 6, 10, false);
        final GraphOverlay y = new GraphOverlay(g, new int[] {0}, new long[] {1_000_000},
                new ChannelPolicy(0, 1, 40, 1_000, Long.MAX_VALUE, false));
        assertThrows(IllegalArgumentException.class, () -> eval.exact(y, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> eval.exact(y, AMT, 0));
        assertThrows(IllegalArgumentException.class, () -> eval.sampled(y, AMT, 0, 0.1, new SplittableRandom(1), 1,
                null));
        assertThrows(IllegalArgumentException.class, () -> eval.exact(new GraphOverlay(g, new int[] {0}), AMT, 1));
    }

    /** An amount no channel can carry is no error: every metric is 0. */
    @Test
    void anAmountNoChannelCarriesGivesZeros() {
        final CsrGraph g = RoutingGraphs.random(3, 6, 10, false);
        final GraphOverlay x = new GraphOverlay(g, new int[] {0, 1}, new long[] {1_000_000, 1_000_000},
                new ChannelPolicy(0, 1, 40, 1_000, Long.MAX_VALUE, false));
        final PaymentMetrics m = eval.exact(x, 100_000_000_000L, 1);
        assertEquals(0, m.routingShare());
        assertEquals(0, m.ownReach());
        assertEquals(0, m.ownSuccess());
    }
}
