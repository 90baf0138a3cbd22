package org.lnautopilot.sample;

import java.util.random.RandomGenerator;

/**
 * Walker's alias method, built by Vose's algorithm: draws index {@code i} with probability
 * {@code w_i / sum(w)} in O(1) after an O(n) build (A. J. Walker, "An efficient method for generating
 * discrete random variables with general distributions", ACM TOMS 1977; M. D. Vose, "A linear
 * algorithm for generating random numbers with a given distribution", IEEE TSE 1991).
 *
 * <p>The design follows Commons RNG's {@code AliasMethodDiscreteSampler}: each column {@code j}
 * keeps its own index with probability {@code prob[j] / 2^53}, stored as a fixed-point {@code long},
 * and otherwise yields {@code alias[j]}. A draw is one uniform column and one 53-bit uniform compared
 * as integers: no floating point, no allocation. The build keeps the "small" and "large" columns in
 * one shared work array (small from the front, large from the back) and uses the numerically
 * better update {@code p_l = (p_l + p_s) - 1}; columns left over by round-off get probability 1.
 * A zero weight is never drawn: its column always yields its alias, which has positive weight.
 * The weights are read twice (once for their sum, once to scale them) and not kept.
 *
 * <p>Memory: 12 bytes per index. Immutable after construction and safe to share across threads;
 * the caller supplies the {@link RandomGenerator}, whose own thread-safety then applies.
 */
public final class AliasTable {
    /** Fixed-point one: probabilities are multiples of 2^-53. */
    static final long ONE = 1L << 53;
    private static final double TO_FIXED = 0x1.0p53;

    private final long[] prob;
    private final int[] alias;
    private final double totalWeight;

    private AliasTable(long[] prob, int[] alias, double totalWeight) {
        this.prob = prob;
        this.alias = alias;
        this.totalWeight = totalWeight;
    }

    /** A table over {@code w} (not kept). O(n). See {@link #of(int, IndexWeights)} for the checks. */
    public static AliasTable of(double[] w) {
        return of(w.length, IndexWeights.of(w));
    }

    /** A table over integer weights (not kept); each is converted to {@code double}. O(n). */
    public static AliasTable of(long[] w) {
        double[] d = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            if (w[i] < 0) {
                throw new IllegalArgumentException("weight " + i + " is negative: " + w[i]);
            }
            d[i] = w[i];
        }
        return of(d);
    }

    /**
     * A table over the weights {@code w.weight(0) .. w.weight(n-1)}, each read twice. O(n) time, 4n
     * bytes of scratch besides the table's 12n.
     *
     * @throws IllegalArgumentException if {@code n < 1}, a weight is negative, NaN or infinite, or all
     *                                  weights are zero (the message names the first bad index)
     */
    public static AliasTable of(int n, IndexWeights w) {
        if (n < 1) {
            throw new IllegalArgumentException("an alias table needs at least one weight");
        }
        double total = 0;
        int anyPositive = -1;
        for (int i = 0; i < n; i++) {
            final double x = w.weight(i);
            if (!(x >= 0) || x == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("weight " + i + " must be finite and non-negative, got " + x);
            }
            if (x > 0) {
                anyPositive = i;
            }
            total += x;
        }
        if (anyPositive < 0) {
            throw new IllegalArgumentException("all " + n + " weights are zero: nothing can be drawn");
        }
        if (total == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("the weights' sum overflows a double");
        }
        return build(n, w, total, anyPositive);
    }

    /**
     * Vose's pairing. Until a column is final, {@code prob[i]} holds its scaled probability
     * {@code p_i = w_i n / total} as raw {@code double} bits, so the build needs no array beyond the
     * table and one work array: 16 bytes of allocation per weight.
     */
    private static AliasTable build(final int n, final IndexWeights w, final double total, final int anyPositive) {
        final double scale = n / total;
        final long[] prob = new long[n];
        final int[] alias = new int[n];
        final int[] work = new int[n];
        int small = 0;
        int large = n;
        // Branch-free classification: write i at both free ends ([small, large) is free space) and
        // advance the end it belongs to; which one is data-dependent, and a branch would mispredict.
        for (int i = 0; i < n; i++) {
            final double p = w.weight(i) * scale;
            prob[i] = Double.doubleToRawLongBits(p);
            final int isSmall = p < 1.0 ? 1 : 0;
            work[small] = i;
            work[large - 1] = i;
            small += isSmall;
            large -= 1 - isSmall;
        }
        // Pair each small column with a large one; the large column gives away what the small lacks.
        while (small > 0 && large < n) {
            final int s = work[--small];
            final int l = work[large];
            final double ps = Double.longBitsToDouble(prob[s]);
            prob[s] = (long) (ps * TO_FIXED);
            alias[s] = l;
            final double pl = (Double.longBitsToDouble(prob[l]) + ps) - 1.0;
            prob[l] = Double.doubleToRawLongBits(pl);
            // Branch-free: if l fell below 1 it moves from the large stack to the small one; the write
            // lands in free space (the slot s was popped from) either way.
            final int becameSmall = pl < 1.0 ? 1 : 0;
            work[small] = l;
            small += becameSmall;
            large += becameSmall;
        }
        while (large < n) {
            final int l = work[large++];
            prob[l] = ONE;
            alias[l] = l;
        }
        // Left over only through round-off: such a column keeps itself, unless its weight is zero.
        while (small > 0) {
            final int s = work[--small];
            if (Double.longBitsToDouble(prob[s]) > 0) {
                prob[s] = ONE;
                alias[s] = s;
            } else {
                prob[s] = 0;
                alias[s] = anyPositive;
            }
        }
        return new AliasTable(prob, alias, total);
    }

    /**
     * Draws an index: one {@code nextInt(n)} and one {@code nextLong()} from {@code rng}. O(1), no
     * allocation.
     */
    public int sample(RandomGenerator rng) {
        final int j = rng.nextInt(prob.length);
        return (rng.nextLong() >>> 11) < prob[j] ? j : alias[j];
    }

    /** Number of indexes. */
    public int size() {
        return prob.length;
    }

    /** Sum of the weights the table was built from. */
    public double totalWeight() {
        return totalWeight;
    }

    /**
     * The probability with which {@link #sample} returns each index, computed exactly from the table
     * (so it includes the build's round-off). O(n).
     */
    public double[] probabilities() {
        final int n = prob.length;
        final double[] out = new double[n];
        final double norm = 1.0 / ((double) n * ONE);
        for (int j = 0; j < n; j++) {
            out[j] += prob[j] * norm;
            out[alias[j]] += (ONE - prob[j]) * norm;
        }
        return out;
    }

    /** Bytes held by the table. */
    public long footprintBytes() {
        return 16 + 8 + 16 + 8L * prob.length + 16 + 4L * alias.length;
    }
}
