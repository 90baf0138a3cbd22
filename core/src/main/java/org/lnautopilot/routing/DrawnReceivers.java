package org.lnautopilot.routing;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.lnautopilot.graph.CsrGraph;

/**
 * Receivers drawn with repeats, collapsed: each distinct receiver once, with how many times it was
 * drawn and, per draw, its place in the distinct list. Draws by capacity repeat the large nodes (on
 * mainnet-2024, 1,000 draws are 337 receivers), and one route tree serves every repeat. Immutable
 * after construction; the arrays are shared, not copied, so callers must not change them.
 */
public final class DrawnReceivers {
    /** The distinct receivers, in the order of their first draw. */
    public final int[] nodes;
    /** How many times each was drawn. */
    public final int[] times;
    /** Per draw, the index of its receiver in {@link #nodes}. */
    public final int[] slotOfDraw;

    private DrawnReceivers(int[] nodes, int[] times, int[] slotOfDraw) {
        this.nodes = nodes;
        this.times = times;
        this.slotOfDraw = slotOfDraw;
    }

    /**
     * Collapses {@code drawn} (node indexes below {@code n}). O(n + draws).
     *
     * @throws IndexOutOfBoundsException if a draw is not a node index
     */
    public static DrawnReceivers collapse(int[] drawn, int n) {
        final int[] slot = new int[n];
        Arrays.fill(slot, -1);
        final int[] nodes = new int[drawn.length];
        final int[] times = new int[drawn.length];
        final int[] slotOfDraw = new int[drawn.length];
        int k = 0;
        for (int i = 0; i < drawn.length; i++) {
            final int t = drawn[i];
            if (slot[t] < 0) {
                slot[t] = k;
                nodes[k++] = t;
            }
            times[slot[t]]++;
            slotOfDraw[i] = slot[t];
        }
        return new DrawnReceivers(Arrays.copyOf(nodes, k), Arrays.copyOf(times, k), slotOfDraw);
    }

    /**
     * Draws receivers by the demand's receiver marginal {@code w_t (W - w_t)} until {@code distinct} of
     * them are distinct, or {@code maxDraws} draws are made, whichever comes first; returns the draws in
     * order. So the number of route trees, not of draws, is fixed: a graph whose capacity sits in few
     * nodes gets more draws for the same work. The stopping rule reads only which nodes were drawn.
     * O(n + draws).
     *
     * @throws IllegalArgumentException if {@code distinct < 1} or {@code maxDraws < distinct}
     */
    public static int[] drawUntilDistinct(CsrGraph g, int distinct, int maxDraws, RandomGenerator rng) {
        if (distinct < 1 || maxDraws < distinct) {
            throw new IllegalArgumentException("want at least one receiver and maxDraws >= distinct, got " + distinct
                    + ", " + maxDraws);
        }
        final Demand d = Demand.byCapacity(g);
        if (d.pairWeight() <= 0) {
            return new int[0];
        }
        final org.lnautopilot.sample.AliasTable table = d.receiverTable();
        final boolean[] seen = new boolean[g.nodeCount()];
        int[] out = new int[Math.min(maxDraws, 4 * distinct)];
        int draws = 0;
        int found = 0;
        while (found < distinct && draws < maxDraws) {
            final int t = table.sample(rng);
            if (!seen[t]) {
                seen[t] = true;
                found++;
            }
            if (draws == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(maxDraws, 2L * out.length));
            }
            out[draws++] = t;
        }
        return Arrays.copyOf(out, draws);
    }

    /** The number of distinct receivers. */
    public int size() {
        return nodes.length;
    }
}
