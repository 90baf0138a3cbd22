package org.lnautopilot.graph;

/**
 * Brandes' accumulation (Brandes, "A faster algorithm for betweenness centrality", J. Math. Sociol.
 * 2001) over the core of a {@link PendantReduction}, with node weights and channel multiplicities.
 *
 * <p>From a source {@code s}: a breadth-first search counts shortest paths,
 * {@code sigma(w) = sum over predecessors v of sigma(v) * mult(v, w)}. Then, in reverse BFS order,
 * the dependency {@code delta(v) = sigma(v) * sum over successors w of mult(v, w) * (reach(w) + delta(w)) / sigma(w)}
 * is pulled from the successors (a successor is a neighbour one level further), which writes only to
 * {@code v}: no predecessor lists. Node {@code w != s} gains {@code reach(s) * delta(w)}: each of the
 * {@code reach(s)} nodes that {@code s} stands for is a source, each of the {@code reach(t)} nodes
 * behind a target a target.
 *
 * <p>One instance per worker thread: its arrays (five of the core's size) are reused for every
 * source, so a source costs O(core nodes + core entries) time and allocates nothing; only the nodes
 * a search reached are reset. Not thread-safe.
 */
final class ReducedBrandes {
    private final PendantReduction r;
    private final int[] dist;
    private final double[] sigma;
    private final double[] coef;
    private final int[] order;
    /** This worker's sums of {@code reach(s) * delta_s(w)}, by core index. */
    final double[] partial;

    ReducedBrandes(PendantReduction r) {
        this.r = r;
        final int m = r.coreSize;
        this.dist = new int[m];
        this.sigma = new double[m];
        this.coef = new double[m];
        this.order = new int[m];
        this.partial = new double[m];
        java.util.Arrays.fill(dist, -1);
    }

    /** Adds the dependencies of source {@code s} (a core index) to {@link #partial}. */
    void source(int s) {
        final int[] off = r.offsets;
        final int[] nb = r.neighbours;
        final int[] mu = r.mult;
        final double[] reach = r.reach;
        final int[] d = dist;
        final double[] sg = sigma;
        final double[] cf = coef;
        final int[] q = order;
        final double[] acc = partial;
        // Forward: BFS with path counts.
        int tail = 0;
        q[tail++] = s;
        d[s] = 0;
        sg[s] = 1.0;
        for (int head = 0; head < tail; head++) {
            final int v = q[head];
            final int dv1 = d[v] + 1;
            final double sv = sg[v];
            for (int k = off[v], end = off[v + 1]; k < end; k++) {
                final int w = nb[k];
                final int dw = d[w];
                if (dw < 0) {
                    d[w] = dv1;
                    sg[w] = sv * mu[k];
                    q[tail++] = w;
                } else if (dw == dv1) {
                    sg[w] += sv * mu[k];
                }
            }
        }
        // Backward: pull dependencies from successors, deepest level first.
        final double ws = reach[s];
        for (int i = tail - 1; i > 0; i--) {
            final int v = q[i];
            final int dv1 = d[v] + 1;
            double sum = 0.0;
            for (int k = off[v], end = off[v + 1]; k < end; k++) {
                final int w = nb[k];
                if (d[w] == dv1) {
                    sum += mu[k] * cf[w];
                }
            }
            final double delta = sg[v] * sum;
            cf[v] = (reach[v] + delta) / sg[v];
            acc[v] += ws * delta;
        }
        // Reset what this search touched.
        for (int i = 0; i < tail; i++) {
            d[q[i]] = -1;
        }
    }
}
