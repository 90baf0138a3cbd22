package org.lnautopilot.graph;

import java.util.random.RandomGenerator;

/**
 * Draws a uniformly random shortest path between two nodes of a {@link CsrGraph} (a multigraph:
 * parallel channels are distinct paths) with a balanced bidirectional breadth-first search, the
 * sampling step of KADABRA (Borassi and Natale, "KADABRA is an ADaptive Algorithm for Betweenness
 * via Random Approximation", ESA 2016) used here for Riondato and Kornaropoulos' estimator.
 *
 * <h2>Search</h2>
 * Two searches grow from {@code s} and from {@code t}, one whole level at a time, always on the side
 * whose frontier has the smaller total degree. Each counts shortest paths from its root
 * ({@code sigma}, with one term per channel). When a level newly reaches nodes the other side has
 * seen, and no earlier level did, those nodes lie on the last level of the other side (anything
 * closer would have met before), so they are exactly the middle nodes of the shortest paths and the
 * number of shortest paths is the sum over them of {@code sigmaS * sigmaT}.
 *
 * <h2>Drawing</h2>
 * A middle node {@code w} is drawn with probability {@code sigmaS(w) sigmaT(w) / sigma_st}; then each
 * side walks back to its root, at every step choosing one channel to a node one level closer with
 * probability {@code sigma(that node) / sigma(here)}. The product of the step probabilities is
 * {@code 1 / sigma_st} for every shortest path, so the path is uniform.
 *
 * <h2>Layout</h2>
 * On a large graph a search is bound by cache misses, so each neighbour costs one random access
 * where possible: the neighbours of every slot come from one flat array ({@link Adjacency}, shared
 * by the workers), and each side keeps one {@code long} per node packing the node's degree (high 24
 * bits, fixed), the stamp of the draw that last reached it (20 bits; all stamps are cleared once
 * per 2^20 draws) and its distance (20 bits). {@link Betweenness#approximate} checks that the graph
 * fits (degrees below 2^24, vertex-diameter bound below 2^20).
 * Path counts are a separate {@code double} per side, touched only for nodes on shortest paths.
 *
 * <p>One instance per worker thread; a draw allocates nothing and costs time in proportion to the
 * part of the graph the two searches touch. Not thread-safe.
 */
final class PathSampler {
    /** Bits of the distance, the stamp and (above both) the degree in a state word. */
    static final int DIST_BITS = 20;
    static final int STAMP_BITS = 20;
    static final int DEGREE_SHIFT = DIST_BITS + STAMP_BITS;
    /** The largest distance and degree a state word holds. */
    static final int MAX_DIST = (1 << DIST_BITS) - 1;
    static final long MAX_DEGREE = (1L << (64 - DEGREE_SHIFT)) - 1;
    private static final long LOW = (1L << DEGREE_SHIFT) - 1;
    private static final int DIST_MASK = MAX_DIST;
    private static final int STAMP_LIMIT = 1 << STAMP_BITS;

    /** Slot offsets and the neighbour of every slot, flat; immutable and shared between samplers. */
    static final class Adjacency {
        final int[] offsets;
        final int[] neighbours;

        Adjacency(CsrGraph g) {
            final int n = g.nodeCount();
            offsets = new int[n + 1];
            for (int v = 0; v < n; v++) {
                offsets[v + 1] = g.slotEnd(v);
            }
            neighbours = new int[offsets[n]];
            for (int k = 0; k < neighbours.length; k++) {
                neighbours[k] = g.neighbour(k);
            }
        }
    }

    private final int[] off;
    private final int[] nb;
    private final long[] stateS;
    private final long[] stateT;
    private final double[] sigmaS;
    private final double[] sigmaT;
    private final int[] frontS;
    private final int[] frontT;
    private final int[] next;
    private int stamp;
    /** The inner nodes of the last drawn path. */
    final int[] inner;
    /** How many entries of {@link #inner} are valid. */
    int innerCount;

    PathSampler(Adjacency a) {
        this.off = a.offsets;
        this.nb = a.neighbours;
        final int n = off.length - 1;
        stateS = new long[n];
        stateT = new long[n];
        for (int v = 0; v < n; v++) {
            stateS[v] = (long) (off[v + 1] - off[v]) << DEGREE_SHIFT;
        }
        System.arraycopy(stateS, 0, stateT, 0, n);
        sigmaS = new double[n];
        sigmaT = new double[n];
        frontS = new int[n];
        frontT = new int[n];
        next = new int[n];
        inner = new int[n];
    }

    /** Seen in the current draw: the stamp bits match. */
    private static boolean seen(long state, int st) {
        return (int) ((state & LOW) >>> DIST_BITS) == st;
    }

    private static int dist(long state) {
        return (int) state & DIST_MASK;
    }

    private static long mark(long state, int st, int dist) {
        return (state & ~LOW) | ((long) st << DIST_BITS) | dist;
    }

    /** Starts a new draw: a new stamp, clearing old stamps when they wrap. */
    private int newStamp() {
        if (++stamp == STAMP_LIMIT) {
            for (int v = 0; v < stateS.length; v++) {
                stateS[v] &= ~LOW;
                stateT[v] &= ~LOW;
            }
            stamp = 1;
        }
        return stamp;
    }

    /**
     * Draws a shortest path from {@code s} to {@code t} ({@code s != t}) and leaves its inner nodes in
     * {@link #inner}; returns false, with no inner nodes, when {@code t} cannot be reached.
     */
    boolean draw(int s, int t, RandomGenerator rng) {
        innerCount = 0;
        final int st = newStamp();
        final int[] o = off;
        final int[] nbr = nb;
        stateS[s] = mark(stateS[s], st, 0);
        sigmaS[s] = 1;
        stateT[t] = mark(stateT[t], st, 0);
        sigmaT[t] = 1;
        // Three interchangeable scratch arrays: the two frontiers and the level being built.
        int[] fs = frontS;
        int[] ft = frontT;
        int[] nx = next;
        fs[0] = s;
        ft[0] = t;
        int ns = 1;
        int nt = 1;
        long degS = o[s + 1] - o[s];
        long degT = o[t + 1] - o[t];
        int levelS = 0;
        int levelT = 0;
        for (;;) {
            if (ns == 0 || nt == 0) {
                return false;
            }
            final boolean fromS = degS <= degT;
            final int[] front = fromS ? fs : ft;
            final int size = fromS ? ns : nt;
            final long[] mine = fromS ? stateS : stateT;
            final long[] other = fromS ? stateT : stateS;
            final double[] sigma = fromS ? sigmaS : sigmaT;
            final int level = (fromS ? levelS : levelT) + 1;
            int count = 0;
            long deg = 0;
            boolean met = false;
            for (int i = 0; i < size; i++) {
                final int v = front[i];
                final double sv = sigma[v];
                for (int k = o[v], end = o[v + 1]; k < end; k++) {
                    final int w = nbr[k];
                    final long sw = mine[w];
                    if (!seen(sw, st)) {
                        mine[w] = mark(sw, st, level);
                        sigma[w] = sv;
                        nx[count++] = w;
                        deg += sw >>> DEGREE_SHIFT;
                        met |= seen(other[w], st);
                    } else if (dist(sw) == level) {
                        sigma[w] += sv;
                    }
                }
            }
            if (met) {
                pick(nx, count, rng, fromS);
                return true;
            }
            // The new level becomes this side's frontier; its old frontier is the next scratch.
            final int[] done = front;
            if (fromS) {
                fs = nx;
                ns = count;
                degS = deg;
                levelS = level;
            } else {
                ft = nx;
                nt = count;
                degT = deg;
                levelT = level;
            }
            nx = done;
        }
    }

    /** Draws the middle node among the meeting nodes, then walks back to both roots. */
    private void pick(int[] level, int count, RandomGenerator rng, boolean fromS) {
        final int st = stamp;
        final long[] other = fromS ? stateT : stateS;
        double total = 0;
        for (int i = 0; i < count; i++) {
            final int w = level[i];
            if (seen(other[w], st)) {
                total += sigmaS[w] * sigmaT[w];
            }
        }
        double x = rng.nextDouble() * total;
        int mid = -1;
        for (int i = 0; i < count; i++) {
            final int w = level[i];
            if (seen(other[w], st)) {
                mid = w;
                x -= sigmaS[w] * sigmaT[w];
                if (x < 0) {
                    break;
                }
            }
        }
        walk(mid, stateS, sigmaS, rng);
        walk(mid, stateT, sigmaT, rng);
        if (dist(stateS[mid]) > 0 && dist(stateT[mid]) > 0) {
            inner[innerCount++] = mid;
        }
    }

    /** Walks from {@code from} back towards one root, adding the nodes strictly between to {@link #inner}. */
    private void walk(int from, long[] state, double[] sigma, RandomGenerator rng) {
        final int st = stamp;
        final int[] o = off;
        final int[] nbr = nb;
        int v = from;
        while (dist(state[v]) > 1) {
            final int want = dist(state[v]) - 1;
            double x = rng.nextDouble() * sigma[v];
            int chosen = -1;
            for (int k = o[v], end = o[v + 1]; k < end; k++) {
                final int u = nbr[k];
                final long su = state[u];
                if (seen(su, st) && dist(su) == want) {
                    chosen = u;
                    x -= sigma[u];
                    if (x < 0) {
                        break;
                    }
                }
            }
            v = chosen;
            inner[innerCount++] = v;
        }
    }
}
