package org.lnautopilot.centrality;

import java.util.random.RandomGenerator;
import org.lnautopilot.graph.CsrGraph;

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
 * <h2>Fractions</h2>
 * Each draw also leaves, for the nodes it could have put on the path, the probability that it would
 * have, given the choices made nearer the middle (Rao-Blackwell): every middle node {@code w} gets
 * {@code sigmaS(w) sigmaT(w) / sigma_st}, and at every step of a walk from {@code v}, every node
 * {@code u} one level closer to the root gets {@code sigma(u) / sigma(v)} per channel to {@code v}.
 * A node lies at one position of every shortest path (its distance from {@code s}), so it gets at
 * most one such term per draw, in [0, 1]; by the tower rule its mean is the probability that the
 * uniform path passes through it, the mean of the path's indicator, while its variance is at most
 * the indicator's. On Barabasi-Albert graphs the hubs' variance is about 1.5 times smaller. A walk
 * then scans every channel of the nodes it passes instead of stopping at the chosen one.
 *
 * <h2>Layout</h2>
 * On a large graph a search is bound by cache misses, so each neighbour costs one random access
 * where possible: the neighbours of every slot come from one flat array ({@link Adjacency}, shared
 * by the workers), and each side keeps one {@code long} per node packing the node's degree (high 24
 * bits, fixed), the stamp of the draw that last reached it (20 bits; all stamps are cleared once
 * per 2^20 draws) and its distance (20 bits). {@link Betweenness#approximate} checks that the graph
 * fits (degrees below 2^24, vertex-diameter bound below 2^20).
 * Path counts are a separate {@code double} per side.
 *
 * <p>The level at which the searches meet is usually the largest of a draw by far (on a
 * Barabasi-Albert graph it reaches out from hubs), and most of the nodes it reaches are of no use:
 * only the meeting nodes matter. So every level is first scanned against a bitset of the nodes the
 * other side has reached, one bit per node (125 KB for 10^6 nodes, which stays in the core's
 * cache), and only where nothing meets is the level expanded, writing state words and path counts.
 * The bits of the nodes a draw reached are cleared after it. On ba-1000000 this took
 * {@link Betweenness#approximate} at epsilon 0.001 from 36 s to 16 s on two threads, with the same
 * draws.
 *
 * <p>One instance per worker thread; a draw allocates nothing (but for the rare growth of the
 * fractions' arrays) and costs time in proportion to the part of the graph the two searches touch.
 * Not thread-safe.
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
    /** One bit per node per side: reached by that side in the current draw (cleared after it). */
    private final long[] bitsS;
    private final long[] bitsT;
    /** The nodes each side reached in the current draw, to clear their bits. */
    private final int[] reachedS;
    private final int[] reachedT;
    /** How many entries of {@link #reachedS} and {@link #reachedT} are valid. */
    private int reachedCountS;
    private int reachedCountT;
    private int stamp;
    /** The inner nodes of the last drawn path. */
    final int[] inner;
    /** How many entries of {@link #inner} are valid. */
    int innerCount;
    /**
     * The nodes of the last draw's fractions (class comment), one entry per channel term, so a node
     * with parallel channels to a walk's node appears once per channel, in adjacent entries or not.
     */
    int[] fracNode;
    /** The fraction of each entry of {@link #fracNode}, in (0, 1]. */
    double[] fracWeight;
    /** How many entries of {@link #fracNode} and {@link #fracWeight} are valid. */
    int fracCount;

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
        bitsS = new long[(n + 63) >>> 6];
        bitsT = new long[(n + 63) >>> 6];
        reachedS = new int[n];
        reachedT = new int[n];
        inner = new int[n];
        fracNode = new int[n];
        fracWeight = new double[n];
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
        fracCount = 0;
        final int st = newStamp();
        stateS[s] = mark(stateS[s], st, 0);
        sigmaS[s] = 1;
        stateT[t] = mark(stateT[t], st, 0);
        sigmaT[t] = 1;
        bitsS[s >>> 6] |= 1L << s;
        bitsT[t >>> 6] |= 1L << t;
        reachedS[0] = s;
        reachedT[0] = t;
        reachedCountS = 1;
        reachedCountT = 1;
        final boolean found = search(s, t, st, rng);
        clear(bitsS, reachedS, reachedCountS);
        clear(bitsT, reachedT, reachedCountT);
        return found;
    }

    /** Clears the bits of the {@code count} nodes in {@code reached}, whole words at a time. */
    private static void clear(long[] bits, int[] reached, int count) {
        for (int i = 0; i < count; i++) {
            bits[reached[i] >>> 6] = 0;
        }
    }

    /**
     * The level-by-level search of a draw. Each level is first scanned against the other side's bits
     * alone ({@link #meetings}): the level that meets is usually the largest of the draw, and that scan
     * touches only a bitset that stays in the core's cache, where a full expansion would write a state
     * word and a path count for every new node. Only a level that does not meet is expanded.
     */
    private boolean search(int s, int t, int st, RandomGenerator rng) {
        final int[] o = off;
        final int[] nbr = nb;
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
            final double[] sigma = fromS ? sigmaS : sigmaT;
            final long[] myBits = fromS ? bitsS : bitsT;
            final int[] reached = fromS ? reachedS : reachedT;
            int reachedCount = fromS ? reachedCountS : reachedCountT;
            final int level = (fromS ? levelS : levelT) + 1;
            final int met = meetings(front, size, level, fromS, nx);
            if (met > 0) {
                pick(nx, met, rng, fromS);
                return true;
            }
            int count = 0;
            long deg = 0;
            for (int i = 0; i < size; i++) {
                final int v = front[i];
                final double sv = sigma[v];
                for (int k = o[v], end = o[v + 1]; k < end; k++) {
                    final int w = nbr[k];
                    final long sw = mine[w];
                    if (!seen(sw, st)) {
                        mine[w] = mark(sw, st, level);
                        myBits[w >>> 6] |= 1L << w;
                        reached[reachedCount++] = w;
                        sigma[w] = sv;
                        nx[count++] = w;
                        deg += sw >>> DEGREE_SHIFT;
                    } else if (dist(sw) == level) {
                        sigma[w] += sv;
                    }
                }
            }
            // The new level becomes this side's frontier; its old frontier is the next scratch.
            final int[] done = front;
            if (fromS) {
                fs = nx;
                ns = count;
                degS = deg;
                levelS = level;
                reachedCountS = reachedCount;
            } else {
                ft = nx;
                nt = count;
                degT = deg;
                levelT = level;
                reachedCountT = reachedCount;
            }
            nx = done;
        }
    }

    /**
     * Scans the channels of one side's frontier for nodes the other side has reached; these are the
     * meeting nodes of the next level (class comment). Marks them on this side at {@code level}, with
     * their path counts, lists them in {@code out} and returns how many there are; touches nothing of
     * this side's when there are none.
     */
    private int meetings(int[] front, int size, int level, boolean fromS, int[] out) {
        final int st = stamp;
        final int[] o = off;
        final int[] nbr = nb;
        final long[] otherBits = fromS ? bitsT : bitsS;
        int count = 0;
        for (int i = 0; i < size; i++) {
            final int v = front[i];
            for (int k = o[v], end = o[v + 1]; k < end; k++) {
                final int w = nbr[k];
                if ((otherBits[w >>> 6] & (1L << w)) != 0) {
                    count = meet(v, w, level, st, fromS, out, count);
                }
            }
        }
        return count;
    }

    /**
     * Adds the channel from frontier node {@code v} to meeting node {@code w}: the first channel to
     * {@code w} marks it, the others add to its path count. No node the other side reached was
     * reached by this side before this level, or the searches would have met earlier, so this side's
     * bit of {@code w} tells whether it is already listed.
     */
    private int meet(int v, int w, int level, int st, boolean fromS, int[] out, int count) {
        final long[] mine = fromS ? stateS : stateT;
        final double[] sigma = fromS ? sigmaS : sigmaT;
        final long[] myBits = fromS ? bitsS : bitsT;
        final long bit = 1L << w;
        if ((myBits[w >>> 6] & bit) == 0) {
            myBits[w >>> 6] |= bit;
            if (fromS) {
                reachedS[reachedCountS++] = w;
            } else {
                reachedT[reachedCountT++] = w;
            }
            mine[w] = mark(mine[w], st, level);
            sigma[w] = sigma[v];
            out[count] = w;
            return count + 1;
        }
        sigma[w] += sigma[v];
        return count;
    }

    /**
     * Draws the middle node among the meeting nodes {@code level[0, count)} ({@link #meetings}: all
     * reached by both sides), then walks back to both roots.
     */
    private void pick(int[] level, int count, RandomGenerator rng, boolean fromS) {
        final long[] other = fromS ? stateT : stateS;
        double total = 0;
        for (int i = 0; i < count; i++) {
            final int w = level[i];
            total += sigmaS[w] * sigmaT[w];
        }
        double x = rng.nextDouble() * total;
        int mid = -1;
        final double inverse = 1 / total;
        for (int i = 0; i < count; i++) {
            final int w = level[i];
            final double paths = sigmaS[w] * sigmaT[w];
            if (x >= 0) {
                mid = w;
                x -= paths;
            }
            // On the expanding side w is at the new level, at least 1; on the other, 0 only at its root.
            if (dist(other[w]) > 0) {
                record(w, paths * inverse);
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
            final double sv = sigma[v];
            final double inverse = 1 / sv;
            double x = rng.nextDouble() * sv;
            int chosen = -1;
            for (int k = o[v], end = o[v + 1]; k < end; k++) {
                final int u = nbr[k];
                final long su = state[u];
                if (seen(su, st) && dist(su) == want) {
                    final double paths = sigma[u];
                    if (x >= 0) {
                        chosen = u;
                        x -= paths;
                    }
                    record(u, paths * inverse);
                }
            }
            v = chosen;
            inner[innerCount++] = v;
        }
    }

    /** Appends one fraction term. */
    private void record(int node, double weight) {
        final int c = fracCount;
        if (c == fracNode.length) {
            growFractions();
        }
        fracNode[c] = node;
        fracWeight[c] = weight;
        fracCount = c + 1;
    }

    /** Parallel channels can make a draw's terms outnumber the nodes: double the arrays. */
    private void growFractions() {
        final int size = Math.max(16, 2 * fracNode.length);
        fracNode = java.util.Arrays.copyOf(fracNode, size);
        fracWeight = java.util.Arrays.copyOf(fracWeight, size);
    }
}
