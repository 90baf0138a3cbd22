package org.lnautopilot.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.testing.Stats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The priors' laws, the reserve and the transfers. */
class BalancesTest {
    /** The bimodal prior's distribution function on [0, c], from its density. */
    static double bimodalCdf(double x, double c) {
        final double s = BalancePrior.BIMODAL_SCALE_MSAT;
        final double z = -Math.expm1(-c / s);
        return 0.5 * (-Math.expm1(-x / s)) / z + 0.5 * (1 - (-Math.expm1(-(c - x) / s)) / z);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void bimodalDrawsFollowTheDensity(long seed) {
        for (long capSat : new long[] {100_000, 1_000_000, 20_000_000}) {
            final long c = capSat * 1000;
            final int bins = 40;
            final double[] prob = new double[bins];
            for (int i = 0; i < bins; i++) {
                prob[i] = bimodalCdf(c * (i + 1.0) / bins, c) - bimodalCdf(c * (double) i / bins, c);
            }
            final long[] seen = new long[bins];
            final SplittableRandom r = new SplittableRandom(seed);
            for (int k = 0; k < 200_000; k++) {
                final long x = BalancePrior.BIMODAL.draw(c, r);
                assertTrue(x >= 0 && x <= c);
                seen[(int) Math.min(bins - 1, x * bins / c)]++;
            }
            final double p = Stats.pValue(prob, seen);
            assertTrue(p >= Stats.ALPHA, "seed " + seed + ", capacity " + capSat + ": p = " + p);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void uniformDrawsAreUniform(long seed) {
        final long c = 3_000_000_000L;
        final int bins = 30;
        final double[] prob = new double[bins];
        java.util.Arrays.fill(prob, 1.0 / bins);
        final long[] seen = new long[bins];
        final SplittableRandom r = new SplittableRandom(seed);
        for (int k = 0; k < 100_000; k++) {
            seen[(int) Math.min(bins - 1, BalancePrior.UNIFORM.draw(c, r) * bins / c)]++;
        }
        final double p = Stats.pValue(prob, seen);
        assertTrue(p >= Stats.ALPHA, "seed " + seed + ": p = " + p);
    }

    @Test
    void halfIsHalfAndNamesParse() {
        assertEquals(500_000, BalancePrior.HALF.draw(1_000_000, new SplittableRandom(1)));
        assertEquals(0, BalancePrior.BIMODAL.draw(0, new SplittableRandom(1)));
        assertEquals(BalancePrior.UNIFORM, BalancePrior.parse("uniform"));
        assertThrows(IllegalArgumentException.class, () -> BalancePrior.parse("Bimodal"));
    }

    @Test
    void sidesSumToTheCapacityAndTheReserveHolds() {
        final CsrGraph g = SimGraphs.graph(2, SimGraphs.ch(0, 1, 1_000_000, 0, 1));
        final Balances b = Balances.of(g, null, new long[] {600_000_000L});
        assertEquals(400_000_000L, b.balanceMsat(0, 1));
        assertEquals(10_000_000L, b.reserveMsat(0));
        assertEquals(590_000_000L, b.spendableMsat(0, 0));
        b.transfer(0, 0, 590_000_000L);
        assertEquals(10_000_000L, b.balanceMsat(0, 0));
        assertEquals(990_000_000L, b.balanceMsat(0, 1));
        assertThrows(IllegalArgumentException.class, () -> b.transfer(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> b.transfer(0, 1, 0));
        b.transfer(0, 1, 980_000_000L);
        assertEquals(b.capacityMsat(0), b.balanceMsat(0, 0) + b.balanceMsat(0, 1));
        assertEquals(8, b.footprintBytes(), "8 bytes per channel");
    }

    @Test
    void theSameSeedDrawsTheSameNetworkWithOrWithoutTheNewNode() {
        final org.lnautopilot.graph.GraphOverlay x = PaymentSimulatorTest.newNodeBetween();
        final Balances alone = Balances.draw(x.base(), BalancePrior.BIMODAL, 9);
        final Balances with = Balances.draw(x, BalancePrior.BIMODAL, 9, 0.25);
        for (int c = 0; c < x.base().channelCount(); c++) {
            assertEquals(alone.balanceMsat(c, 0), with.balanceMsat(c, 0));
        }
        final int m = x.base().channelCount();
        assertEquals(7_500_000_000L, with.balanceMsat(m, 0), "X funds 75%");
        assertEquals(2_500_000_000L, with.balanceMsat(m, 1), "the peer holds the inbound");
    }
}
