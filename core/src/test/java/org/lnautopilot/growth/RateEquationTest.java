package org.lnautopilot.growth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lnautopilot.growth.PowerLawFit;

class RateEquationTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 10})
    void solverFindsTwoMPlusOneForLinearAttachment(int m) {
        assertEquals(2.0 * m + 1, RateEquation.solveMu(m, 1.0), 1e-4 * m);
        assertEquals(2.0 * m + 1, RateEquation.mu(m, 1.0));
    }

    @Test
    void linearM1MatchesTheClosedForm() {
        // M = 1, A_k = k + 1, mu = 3: p_1 = 3/5 and p_k = p_{k-1} k / (k + 4).
        double[] p = RateEquation.fractions(1, 1.0, 4);
        assertEquals(0.6, p[0], 1e-15);
        assertEquals(0.6 * 2 / 6, p[1], 1e-15);
        assertEquals(0.6 * 2 / 6 * 3 / 7, p[2], 1e-15);
    }

    @Test
    void uniformAttachmentM1IsGeometric() {
        // alpha = 0: every node weighs 1, mu = 1, p_k = 2^-k.
        assertEquals(1.0, RateEquation.mu(1, 0.0), 1e-9);
        double[] p = RateEquation.fractions(1, 0.0, 5);
        for (int i = 0; i < 5; i++) {
            assertEquals(Math.pow(0.5, i + 1), p[i], 1e-9);
        }
    }

    @Test
    void selfConsistentForSublinear() {
        double mu = RateEquation.mu(3, 0.5);
        assertEquals(mu, RateEquation.attachmentMass(3, 0.5, mu), 1e-9);
    }

    @Test
    void rejectsSuperlinearAndBadM() {
        assertThrows(IllegalArgumentException.class, () -> RateEquation.mu(2, 1.5));
        assertThrows(IllegalArgumentException.class, () -> RateEquation.mu(0, 1));
        assertNull(RateEquation.asymptoticExponent(2, 0.5));
        assertEquals(3.2, RateEquation.asymptoticExponent(5, 1.0), 1e-15);
    }

    @Test
    void hurwitzZetaKnownValues() {
        assertEquals(Math.PI * Math.PI / 6, PowerLawFit.hurwitzZeta(2, 1), 1e-13);
        assertEquals(Math.PI * Math.PI / 6 - 1 - 0.25, PowerLawFit.hurwitzZeta(2, 3), 1e-13);
        assertEquals(1.2020569031595942, PowerLawFit.hurwitzZeta(3, 1), 1e-13);
    }

    @ParameterizedTest
    @ValueSource(doubles = {2.2, 2.5, 3.0})
    void powerLawFitRecoversTheExponent(double gamma) {
        // Degrees drawn from p(x) = x^-gamma / zeta(gamma, 1) by inverse transform.
        java.util.SplittableRandom r = new java.util.SplittableRandom((long) (gamma * 100));
        double z = PowerLawFit.hurwitzZeta(gamma, 1);
        int max = 100_000;
        double[] cdf = new double[max + 1];
        for (int x = 1; x <= max; x++) {
            cdf[x] = cdf[x - 1] + Math.pow(x, -gamma) / z;
        }
        long[] counts = new long[max + 1];
        for (int i = 0; i < 200_000; i++) {
            double u = r.nextDouble() * cdf[max];
            int x = java.util.Arrays.binarySearch(cdf, u);
            x = x < 0 ? -x - 1 : x;
            counts[Math.max(1, x)]++;
        }
        PowerLawFit.Fit fit = PowerLawFit.fit(counts);
        assertEquals(gamma, fit.gamma(), 0.05, "fit " + fit);
    }
}
