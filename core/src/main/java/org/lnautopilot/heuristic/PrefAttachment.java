package org.lnautopilot.heuristic;

import java.util.Arrays;
import org.lnautopilot.graph.CsrGraph;

/**
 * lnd's preferential attachment scores since v0.6 ({@code preferential}): a node's score grows with
 * its number of channels, but channels much smaller than usual count against it, so that a node
 * cannot inflate its degree with tiny channels.
 *
 * <p>Law: {@code m} = the median of all channel capacities (for an even count the two middle values'
 * sum / 2, truncated; 0 when there are no channels); a node's count {@code c} = over its channels,
 * +1 for each with capacity {@code >= m / 4} (integer division), -1 for each smaller; its score is
 * {@code c / C} with {@code C} the largest count of any node; 0 when {@code c <= 0}, and every score
 * 0 when {@code C <= 0}. Parallel channels count one by one.
 *
 * <p>O(e log e) per call (the capacities are sorted for the median, then one pass over the adjacency); stateless and
 * thread-safe.
 */
public final class PrefAttachment implements NodeScorer {
    @Override
    public String name() {
        return "preferential";
    }

    @Override
    public double[] scores(CsrGraph g) {
        final int n = g.nodeCount();
        final long threshold = medianCapacity(g) / 4;
        final double[] s = new double[n];
        int best = 0;
        final int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            int c = 0;
            for (int k = g.slotStart(i), end = g.slotEnd(i); k < end; k++) {
                c += g.capacitySat(g.channelOfSlot(k)) >= threshold ? 1 : -1;
            }
            counts[i] = c;
            best = Math.max(best, c);
        }
        if (best <= 0) {
            return s;
        }
        for (int i = 0; i < n; i++) {
            s[i] = counts[i] > 0 ? (double) counts[i] / best : 0.0;
        }
        return s;
    }

    /** The median channel capacity as lnd computes it: for an even count, the middle two's sum / 2. O(e). */
    static long medianCapacity(CsrGraph g) {
        final int e = g.channelCount();
        if (e == 0) {
            return 0;
        }
        final long[] caps = new long[e];
        for (int c = 0; c < e; c++) {
            caps[c] = g.capacitySat(c);
        }
        Arrays.sort(caps);
        if ((e & 1) == 1) {
            return caps[e / 2];
        }
        // Capacities are below 2^63 / 2 in any real graph; the sum of two is computed without overflow.
        final long a = caps[e / 2 - 1];
        final long b = caps[e / 2];
        return (a / 2 + b / 2) + ((a % 2 + b % 2) / 2);
    }

    @Override
    public String toString() {
        return name();
    }
}
