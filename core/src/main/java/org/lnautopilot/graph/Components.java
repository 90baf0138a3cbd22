package org.lnautopilot.graph;

import java.util.Arrays;

/**
 * Connected components of a {@link CsrGraph}, by breadth-first search. Static; thread-safe.
 */
public final class Components {
    private Components() {
    }

    /**
     * Labels every node's component into {@code comp} (labels {@code 0, 1, ...} in order of their
     * lowest node) and returns the components' sizes by label. Node {@code without} (or none, when -1)
     * is left out, as if removed with its channels, and labelled -1. O(n + e) time, O(n) extra memory.
     */
    public static long[] label(CsrGraph g, int without, int[] comp) {
        return label(Topology.of(g), without, comp);
    }

    /** As {@link #label(CsrGraph, int, int[])}, on any topology. */
    public static long[] label(Topology g, int without, int[] comp) {
        final int n = g.nodeCount();
        Arrays.fill(comp, 0, n, -1);
        final int[] queue = new int[n];
        long[] sizes = new long[16];
        int labels = 0;
        for (int root = 0; root < n; root++) {
            if (comp[root] >= 0 || root == without) {
                continue;
            }
            int tail = 0;
            queue[tail++] = root;
            comp[root] = labels;
            for (int head = 0; head < tail; head++) {
                final int v = queue[head];
                for (int j = 0, d = g.degree(v); j < d; j++) {
                    final int w = g.neighbour(v, j);
                    if (w != without && comp[w] < 0) {
                        comp[w] = labels;
                        queue[tail++] = w;
                    }
                }
            }
            if (labels == sizes.length) {
                sizes = Arrays.copyOf(sizes, labels * 2);
            }
            sizes[labels++] = tail;
        }
        return Arrays.copyOf(sizes, labels);
    }
}
