package org.lnautopilot.centrality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SampleBoundsTest {
    @Test
    void worstCaseIsRiondatoKornaropoulos() {
        // vd = 10: floor(log2 8) + 1 = 4; 0.5 / 1e-6 * (4 + ln 20) = 3,497,866.1 -> 3,497,867.
        assertEquals((long) Math.ceil(0.5 / 1e-6 * (4 + Math.log(20))), SampleBounds.worstCase(10, 0.001, 0.05));
        assertEquals((long) Math.ceil(0.5 / 1e-4 * (1 + Math.log(10))), SampleBounds.worstCase(2, 0.01, 0.1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SampleBounds.worstCase(10, 1e-5, 0.1));
        assertTrue(e.getMessage().contains("more than the 2147483647 supported"), e.getMessage());
    }

    @Test
    void upperBoundIsAboveTheMeanAndTightensWithMoreSamples() {
        double log = Math.log(1e6 / 0.05);
        for (long count : new long[] {0, 1, 10, 1000, 5000}) {
            double small = SampleBounds.upperBound(count, 10_000, log);
            double large = SampleBounds.upperBound(count * 10, 100_000, log);
            assertTrue(small > count / 10_000.0 && small <= 1, "count " + count + ": " + small);
            assertTrue(large < small, "count " + count + ": " + large + " not below " + small);
        }
        assertEquals(1.0, SampleBounds.upperBound(10, 10, log));
    }

    /**
     * The bound fails with probability at most exp(-log): with log = ln 100, at most 1% of binomial
     * draws, and of draws of fractions in [0, 1]. Over 4,000 draws per b the expected failures are at most 40; more than 90 has probability
     * below 1e-6 for a correct bound.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void upperBoundCoversTheTrueMean(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double log = Math.log(100);
        for (double b : new double[] {0.001, 0.01, 0.05, 0.3}) {
            int tau = 2000;
            int failures = 0;
            int fractionFailures = 0;
            for (int trial = 0; trial < 4000; trial++) {
                int hits = 0;
                double sum = 0;
                for (int i = 0; i < tau; i++) {
                    hits += rng.nextDouble() < b ? 1 : 0;
                    sum += 2 * b * rng.nextDouble();
                }
                failures += b > SampleBounds.upperBound(hits, tau, log) ? 1 : 0;
                fractionFailures += b > SampleBounds.upperBound(sum, tau, log) ? 1 : 0;
            }
            assertTrue(failures <= 90, "seed " + seed + ", b " + b + ": " + failures + " of 4000 bounds below b");
            // Fractions: uniform on [0, 2b], mean b, in [0, 1] as the bound requires.
            assertTrue(fractionFailures <= 90,
                    "seed " + seed + ", b " + b + ": " + fractionFailures + " of 4000 fraction bounds below b");
        }
    }

    @Test
    void mainSizeShrinksWhenEveryBetweennessIsSmall() {
        long cap = 3_000_000;
        long pilot = SampleBounds.pilotSize(cap);
        int n = 1_000_000;
        double log = Math.log(2 * n / 0.05);
        double[] sums = new double[n];
        // A few hubs near b = 0.05 and a long tail of nodes hit once or never; indicators: X^2 = X.
        for (int i = 0; i < 10; i++) {
            sums[i] = Math.floor(0.05 * pilot);
        }
        Arrays.fill(sums, 10, 50_000, 1);
        double[] before = sums.clone();
        long main = SampleBounds.mainSize(sums, sums, pilot, log, 0.001, 0.05, cap);
        assertTrue(main > 0 && main < cap / 2, "main " + main + " of cap " + cap);
        // Bernstein at the hubs' bound alone already needs this many (one node, delta 0.05):
        double upper = SampleBounds.upperBound(sums[0], pilot, log);
        double need = Math.log(2 / 0.05) * (2 * upper * (1 - upper) + 2 * 0.001 / 3) / 1e-6;
        assertTrue(main >= need, "main " + main + " below one node's need " + need);
        // Larger delta, fewer samples; means near 1/2 need more than the cap: -1.
        assertTrue(SampleBounds.mainSize(sums, sums, pilot, log, 0.001, 0.2, cap) < main);
        double[] half = new double[100];
        Arrays.fill(half, Math.floor(pilot / 2.0));
        assertEquals(-1, SampleBounds.mainSize(half, half, pilot, log, 0.001, 0.05, cap));
        assertArrayEquals(before, sums, "the pilot sums must be left as they were");
        // Fractions with a mean square of 0.6 of the mean: the variance bound, and the size, shrink.
        double[] squares = sums.clone();
        for (int i = 0; i < 10; i++) {
            squares[i] = 0.6 * sums[i];
        }
        long fractional = SampleBounds.mainSize(sums, squares, pilot, log, 0.001, 0.05, cap);
        assertTrue(fractional < 0.8 * main, "fractional " + fractional + ", indicators " + main);
        double usq = SampleBounds.upperBound(squares[0], pilot, log);
        double fractionalNeed = Math.log(2 / 0.05) * (2 * usq + 2 * 0.001 / 3) / 1e-6;
        assertTrue(fractional >= fractionalNeed, "fractional " + fractional + " below one node's need " + fractionalNeed);
    }

    @Test
    void varianceBoundIsTheSmallerOfTheMeanSquareAndTheIndicatorBound() {
        assertEquals(0.05 * 0.95, SampleBounds.varianceBound(0.05, 0.06), 1e-15);
        assertEquals(0.03, SampleBounds.varianceBound(0.05, 0.03), 1e-15);
        assertEquals(0.25, SampleBounds.varianceBound(0.7, 0.7), 1e-15);
        assertEquals(0.2, SampleBounds.varianceBound(0.7, 0.2), 1e-15);
    }
}
