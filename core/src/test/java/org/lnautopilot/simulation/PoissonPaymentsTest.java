package org.lnautopilot.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.testing.Stats;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Drawn payments: their count, order, own share, and the demand's law on a star. */
class PoissonPaymentsTest {
    /** A star: node 0 joined to 1, 2, 3 with 1, 2 and 3 million sat; capacities 6, 1, 2, 3 million. */
    static final CsrGraph STAR = SimGraphs.graph(4, SimGraphs.ch(0, 1, 1_000_000, 0, 1),
            SimGraphs.ch(0, 2, 2_000_000, 0, 1), SimGraphs.ch(0, 3, 3_000_000, 0, 1));

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void pairsFollowTheDemandAndOwnPaymentsAreExactlyM(long seed) {
        final int x = 4;
        final PoissonPayments ps = new PoissonPayments(STAR, 3600, 1_000, 60_000, x, 6_000, seed);
        final long[] pairs = new long[16];
        long own = 0;
        double last = 0;
        for (Payment p = ps.next(); p != null; p = ps.next()) {
            assertTrue(p.timeS() >= last);
            last = p.timeS();
            assertNotEquals(x, p.receiver());
            if (p.sender() == x) {
                own++;
                continue;
            }
            pairs[p.sender() * 4 + p.receiver()]++;
        }
        assertNull(ps.next());
        assertEquals(6_000, own, "exactly the own payments asked for");
        // Pair (s, t) has probability w_s w_t / (W^2 - sum w_i^2).
        final double[] w = {6, 1, 2, 3};
        final double z = 144 - (36 + 1 + 4 + 9);
        final double[] prob = new double[16];
        for (int s = 0; s < 4; s++) {
            for (int t = 0; t < 4; t++) {
                prob[s * 4 + t] = s == t ? 0 : w[s] * w[t] / z;
            }
        }
        final double pv = Stats.pValue(prob, pairs);
        assertTrue(pv >= Stats.ALPHA, "seed " + seed + ": p = " + pv);
        // 60,000 arrivals at 3,600 per hour: about 60,000 s.
        assertTrue(Math.abs(last - 60_000) < 1_500, "seed " + seed + ": last arrival at " + last);
    }

    @ParameterizedTest
    @ValueSource(longs = {1})
    void badSettingsAreRefused(long seed) {
        assertThrows(IllegalArgumentException.class, () -> new PoissonPayments(STAR, 0, 1_000, 10, seed));
        assertThrows(IllegalArgumentException.class, () -> new PoissonPayments(STAR, 3600, 0, 10, seed));
        assertThrows(IllegalArgumentException.class, () -> new PoissonPayments(STAR, 3600, 1_000, 0, seed));
        assertThrows(IllegalArgumentException.class, () -> new PoissonPayments(STAR, 3600, 1_000, 10, 4, 11, seed));
        assertThrows(IllegalArgumentException.class, () -> new PoissonPayments(STAR, 3600, 1_000, 10, 2, 1, seed));
    }
}
