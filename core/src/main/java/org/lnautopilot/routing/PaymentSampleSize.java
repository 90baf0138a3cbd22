package org.lnautopilot.routing;

/**
 * A sequential sample size for the mean of i.i.d. variables in [0, 1] to within an absolute epsilon
 * with probability at least 1 - delta, from Chernoff's bound in its Kullback-Leibler form (Hoeffding
 * 1963, Theorem 1): for the mean M of n such variables of mean mu, {@code P(M >= mu + e) <=
 * exp(-n KL(mu + e || mu))} and {@code P(M <= mu - e) <= exp(-n KL(mu - e || mu))}, KL the
 * Bernoulli divergence. For the small means of routing shares this needs far fewer samples than
 * Hoeffding's {@code ln(2/delta) / (2 e^2)}.
 *
 * <p>{@link #draw} samples in rounds of sizes fixed in advance: {@code n_0}, the fewest for which a
 * sample mean of epsilon / 10 settles in the first round ({@link #firstSize}), then 1.5 times the
 * last. After round i it forms the interval [L, U] of the mean at error {@code delta_i = 6 delta /
 * (pi^2 (i + 1)^2)}, of which {@link #UPPER_SHARE} goes to U and the rest to L, and stops once both
 * ends lie within epsilon of the sample mean. The intervals of all rounds hold together with
 * probability at least {@code 1 - sum delta_i = 1 - delta} (a union bound over the rounds and the
 * two ends, whose sizes and shares do not depend on the data), so at the stop {@code |M - mu| <=
 * epsilon} with at least that probability. Every sample counts towards the estimate: no pilot is
 * set aside. Stateless.
 *
 * <p>Why the uneven shares: a new node's routing share is small (mostly below epsilon / 10), and
 * for a mean below epsilon only U can fail the stop (L is at least 0, so within epsilon of the
 * mean), so the error budget goes where it buys samples. On ba-1000000 with epsilon 0.001 the even
 * split needed three rounds (7,862 receivers for a mean of 5.7e-5), this one settles in the first
 * (3,820); a mean of 0.01 costs about 9% more receivers than with the even split.
 */
final class PaymentSampleSize {
    /** Each round's size over the last one's. */
    static final double GROWTH = 1.5;
    /** The share of each round's delta that goes to the upper end of the interval. */
    static final double UPPER_SHARE = 0.9;
    /** The sample mean, as a fraction of epsilon, that {@link #firstSize} makes settle in the first round. */
    static final double FIRST_MEAN = 0.1;

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

    /**
     * The first round: the fewest samples for which a sample mean of {@code FIRST_MEAN * epsilon}
     * settles ({@link #settled} at delta_0), found by bisection between {@code ln(1 / delta_0) /
     * epsilon} and a size that settles every mean. O(log(1 / epsilon) * 60) bound evaluations.
     */
    static long firstSize(double epsilon, double delta) {
        final double d = roundDelta(delta, 0);
        final double mean = FIRST_MEAN * epsilon;
        long lo = (long) Math.floor(Math.log(1 / d) / epsilon);
        long hi = (long) Math.ceil(Math.log(2 / ((1 - UPPER_SHARE) * d)) / (2 * epsilon * epsilon)) + 1; // Hoeffding
        while (lo < hi) {
            final long mid = (lo + hi) >>> 1;
            if (settled(mean, mid, epsilon, d)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Round i's share of delta, {@code 6 delta / (pi^2 (i + 1)^2)}: the shares add up to delta. */
    static double roundDelta(double delta, int round) {
        final double r = round + 1.0;
        return 6 * delta / (Math.PI * Math.PI * r * r);
    }

    /**
     * Whether the interval of the mean at error {@code d} ({@code UPPER_SHARE * d} above, the rest
     * below) lies within epsilon of {@code mean}.
     */
    static boolean settled(double mean, long n, double epsilon, double d) {
        return upperBound(mean, n, UPPER_SHARE * d) <= mean + epsilon
                && lowerBound(mean, n, (1 - UPPER_SHARE) * d) >= mean - epsilon;
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
