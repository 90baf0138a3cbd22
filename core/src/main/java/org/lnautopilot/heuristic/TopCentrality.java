package org.lnautopilot.heuristic;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.lnautopilot.centrality.Betweenness;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.Progress;

/**
 * lnd's default heuristic since v0.12 ({@code top_centrality}): a node scores its betweenness
 * divided by the largest betweenness of the graph (all 0 when that is 0).
 *
 * <p>Betweenness is {@link Betweenness#exact} on graphs of at most {@code exactLimit} nodes and
 * {@link Betweenness#approximate} above. The scores of the last snapshot are cached (weakly), so
 * repeated calls on one snapshot cost O(n) for the copy; a new snapshot costs one betweenness run,
 * made under a lock so that concurrent callers share it. Thread-safe.
 */
public final class TopCentrality implements NodeScorer {
    /** Largest graph on which {@link #TopCentrality()} computes exact betweenness. */
    public static final int DEFAULT_EXACT_LIMIT = 50_000;

    private final int exactLimit;
    private final double epsilon;
    private final double delta;
    private final RandomGenerator rng;
    private final int threads;
    private volatile Progress progress = Progress.NONE;
    private final SnapshotCache<Cached> cache = new SnapshotCache<>(this::compute);

    /** A snapshot's betweenness and its scores. */
    private record Cached(double[] raw, double[] normalised) {
    }

    /**
     * Exact betweenness up to 50,000 nodes, above that approximate with epsilon 1e-3, delta 0.1 and a
     * fixed seed; as many threads as processors.
     */
    public TopCentrality() {
        this(DEFAULT_EXACT_LIMIT, 1e-3, 0.1, new SplittableRandom(0x70bce47a1L),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param exactLimit largest node count computed exactly
     * @param epsilon    the approximation's additive error bound, in (0, 1)
     * @param delta      the approximation's failure probability, in (0, 1)
     * @param rng        source of the approximation's samples
     * @param threads    worker threads, at least 1
     * @throws IllegalArgumentException naming the first bad argument
     */
    public TopCentrality(int exactLimit, double epsilon, double delta, RandomGenerator rng, int threads) {
        if (exactLimit < 0) {
            throw new IllegalArgumentException("exactLimit must be non-negative, got " + exactLimit);
        }
        if (!(epsilon > 0 && epsilon < 1)) {
            throw new IllegalArgumentException("epsilon must be in (0, 1), got " + epsilon);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.exactLimit = exactLimit;
        this.epsilon = epsilon;
        this.delta = delta;
        this.rng = Objects.requireNonNull(rng, "rng");
        this.threads = threads;
    }

    /** Reports the progress of the next betweenness computations to {@code p}. Returns this. */
    public TopCentrality progress(Progress p) {
        this.progress = Objects.requireNonNull(p, "progress");
        return this;
    }

    @Override
    public String name() {
        return "top_centrality";
    }

    @Override
    public double[] scores(CsrGraph graph) {
        return cached(graph).normalised().clone();
    }

    /** The betweenness {@code b} of every node of {@code graph}, as this scorer computes it (a new array). */
    public double[] betweenness(CsrGraph graph) {
        return cached(graph).raw().clone();
    }

    /** Whether {@code graph} is computed exactly (at most {@code exactLimit} nodes). O(1). */
    public boolean isExact(CsrGraph graph) {
        return graph.nodeCount() <= exactLimit;
    }

    /** The cached raw betweenness, not copied: callers in this package must not change it. */
    double[] betweennessShared(CsrGraph graph) {
        return cached(graph).raw();
    }

    private Cached cached(CsrGraph graph) {
        Objects.requireNonNull(graph, "graph");
        return cache.get(graph, 0);
    }

    private Cached compute(CsrGraph graph) {
        final double[] b;
        if (isExact(graph)) {
            b = Betweenness.exact(graph, threads, progress);
        } else {
            synchronized (rng) {
                b = Betweenness.approximate(graph, epsilon, delta, rng, threads, progress);
            }
        }
        double max = 0;
        for (double v : b) {
            max = Math.max(max, v);
        }
        final double[] s = new double[b.length];
        if (max > 0) {
            for (int i = 0; i < b.length; i++) {
                s[i] = Math.min(1.0, b[i] / max);
            }
        }
        return new Cached(b, s);
    }

    @Override
    public String toString() {
        return name() + "[exactLimit=" + exactLimit + ", epsilon=" + epsilon + ", delta=" + delta + ", threads="
                + threads + "]";
    }
}
