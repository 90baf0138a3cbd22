package org.lnautopilot.heuristic;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.lnautopilot.graph.Components;
import org.lnautopilot.graph.CsrGraph;

/**
 * The incremental betweenness of a new node {@code X} for {@link GreedyCentrality} (see its class
 * comment for the law): distances and shortest-path counts from a uniform sample of endpoints, and
 * {@code X}'s current distance and path count to each endpoint.
 *
 * <p>Layout: for node {@code v} and endpoint {@code i}, {@code dist[v*L + i]} (a byte; -1 when
 * unreachable or farther than 126 hops) and {@code sigma[v*L + i]} (a float), so that a candidate's
 * row is one contiguous read. Between endpoints: {@code pairDist[i*L + j]} and {@code pairSigma}.
 * Searches never pass through {@code self}: they run in the graph without {@code X}.
 *
 * <p>One instance per call; not thread-safe.
 */
final class GainEvaluator {
    private static final int INF = 1 << 20;
    /** Above this many pair evaluations per pick, candidates are screened on fewer endpoints first. */
    private static final long SCREEN_ABOVE = 200_000_000L;
    /** Candidates outside the components that reach X kept for the final decision. */
    private static final int OTHER_COMPONENT_SHORTLIST = 8;

    private final CsrGraph g;
    private final int l;
    private final int l1;
    private final byte[] dist;
    private final float[] sigma;
    private final int[] pairDist;
    private final double[] pairSigma;
    private final int[] dX;
    private final double[] sX;
    private final int[] dC;
    private final double[] sC;
    private boolean anyNeighbour;
    /** Component of every node in the graph without {@code self} (self: -1). */
    private final int[] comp;
    private final long[] compSize;
    private final boolean[] touched;
    /** Nodes in components that reach {@code X}. */
    private long reached;
    /** Unordered pairs in different components joined only through {@code X}: exact. */
    private double crossPairs;
    /** Nodes other than self. */
    private final double pool;
    /** Endpoint position of every node, or -1. */
    private final int[] endpointOf;

    /**
     * Searches from {@code l} endpoints drawn uniformly (without replacement) from the nodes other
     * than {@code self} ({@code -1} when {@code self} is not in the graph), and starts {@code X} with
     * {@code self}'s channels in the graph. O(l (n + e)).
     */
    GainEvaluator(CsrGraph g, int self, int l, int l1, SplittableRandom rng) {
        this.g = g;
        this.l = l;
        this.l1 = l1;
        final int n = g.nodeCount();
        final int[] ends = drawEndpoints(n, self, l, rng);
        this.endpointOf = new int[n];
        Arrays.fill(endpointOf, -1);
        for (int i = 0; i < l; i++) {
            endpointOf[ends[i]] = i;
        }
        this.dist = new byte[n * l];
        this.sigma = new float[n * l];
        Arrays.fill(dist, (byte) -1);
        final int[] queue = new int[n];
        for (int i = 0; i < l; i++) {
            search(ends[i], i, self, queue);
        }
        this.pairDist = new int[l * l];
        this.pairSigma = new double[l * l];
        for (int i = 0; i < l; i++) {
            for (int j = 0; j < l; j++) {
                final int d = dist[ends[j] * l + i];
                pairDist[i * l + j] = d < 0 ? INF : d;
                pairSigma[i * l + j] = sigma[ends[j] * l + i];
            }
        }
        this.comp = new int[n];
        this.compSize = Components.label(g, self, comp);
        this.touched = new boolean[compSize.length];
        this.pool = n - (self >= 0 ? 1 : 0);
        this.dX = new int[l];
        this.sX = new double[l];
        this.dC = new int[l];
        this.sC = new double[l];
        Arrays.fill(dX, INF);
        if (self >= 0) {
            // Existing channels of self, one by one: parallel channels are distinct paths.
            for (int s = g.slotStart(self), end = g.slotEnd(self); s < end; s++) {
                connect(g.neighbour(s));
            }
        }
    }

    private static int[] drawEndpoints(int n, int self, int l, SplittableRandom rng) {
        final int[] pool = new int[n];
        int m = 0;
        for (int v = 0; v < n; v++) {
            if (v != self) {
                pool[m++] = v;
            }
        }
        // Partial Fisher-Yates: the first l entries are a uniform sample, in random order.
        for (int i = 0; i < l; i++) {
            final int j = i + rng.nextInt(m - i);
            final int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
        }
        return Arrays.copyOf(pool, l);
    }

    /** BFS from {@code root} avoiding {@code self}, into column {@code col}. */
    private void search(int root, int col, int self, int[] queue) {
        final CsrGraph gr = g;
        final int stride = l;
        final byte[] d = dist;
        final float[] sg = sigma;
        int tail = 0;
        queue[tail++] = root;
        d[root * stride + col] = 0;
        sg[root * stride + col] = 1f;
        for (int head = 0; head < tail; head++) {
            final int v = queue[head];
            final int dv = d[v * stride + col];
            if (dv >= 126) {
                break;
            }
            final float sv = sg[v * stride + col];
            for (int k = gr.slotStart(v), end = gr.slotEnd(v); k < end; k++) {
                final int w = gr.neighbour(k);
                if (w == self) {
                    continue;
                }
                final int at = w * stride + col;
                final int dw = d[at];
                if (dw < 0) {
                    d[at] = (byte) (dv + 1);
                    sg[at] = sv;
                    queue[tail++] = w;
                } else if (dw == dv + 1) {
                    sg[at] += sv;
                }
            }
        }
    }

    /** Whether {@code X} has at least one channel. */
    boolean hasNeighbours() {
        return anyNeighbour;
    }

    /** The cross-component pairs with a channel to {@code c} added. O(1). */
    private double crossWith(int c) {
        final int k = comp[c];
        return touched[k] ? crossPairs : crossPairs + (double) compSize[k] * reached;
    }

    /** Adds one channel from {@code X} to {@code c}. O(L). */
    void connect(int c) {
        crossPairs = crossWith(c);
        if (!touched[comp[c]]) {
            touched[comp[c]] = true;
            reached += compSize[comp[c]];
        }
        anyNeighbour = true;
        combine(c, l, dX, sX);
        System.arraycopy(dC, 0, dX, 0, l);
        System.arraycopy(sC, 0, sX, 0, l);
    }

    /** {@code X}'s distances and counts with a channel to {@code c} added, over the first {@code m} endpoints, into dC/sC. */
    private void combine(int c, int m, int[] baseD, double[] baseS) {
        final int row = c * l;
        final byte[] d = dist;
        final float[] sg = sigma;
        for (int i = 0; i < m; i++) {
            final int dc = d[row + i];
            final int viaC = dc < 0 ? INF : dc + 1;
            final int b = baseD[i];
            if (viaC < b) {
                dC[i] = viaC;
                sC[i] = sg[row + i];
            } else if (viaC == b && b < INF) {
                dC[i] = b;
                sC[i] = baseS[i] + sg[row + i];
            } else {
                dC[i] = b;
                sC[i] = baseS[i];
            }
        }
    }

    /**
     * An estimate of {@code X}'s path count over all unordered pairs with a channel to {@code c}
     * added, in three strata: pairs in different components exactly (every path between two
     * components that reach {@code X} crosses it, and nothing else joins them); pairs {@code (c, t)}
     * within {@code c}'s component from the endpoints {@code t}, scaled to all {@code t} (for a
     * candidate on the edge of the graph most of the gain is here, and one-sided sampling keeps its
     * variance low); the other pairs within one component from the pairs among the first {@code m}
     * endpoints, scaled to all such pairs. Exact when every node is an endpoint. O(m^2).
     */
    double gain(int c, int m) {
        combine(c, m, dX, sX);
        final int at = endpointOf[c] < m ? endpointOf[c] : -1;
        final int others = at >= 0 ? m - 1 : m;
        final double withC = others > 0 ? pairsWith(c, m, at) * ((pool - 1) / others) : 0;
        final double sampledPairs = (double) others * (others - 1) / 2;
        final double rest = sampledPairs > 0
                ? samePairs(m, at) * (((pool - 1) * (pool - 2) / 2) / sampledPairs) : 0;
        return crossWith(c) + withC + rest;
    }

    /** The count over pairs {@code (c, endpoint t)}, {@code t != c}, within one component. */
    private double pairsWith(int c, int m, int at) {
        final int row = c * l;
        final byte[] d = dist;
        final float[] sg = sigma;
        final int[] dx = dC;
        final double[] sx = sC;
        double sum = 0;
        for (int i = 0; i < m; i++) {
            final int dd = d[row + i];
            if (i == at || dd < 0) {
                continue;
            }
            final int a = 1 + dx[i];
            if (a < dd) {
                sum += 1.0;
            } else if (a == dd) {
                final double through = sx[i];
                sum += through / (sg[row + i] + through);
            }
        }
        return sum;
    }

    /**
     * The count over pairs of the first {@code m} endpoints that lie in one component, leaving out
     * endpoint {@code skip} (the candidate itself, or -1); {@link #combine} has run.
     */
    private double samePairs(int m, int skip) {
        final int[] d = dC;
        final double[] s = sC;
        final int[] pd = pairDist;
        final double[] ps = pairSigma;
        final int stride = l;
        double sum = 0;
        for (int i = 0; i < m; i++) {
            final int di = d[i];
            if (di >= INF || i == skip) {
                continue;
            }
            final double si = s[i];
            final int base = i * stride;
            for (int j = i + 1; j < m; j++) {
                if (j == skip) {
                    continue;
                }
                final int a = di + d[j];
                final int dd = pd[base + j];
                if (dd >= INF) {
                    continue;
                }
                if (a < dd) {
                    sum += 1.0;
                } else if (a == dd) {
                    final double through = si * s[j];
                    sum += through / (ps[base + j] + through);
                }
            }
        }
        return sum;
    }

    /**
     * The eligible node of largest gain (ties: the lowest index), or -1 when every gain is 0.
     * Screens on the first {@code l1} endpoints when evaluating all candidates on all endpoints would
     * cost more than {@link #SCREEN_ABOVE} pair evaluations, then decides among the best
     * {@code shortlist} on all endpoints.
     */
    int bestCandidate(boolean[] eligible, int shortlist) {
        final int n = eligible.length;
        int candidates = 0;
        for (int v = 0; v < n; v++) {
            candidates += eligible[v] ? 1 : 0;
        }
        final boolean screen = l1 < l && (long) candidates * l * l / 2 > SCREEN_ABOVE;
        int[] pool;
        int poolSize;
        if (screen) {
            // The best by the screening estimate, and, since a candidate outside every component that
            // reaches X adds exactly its component's pairs (and nothing the sample must estimate), the
            // best such candidates by that exact term: the screening's noise cannot hide them.
            final int keep = Math.min(shortlist, candidates);
            final int keepOther = Math.min(OTHER_COMPONENT_SHORTLIST, candidates);
            final double[] topGain = new double[keep];
            final int[] top = new int[keep];
            final double[] otherGain = new double[keepOther];
            final int[] other = new int[keepOther];
            int size = 0;
            int otherSize = 0;
            for (int v = 0; v < n; v++) {
                if (!eligible[v]) {
                    continue;
                }
                if (!touched[comp[v]]) {
                    final double x = crossWith(v);
                    if (otherSize < keepOther) {
                        insert(otherGain, other, otherSize++, x, v);
                    } else if (x > otherGain[otherSize - 1]) {
                        insert(otherGain, other, otherSize - 1, x, v);
                    }
                }
                final double x = gain(v, l1);
                if (size < keep) {
                    insert(topGain, top, size++, x, v);
                } else if (x > topGain[size - 1]) {
                    insert(topGain, top, size - 1, x, v);
                }
            }
            pool = Arrays.copyOf(top, size + otherSize);
            System.arraycopy(other, 0, pool, size, otherSize);
            poolSize = size + otherSize;
        } else {
            pool = new int[candidates];
            poolSize = 0;
            for (int v = 0; v < n; v++) {
                if (eligible[v]) {
                    pool[poolSize++] = v;
                }
            }
        }
        int best = -1;
        double bestGain = 0;
        for (int i = 0; i < poolSize; i++) {
            final int v = pool[i];
            final double x = gain(v, l);
            if (x > bestGain || (x == bestGain && best >= 0 && v < best)) {
                best = v;
                bestGain = x;
            }
        }
        return best;
    }

    /** Inserts into a list kept in decreasing gain order, dropping what falls off at {@code pos}. */
    private static void insert(double[] gains, int[] nodes, int pos, double x, int v) {
        int p = pos;
        while (p > 0 && gains[p - 1] < x) {
            gains[p] = gains[p - 1];
            nodes[p] = nodes[p - 1];
            p--;
        }
        gains[p] = x;
        nodes[p] = v;
    }
}
