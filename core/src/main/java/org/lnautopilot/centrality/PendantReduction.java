package org.lnautopilot.centrality;

import java.util.Arrays;
import org.lnautopilot.graph.Components;
import org.lnautopilot.graph.Topology;

/**
 * A graph ({@link CsrGraph} or {@link GraphOverlay}, through {@link Topology}) with its pendant trees folded away and its parallel channels merged, for exact
 * betweenness (Baglioni, Geraci, Pellegrini and Lastres, "Fast exact computation of betweenness
 * centrality in social networks", ASONAM 2012; Sariyüce, Saule, Kaya and Çatalyürek, "Shattering and
 * compressing networks for betweenness centrality", SDM 2013).
 *
 * <h2>Folding</h2>
 * A node with exactly one distinct neighbour {@code x} (however many parallel channels join them) is
 * removed, and every node it stood for is then represented by {@code x}; removal repeats until no
 * such node is left, so whole trees hanging off the core fold into their root. Each remaining node
 * {@code v} carries {@code reach(v)}: itself plus the nodes folded into it. Every path between a
 * folded node and the rest of its component crosses the folded node's parent, so, with {@code N}
 * the size of the component:
 * <ul>
 * <li>a folded node {@code u} is a cut vertex whose branches are its folded children (sizes
 * {@code r_c}) and the rest ({@code N - reach(u)}); it lies on every path between two branches and
 * on no other, once each: its ordered-pair count is {@code (N-1)^2 - sum r_c^2 - (N - reach(u))^2};</li>
 * <li>a remaining node {@code v} gets, the same way, {@code (reach(v)-1)^2 - sum r_c^2} for paths
 * between two of its folded children and {@code 2 (reach(v)-1)(N - reach(v))} for paths from them to
 * the rest of the component;</li>
 * <li>paths between nodes represented by two remaining nodes {@code s != t} cross the folded trees
 * only at their ends, so they are the core's shortest paths: node {@code w} of the core gets
 * {@code reach(s) reach(t) sigma_st(w) / sigma_st}, which {@link ReducedBrandes} sums. Parallel
 * channels multiply path counts at the ends by the same factor on both sides of each ratio, so the
 * tree terms above are exact for multigraphs too.</li>
 * </ul>
 *
 * <p>The core keeps channel multiplicities: {@code mult} of an entry is the number of parallel
 * channels, so shortest-path counts stay those of the multigraph.
 *
 * <p>Cost O(n + e) time and memory. Immutable once built; safe to share between threads.
 */
final class PendantReduction {
    /** Nodes of the core. */
    final int coreSize;
    /** Core index to graph index. */
    final int[] original;
    /** Core CSR offsets, {@code coreSize + 1} entries. */
    final int[] offsets;
    /** Core neighbours (core indexes), one entry per distinct neighbour. */
    final int[] neighbours;
    /** Parallel channels of each core entry. */
    final int[] mult;
    /** {@code reach} of each core node, as a double for the accumulation. */
    final double[] reach;
    /**
     * Ordered-pair path counts that the folding gives directly, per graph node (the tree terms of
     * the class comment). The core's own share is added by {@link ReducedBrandes}.
     */
    final double[] treeCounts;
    /** Number of core nodes that have at least one core neighbour (the sources worth a BFS). */
    final int activeSources;

    PendantReduction(Topology g) {
        final int n = g.nodeCount();
        final int[] comp = new int[n];
        final long[] compSize = Components.label(g, -1, comp);
        final int[] distinct = distinctDegrees(g);
        final long[] reachL = new long[n];
        Arrays.fill(reachL, 1L);
        final double[] sqChildren = new double[n];
        final boolean[] removed = new boolean[n];
        final double[] counts = new double[n];
        final int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        for (int i = 0; i < n; i++) {
            if (distinct[i] == 1) {
                queue[tail++] = i;
            }
        }
        while (head < tail) {
            final int u = queue[head++];
            if (distinct[u] != 1) {
                continue;
            }
            final int x = remainingNeighbour(g, u, removed);
            removed[u] = true;
            distinct[u] = 0;
            final double bigN = compSize[comp[u]];
            final double r = reachL[u];
            counts[u] = sq(bigN - 1) - sqChildren[u] - sq(bigN - r);
            reachL[x] += reachL[u];
            sqChildren[x] += r * r;
            if (--distinct[x] == 1) {
                queue[tail++] = x;
            }
        }
        // The core: nodes left, with the terms of their folded children.
        final int[] coreOf = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (removed[i]) {
                coreOf[i] = -1;
                continue;
            }
            coreOf[i] = m++;
            final double bigN = compSize[comp[i]];
            final double r = reachL[i];
            counts[i] = sq(r - 1) - sqChildren[i] + 2 * (r - 1) * (bigN - r);
        }
        this.coreSize = m;
        this.original = new int[m];
        this.reach = new double[m];
        this.offsets = new int[m + 1];
        for (int i = 0; i < n; i++) {
            if (coreOf[i] >= 0) {
                original[coreOf[i]] = i;
                reach[coreOf[i]] = reachL[i];
                offsets[coreOf[i] + 1] = distinct[i];
            }
        }
        int active = 0;
        for (int v = 0; v < m; v++) {
            active += offsets[v + 1] > 0 ? 1 : 0;
            offsets[v + 1] += offsets[v];
        }
        this.activeSources = active;
        this.neighbours = new int[offsets[m]];
        this.mult = new int[offsets[m]];
        // Merge parallel channels: position of each neighbour in the current row, by stamp.
        final int[] stamp = new int[n];
        final int[] pos = new int[n];
        for (int v = 0; v < m; v++) {
            final int i = original[v];
            int fill = offsets[v];
            for (int j = 0, d = g.degree(i); j < d; j++) {
                final int w = g.neighbour(i, j);
                if (removed[w]) {
                    continue;
                }
                if (stamp[w] == v + 1) {
                    mult[pos[w]]++;
                } else {
                    stamp[w] = v + 1;
                    pos[w] = fill;
                    neighbours[fill] = coreOf[w];
                    mult[fill++] = 1;
                }
            }
        }
        this.treeCounts = counts;
    }

    private static double sq(double x) {
        return x * x;
    }

    /** The one neighbour of {@code u} not removed yet. O(degree). */
    private static int remainingNeighbour(Topology g, int u, boolean[] removed) {
        for (int j = 0, d = g.degree(u); j < d; j++) {
            final int w = g.neighbour(u, j);
            if (!removed[w]) {
                return w;
            }
        }
        throw new IllegalStateException("node " + u + " has no neighbour left");
    }

    /** Number of distinct neighbours of every node. O(n + e). */
    static int[] distinctDegrees(Topology g) {
        final int n = g.nodeCount();
        final int[] d = new int[n];
        final int[] stamp = new int[n];
        for (int i = 0; i < n; i++) {
            int c = 0;
            for (int j = 0, deg = g.degree(i); j < deg; j++) {
                final int w = g.neighbour(i, j);
                if (stamp[w] != i + 1) {
                    stamp[w] = i + 1;
                    c++;
                }
            }
            d[i] = c;
        }
        return d;
    }
}
