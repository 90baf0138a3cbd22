package org.lnautopilot.growth;

import java.util.random.RandomGenerator;
import org.lnautopilot.graph.Progress;
import org.lnautopilot.sample.DynamicAttachmentSampler;

/**
 * What the attachment heuristic does to a network when everyone uses it: grows a network from a
 * clique of {@code M + 1} nodes to {@code N} nodes, each newcomer opening {@code M} channels to
 * distinct existing nodes drawn by the heuristic's law (weight {@code (deg + 1)^alpha}, without
 * replacement, never itself, since it joins only after its picks).
 *
 * <p>Picks come from a {@link DynamicAttachmentSampler}, exact and O(1) ({@code alpha = 1}) or
 * O(log D) per pick and per degree change; a repeat within one newcomer's picks is drawn again,
 * which is exactly sequential sampling without replacement. O(N M) overall. Stateless and
 * thread-safe; the result depends only on the arguments and the generator's output.
 */
public final class GrowthSimulation {
    private GrowthSimulation() {
    }

    /**
     * The grown network's degree histogram and its largest degree.
     *
     * @param degreeCounts {@code degreeCounts[k]} nodes have degree {@code k}
     * @param nodes        number of nodes
     * @param channels     number of channels
     * @param maxDegree    the largest degree
     */
    public record Result(long[] degreeCounts, int nodes, long channels, int maxDegree) {
        /** Fraction of nodes with degree {@code k}. */
        public double fraction(int k) {
            return k < degreeCounts.length ? (double) degreeCounts[k] / nodes : 0.0;
        }
    }

    /**
     * Grows the network.
     *
     * @throws IllegalArgumentException if {@code m < 1}, {@code nodes < m + 1}, or alpha is not
     *                                  finite and non-negative
     */
    public static Result run(int nodes, int m, double alpha, RandomGenerator rng, Progress progress) {
        if (m < 1) {
            throw new IllegalArgumentException("channels per newcomer must be at least 1, got " + m);
        }
        if (nodes < m + 1) {
            throw new IllegalArgumentException("need at least M + 1 = " + (m + 1) + " nodes, got " + nodes);
        }
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite and non-negative, got " + alpha);
        }
        final long channels = (long) m * (m + 1) / 2 + (long) (nodes - m - 1) * m;
        final DynamicAttachmentSampler s = DynamicAttachmentSampler.forAlpha(alpha, nodes, channels);
        for (int v = 0; v <= m; v++) {
            s.addNode();
        }
        for (int u = 0; u <= m; u++) {
            for (int v = u + 1; v <= m; v++) {
                s.addChannel(u, v);
            }
        }
        final int[] picked = new int[m];
        final int step = Math.max(1, nodes / 100);
        for (int v = m + 1; v < nodes; v++) {
            for (int k = 0; k < m; k++) {
                int t;
                do {
                    t = s.sample(rng);
                } while (contains(picked, k, t));
                picked[k] = t;
            }
            final int id = s.addNode();
            for (int k = 0; k < m; k++) {
                s.addChannel(id, picked[k]);
            }
            if (v % step == 0) {
                progress.update(v, nodes);
            }
        }
        progress.update(nodes, nodes);
        int max = 0;
        for (int i = 0; i < nodes; i++) {
            max = Math.max(max, s.degree(i));
        }
        long[] counts = new long[max + 1];
        for (int i = 0; i < nodes; i++) {
            counts[s.degree(i)]++;
        }
        return new Result(counts, nodes, channels, max);
    }

    private static boolean contains(int[] a, int len, int x) {
        for (int i = 0; i < len; i++) {
            if (a[i] == x) {
                return true;
            }
        }
        return false;
    }
}
