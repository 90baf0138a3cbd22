package org.lnautopilot.routing;

/**
 * A sequential sample size for the mean of i.i.d. variables in [0, 1] to within an absolute epsilon
 * with probability at least 1 - delta, from Chernoff's bound in its Kullback-Leibler form (Hoeffding
 * 1963, Theorem 1): for the mean M of n such variables of mean mu, {@code P(M >= mu + e) <=
 * exp(-n KL(mu + e || mu))} and {@code P(M <= mu - e) <= exp(-n KL(mu - e || mu))}, KL the
 * Bernoulli divergence. For the small means of routing shares this needs far fewer samples than
 * Hoeffding's {@code ln(2/delta) / (2 e^2)}.
 *
 * <p>{@link #draw} samples in rounds of sizes fixed in advance, {@code n_0 = ln(2 / delta_0) /
 * epsilon} (the fewest for which a mean of 0 can be bounded) and then 1.5 times the last. After
 * round i it forms the two-sided interval [L, U] of the mean at error {@code delta_i = 6 delta /
 * (pi^2 (i + 1)^2)} (each tail {@code delta_i / 2}) and stops once both ends lie within epsilon of
 * the sample mean. The intervals of all rounds hold together with probability at least {@code 1 -
 * sum delta_i = 1 - delta} (a union bound over the rounds, whose sizes do not depend on the data),
 * so at the stop {@code |M - mu| <= epsilon} with at least that probability. Every sample counts
 * towards the estimate: no pilot is set aside. Stateless.
 */
final class PaymentSampleSize {
    /** Each round's size over the last one's. */
    static final double GROWTH = 1.5;

    private PaymentSampleSize() {
    }

    /** Adds samples to a running sum. */
    interface Sampler {
        /** Draws {@code count} more samples, each in [0, 1]. */
        void draw(int count);

        /** The sum of every sample drawn so far. */
        double sum();
    }

    /**
     * Draws rounds from {@code sampler} until the mean is known to within epsilon (see the class
     * comment), or until the next round would reach {@code limit} samples.
     *
     * @return the number of samples drawn, or {@code -1 - drawn} when the next round would reach
     *         the limit (the caller then evaluates exactly)
     */
    static long draw(double epsilon, double delta, long limit, Sampler sampler) {
        long size = firstSize(epsilon, delta);
        long drawn = 0;
        for (int round = 0;; round++) {
            if (size >= limit) {
                return -1 - drawn;
            }
            sampler.draw((int) (size - drawn));
            drawn = size;
            if (settled(sampler.sum() / drawn, drawn, epsilon, roundDelta(delta, round))) {
                return drawn;
            }
            size = (long) Math.ceil(size * GROWTH);
        }
    }

    /** The first round, {@code ln(2 / delta_0) / epsilon}: enough that a sample mean of 0 settles. */
    static long firstSize(double epsilon, double delta) {
        return (long) Math.ceil(Math.log(2 / roundDelta(delta, 0)) / epsilon);
    }

    /** Round i's share of delta, {@code 6 delta / (pi^2 (i + 1)^2)}: the shares add up to delta. */
    static double roundDelta(double delta, int round) {
        final double r = round + 1.0;
        return 6 * delta / (Math.PI * Math.PI * r * r);
    }

    /** Whether the interval of the mean at error {@code d} (each tail d / 2) lies within epsilon of {@code mean}. */
    static boolean settled(double mean, long n, double epsilon, double d) {
        return upperBound(mean, n, d / 2) <= mean + epsilon && lowerBound(mean, n, d / 2) >= mean - epsilon;
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
     * The largest mu with {@code exp(-n KL(mean || mu)) >= d}, mu >= mean: an upper bound on the
     * mean that fails with probability at most d. Bisection, 60 steps.
     */
    static double upperBound(double mean, long n, double d) {
        final double target = Math.log(1 / d) / n;
        final double m = Math.min(Math.max(mean, 0), 1);
        double lo = m;
        double hi = 1;
        if (lo >= 1) {
            return 1;
        }
        for (int i = 0; i < 60; i++) {
            final double mid = (lo + hi) / 2;
            if (kl(m, mid) > target) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /** The mirror of {@link #upperBound}: the smallest mu <= mean with {@code exp(-n KL(mean || mu)) >= d}. */
    static double lowerBound(double mean, long n, double d) {
        return 1 - upperBound(1 - mean, n, d);
    }
}
