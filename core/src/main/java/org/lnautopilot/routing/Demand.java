package org.lnautopilot.routing;

import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.sample.AliasTable;

/**
 * The payment demand of API.md part 3 (SimLN's default shape): a payment goes from a sender to a
 * receiver drawn independently in proportion to their capacity (the sum of their channels'
 * capacities), sender != receiver. So pair (s, t) has probability {@code w_s w_t / Z} with
 * {@code Z = W^2 - sum of w_i^2}; receiver t's marginal is {@code w_t (W - w_t) / Z}.
 *
 * <p>O(n + e) to build; immutable and thread-safe.
 */
public final class Demand {
    private final double[] w;
    private final double total;
    private final double pairs;

    private Demand(double[] w) {
        this.w = w;
        double sum = 0;
        double sq = 0;
        for (double x : w) {
            sum += x;
            sq += x * x;
        }
        this.total = sum;
        this.pairs = sum * sum - sq;
    }

    /** Every node weighted by its capacity, satoshis. O(n + e). */
    public static Demand byCapacity(CsrGraph g) {
        final double[] w = new double[g.nodeCount()];
        for (int c = 0, e = g.channelCount(); c < e; c++) {
            final double cap = g.capacitySat(c);
            w[g.endpoint(c, 0)] += cap;
            w[g.endpoint(c, 1)] += cap;
        }
        return new Demand(w);
    }

    /** Node {@code i}'s weight. O(1). */
    public double weight(int i) {
        return w[i];
    }

    /** The number of nodes. */
    public int nodeCount() {
        return w.length;
    }

    /** The number of nodes of positive weight (those that send and receive). O(n). */
    public int positiveCount() {
        int k = 0;
        for (double x : w) {
            if (x > 0) {
                k++;
            }
        }
        return k;
    }

    /** The sum of the weights, W. */
    public double total() {
        return total;
    }

    /** {@code Z = W^2 - sum of squares}: the total weight of ordered pairs of distinct nodes. */
    public double pairWeight() {
        return pairs;
    }

    /** An alias table drawing nodes by their weight (a sender for a given receiver, by rejection). O(n). */
    public AliasTable weightTable() {
        return AliasTable.of(w);
    }

    /** An alias table drawing receivers by their marginal {@code w_t (W - w_t)}. O(n). */
    AliasTable receiverTable() {
        final double[] q = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            q[i] = w[i] * (total - w[i]);
        }
        return AliasTable.of(q);
    }
}
