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
 * <p>Layout: for node {@code v} and endpoint {@code i}, {@code dist[v >>> shift][(v & mask)*L + i]}
 * (a byte; -1 when unreachable or farther than 126 hops) and {@code sigma} likewise (a float), so
 * that a candidate's row is one contiguous read; blocks of rows of about 4 MB. Between endpoints:
 * {@code pairDist[i >>> shift][(i & mask)*L + j]} and {@code pairSigma}.
 * Searches never pass through {@code self}: they run in the graph without {@code X}.
 *
 * <p>One instance per call. Candidates are evaluated on the common fork-join pool, each thread with
 * its own scratch; {@link #connect} must not run concurrently with an evaluation.
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
    /** log2 of the rows in one block of {@link #dist} and {@link #sigma}, and of the pair tables. */
    private final int shift;
    private final int mask;
    private final byte[][] dist;
    private final float[][] sigma;
    private final int[][] pairDist;
    private final double[][] pairSigma;
    private final int[] dX;
    private final double[] sX;
    /** X's distances and counts with one candidate added: one pair of arrays per thread. */
    private final ThreadLocal<Candidate> scratch;
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

    /** Per-thread working arrays of one candidate's evaluation. */
    private static final class Candidate {
        final int[] d;
        final double[] s;

        Candidate(int l) {
            d = new int[l];
            s = new double[l];
        }
    }

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
        // The tables are blocks of about 4 MB of rows, not single n*l arrays: the JVM zeroes one new
        // array without reaching a safepoint, so a flat table of hundreds of MB would stall every
        // thread of the process (a plugin's RPC answers included) for as long as a GC waits on it;
        // blocks this size zero in about a millisecond and are still too large for G1 to copy.
        this.shift = Math.max(0, 31 - Integer.numberOfLeadingZeros(Math.max(1, (4 << 20) / (8 * l))));
        this.mask = (1 << shift) - 1;
        final int rows = Math.max(n, l);
        final int blocks = (rows + mask) >>> shift;
        this.dist = new byte[blocks][];
        this.sigma = new float[blocks][];
        for (int b = 0; b < blocks; b++) {
            final int len = Math.min(mask + 1, n - (b << shift)) * l;
            if (len > 0) {
                dist[b] = new byte[len];
                sigma[b] = new float[len];
            }
        }
        searchAll(ends, self);
        this.pairDist = new int[blocks][];
        this.pairSigma = new double[blocks][];
        for (int b = 0; b < blocks; b++) {
            final int len = Math.min(mask + 1, l - (b << shift)) * l;
            if (len > 0) {
                pairDist[b] = new int[len];
                pairSigma[b] = new double[len];
            }
        }
        for (int i = 0; i < l; i++) {
            final int[] pd = pairDist[i >>> shift];
            final double[] ps = pairSigma[i >>> shift];
            final int base = (i & mask) * l;
            for (int j = 0; j < l; j++) {
                final int e = ends[j];
                final int d = dist[e >>> shift][(e & mask) * l + i];
                pd[base + j] = d < 0 ? INF : d;
                ps[base + j] = sigma[e >>> shift][(e & mask) * l + i];
            }
        }
        this.comp = new int[n];
        this.compSize = Components.label(g, self, comp);
        this.touched = new boolean[compSize.length];
        this.pool = n - (self >= 0 ? 1 : 0);
        this.dX = new int[l];
        this.sX = new double[l];
        this.scratch = ThreadLocal.withInitial(() -> new Candidate(l));
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

    /** Endpoints searched together, then written into the table row by row. */
    private static final int BATCH = 16;

    /**
     * One BFS per endpoint, avoiding {@code self}. The endpoints are split into one contiguous block
     * of columns per processor (so threads never write the same cache line but at a block's edge),
     * searched {@link #BATCH} at a time into contiguous scratch and then copied into the node-major
     * table row by row: the table is written sequentially instead of once per node in BFS order.
     */
    private void searchAll(int[] ends, int self) {
        final int batches = (l + BATCH - 1) / BATCH;
        final int threads = Math.max(1, Math.min(batches, Runtime.getRuntime().availableProcessors()));
        java.util.stream.IntStream.range(0, threads).parallel().forEach(t -> {
            final int n = g.nodeCount();
            final byte[][] d = new byte[BATCH][n];
            final float[][] sg = new float[BATCH][n];
            final int[] queue = new int[n];
            for (int b = batches * t / threads, end = batches * (t + 1) / threads; b < end; b++) {
                final int from = b * BATCH;
                final int count = Math.min(BATCH, l - from);
                for (int j = 0; j < count; j++) {
                    search(ends[from + j], self, d[j], sg[j], queue);
                }
                for (int v = 0; v < n; v++) {
                    final byte[] dBlock = dist[v >>> shift];
                    final float[] sBlock = sigma[v >>> shift];
                    final int row = (v & mask) * l + from;
                    for (int j = 0; j < count; j++) {
                        dBlock[row + j] = d[j][v];
                        sBlock[row + j] = sg[j][v];
                    }
                }
            }
        });
    }

    /** BFS from {@code root} avoiding {@code self}, into {@code d} (-1: unreached) and {@code sg}. */
    private void search(int root, int self, byte[] d, float[] sg, int[] queue) {
        final CsrGraph gr = g;
        Arrays.fill(d, (byte) -1);
        Arrays.fill(sg, 0f);
        int tail = 0;
        queue[tail++] = root;
        d[root] = 0;
        sg[root] = 1f;
        for (int head = 0; head < tail; head++) {
            final int v = queue[head];
            final int dv = d[v];
            if (dv >= 126) {
                break;
            }
            final float sv = sg[v];
            for (int k = gr.slotStart(v), end = gr.slotEnd(v); k < end; k++) {
                final int w = gr.neighbour(k);
                if (w == self) {
                    continue;
                }
                final int dw = d[w];
                if (dw < 0) {
                    d[w] = (byte) (dv + 1);
                    sg[w] = sv;
                    queue[tail++] = w;
                } else if (dw == dv + 1) {
                    sg[w] += sv;
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

    /**
     * Adds a channel to {@code c} for a what-if and returns an undo token: {@link #undo} with it
     * restores {@code X} as it was. O(L) time and memory.
     */
    Object tryConnect(int c) {
        final Object[] saved = {dX.clone(), sX.clone(), new double[] {crossPairs}, new long[] {reached},
            anyNeighbour, touched[comp[c]], comp[c]};
        connect(c);
        return saved;
    }

    /** Undoes the {@link #tryConnect} that returned {@code token} (the last one). O(L). */
    void undo(Object token) {
        final Object[] saved = (Object[]) token;
        System.arraycopy((int[]) saved[0], 0, dX, 0, l);
        System.arraycopy((double[]) saved[1], 0, sX, 0, l);
        crossPairs = ((double[]) saved[2])[0];
        reached = ((long[]) saved[3])[0];
        anyNeighbour = (Boolean) saved[4];
        touched[(Integer) saved[6]] = (Boolean) saved[5];
    }

    /** The number of screening endpoints, L1. */
    int screenEndpoints() {
        return l1;
    }

    /** The gain of a channel to {@code c} on every endpoint ({@link #gain}). O(L^2). */
    double fullGain(int c) {
        return gain(c, l);
    }

    /** Adds one channel from {@code X} to {@code c}. O(L). */
    void connect(int c) {
        crossPairs = crossWith(c);
        if (!touched[comp[c]]) {
            touched[comp[c]] = true;
            reached += compSize[comp[c]];
        }
        anyNeighbour = true;
        final Candidate k = scratch.get();
        combine(c, l, k);
        System.arraycopy(k.d, 0, dX, 0, l);
        System.arraycopy(k.s, 0, sX, 0, l);
    }

    /** {@code X}'s distances and counts with a channel to {@code c} added, over the first {@code m} endpoints, into {@code out}. */
    private void combine(int c, int m, Candidate out) {
        final int[] baseD = dX;
        final double[] baseS = sX;
        final int[] dC = out.d;
        final double[] sC = out.s;
        final int row = (c & mask) * l;
        final byte[] d = dist[c >>> shift];
        final float[] sg = sigma[c >>> shift];
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
        final Candidate k = scratch.get();
        combine(c, m, k);
        final int at = endpointOf[c] < m ? endpointOf[c] : -1;
        final int others = at >= 0 ? m - 1 : m;
        final double withC = others > 0 ? pairsWith(c, m, at, k) * ((pool - 1) / others) : 0;
        final double sampledPairs = (double) others * (others - 1) / 2;
        final double rest = sampledPairs > 0
                ? samePairs(m, at, k) * (((pool - 1) * (pool - 2) / 2) / sampledPairs) : 0;
        return crossWith(c) + withC + rest;
    }

    /** The count over pairs {@code (c, endpoint t)}, {@code t != c}, within one component. */
    private double pairsWith(int c, int m, int at, Candidate k) {
        final int row = (c & mask) * l;
        final byte[] d = dist[c >>> shift];
        final float[] sg = sigma[c >>> shift];
        final int[] dx = k.d;
        final double[] sx = k.s;
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
    private double samePairs(int m, int skip, Candidate k) {
        final int[] d = k.d;
        final double[] s = k.s;
        final int[][] pdBlocks = pairDist;
        final double[][] psBlocks = pairSigma;
        final int sh = shift;
        final int mk = mask;
        final int stride = l;
        double sum = 0;
        for (int i = 0; i < m; i++) {
            final int di = d[i];
            if (di >= INF || i == skip) {
                continue;
            }
            final double si = s[i];
            final int[] pd = pdBlocks[i >>> sh];
            final double[] ps = psBlocks[i >>> sh];
            final int base = (i & mk) * stride;
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
        return bestCandidate(eligible, shortlist, l1, l);
    }

    /**
     * As {@link #bestCandidate(boolean[], int)}, screening on the first {@code screenM} endpoints and
     * deciding on the first {@code decideM} ({@code screenM <= decideM <= L}): a cheaper pass for
     * what-ifs such as the first pair's screen.
     */
    int bestCandidate(boolean[] eligible, int shortlist, int screenM, int decideM) {
        final int l1 = screenM;
        final int l = decideM;
        final int n = eligible.length;
        int candidates = 0;
        for (int v = 0; v < n; v++) {
            candidates += eligible[v] ? 1 : 0;
        }
        final int[] all = new int[candidates];
        for (int v = 0, c = 0; v < n; v++) {
            if (eligible[v]) {
                all[c++] = v;
            }
        }
        final boolean screen = l1 < l && (long) candidates * l * l / 2 > SCREEN_ABOVE;
        int[] pool;
        int poolSize;
        if (screen) {
            // The best by the screening estimate, and, since a candidate outside every component that
            // reaches X adds exactly its component's pairs (and nothing the sample must estimate), the
            // best such candidates by that exact term: the screening's noise cannot hide them.
            final double[] screened = gains(all, l1);
            final int keep = Math.min(shortlist, candidates);
            final int keepOther = Math.min(OTHER_COMPONENT_SHORTLIST, candidates);
            final double[] topGain = new double[keep];
            final int[] top = new int[keep];
            final double[] otherGain = new double[keepOther];
            final int[] other = new int[keepOther];
            int size = 0;
            int otherSize = 0;
            for (int i = 0; i < candidates; i++) {
                final int v = all[i];
                if (!touched[comp[v]]) {
                    final double x = crossWith(v);
                    if (otherSize < keepOther) {
                        insert(otherGain, other, otherSize++, x, v);
                    } else if (x > otherGain[otherSize - 1]) {
                        insert(otherGain, other, otherSize - 1, x, v);
                    }
                }
                final double x = screened[i];
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
            pool = all;
            poolSize = candidates;
        }
        final double[] decided = gains(Arrays.copyOf(pool, poolSize), l);
        int best = -1;
        double bestGain = 0;
        for (int i = 0; i < poolSize; i++) {
            final int v = pool[i];
            final double x = decided[i];
            if (x > bestGain || (x == bestGain && best >= 0 && v < best)) {
                best = v;
                bestGain = x;
            }
        }
        return best;
    }

    /**
     * {@link #gain} of every node in {@code nodes} on the first {@code m} endpoints, on the common
     * fork-join pool (each candidate's gain is independent of the others and of the order, so the
     * result does not depend on scheduling).
     */
    private double[] gains(int[] nodes, int m) {
        final double[] out = new double[nodes.length];
        final int chunk = 64;
        final int chunks = (nodes.length + chunk - 1) / chunk;
        java.util.stream.IntStream.range(0, chunks).parallel().forEach(c -> {
            for (int i = c * chunk, end = Math.min(nodes.length, i + chunk); i < end; i++) {
                out[i] = gain(nodes[i], m);
            }
        });
        return out;
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
