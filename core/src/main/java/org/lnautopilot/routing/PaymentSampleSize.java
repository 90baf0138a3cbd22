package org.lnautopilot.routing;

/**
 * Sample sizes for the mean of i.i.d. variables in [0, 1] from Chernoff's bound in its
 * Kullback-Leibler form (Hoeffding 1963, Theorem 1): for a sample mean M of n such variables with
 * mean mu, {@code P(M >= mu + e) <= exp(-n KL(mu + e || mu))} and {@code P(M <= mu - e) <=
 * exp(-n KL(mu - e || mu))}, KL the Bernoulli divergence. For the small means of routing shares
 * this needs far fewer samples than Hoeffding's {@code ln(2/delta) / (2 e^2)}. Stateless.
 */
final class PaymentSampleSize {
    private PaymentSampleSize() {
    }

    /** The pilot, {@code ln(2/delta) / epsilon}: enough that a mean near 0 is bounded by about epsilon. */
    static int pilot(double epsilon, double delta) {
        return (int) Math.min(1 << 20, Math.ceil(Math.log(2 / delta) / epsilon));
    }

    /** {@code KL(a || b)} for Bernoulli laws, a in [0, 1], b in (0, 1). */
    static double kl(double a, double b) {
        double r = 0;
        if (a > 0) {
            r += a * Math.log(a / b);
        }
        if (a < 1) {
            r += (1 - a) * Math.log((1 - a) / (1 - b));
        }
        return r;
    }

    /**
     * The largest mu with {@code exp(-n KL(mean || mu)) >= delta}, mu >= mean: an upper bound on the
     * mean that fails with probability at most delta. Bisection, 60 steps.
     */
    static double upperBound(double mean, long n, double delta) {
        final double target = Math.log(1 / delta) / n;
        double lo = Math.min(Math.max(mean, 0), 1);
        double hi = 1;
        if (lo >= 1) {
            return 1;
        }
        for (int i = 0; i < 60; i++) {
            final double mid = (lo + hi) / 2;
            if (kl(Math.min(mean, mid), mid) > target) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /**
     * The smallest n for which both tails at distance epsilon add up to at most delta for every mean
     * mu in [0, upper]: the worst mu is taken on a grid of 200 points and the bound's exponent is
     * monotone between them to within the grid's step, which is added to mu.
     */
    static long mainSize(double upper, double epsilon, double delta) {
        double worst = Double.POSITIVE_INFINITY;
        final int steps = 200;
        final double top = Math.min(upper, 1);
        for (int i = 0; i <= steps; i++) {
            final double mu = top * i / steps;
            worst = Math.min(worst, rate(mu, epsilon, top / steps));
        }
        if (worst <= 0) {
            return Long.MAX_VALUE;
        }
        // Two tails, each at most exp(-n rate): 2 exp(-n rate) <= delta.
        return (long) Math.ceil(Math.log(2 / delta) / worst);
    }

    /** The smaller of the two tails' exponents at mu, made smaller still over [mu, mu + step]. */
    private static double rate(double mu, double epsilon, double step) {
        double r = Double.POSITIVE_INFINITY;
        for (double m : new double[] {mu, Math.min(1, mu + step)}) {
            if (m <= 0 || m >= 1) {
                final double mm = Math.min(Math.max(m, 1e-300), 1 - 1e-16);
                r = Math.min(r, mm + epsilon < 1 ? kl(mm + epsilon, mm) : Double.POSITIVE_INFINITY);
                continue;
            }
            final double up = m + epsilon < 1 ? kl(m + epsilon, m) : Double.POSITIVE_INFINITY;
            final double down = m - epsilon > 0 ? kl(m - epsilon, m) : Double.POSITIVE_INFINITY;
            r = Math.min(r, Math.min(up, down));
        }
        return r;
    }
}
