package org.lnautopilot.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The sequential sample size: its bounds by their definition, its rounds, and its guarantee on Bernoulli draws. */
class PaymentSampleSizeTest {

    /** Bernoulli(mu) draws from a fixed seed. */
    private static final class Bernoulli implements PaymentSampleSize.Sampler {
        final SplittableRandom rng;
        final double mu;
        double sum;
        long n;

        Bernoulli(long seed, double mu) {
            this.rng = new SplittableRandom(seed);
            this.mu = mu;
        }

        @Override
        public void draw(int count) {
            for (int i = 0; i < count; i++) {
                if (rng.nextDouble() < mu) {
                    sum++;
                }
            }
            n += count;
        }

        @Override
        public double sum() {
            return sum;
        }
    }

    @Test
    void theBoundsSolveTheirEquation() {
        for (double m : new double[] {0, 1e-4, 0.01, 0.3, 0.5, 0.9}) {
            for (long n : new long[] {10, 1_000, 100_000}) {
                final double d = 0.01;
                final double target = Math.log(1 / d) / n;
                final double u = PaymentSampleSize.upperBound(m, n, d);
                final double l = PaymentSampleSize.lowerBound(m, n, d);
                final String where = "mean " + m + ", n " + n;
                assertTrue(u >= m && l <= m, where);
                if (u < 1) {
                    assertEquals(target, PaymentSampleSize.kl(m, u), 1e-9, where);
                }
                if (l > 0) {
                    assertEquals(target, PaymentSampleSize.kl(m, l), 1e-9, where);
                }
            }
        }
        // A mean of 0: U = 1 - d^(1/n), by hand.
        assertEquals(1 - Math.pow(0.05, 1.0 / 3_000), PaymentSampleSize.upperBound(0, 3_000, 0.05), 1e-12);
    }

    @Test
    void theRoundsSharesAddUpToDelta() {
        double sum = 0;
        for (int i = 0; i < 10_000_000; i++) {
            sum += PaymentSampleSize.roundDelta(0.1, i);
        }
        assertEquals(0.1, sum, 1e-7);
    }

    @Test
    void aMeanOfZeroStopsAfterTheFirstRound() {
        final Bernoulli zero = new Bernoulli(1, 0);
        final long drawn = PaymentSampleSize.draw(0.001, 0.1, Long.MAX_VALUE, zero);
        assertEquals(PaymentSampleSize.firstSize(0.001, 0.1), drawn);
        assertEquals(drawn, zero.n);
        // delta_0 = 6 * 0.1 / pi^2 = 0.0608; a mean of 1e-4 settles from 3,820 draws (U at 0.9 delta_0)
        assertEquals(3_820, drawn);
        assertTrue(PaymentSampleSize.settled(1e-4, 3_820, 0.001, PaymentSampleSize.roundDelta(0.1, 0)));
        assertFalse(PaymentSampleSize.settled(1e-4, 3_819, 0.001, PaymentSampleSize.roundDelta(0.1, 0)));
        // A mean of 0 needs only U <= epsilon, 1 - (0.9 delta_0)^(1/n) <= 0.001: n >= 2,905.
        assertTrue(PaymentSampleSize.settled(0, 2_905, 0.001, PaymentSampleSize.roundDelta(0.1, 0)));
        assertFalse(PaymentSampleSize.settled(0, 2_904, 0.001, PaymentSampleSize.roundDelta(0.1, 0)));
    }

    @Test
    void theLimitHandsBackTheDrawsSoFar() {
        final Bernoulli half = new Bernoulli(2, 0.5);
        final long r = PaymentSampleSize.draw(0.01, 0.1, 20_000, half);
        assertTrue(r < 0);
        assertEquals(half.n, -1 - r);
        assertTrue(half.n < 20_000 && half.n > 0);
    }

    static DoubleStream means() {
        return DoubleStream.of(0, 0.002, 0.02, 0.2, 0.5);
    }

    /**
     * The guarantee: over 300 fixed seeds, the runs whose mean misses mu by more than epsilon are
     * Binomial(300, q) with q <= delta. Fails only when that many misses have probability below
     * 1e-6 at q = delta.
     */
    @ParameterizedTest
    @MethodSource("means")
    void theMeanLiesWithinEpsilonWithProbabilityOneMinusDelta(double mu) {
        final double epsilon = 0.02;
        final double delta = 0.2;
        final int runs = 300;
        int misses = 0;
        long firstMiss = -1;
        for (long seed = 1; seed <= runs; seed++) {
            final Bernoulli b = new Bernoulli(seed, mu);
            final long n = PaymentSampleSize.draw(epsilon, delta, Long.MAX_VALUE, b);
            assertEquals(n, b.n);
            if (Math.abs(b.sum / n - mu) > epsilon) {
                misses++;
                if (firstMiss < 0) {
                    firstMiss = seed;
                }
            }
        }
        final double p = binomialUpperTail(runs, delta, misses);
        System.out.println("mean " + mu + ": " + misses + " of " + runs + " runs missed by more than epsilon");
        assertTrue(p >= 1e-6, "mean " + mu + ": " + misses + " of " + runs + " runs missed (P = " + p
                + " at delta " + delta + "); first at seed " + firstMiss);
    }

    /** P(Binomial(n, q) >= k), summed term by term in logs. */
    private static double binomialUpperTail(int n, double q, int k) {
        double p = 0;
        for (int i = k; i <= n; i++) {
            double logTerm = i * Math.log(q) + (n - i) * Math.log1p(-q);
            for (int j = 1; j <= i; j++) {
                logTerm += Math.log(n - i + j) - Math.log(j);
            }
            p += Math.exp(logTerm);
        }
        return p;
    }
}
