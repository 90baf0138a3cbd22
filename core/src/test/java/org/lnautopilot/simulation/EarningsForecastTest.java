package org.lnautopilot.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.TDistribution;
import org.junit.jupiter.api.Test;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.graph.Progress;

/** The forecast's interval against hand-computed values and Student's t, and its runs against the simulator. */
class EarningsForecastTest {
    @Test
    void theTQuantileMatchesStudentsT() {
        for (int df = 1; df <= 300; df++) {
            final double want = TDistribution.of(df).inverseCumulativeProbability(0.95);
            assertEquals(want, EarningsForecast.t95(df), df < 10 ? 1e-6 : 1e-4, "df " + df);
        }
        assertThrows(IllegalArgumentException.class, () -> EarningsForecast.t95(0));
    }

    @Test
    void theIntervalIsTheTPredictionIntervalClippedAtZero() {
        // Hand-computed: mean 2.5, sd sqrt(5/3) = 1.2909944, t(0.95, 3) = 2.3533634, sqrt(1 + 1/4) = 1.1180340.
        final EarningsForecast.Interval i = EarningsForecast.interval(new double[] {1, 2, 3, 4});
        assertEquals(2.5, i.mean(), 1e-12);
        assertEquals(0, i.lo(), 0);
        assertEquals(2.5 + 2.3533634 * 1.2909944 * 1.1180340, i.hi(), 1e-6);
        final EarningsForecast.Interval flat = EarningsForecast.interval(new double[] {7, 7, 7});
        assertEquals(7, flat.lo(), 0);
        assertEquals(7, flat.hi(), 0);
    }

    /**
     * The forecast against the simulator on random graphs: for each case a random graph, a new node with
     * three random peers and a forecast of {@code RUNS} runs; then one more simulation on a seed of its own,
     * as {@code simulate-payments} makes it. Its forwards and fee income should fall inside their 90%
     * intervals about nine times in ten (more when an interval is clipped at 0, or a case forwards nothing
     * at all, whose interval is the point 0). Fails only when the count inside is below what coverage 0.9
     * gives with probability 1e-6 (the binomial's lower tail, exact), and prints the cases outside.
     */
    @Test
    void aFurtherRunFallsInsideTheIntervalNineTimesInTen() {
        final int cases = 240;
        int inForwards = 0;
        int inIncome = 0;
        int forwarding = 0;
        final StringBuilder outside = new StringBuilder();
        for (int c = 0; c < cases; c++) {
            final long seed = 9_000 + c;
            final SplittableRandom r = new SplittableRandom(seed);
            final CsrGraph g = ReferencePaymentsTest.random(r, 30, 90);
            final int[] peers = r.ints(0, g.nodeCount()).distinct().limit(3).toArray();
            final GraphOverlay x = NewNodeSimulation.overlay(g, peers, 400_000,
                    new ChannelPolicy(500, 200, 40, 1_000, Long.MAX_VALUE, false));
            final NewNodeSimulation.Settings s = new NewNodeSimulation.Settings(200, 0, 20_000_000L, 3600,
                    BalancePrior.BIMODAL, 0.5, seed);
            final EarningsForecast.Forecast f = EarningsForecast.forecast(x, s, RUNS, 1, Progress.NONE);
            final NewNodeSimulation.Result one = NewNodeSimulation.run(x, s.withSeed(seed ^ 0x5EEDL << 20),
                    Progress.NONE);
            forwarding += one.forwarded() > 0 ? 1 : 0;
            final boolean fw = inside(f.forwards(), one.forwarded());
            final boolean fee = inside(f.feeIncomeMsat(), one.feeIncomeMsat());
            inForwards += fw ? 1 : 0;
            inIncome += fee ? 1 : 0;
            if (!fw || !fee) {
                outside.append(" case seed ").append(seed).append(": ").append(one.forwarded()).append(" forwards, ")
                        .append(f.forwards()).append(';');
            }
        }
        System.out.println("forecast coverage: forwards " + inForwards + " and income " + inIncome + " of " + cases
                + " inside (" + forwarding + " cases forwarded)");
        final int least = leastInside(cases, 0.9, 1e-6);
        assertEquals(191, least, "the exact binomial threshold");
        assertTrue(inForwards >= least, inForwards + " of " + cases + " forwards inside, below " + least + ":"
                + outside);
        assertTrue(inIncome >= least, inIncome + " of " + cases + " incomes inside, below " + least + ":" + outside);
        assertTrue(forwarding >= cases / 4, "too few cases forward anything to test the interval: " + forwarding);
    }

    /** Runs per forecast in the coverage test: {@code recommend}'s suggested 8. */
    private static final int RUNS = 8;

    private static boolean inside(EarningsForecast.Interval i, double v) {
        return v >= i.lo() && v <= i.hi();
    }

    /**
     * The least count k with P(Binomial(n, p) <= k) >= alpha: a count below k has a lower-tail p-value
     * below alpha (for n = 240, p = 0.9, alpha = 1e-6: 191).
     */
    static int leastInside(int n, double p, double alpha) {
        final org.apache.commons.statistics.distribution.BinomialDistribution b =
                org.apache.commons.statistics.distribution.BinomialDistribution.of(n, p);
        int k = 0;
        while (b.cumulativeProbability(k) < alpha) {
            k++;
        }
        return k;
    }

    @Test
    void eachRunIsASimulationWithItsOwnSeed() {
        final CsrGraph g = ReferencePaymentsTest.random(new SplittableRandom(5), 40, 120);
        final GraphOverlay x = NewNodeSimulation.overlay(g, new int[] {3, 11, 29}, 400_000,
                new ChannelPolicy(500, 200, 40, 1_000, Long.MAX_VALUE, false));
        final NewNodeSimulation.Settings s = new NewNodeSimulation.Settings(300, 0, 20_000_000L, 3600,
                BalancePrior.BIMODAL, 0.5, 42);
        final int runs = 5;
        final double[] forwards = new double[runs];
        final double[] income = new double[runs];
        for (int i = 0; i < runs; i++) {
            final NewNodeSimulation.Result r = NewNodeSimulation.run(x, new NewNodeSimulation.Settings(300, 0,
                    20_000_000L, 3600, BalancePrior.BIMODAL, 0.5, EarningsForecast.runSeed(42, i)), Progress.NONE);
            forwards[i] = r.forwarded();
            income[i] = r.feeIncomeMsat();
        }
        for (int threads = 1; threads <= 3; threads++) {
            final EarningsForecast.Forecast f = EarningsForecast.forecast(x, s, runs, threads, Progress.NONE);
            assertEquals(EarningsForecast.interval(forwards), f.forwards(), "threads " + threads);
            assertEquals(EarningsForecast.interval(income), f.feeIncomeMsat(), "threads " + threads);
            assertEquals(runs, f.runs());
        }
        assertNotEquals(EarningsForecast.runSeed(42, 0), EarningsForecast.runSeed(42, 1));
        assertThrows(IllegalArgumentException.class, () -> EarningsForecast.forecast(x, s, 1, 1, Progress.NONE));
    }
}
