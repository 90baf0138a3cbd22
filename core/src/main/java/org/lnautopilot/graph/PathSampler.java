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
 * <p>One instance per worker thread; its arrays are stamped per call, so a draw allocates nothing
 * and costs time in proportion to the part of the graph the two searches touch. Not thread-safe.
 */
final class PathSampler {
    private final CsrGraph g;
    private final int[] seenS;
    private final int[] seenT;
    private final int[] distS;
    private final int[] distT;
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

    PathSampler(CsrGraph g) {
        this.g = g;
        final int n = g.nodeCount();
        seenS = new int[n];
        seenT = new int[n];
        distS = new int[n];
        distT = new int[n];
        sigmaS = new double[n];
        sigmaT = new double[n];
        frontS = new int[n];
        frontT = new int[n];
        next = new int[n];
        inner = new int[n];
    }

    /**
     * Draws a shortest path from {@code s} to {@code t} ({@code s != t}) and leaves its inner nodes in
     * {@link #inner}; returns false, with no inner nodes, when {@code t} cannot be reached.
     */
    boolean draw(int s, int t, RandomGenerator rng) {
        innerCount = 0;
        if (++stamp == 0) {
            java.util.Arrays.fill(seenS, 0);
            java.util.Arrays.fill(seenT, 0);
            stamp = 1;
        }
        final int st = stamp;
        final CsrGraph gr = g;
        seenS[s] = st;
        distS[s] = 0;
        sigmaS[s] = 1;
        seenT[t] = st;
        distT[t] = 0;
        sigmaT[t] = 1;
        // Three interchangeable scratch arrays: the two frontiers and the level being built.
        int[] fs = frontS;
        int[] ft = frontT;
        int[] nx = next;
        fs[0] = s;
        ft[0] = t;
        int ns = 1;
        int nt = 1;
        long degS = gr.degree(s);
        long degT = gr.degree(t);
        int levelS = 0;
        int levelT = 0;
        for (;;) {
            if (ns == 0 || nt == 0) {
                return false;
            }
            final boolean fromS = degS <= degT;
            final int[] front = fromS ? fs : ft;
            final int size = fromS ? ns : nt;
            final int[] seen = fromS ? seenS : seenT;
            final int[] dist = fromS ? distS : distT;
            final double[] sigma = fromS ? sigmaS : sigmaT;
            final int[] otherSeen = fromS ? seenT : seenS;
            final int level = (fromS ? levelS : levelT) + 1;
            int count = 0;
            long deg = 0;
            boolean met = false;
            for (int i = 0; i < size; i++) {
                final int v = front[i];
                final double sv = sigma[v];
                for (int k = gr.slotStart(v), end = gr.slotEnd(v); k < end; k++) {
                    final int w = gr.neighbour(k);
                    if (seen[w] != st) {
                        seen[w] = st;
                        dist[w] = level;
                        sigma[w] = sv;
                        nx[count++] = w;
                        deg += gr.degree(w);
                        met |= otherSeen[w] == st;
                    } else if (dist[w] == level) {
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
        double total = 0;
        for (int i = 0; i < count; i++) {
            final int w = level[i];
            if ((fromS ? seenT[w] : seenS[w]) == st) {
                total += sigmaS[w] * sigmaT[w];
            }
        }
        double x = rng.nextDouble() * total;
        int mid = -1;
        for (int i = 0; i < count; i++) {
            final int w = level[i];
            if ((fromS ? seenT[w] : seenS[w]) == st) {
                mid = w;
                x -= sigmaS[w] * sigmaT[w];
                if (x < 0) {
                    break;
                }
            }
        }
        walk(mid, seenS, distS, sigmaS, rng);
        walk(mid, seenT, distT, sigmaT, rng);
        if (distS[mid] > 0 && distT[mid] > 0) {
            inner[innerCount++] = mid;
        }
    }

    /** Walks from {@code from} back towards one root, adding the nodes strictly between to {@link #inner}. */
    private void walk(int from, int[] seen, int[] dist, double[] sigma, RandomGenerator rng) {
        final CsrGraph gr = g;
        final int st = stamp;
        int v = from;
        while (dist[v] > 1) {
            final int want = dist[v] - 1;
            double x = rng.nextDouble() * sigma[v];
            int chosen = -1;
            for (int k = gr.slotStart(v), end = gr.slotEnd(v); k < end; k++) {
                final int u = gr.neighbour(k);
                if (seen[u] == st && dist[u] == want) {
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
