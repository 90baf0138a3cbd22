package org.lnautopilot.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.growth.BarabasiAlbert;

/**
 * A sampled tree cut at its pop budget ({@code PaymentEvaluator.Tally#treeSampled}) against the
 * exact tree, by exact enumeration: over every sender a copy can draw, weighted by its probability,
 * the copy's value is the exact weight through X (and its fees the exact fees), and every value lies
 * in [0, W - w_t]; X's own route is the exact tree's.
 */
class SampledTreeTest {
    private static final long[] AMOUNTS = {1_000_000L, 10_000_000L, 100_000_000L};
    private static long cut;
    private static long cutThroughX;

    @ParameterizedTest
    @MethodSource("org.lnautopilot.routing.SearchShortcutsTest#seeds")
    void aCutTreeIsExactOnAverageOverTheSendersItDraws(long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        final CsrGraph base = BarabasiAlbert.generate(120 + r.nextInt(200), 2 + r.nextInt(2), seed);
        final CsrGraph g = SyntheticPolicies.assign(base, RoutingGraphs.random(seed, 40, 160, false),
                new SplittableRandom(seed));
        final int n = g.nodeCount();
        final GraphOverlay o = RoutingGraphs.hubOverlay(g, r, 2, 4, 3, 12);
        final RouteGraph rg = new RouteGraph(o);
        final Demand d = Demand.byCapacity(g);
        final LndRouteChoice choice = seed % 2 == 0 ? new LndRouteChoice() : SearchShortcutsTest.randomChoice(r);
        final long amount = AMOUNTS[r.nextInt(AMOUNTS.length)];
        final PaymentEvaluator.Tally exact = new PaymentEvaluator.Tally(choice, rg, d, amount);
        final PaymentEvaluator.Tally sampled = new PaymentEvaluator.Tally(choice, rg, d, amount);
        for (int t = 0; t < n; t++) {
            if (d.weight(t) <= 0) {
                continue;
            }
            final String where = "seed " + seed + ", receiver " + t;
            exact.tree(t);
            final int budget = 1 + r.nextInt(n / 2);
            if (!sampled.cut(t, budget)) {
                assertEquals(exact.thru, sampled.thru, 0, where);
                assertEquals(exact.fees, sampled.fees, 0, where);
                continue;
            }
            cut++;
            final double rest = d.total() - d.weight(t);
            assertEquals(rest - sampled.cutThru, sampled.cutOther, 1e-6, where);
            double mean = sampled.cutOther <= 0 ? sampled.cutThru : 0;
            double meanFees = sampled.cutOther <= 0 ? sampled.cutFees : 0;
            for (int u = 0; u < n && sampled.cutOther > 0; u++) {
                if (sampled.excluded(u) || d.weight(u) <= 0) {
                    continue;
                }
                final double p = d.weight(u) / sampled.cutOther;
                final double v = sampled.copyThru(u);
                assertTrue(v >= 0 && v <= rest * (1 + 1e-12), where + ", sender " + u + ": " + v);
                if (v > sampled.cutThru) {
                    cutThroughX++;
                }
                mean += p * v;
                meanFees += p * sampled.copyFees;
            }
            assertEquals(exact.thru, mean, 1e-9 * rest, where);
            assertEquals(exact.fees, meanFees, 1e-9 * Math.max(1, exact.fees), where);
            // X's own route, after the copies' resumptions, as in treeSampled.
            sampled.treeSampled(t, 2, budget, d.weightTable(), new SplittableRandom(seed + t));
            assertEquals(exact.ownProb, sampled.ownProb, 0, where);
            assertEquals(exact.ownFee, sampled.ownFee, 0, where);
            assertEquals(exact.ownReached, sampled.ownReached, 0, where);
        }
    }

    @AfterAll
    static void theCutsHappened() {
        System.out.println("sampled trees: " + cut + " cut at their budget; " + cutThroughX
                + " drawn senders past the cut routed through X");
        assertTrue(cut > 100 && cutThroughX > 10, "only " + cut + " cut trees and " + cutThroughX
                + " senders through X past the cut: the test shows little");
    }
}
