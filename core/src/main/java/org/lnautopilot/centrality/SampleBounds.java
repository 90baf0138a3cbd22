package org.lnautopilot.centrality;

import java.util.Arrays;

/**
 * Sample sizes for {@link Betweenness#approximate}: Riondato and Kornaropoulos' worst-case bound, and
 * the smaller size that a pilot sample proves sufficient.
 *
 * <h2>Why a pilot</h2>
 * Each sampled pair gives every node {@code v} a value {@code X_v} in [0, 1] with mean {@code b(v)}:
 * the indicator of {@code v} being inside the sampled shortest path, or its fraction (see
 * {@link PathSampler}). Its variance is at most {@code b(v)(1 - b(v))}, and at most {@code E[X_v^2]},
 * which for fractions is smaller. The worst-case bound must hold for every graph, so it pays for
 * variance 1/4 at every node; on a large graph almost every {@code b(v)} is tiny and only a few hubs
 * have a variance near their {@code b}. Bernstein's inequality turns a variance bound into a sample
 * size: for {@code tau} independent samples,
 * {@code P(|mean - b| >= eps) <= 2 exp(-tau eps^2 / (2 var + 2 eps / 3))}.
 * A first, small sample (the pilot) bounds every {@code b(v)} and every {@code E[X_v^2]} from above;
 * those bounds give each node's variance bound, and the main sample size is the smallest {@code tau}
 * for which the sum over nodes of Bernstein's failure probabilities is at most the main phase's
 * share of {@code delta}. This is the idea of KADABRA's per-node failure probabilities chosen from a
 * preliminary sample (Borassi and Natale, "KADABRA is an ADaptive Algorithm for Betweenness via
 * Random Approximation", ACM JEA 2019), with one fixed main sample instead of its adaptive stopping
 * rule, so the argument needs only Bernstein's inequality and a union bound.
 *
 * <h2>The pilot's upper bound</h2>
 * For a variable in [0, 1] with mean {@code b} (a value {@code X_v}, or its square, whose mean is
 * {@code E[X_v^2]}), Bernstein's lower tail with {@code var <= b} gives, with probability at least
 * {@code 1 - delta'},
 * {@code b < p + 2L / (3 tau) + sqrt(2 b L / tau)} where {@code p} is the pilot mean and
 * {@code L = ln(1 / delta')}; solving for {@code sqrt(b)} gives
 * {@code b < ((a + sqrt(a^2 + 4c)) / 2)^2} with {@code a = sqrt(2L / tau)}, {@code c = p + 2L / (3 tau)}.
 * With {@code delta' = delta_pilot / 2n} both bounds hold for every node at once with probability
 * at least {@code 1 - delta_pilot}.
 *
 * <p>Static methods, O(n log n) at most; thread-safe.
 */
final class SampleBounds {
    /**
     * The pilot's share of {@code delta}; the main sample has the rest. The pilot's bounds pay for
     * their share only in a logarithm over all {@code n} nodes, the main sample in a logarithm over
     * the few nodes that need it most, so the main sample gets the larger share: on a
     * Barabasi-Albert graph of 10^5 nodes at epsilon 0.001, shares of 1/2, 1/5, 1/10 and 1/20 gave
     * 620,846, 567,966, 556,406 and 550,910 pairs in all.
     */
    private static final double PILOT_DELTA_SHARE = 0.1;

    private SampleBounds() {
    }

    /** The pilot's share of a guarantee's {@code delta}. */
    static double pilotDelta(double delta) {
        return delta * PILOT_DELTA_SHARE;
    }

    /** The main sample's share of a guarantee's {@code delta}: what the pilot leaves. */
    static double mainDelta(double delta) {
        return delta - pilotDelta(delta);
    }

    /**
     * Riondato and Kornaropoulos' sample size for vertex-diameter bound {@code vd}:
     * {@code ceil((0.5 / eps^2)(floor(log2(vd - 2)) + 1 + ln(1 / delta)))}.
     *
     * @throws IllegalArgumentException if the size passes {@link Integer#MAX_VALUE} (counts are ints)
     */
    static long worstCase(int vd, double epsilon, double delta) {
        final int log = vd > 2 ? 31 - Integer.numberOfLeadingZeros(vd - 2) : 0;
        final double r = Math.ceil(0.5 / (epsilon * epsilon) * (log + 1 + Math.log(1 / delta)));
        if (!(r <= Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("epsilon " + epsilon + " needs " + (long) Math.min(r, Long.MAX_VALUE)
                    + " sampled pairs, more than the " + Integer.MAX_VALUE + " supported; use a larger epsilon");
        }
        return (long) r;
    }

    /**
     * The pilot's size for a worst-case size {@code cap}: a 64th of it, at least 1. A larger pilot
     * tightens the bounds and so shrinks the main sample, but costs draws of its own: on a
     * Barabasi-Albert graph of 10^5 nodes at epsilon 0.001, pilots of a 16th, 32nd, 64th and 128th
     * gave 720,654, 642,298, 620,846 and 619,115 pairs in all.
     */
    static long pilotSize(long cap) {
        return Math.max(1, cap / 64);
    }

    /**
     * An upper bound on the mean of a variable in [0, 1] that holds with probability at least
     * {@code 1 - exp(-logTerm)}, from the {@code sum} of {@code tau} samples (class comment). In (0, 1].
     */
    static double upperBound(double sum, long tau, double logTerm) {
        final double a = Math.sqrt(2 * logTerm / tau);
        final double c = sum / tau + 2 * logTerm / (3.0 * tau);
        final double root = (a + Math.sqrt(a * a + 4 * c)) / 2;
        return Math.min(1.0, root * root);
    }

    /**
     * A node's variance bound from the pilot: its value {@code X} is in [0, 1], so its variance is at
     * most {@code b(1 - b)} (from the upper bound {@code ub} on its mean {@code b}; 1/4 from 1/2 up) and
     * at most {@code E[X^2]} (below {@code usq}, the upper bound on the mean square).
     */
    static double varianceBound(double ub, double usq) {
        return Math.min(usq, ub >= 0.5 ? 0.25 : ub * (1 - ub));
    }

    /**
     * The main sample size: the smallest {@code tau <= cap} such that, with every node's mean and mean
     * square below their pilot upper bounds, the sum over nodes of Bernstein's failure probability at
     * {@code epsilon}, with {@link #varianceBound}, is at most {@code delta}; or -1 when no size up to
     * {@code cap} suffices (then the caller falls back on the worst-case bound).
     *
     * @param sums          each node's sum of its values over the pilot (not modified)
     * @param squares       each node's sum of its squared values over the pilot (not modified)
     * @param pilot         the pilot's size
     * @param pilotLogTerm  {@code ln(2n / delta_pilot)}: both bounds of every node at once
     */
    static long mainSize(double[] sums, double[] squares, long pilot, double pilotLogTerm, double epsilon,
            double delta, long cap) {
        // Nodes with the same variance bound need the same term: sum over distinct bounds, sorted.
        final int n = sums.length;
        int nonZero = 0;
        for (double x : sums) {
            nonZero += x != 0 ? 1 : 0;
        }
        final double[] sorted = new double[nonZero];
        for (int i = 0, j = 0; i < n; i++) {
            if (sums[i] != 0) {
                sorted[j++] = denominator(varianceBound(upperBound(sums[i], pilot, pilotLogTerm),
                        upperBound(squares[i], pilot, pilotLogTerm)), epsilon);
            }
        }
        Arrays.sort(sorted);
        int distinct = n > nonZero ? 1 : 0;
        for (int i = 0; i < nonZero; i++) {
            distinct += i == 0 || sorted[i] != sorted[i - 1] ? 1 : 0;
        }
        // Per distinct bound: 2 var + 2 eps / 3, and how many nodes have it.
        final double[] denominator = new double[distinct];
        final long[] nodes = new long[distinct];
        int d = 0;
        if (n > nonZero) {
            final double zero = upperBound(0, pilot, pilotLogTerm);
            denominator[d] = denominator(varianceBound(zero, zero), epsilon);
            nodes[d++] = n - nonZero;
        }
        for (int i = 0; i < nonZero; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                denominator[d] = sorted[i];
                nodes[d++] = 0;
            }
            nodes[d - 1]++;
        }
        if (failure(cap, denominator, nodes, epsilon) > delta) {
            return -1;
        }
        long lo = 0;
        long hi = cap;
        // Invariant: failure(hi) <= delta, and lo is 0 or failure(lo) > delta.
        while (hi - lo > 1) {
            final long mid = lo + (hi - lo) / 2;
            if (failure(mid, denominator, nodes, epsilon) <= delta) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    private static double denominator(double variance, double epsilon) {
        return 2 * variance + 2 * epsilon / 3;
    }

    /** The sum of Bernstein's two-sided failure probabilities at {@code tau} samples. */
    private static double failure(long tau, double[] denominator, long[] nodes, double epsilon) {
        final double t = tau * epsilon * epsilon;
        double sum = 0;
        for (int i = 0; i < denominator.length; i++) {
            sum += nodes[i] * 2 * Math.exp(-t / denominator[i]);
        }
        return sum;
    }
}
