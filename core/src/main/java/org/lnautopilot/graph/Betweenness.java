package org.lnautopilot.graph;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Betweenness centrality of every node of a {@link CsrGraph}, exact or approximate with a guarantee.
 *
 * <p>The graph is an undirected multigraph: a path is a sequence of channels, so parallel channels
 * between two nodes are distinct shortest paths (lnd counts them so). For a node {@code v},
 * {@code b(v)} is the sum over unordered pairs {@code {s, t}} with {@code s != v != t} of
 * {@code sigma_st(v) / sigma_st}, divided by {@code n(n-1)/2}, with {@code n} all nodes (isolated
 * ones included); pairs with no path add 0. lnd's raw value is {@code b(v) * n(n-1)/2}, its
 * normalised score {@code b(v) / max b}.
 *
 * <p>Both methods take a thread count: workers run on new platform threads besides the caller's,
 * with their own scratch memory; nothing is shared but the read-only graph. A failure or an interrupt
 * of the calling thread ends all workers and is reported to the caller. Static methods, thread-safe.
 */
public final class Betweenness {
    /** Sources a worker takes at once in {@link #exact}. */
    private static final int CHUNK = 16;

    private Betweenness() {
    }

    /**
     * Exact betweenness of every node, by node index. Any {@code threads >= 1} gives the same values
     * up to summation order (relative 1e-9); the same thread count gives the same array on every run.
     *
     * <p>Algorithm: pendant trees are folded into the nodes they hang from and their share is counted
     * in closed form ({@link PendantReduction}: Baglioni et al. 2012, Sariyüce et al. 2013); parallel
     * channels are merged into multiplicities; then Brandes' algorithm (2001) runs from every node of
     * the remaining core with node weights ({@link ReducedBrandes}), chunks of sources dealt to the
     * workers round-robin. Cost O(c (c + e_c)) time for a core of {@code c} nodes and {@code e_c} distinct
     * neighbour pairs, O(n + e) to fold, and O(threads * c + n + e) memory.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static double[] exact(CsrGraph g, int threads) {
        return exact(g, threads, Progress.NONE);
    }

    /** As {@link #exact(CsrGraph, int)}, reporting progress in sources done (from the calling thread). */
    public static double[] exact(CsrGraph g, int threads, Progress progress) {
        Objects.requireNonNull(g, "g");
        return exact(Topology.of(g), threads, progress);
    }

    /**
     * Exact betweenness of every node of a graph with one new node added ({@link GraphOverlay}): an
     * array of {@code base.nodeCount() + 1} values, the new node's last, with {@code n} counting the
     * new node too. The same algorithm and cost as {@link #exact(CsrGraph, int)}; the base graph is
     * not copied.
     */
    public static double[] exact(GraphOverlay g, int threads, Progress progress) {
        Objects.requireNonNull(g, "g");
        return exact(Topology.of(g), threads, progress);
    }

    private static double[] exact(Topology g, int threads, Progress progress) {
        Objects.requireNonNull(progress, "progress");
        checkThreads(threads);
        final int n = g.nodeCount();
        final PendantReduction r = new PendantReduction(g);
        final int m = r.coreSize;
        final ReducedBrandes[] kernels = new ReducedBrandes[threads];
        final int[] sources = activeSources(r);
        final int chunks = (sources.length + CHUNK - 1) / CHUNK;
        Workers.run(threads, id -> {
            final ReducedBrandes k = new ReducedBrandes(r);
            kernels[id] = k;
            // Chunks dealt round-robin: each worker's sum, and so the result, is the same on every run.
            return (done, stop) -> {
                for (int c = id; c < chunks && !stop.requested(); c += threads) {
                    final int from = c * CHUNK;
                    final int to = Math.min(sources.length, from + CHUNK);
                    for (int i = from; i < to; i++) {
                        k.source(sources[i]);
                    }
                    done.add(to - from);
                }
            };
        }, sources.length, progress);
        final double[] counts = r.treeCounts.clone();
        for (ReducedBrandes k : kernels) {
            final double[] p = k.partial;
            for (int v = 0; v < m; v++) {
                counts[r.original[v]] += p[v];
            }
        }
        return normalise(counts, n);
    }

    private static int[] activeSources(PendantReduction r) {
        final int[] s = new int[r.activeSources];
        int c = 0;
        for (int v = 0; v < r.coreSize; v++) {
            if (r.offsets[v + 1] > r.offsets[v]) {
                s[c++] = v;
            }
        }
        return s;
    }

    /** Ordered-pair counts to {@code b}: divides by {@code n(n-1)}, in place. */
    private static double[] normalise(double[] counts, int n) {
        final double pairs = (double) n * (n - 1);
        for (int i = 0; i < counts.length; i++) {
            counts[i] = pairs > 0 ? counts[i] / pairs : 0.0;
        }
        return counts;
    }

    /**
     * Estimates of every node's betweenness with
     * {@code P(max over v of |estimate(v) - b(v)| <= epsilon) >= 1 - delta}. The same seed and thread
     * count give the same array.
     *
     * <p>Algorithm: Riondato and Kornaropoulos, "Fast approximation of betweenness centrality through
     * sampling", Data Min. Knowl. Disc. 2016. Draw {@code r} ordered pairs {@code (s, t)}, {@code s != t},
     * uniformly; for each with a path, draw one of its shortest paths uniformly ({@link PathSampler},
     * a balanced bidirectional BFS as in KADABRA) and add {@code 1/r} to each of its inner nodes. The
     * estimate is unbiased for {@code b} as defined above (ordered pairs over {@code n(n-1)} equal
     * unordered pairs over {@code n(n-1)/2}), and by the VC-dimension bound of the range set of
     * shortest paths (at most {@code floor(log2(VD - 2)) + 1} for vertex diameter {@code VD}) the
     * sample size {@code r = ceil((c / epsilon^2)(floor(log2(VD - 2)) + 1 + ln(1/delta)))} with
     * {@code c = 0.5} gives the guarantee. {@code VD} is bounded from above by
     * {@link #vertexDiameterBound}. Each worker draws a fixed share of the pairs from its own
     * generator, seeded from {@code rng} in worker order, so the result does not depend on scheduling.
     * Cost O(r) searches, each touching the part of the graph around its two ends; memory O(threads * n).
     *
     * @throws IllegalArgumentException if {@code epsilon} or {@code delta} is outside (0, 1) or
     *                                  {@code threads < 1}
     */
    public static double[] approximate(CsrGraph g, double epsilon, double delta, RandomGenerator rng, int threads) {
        return approximate(g, epsilon, delta, rng, threads, Progress.NONE);
    }

    /** As {@link #approximate(CsrGraph, double, double, RandomGenerator, int)}, reporting pairs drawn. */
    public static double[] approximate(CsrGraph g, double epsilon, double delta, RandomGenerator rng, int threads,
            Progress progress) {
        Objects.requireNonNull(g, "g");
        Objects.requireNonNull(rng, "rng");
        Objects.requireNonNull(progress, "progress");
        checkGuarantee(epsilon, delta);
        checkThreads(threads);
        final int vd = vertexDiameterBound(g);
        final long r = sampleSize(vd, epsilon, delta);
        final int n = g.nodeCount();
        if (n < 3) {
            return new double[n];
        }
        if (g.maxDegree() > PathSampler.MAX_DEGREE) {
            throw new IllegalArgumentException("approximate betweenness supports degrees up to "
                    + PathSampler.MAX_DEGREE + "; this graph has a node with " + g.maxDegree() + " channels");
        }
        if (vd > PathSampler.MAX_DIST) {
            throw new IllegalArgumentException("approximate betweenness supports shortest paths of up to "
                    + PathSampler.MAX_DIST + " hops; this graph may have longer ones (use exact)");
        }
        final long[] seeds = new long[threads];
        for (int i = 0; i < threads; i++) {
            seeds[i] = rng.nextLong();
        }
        final int[][] hits = new int[threads][];
        final PathSampler.Adjacency adjacency = new PathSampler.Adjacency(g);
        Workers.run(threads, id -> {
            final long from = r * id / threads;
            final long to = r * (id + 1) / threads;
            final PathSampler sampler = new PathSampler(adjacency);
            final int[] h = new int[n];
            hits[id] = h;
            final SplittableRandom wr = new SplittableRandom(seeds[id]);
            return (done, stop) -> {
                long i = from;
                while (i < to && !stop.requested()) {
                    final long batch = Math.min(to, i + 1024);
                    final long start = i;
                    for (; i < batch; i++) {
                        final int s = wr.nextInt(n);
                        int t = wr.nextInt(n - 1);
                        t += t >= s ? 1 : 0;
                        if (sampler.draw(s, t, wr)) {
                            final int[] in = sampler.inner;
                            for (int j = 0, c = sampler.innerCount; j < c; j++) {
                                h[in[j]]++;
                            }
                        }
                    }
                    done.add(i - start);
                }
            };
        }, r, progress);
        final double[] b = new double[n];
        for (int[] h : hits) {
            for (int v = 0; v < n; v++) {
                b[v] += h[v];
            }
        }
        for (int v = 0; v < n; v++) {
            b[v] /= r;
        }
        return b;
    }

    /**
     * The number of pairs {@link #approximate} draws for this graph and guarantee: Riondato and
     * Kornaropoulos' bound with {@link #vertexDiameterBound}. O(n + e).
     *
     * @throws IllegalArgumentException if {@code epsilon} or {@code delta} is outside (0, 1)
     */
    public static long sampleSize(CsrGraph g, double epsilon, double delta) {
        checkGuarantee(epsilon, delta);
        return sampleSize(vertexDiameterBound(g), epsilon, delta);
    }

    private static void checkGuarantee(double epsilon, double delta) {
        if (!(epsilon > 0 && epsilon < 1)) {
            throw new IllegalArgumentException("epsilon must be in (0, 1), got " + epsilon);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
        }
    }

    /** The sample size for vertex-diameter bound {@code vd}. */
    private static long sampleSize(int vd, double epsilon, double delta) {
        final int log = vd > 2 ? 31 - Integer.numberOfLeadingZeros(vd - 2) : 0;
        final double r = Math.ceil(0.5 / (epsilon * epsilon) * (log + 1 + Math.log(1 / delta)));
        if (r > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("epsilon " + epsilon + " needs too many samples");
        }
        return (long) r;
    }

    /**
     * An upper bound on the vertex diameter (nodes on a longest shortest path) of {@code g}: per
     * connected component, one BFS from its node of highest degree, whose two largest distances
     * {@code a >= b} bound the component's diameter by {@code a + b} (Riondato and Kornaropoulos 2016,
     * section 4.2); the bound is {@code a + b + 1} nodes, the largest over components. O(n + e).
     */
    public static int vertexDiameterBound(CsrGraph g) {
        final int n = g.nodeCount();
        final int[] comp = new int[n];
        final long[] sizes = Components.label(g, -1, comp);
        final int[] root = new int[sizes.length];
        java.util.Arrays.fill(root, -1);
        for (int v = 0; v < n; v++) {
            final int c = comp[v];
            if (root[c] < 0 || g.degree(v) > g.degree(root[c])) {
                root[c] = v;
            }
        }
        final int[] dist = new int[n];
        java.util.Arrays.fill(dist, -1);
        final int[] queue = new int[n];
        int best = n > 0 ? 1 : 0;
        for (int c = 0; c < root.length; c++) {
            if (sizes[c] < 2) {
                continue;
            }
            int head = 0;
            int tail = 0;
            queue[tail++] = root[c];
            dist[root[c]] = 0;
            int a = 0;
            int b = 0;
            while (head < tail) {
                final int v = queue[head++];
                final int dv = dist[v];
                // Two largest distances, counting distinct nodes: a >= b.
                if (dv > a) {
                    b = a;
                    a = dv;
                } else if (dv > b) {
                    b = dv;
                }
                for (int s = g.slotStart(v), end = g.slotEnd(v); s < end; s++) {
                    final int w = g.neighbour(s);
                    if (dist[w] < 0) {
                        dist[w] = dv + 1;
                        queue[tail++] = w;
                    }
                }
            }
            best = Math.max(best, a + b + 1);
        }
        return best;
    }

    private static void checkThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }
}
