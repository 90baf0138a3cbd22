package org.lnautopilot.growth;

import org.lnautopilot.graph.CsrGraph;

/**
 * Discrete power-law fit of a degree distribution, after Clauset, Shalizi and Newman, "Power-law
 * distributions in empirical data", SIAM Review 2009: for each candidate lower bound
 * {@code xmin}, the exponent is the maximum-likelihood estimate for
 * {@code p(x) = x^-gamma / zeta(gamma, xmin)}, {@code x >= xmin}, and the {@code xmin} kept is the one
 * whose fit has the smallest Kolmogorov-Smirnov distance to the observed tail.
 *
 * <p>The likelihood is maximised by golden-section search over {@code gamma} in (1, 10]; the Hurwitz
 * zeta function comes from its Euler-Maclaurin expansion. Candidates are the observed degrees that
 * leave at least {@link #MIN_TAIL} nodes in the tail. Cost: O(candidates x (60 zeta evaluations +
 * maximum degree)). Stateless and thread-safe.
 */
public final class PowerLawFit {
    /** The fewest nodes a tail may have. */
    public static final int MIN_TAIL = 50;

    /**
     * A fit.
     *
     * @param gamma    the exponent
     * @param xmin     the lower bound of the power-law tail
     * @param ks       the Kolmogorov-Smirnov distance between the tail and the fit
     * @param tailSize nodes with degree at least {@code xmin}
     */
    public record Fit(double gamma, int xmin, double ks, long tailSize) {
    }

    private PowerLawFit() {
    }

    /** The degree histogram of a graph: {@code counts[k]} nodes have degree {@code k}. O(n). */
    public static long[] degreeCounts(CsrGraph g) {
        long[] c = new long[g.maxDegree() + 1];
        for (int i = 0; i < g.nodeCount(); i++) {
            c[g.degree(i)]++;
        }
        return c;
    }

    /**
     * Fits a histogram ({@code counts[k]} nodes of degree {@code k}; degree 0 is ignored).
     *
     * @return the fit, or null when no tail has {@link #MIN_TAIL} nodes
     */
    public static Fit fit(long[] counts) {
        final int maxK = counts.length - 1;
        // Tail sizes and sums of ln x from the top down.
        long[] tail = new long[counts.length + 1];
        double[] logSum = new double[counts.length + 1];
        for (int k = maxK; k >= 1; k--) {
            tail[k] = tail[k + 1] + counts[k];
            logSum[k] = logSum[k + 1] + counts[k] * Math.log(k);
        }
        Fit best = null;
        for (int xmin = 1; xmin <= maxK; xmin++) {
            if (counts[xmin] == 0) {
                continue;
            }
            if (tail[xmin] < MIN_TAIL) {
                break;
            }
            double gamma = mle(tail[xmin], logSum[xmin], xmin);
            double ks = ks(counts, xmin, tail[xmin], gamma);
            if (best == null || ks < best.ks()) {
                best = new Fit(gamma, xmin, ks, tail[xmin]);
            }
        }
        return best;
    }

    /** Maximises {@code -n ln zeta(g, xmin) - g S} over g by golden-section search. */
    static double mle(long n, double logSum, int xmin) {
        double a = 1.0001;
        double b = 10.0;
        final double phi = (Math.sqrt(5) - 1) / 2;
        double c = b - phi * (b - a);
        double d = a + phi * (b - a);
        double fc = logLikelihood(n, logSum, xmin, c);
        double fd = logLikelihood(n, logSum, xmin, d);
        for (int i = 0; i < 80 && b - a > 1e-9; i++) {
            if (fc > fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - phi * (b - a);
                fc = logLikelihood(n, logSum, xmin, c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + phi * (b - a);
                fd = logLikelihood(n, logSum, xmin, d);
            }
        }
        return 0.5 * (a + b);
    }

    private static double logLikelihood(long n, double logSum, int xmin, double g) {
        return -n * Math.log(hurwitzZeta(g, xmin)) - g * logSum;
    }

    /** Largest gap between the tail's empirical CDF and the fitted one. */
    static double ks(long[] counts, int xmin, long n, double gamma) {
        double z = hurwitzZeta(gamma, xmin);
        double zx = z; // zeta(gamma, x) as x walks up
        long below = 0;
        double d = 0;
        for (int x = xmin; x < counts.length; x++) {
            below += counts[x];
            zx -= Math.pow(x, -gamma);
            double fit = 1 - zx / z;
            double emp = (double) below / n;
            d = Math.max(d, Math.abs(emp - fit));
        }
        return d;
    }

    private static final double[] B2J = {1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730};

    /**
     * The Hurwitz zeta function {@code sum_{k>=0} (k + q)^-s} for {@code s > 1}, {@code q > 0}: ten
     * terms summed directly and the rest by Euler-Maclaurin with six Bernoulli corrections.
     */
    public static double hurwitzZeta(double s, double q) {
        final int n = 10;
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += Math.pow(q + k, -s);
        }
        double x = q + n;
        sum += Math.pow(x, 1 - s) / (s - 1) + 0.5 * Math.pow(x, -s);
        double fact = 1; // (2j)!
        double rising = s; // s (s+1) ... (s+2j-2)
        double xpow = Math.pow(x, -s - 1);
        for (int j = 1; j <= B2J.length; j++) {
            fact *= (2 * j - 1) * (2 * j);
            sum += B2J[j - 1] / fact * rising * xpow;
            rising *= (s + 2 * j - 1) * (s + 2 * j);
            xpow /= x * x;
        }
        return sum;
    }
}
