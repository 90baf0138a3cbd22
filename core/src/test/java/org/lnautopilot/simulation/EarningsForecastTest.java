package org.lnautopilot.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
