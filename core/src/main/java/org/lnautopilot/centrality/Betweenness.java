package org.lnautopilot.centrality;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.lnautopilot.graph.Components;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.graph.Progress;
import org.lnautopilot.graph.Topology;
import org.lnautopilot.graph.Workers;

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
     * the remaining core with node weights, 64 sources at a time with bit masks saying which sources
     * each edge serves ({@link BatchedBrandes}; on cln-2021 about 3.5 to 4 times faster than one
     * source at a time), batches dealt to the workers round-robin. A core of more than 65,536 nodes,
     * or whose shortest paths may be longer than 64 hops, runs one source at a time
     * ({@link ReducedBrandes}) in less memory. Cost O(c (c + e_c)) time for a core
     * of {@code c} nodes and {@code e_c} distinct neighbour pairs, O(n + e) to fold, and
     * O(threads * 1 KB * c + n + e) memory (O(threads * c + n + e) above that size).
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

    /**
     * The largest core the batched kernel runs on: its rows of 64 counts per node take 1 KB per core
     * node and worker (64 MB here); a larger core, whose exact betweenness takes hours in any case,
     * runs the scalar kernel in O(core) memory.
     */
    static final int BATCHED_CORE_LIMIT = 1 << 16;
    /**
     * The most levels a batch may need for the batched kernel to run: it keeps a mask per node per
     * level and pulls every level over all nodes, so a core of long shortest paths (a long cycle)
     * runs the scalar kernel. The Lightning cores need about 5.
     */
    static final int BATCHED_DEPTH_LIMIT = 64;

    private static double[] exact(Topology g, int threads, Progress progress) {
        Objects.requireNonNull(progress, "progress");
        checkThreads(threads);
        final PendantReduction r = new PendantReduction(g);
        final BatchedBrandes.Layout layout = r.coreSize <= BATCHED_CORE_LIMIT ? new BatchedBrandes.Layout(r) : null;
        return exact(g, r, threads, progress,
                layout != null && layout.depthBound <= BATCHED_DEPTH_LIMIT ? layout : null);
    }

    /** Exact betweenness with the batched ({@link BatchedBrandes}) or the scalar ({@link ReducedBrandes}) kernel. */
    static double[] exact(CsrGraph g, int threads, boolean batched) {
        final Topology t = Topology.of(g);
        final PendantReduction r = new PendantReduction(t);
        return exact(t, r, threads, Progress.NONE, batched ? new BatchedBrandes.Layout(r) : null);
    }

    /** The batched kernel over {@code layout}, or the scalar one when it is null. */
    private static double[] exact(Topology g, PendantReduction r, int threads, Progress progress,
            BatchedBrandes.Layout layout) {
        Objects.requireNonNull(progress, "progress");
        checkThreads(threads);
        final double[] counts = r.treeCounts.clone();
        if (layout != null) {
            batchedCore(r, layout, threads, progress, counts);
        } else {
            scalarCore(r, threads, progress, counts);
        }
        return normalise(counts, g.nodeCount());
    }

    /**
     * The core's share with {@link BatchedBrandes}: batches of 64 sources consecutive in its layout,
     * dealt to the workers round-robin.
     */
    private static void batchedCore(PendantReduction r, BatchedBrandes.Layout layout, int threads, Progress progress,
            double[] counts) {
        final int[] sources = layout.sources;
        final int[] toGraph = new int[layout.coreIndex.length];
        for (int i = 0; i < toGraph.length; i++) {
            toGraph[i] = r.original[layout.coreIndex[i]];
        }
        runCore(threads, sources.length, BatchedBrandes.LANES, progress, toGraph, counts, () -> {
            final BatchedBrandes k = new BatchedBrandes(layout);
            return new CoreKernel(k.partial) {
                @Override
                void run(int from, int to) {
                    k.batch(sources, from, to);
                }
            };
        });
    }

    /** The core's share with {@link ReducedBrandes}, chunks of sources dealt to the workers round-robin. */
    private static void scalarCore(PendantReduction r, int threads, Progress progress, double[] counts) {
        final int[] sources = activeSources(r);
        runCore(threads, sources.length, CHUNK, progress, r.original, counts, () -> {
            final ReducedBrandes k = new ReducedBrandes(r);
            return new CoreKernel(k.partial) {
                @Override
                void run(int from, int to) {
                    for (int i = from; i < to; i++) {
                        k.source(sources[i]);
                    }
                }
            };
        });
    }

    /** One worker's kernel: runs units of sources and keeps its partial sums, by the kernel's node labels. */
    private abstract static class CoreKernel {
        final double[] partial;

        CoreKernel(double[] partial) {
            this.partial = partial;
        }

        /** Runs the sources at positions {@code [from, to)} of the source list. */
        abstract void run(int from, int to);
    }

    /**
     * Runs {@code sources} sources in units of {@code unit} over {@code threads} workers, the units
     * dealt round-robin so that each worker's sum, and so the result, is the same on every run with
     * the same thread count; then adds every worker's partial sums, in worker order, to
     * {@code counts} at {@code toGraph} of each label.
     */
    private static void runCore(int threads, int sources, int unit, Progress progress, int[] toGraph,
            double[] counts, java.util.function.Supplier<CoreKernel> make) {
        final int units = (sources + unit - 1) / unit;
        final CoreKernel[] kernels = new CoreKernel[threads];
        Workers.run(threads, id -> {
            final CoreKernel k = make.get();
            kernels[id] = k;
            return (done, stop) -> {
                for (int u = id; u < units && !stop.requested(); u += threads) {
                    final int from = u * unit;
                    final int to = Math.min(sources, from + unit);
                    k.run(from, to);
                    done.add(to - from);
                }
            };
        }, sources, progress);
        for (CoreKernel k : kernels) {
            final double[] p = k.partial;
            for (int i = 0; i < p.length; i++) {
                counts[toGraph[i]] += p[i];
            }
        }
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
     * <p>Algorithm: shortest-path sampling (Riondato and Kornaropoulos, "Fast approximation of
     * betweenness centrality through sampling", Data Min. Knowl. Disc. 2016). Draw {@code r} ordered
     * pairs {@code (s, t)}, {@code s != t}, uniformly; for each with a path, draw one of its shortest
     * paths uniformly ({@link PathSampler}, a balanced bidirectional BFS as in KADABRA) and add
     * {@code 1/r} to each of its inner nodes. The estimate is unbiased for {@code b} as defined above
     * (ordered pairs over {@code n(n-1)} equal unordered pairs over {@code n(n-1)/2}).
     *
     * <p>Where the pilot below proves it enough, each pair adds instead every node's probability of
     * lying on the drawn path given the draw's choices nearer the middle of the path
     * ({@link PathSampler}'s fractions, a Rao-Blackwellisation of the path's indicators): the same
     * mean, values still in [0, 1], and a smaller variance, about 1.5 times smaller at the hubs of a
     * Barabasi-Albert graph. The pilot bounds each node's mean square as well as its mean, and the
     * main sample is sized by the smaller variance bound; on ba-1000000 at epsilon 0.001 that drew
     * 313,613 main pairs where indicators needed 431,803.
     *
     * <p>The sample size comes in two phases, the first with a tenth of {@code delta}, the second with
     * the rest ({@link SampleBounds}):
     * <ol>
     * <li>a pilot of 1/64 of the worst-case size, with fractions, bounds every {@code b(v)} and every
     * node's mean square fraction from above, for all nodes at once with probability
     * {@code 1 - delta/10};</li>
     * <li>the main sample, drawn afresh, has the smallest size for which Bernstein's inequality with
     * those bounds as variance bounds, summed over the nodes, fails with probability at most
     * {@code 0.9 delta}, with fractions; when that size passes the worst-case size of Riondato and
     * Kornaropoulos for {@code 0.9 delta},
     * {@code ceil((0.5 / epsilon^2)(floor(log2(VD - 2)) + 1 + ln(1/(0.9 delta))))} for vertex diameter
     * {@code VD} ({@link #vertexDiameterBound}), the main sample has that size instead and adds
     * path indicators, for which their VC-dimension argument holds whatever the pilot said.</li>
     * </ol>
     * The estimates are the main sample's alone. Where a few hubs carry the largest {@code b} and the
     * rest is small (Barabasi-Albert graphs, the Lightning network), the main sample is several times
     * smaller than the worst case; on graphs where some {@code b} is near 1/2 it is the worst case.
     * Each worker draws a fixed share of each phase's pairs from its own generator, seeded from
     * {@code rng} in worker order, so the result does not depend on scheduling. Cost O(r) searches,
     * each touching the part of the graph around its two ends, plus O(n log n) between the phases;
     * memory O(threads * n).
     *
     * @throws IllegalArgumentException if {@code epsilon} or {@code delta} is outside (0, 1),
     *                                  {@code threads < 1}, or {@code epsilon} would need more than
     *                                  2^31 - 1 pairs
     */
    public static double[] approximate(CsrGraph g, double epsilon, double delta, RandomGenerator rng, int threads) {
        return approximate(g, epsilon, delta, rng, threads, Progress.NONE);
    }

    /**
     * As {@link #approximate(CsrGraph, double, double, RandomGenerator, int)}, reporting pairs drawn: the
     * total is the pilot plus the worst-case size until the pilot ends, then the pilot plus the main size.
     */
    public static double[] approximate(CsrGraph g, double epsilon, double delta, RandomGenerator rng, int threads,
            Progress progress) {
        Objects.requireNonNull(g, "g");
        Objects.requireNonNull(rng, "rng");
        Objects.requireNonNull(progress, "progress");
        checkGuarantee(epsilon, delta);
        checkThreads(threads);
        final int vd = vertexDiameterBound(g);
        final double pilotDelta = SampleBounds.pilotDelta(delta);
        final double mainDelta = SampleBounds.mainDelta(delta);
        final long cap = SampleBounds.worstCase(vd, epsilon, mainDelta);
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
        final PathSampler.Adjacency adjacency = new PathSampler.Adjacency(g);
        final long pilot = SampleBounds.pilotSize(cap);
        final double[][] pilotSums = sample(adjacency, pilot, rng, threads, PILOT,
                (done, total) -> progress.update(done, pilot + cap));
        // Two bounds per node (the mean and the mean square) hold at once with 1 - pilotDelta.
        final long bernstein = SampleBounds.mainSize(pilotSums[0], pilotSums[1], pilot,
                Math.log(2.0 * n / pilotDelta), epsilon, mainDelta, cap);
        final boolean fractional = bernstein > 0;
        final long main = fractional ? bernstein : cap;
        final double[] sums = sample(adjacency, main, rng, threads, fractional ? FRACTIONS : PATHS,
                (done, total) -> progress.update(pilot + done, pilot + main))[0];
        for (int v = 0; v < n; v++) {
            sums[v] /= main;
        }
        return sums;
    }

    /** What {@link #sample} adds up per draw: the path's inner nodes, their fractions, or fractions and squares. */
    private static final int PATHS = 0;
    private static final int FRACTIONS = 1;
    private static final int PILOT = 2;

    /**
     * Draws {@code r} pairs and a path for each over {@code threads} workers. Returns each node's sum
     * over the draws of its indicator of being inside the path ({@code PATHS}) or of its fraction
     * ({@code FRACTIONS}, {@link PathSampler}); {@code PILOT} returns the fractions' sums and, second,
     * the sums of their squares, the fractions of one draw merged per node first. Worker {@code i}
     * draws pairs {@code [r i / threads, r (i+1) / threads)} from a generator seeded by the {@code i}-th
     * {@code nextLong()} of {@code rng}; the workers' sums are added in worker order.
     */
    private static double[][] sample(PathSampler.Adjacency adjacency, long r, RandomGenerator rng, int threads,
            int mode, Progress progress) {
        final int n = adjacency.offsets.length - 1;
        final long[] seeds = new long[threads];
        for (int i = 0; i < threads; i++) {
            seeds[i] = rng.nextLong();
        }
        final double[][] sums = new double[threads][];
        final double[][] squares = new double[threads][];
        Workers.run(threads, id -> {
            final long from = r * id / threads;
            final long to = r * (id + 1) / threads;
            final PathSampler sampler = new PathSampler(adjacency);
            final double[] h = new double[n];
            final double[] sq = mode == PILOT ? new double[n] : null;
            final double[] merged = mode == PILOT ? new double[n] : null;
            final int[] touched = mode == PILOT ? new int[n] : null;
            sums[id] = h;
            squares[id] = sq;
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
                        if (!sampler.draw(s, t, wr)) {
                            continue;
                        }
                        if (mode == PATHS) {
                            final int[] in = sampler.inner;
                            for (int j = 0, c = sampler.innerCount; j < c; j++) {
                                h[in[j]] += 1;
                            }
                        } else if (mode == FRACTIONS) {
                            final int[] node = sampler.fracNode;
                            final double[] weight = sampler.fracWeight;
                            for (int j = 0, c = sampler.fracCount; j < c; j++) {
                                h[node[j]] += weight[j];
                            }
                        } else {
                            addMerged(sampler, h, sq, merged, touched);
                        }
                    }
                    done.add(i - start);
                }
            };
        }, r, progress);
        for (int w = 1; w < threads; w++) {
            add(sums[0], sums[w]);
            if (mode == PILOT) {
                add(squares[0], squares[w]);
            }
        }
        return new double[][] {sums[0], squares[0]};
    }

    /** Adds a draw's fractions to {@code h} and their squares to {@code sq}, one term per node. */
    private static void addMerged(PathSampler sampler, double[] h, double[] sq, double[] merged, int[] touched) {
        final int[] node = sampler.fracNode;
        final double[] weight = sampler.fracWeight;
        int count = 0;
        for (int j = 0, c = sampler.fracCount; j < c; j++) {
            final int v = node[j];
            if (merged[v] == 0) {
                touched[count++] = v;
            }
            merged[v] += weight[j];
        }
        for (int j = 0; j < count; j++) {
            final int v = touched[j];
            final double x = merged[v];
            h[v] += x;
            sq[v] += x * x;
            merged[v] = 0;
        }
    }

    private static void add(double[] into, double[] from) {
        for (int v = 0; v < into.length; v++) {
            into[v] += from[v];
        }
    }

    /**
     * The most pairs the main phase of {@link #approximate} draws for this graph and guarantee:
     * Riondato and Kornaropoulos' bound for {@code 0.9 delta} with {@link #vertexDiameterBound}. The
     * pilot draws a 64th of that more. O(n + e).
     *
     * @throws IllegalArgumentException if {@code epsilon} or {@code delta} is outside (0, 1)
     */
    public static long sampleSize(CsrGraph g, double epsilon, double delta) {
        checkGuarantee(epsilon, delta);
        return SampleBounds.worstCase(vertexDiameterBound(g), epsilon, SampleBounds.mainDelta(delta));
    }

    private static void checkGuarantee(double epsilon, double delta) {
        if (!(epsilon > 0 && epsilon < 1)) {
            throw new IllegalArgumentException("epsilon must be in (0, 1), got " + epsilon);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
        }
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
