package org.lnautopilot.routing;

import java.util.Arrays;

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

    /** The number of distinct receivers. */
    public int size() {
        return nodes.length;
    }
}
