package org.lnautopilot.growth;



/**
 * The stationary degree distribution of growth by preferential attachment with kernel
 * {@code A_k = (k + 1)^alpha}, {@code M} channel ends landing per newcomer, from the mean-field rate
 * equation (Krapivsky, Redner and Leyvraz, "Connectivity of growing random networks", PRL 2000; for
 * {@code M > 1} the same equation with {@code M} ends per step).
 *
 * <p>With {@code p_k} the fraction of nodes of degree {@code k} and {@code mu = sum_k A_k p_k}:
 * <pre>
 *   p_k = 0                                     for k &lt; M
 *   p_M = mu / (mu + M A_M)
 *   p_k = p_{k-1} M A_{k-1} / (mu + M A_k)      for k &gt; M
 * </pre>
 * and {@code mu} is fixed by the normalisation of the attachment probability,
 * {@code mu = sum_k A_k p_k(mu)}. ({@code sum_k p_k = 1} holds for every {@code mu}, since the
 * equation telescopes, so it cannot fix {@code mu}.) For {@code alpha = 1} it is
 * {@code 2M + 1} (mean degree {@code 2M}, plus one), and the tail falls as {@code k^-(3 + 1/M)}
 * (Dorogovtsev, Mendes and Samukhin, "Structure of growing networks with preferential linking",
 * PRL 2000). For {@code alpha < 1} it is found by bisection. For {@code alpha > 1} there is no
 * stationary distribution (a few nodes gather a finite share of all channels), and these methods
 * reject it. Stateless and thread-safe.
 */
public final class RateEquation {
    private static final int MAX_TERMS = 2_000_000;

    private RateEquation() {
    }

    /**
     * {@code mu} for {@code m} ends per newcomer and exponent {@code alpha} in [0, 1].
     *
     * @throws IllegalArgumentException if {@code alpha} is outside [0, 1] or {@code m < 1}
     */
    public static double mu(int m, double alpha) {
        check(m, alpha);
        if (alpha == 1.0) {
            return 2.0 * m + 1;
        }
        return solveMu(m, alpha);
    }

    /**
     * Solves {@code mu = sum_k A_k p_k(mu)} by bisection on [1e-9, 2M + 1]: since
     * {@code (k + 1)^alpha <= k + 1}, the root is at most the {@code alpha = 1} value {@code 2M + 1}.
     */
    static double solveMu(int m, double alpha) {
        double lo = 1e-9;
        double hi = 2.0 * m + 1;
        double flo = attachmentMass(m, alpha, lo) - lo;
        for (int i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            double f = attachmentMass(m, alpha, mid) - mid;
            if ((f < 0) == (flo < 0)) {
                lo = mid;
                flo = f;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** {@code sum_k A_k p_k(mu)}, summed until the terms are negligible. */
    static double attachmentMass(int m, double alpha, double mu) {
        double p = mu / (mu + m * a(m, alpha));
        double sum = a(m, alpha) * p;
        for (int k = m + 1; k < MAX_TERMS; k++) {
            p *= m * a(k - 1, alpha) / (mu + m * a(k, alpha));
            double term = a(k, alpha) * p;
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return sum;
    }

    /**
     * The stationary fractions {@code p_M .. p_{M+count-1}}.
     *
     * @throws IllegalArgumentException if {@code alpha} is outside [0, 1] or {@code m < 1}
     */
    public static double[] fractions(int m, double alpha, int count) {
        double mu = mu(m, alpha);
        double[] out = new double[count];
        double p = mu / (mu + m * a(m, alpha));
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                int k = m + i;
                p *= m * a(k - 1, alpha) / (mu + m * a(k, alpha));
            }
            out[i] = p;
        }
        return out;
    }

    /** The tail exponent {@code 3 + 1/M} for {@code alpha = 1}; null otherwise (no power-law tail). */
    public static Double asymptoticExponent(int m, double alpha) {
        return alpha == 1.0 ? 3.0 + 1.0 / m : null;
    }

    private static double a(int k, double alpha) {
        return alpha == 1.0 ? k + 1.0 : Math.pow(k + 1.0, alpha);
    }

    private static void check(int m, double alpha) {
        if (m < 1) {
            throw new IllegalArgumentException("M must be at least 1, got " + m);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("the rate equation has a stationary solution only for alpha in [0, 1], got "
                    + alpha);
        }
    }
}
