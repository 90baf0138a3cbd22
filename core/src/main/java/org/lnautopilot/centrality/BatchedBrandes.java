package org.lnautopilot.centrality;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Brandes' accumulation (Brandes 2001) over the core of a {@link PendantReduction}, for 64 sources
 * at once: the same sums as {@link ReducedBrandes}, with bit masks deciding which of them an edge
 * serves.
 *
 * <h2>Batches</h2>
 * Each core node keeps, per level, a 64-bit mask of the batch's sources at that distance from it
 * (the multi-source BFS of Then et al., "The More the Merrier: Efficient Multi-Source Graph
 * Traversal", VLDB 2015; batched Brandes as in Then et al., "Efficient Batched Distance and
 * Centrality Computation in Unweighted and Weighted Graphs", BTW 2017). An entry from {@code u} at
 * level {@code l} to {@code w} serves exactly the sources in {@code mask_l(u) & ~reached(w)} going
 * forward, and in {@code mask_l(u) & mask_(l+1)(w)} going back, so one AND per entry and level stands
 * for 64 distance tests, and path counts and dependencies are touched only for the sources an entry
 * is a shortest-path edge of: iterating the set bits does the work of the DAG's entries and no more.
 * A scalar Brandes tests every entry once per source; on the Lightning core about three quarters
 * of those tests find no DAG edge, and each costs an unpredictable branch.
 *
 * <p>Forward, a level is pulled (every node not yet reached by all sources scans its entries against
 * the frontier's masks) or, while the frontier's entries are few, pushed from the frontier. Path
 * counts are {@code sigma_j(w) = sum over the entries serving source j of sigma_j(u) * mult}.
 * Backward, from the deepest level up, {@code coef_j(u)} first sums {@code mult * coef_j(w)} over
 * the entries serving {@code j} towards level {@code l + 1}; then
 * {@code delta_j(u) = sigma_j(u) * that sum} and {@code coef_j(u) = that sum + reach(u) / sigma_j(u)},
 * and {@code u} gains {@code reach(s_j) * delta_j(u)}, the weighting of {@link ReducedBrandes}.
 *
 * <h2>Layout</h2>
 * The core is relabelled in breadth-first order from its node of highest degree ({@link Layout}),
 * and batches take 64 sources consecutive in that order: nearby sources have similar distance
 * profiles, so more of a mask's bits are set together, and their rows of counts share cache lines.
 * Path counts and coefficients are rows of 64 doubles per node, {@code 1 KB} per core node in all;
 * on the cln-2021 core (4,606 nodes) one thread's arrays take 4.7 MB. All sources of the core, one
 * thread, outside JMH, fastest of 12 runs: 323 to 328 ms, against about 1,300 ms for
 * {@link ReducedBrandes} in the same runs; in JMH, {@code exact} on cln-2021 took 374 ms on one
 * thread and 243 ms on two.
 *
 * <p>One instance per worker thread, reused for every batch; a batch allocates nothing once the
 * level masks have grown to the core's depth. Not thread-safe.
 */
final class BatchedBrandes {
    /** Sources per batch: the bits of a mask. */
    static final int LANES = 64;
    private static final int SHIFT = 6;
    /** A level is pushed from its frontier while the frontier's entries are below this fraction of all entries. */
    private static final int PUSH_FRACTION = 4;

    /**
     * The core relabelled in breadth-first order (class comment), and its active sources in that
     * order; immutable and shared by the workers. O(core nodes + core entries) to build.
     */
    static final class Layout {
        /** New label to core index. */
        final int[] coreIndex;
        final int[] offsets;
        final int[] neighbours;
        final int[] mult;
        final double[] reach;
        /** Core nodes with at least one core neighbour, ascending new labels. */
        final int[] sources;
        /**
         * An upper bound on the levels of any batch: twice the largest distance from each
         * component's first node in {@link #coreIndex} (a component's diameter is at most twice any
         * node's eccentricity).
         */
        final int depthBound;

        Layout(PendantReduction r) {
            final int m = r.coreSize;
            final int[] off = r.offsets;
            final int[] depth = new int[m];
            coreIndex = breadthFirstOrder(r, depth);
            int bound = 0;
            for (int i = 0; i < m; i++) {
                bound = Math.max(bound, 2 * depth[i]);
            }
            depthBound = bound;
            final int[] label = new int[m];
            for (int i = 0; i < m; i++) {
                label[coreIndex[i]] = i;
            }
            offsets = new int[m + 1];
            neighbours = new int[off[m]];
            mult = new int[off[m]];
            reach = new double[m];
            int active = 0;
            for (int i = 0; i < m; i++) {
                final int v = coreIndex[i];
                final int degree = off[v + 1] - off[v];
                offsets[i + 1] = offsets[i] + degree;
                reach[i] = r.reach[v];
                active += degree > 0 ? 1 : 0;
                for (int k = off[v], j = offsets[i]; k < off[v + 1]; k++, j++) {
                    neighbours[j] = label[r.neighbours[k]];
                    mult[j] = r.mult[k];
                }
            }
            sources = new int[active];
            for (int i = 0, c = 0; i < m; i++) {
                if (offsets[i + 1] > offsets[i]) {
                    sources[c++] = i;
                }
            }
        }

        /**
         * Breadth-first order of every component, the first from the node of highest degree, the
         * nodes each node discovers taken in decreasing degree (as Cuthill and McKee order a band
         * matrix, with the degrees the other way round: hubs' neighbourhoods stay together). On the
         * cln-2021 core, all sources on one thread: 323 to 328 ms, against 352 ms in plain
         * breadth-first order, 387 ms depth-first and 411 ms unordered. Leaves each node's distance
         * from its component's first node in {@code depth}.
         */
        private static int[] breadthFirstOrder(PendantReduction r, int[] depth) {
            final int m = r.coreSize;
            final int[] off = r.offsets;
            final int[] queue = new int[m];
            final boolean[] seen = new boolean[m];
            final long[] keys = new long[m];
            int best = 0;
            for (int v = 1; v < m; v++) {
                if (off[v + 1] - off[v] > off[best + 1] - off[best]) {
                    best = v;
                }
            }
            int head = 0;
            int tail = 0;
            for (int start = -1; start < m; start++) {
                final int root = start < 0 ? best : start;
                if (root >= m || seen[root]) {
                    continue;
                }
                seen[root] = true;
                queue[tail++] = root;
                while (head < tail) {
                    final int v = queue[head++];
                    final int first = tail;
                    for (int k = off[v]; k < off[v + 1]; k++) {
                        final int w = r.neighbours[k];
                        if (!seen[w]) {
                            seen[w] = true;
                            depth[w] = depth[v] + 1;
                            // Higher degree first, then lower index: one sort of packed keys.
                            keys[tail++ - first] = (long) (Integer.MAX_VALUE - (off[w + 1] - off[w])) << 32 | w;
                        }
                    }
                    Arrays.sort(keys, 0, tail - first);
                    for (int i = first; i < tail; i++) {
                        queue[i] = (int) keys[i - first];
                    }
                }
            }
            return queue;
        }
    }

    private final Layout layout;
    private final int m;
    /** Per node, the batch's sources that have reached it. */
    private final long[] reached;
    /** Per level, per node, the batch's sources at that distance; grown to the deepest level seen. */
    private final List<long[]> levels = new ArrayList<>();
    /**
     * Path counts, one row of {@link #LANES} per node. A lane of a row is written when the lane's
     * source reaches the node, before anything reads it, so a batch needs no clearing.
     */
    private final double[] sigma;
    /** Backward coefficients, rows as {@link #sigma}, written likewise at the node's level before any read. */
    private final double[] coef;
    /** One node's sums while its row is built; all zero between nodes. */
    private final double[] row = new double[LANES];
    private final double[] laneReach = new double[LANES];
    private int[] front;
    private int[] nextFront;
    /** This worker's sums of {@code reach(s) * delta_s(w)}, by new label ({@link Layout#coreIndex}). */
    final double[] partial;

    BatchedBrandes(Layout layout) {
        this.layout = layout;
        this.m = layout.reach.length;
        reached = new long[m];
        sigma = new double[m << SHIFT];
        coef = new double[m << SHIFT];
        front = new int[m];
        nextFront = new int[m];
        partial = new double[m];
    }

    private long[] level(int l) {
        while (levels.size() <= l) {
            levels.add(new long[m]);
        }
        return levels.get(l);
    }

    /** Adds the dependencies of the sources {@code src[from, to)} ({@code to - from <= 64}, new labels) to {@link #partial}. */
    void batch(int[] src, int from, int to) {
        final int lanes = to - from;
        final long all = lanes == LANES ? -1L : (1L << lanes) - 1;
        final int[] off = layout.offsets;
        final double[] sg = sigma;
        final long[] vis = reached;
        Arrays.fill(vis, 0);
        long[] fr = level(0);
        Arrays.fill(fr, 0);
        int[] list = front;
        int listSize = 0;
        long listEntries = 0;
        for (int j = 0; j < lanes; j++) {
            final int s = src[from + j];
            if (fr[s] == 0) {
                list[listSize++] = s;
                listEntries += off[s + 1] - off[s];
            }
            vis[s] |= 1L << j;
            fr[s] |= 1L << j;
            sg[(s << SHIFT) | j] = 1;
            laneReach[j] = layout.reach[s];
        }
        final long entries = off[m];
        int depth = 0;
        for (;;) {
            final long[] nx = level(depth + 1);
            final int[] out = nextFront;
            final int size = listEntries * PUSH_FRACTION < entries
                    ? push(list, listSize, fr, nx, out, all)
                    : pull(fr, nx, out, all);
            if (size == 0) {
                break;
            }
            listEntries = 0;
            for (int i = 0; i < size; i++) {
                final int w = out[i];
                vis[w] |= nx[w];
                listEntries += off[w + 1] - off[w];
            }
            nextFront = list;
            front = out;
            list = out;
            listSize = size;
            fr = nx;
            depth++;
        }
        backward(depth);
    }

    /** Adds {@code mult} times the lanes {@code mk} of the row at {@code base} of {@code rows} to {@code acc}. */
    private static void gather(double[] acc, double[] rows, int base, long mk, double mult) {
        long left = mk;
        do {
            final int j = Long.numberOfTrailingZeros(left);
            acc[j] += rows[base | j] * mult;
            left &= left - 1;
        } while (left != 0);
    }

    /** Moves the lanes {@code got} of {@code acc} into the row at {@code base} of {@code to}, leaving them 0 in {@code acc}. */
    private static void settle(double[] acc, double[] to, int base, long got) {
        long mk = got;
        do {
            final int j = Long.numberOfTrailingZeros(mk);
            to[base | j] = acc[j];
            acc[j] = 0;
            mk &= mk - 1;
        } while (mk != 0);
    }

    /** One forward level from the frontier's list: returns the new frontier's size, listed in {@code out}. */
    private int push(int[] list, int listSize, long[] fr, long[] nx, int[] out, long all) {
        final int[] off = layout.offsets;
        final int[] nb = layout.neighbours;
        final int[] mu = layout.mult;
        final double[] sg = sigma;
        final long[] vis = reached;
        Arrays.fill(nx, 0);
        int size = 0;
        for (int i = 0; i < listSize; i++) {
            final int u = list[i];
            final long fu = fr[u] & all;
            final int bu = u << SHIFT;
            for (int k = off[u], end = off[u + 1]; k < end; k++) {
                final int w = nb[k];
                long mk = fu & ~vis[w];
                if (mk != 0) {
                    final long had = nx[w];
                    if (had == 0) {
                        out[size++] = w;
                    }
                    nx[w] = had | mk;
                    final double mult = mu[k];
                    final int bw = w << SHIFT;
                    do {
                        final int j = Long.numberOfTrailingZeros(mk);
                        // A lane's first path count at w replaces what an earlier batch left there.
                        final double before = (had >>> j & 1) != 0 ? sg[bw | j] : 0.0;
                        sg[bw | j] = before + sg[bu | j] * mult;
                        mk &= mk - 1;
                    } while (mk != 0);
                }
            }
        }
        return size;
    }

    /** One forward level pulled by every node not yet reached by all sources; as {@link #push}. */
    private int pull(long[] fr, long[] nx, int[] out, long all) {
        final int[] off = layout.offsets;
        final int[] nb = layout.neighbours;
        final int[] mu = layout.mult;
        final double[] sg = sigma;
        final long[] vis = reached;
        final double[] acc = row;
        int size = 0;
        for (int w = 0; w < m; w++) {
            final long open = all & ~vis[w];
            long got = 0;
            if (open != 0) {
                for (int k = off[w], end = off[w + 1]; k < end; k++) {
                    final int u = nb[k];
                    final long mk = fr[u] & open;
                    if (mk != 0) {
                        got |= mk;
                        gather(acc, sg, u << SHIFT, mk, mu[k]);
                    }
                }
            }
            nx[w] = got;
            if (got != 0) {
                out[size++] = w;
                settle(acc, sg, w << SHIFT, got);
            }
        }
        return size;
    }

    /** Levels {@code depth} to 1: coefficients, dependencies, and the partial sums. */
    private void backward(int depth) {
        final int[] off = layout.offsets;
        final int[] nb = layout.neighbours;
        final int[] mu = layout.mult;
        final double[] reach = layout.reach;
        final double[] sg = sigma;
        final double[] cf = coef;
        final double[] lr = laneReach;
        final double[] part = partial;
        final double[] acc = row;
        for (int l = depth; l >= 1; l--) {
            final long[] here = levels.get(l);
            final long[] below = l < depth ? levels.get(l + 1) : null;
            for (int u = 0; u < m; u++) {
                final long hu = here[u];
                if (hu == 0) {
                    continue;
                }
                final int bu = u << SHIFT;
                if (below != null) {
                    for (int k = off[u], end = off[u + 1]; k < end; k++) {
                        final int w = nb[k];
                        final long mk = hu & below[w];
                        if (mk != 0) {
                            gather(acc, cf, w << SHIFT, mk, mu[k]);
                        }
                    }
                }
                final double ru = reach[u];
                double gain = 0;
                long mk = hu;
                do {
                    final int j = Long.numberOfTrailingZeros(mk);
                    final double s = sg[bu | j];
                    final double sum = acc[j];
                    acc[j] = 0;
                    cf[bu | j] = sum + ru / s;
                    gain += lr[j] * (s * sum);
                    mk &= mk - 1;
                } while (mk != 0);
                part[u] += gain;
            }
        }
    }
}
