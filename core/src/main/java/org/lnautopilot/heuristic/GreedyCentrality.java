package org.lnautopilot.heuristic;

import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.Progress;

/**
 * Greedy betweenness improvement ({@code greedy_centrality}): picks peers one at a time, each the
 * eligible node that most raises {@code self}'s betweenness in the graph with {@code self}'s
 * channels (those already in the graph and those picked so far) added. lnd's own code calls this
 * "much better" than {@link TopCentrality} but too slow to run; this implementation evaluates every
 * candidate incrementally (Bergamini, Crescenzi, D'Angelo, Meyerhenke, Severini and Velaj, "Improving
 * the betweenness centrality of a node by adding links", ACM JEA 2018; for Lightning, Ersoy, Roos and
 * Erkin, "How to profit from payment channels", FC 2020).
 *
 * <h2>Law</h2>
 * {@link #needMoreChans} is the seed's. Eligible nodes are as for {@link ScoredAttachment} (not
 * {@code self}, not skipped, not already a neighbour of {@code self}, dialable). Each pick is the
 * eligible node of largest gain; where every candidate's gain is 0 ({@code self} has no channel yet,
 * so one more channel leaves it a leaf), the first two picks are the pair that most raises
 * betweenness, screened among the {@link #PAIR_SCREEN} eligible nodes of highest betweenness (exact
 * up to the betweenness source's exact limit, 50,000 nodes by default; above it estimated with
 * epsilon 0.01), each with its best second ({@link #firstOfBestPair}). Then the seed's sizing.
 *
 * <h2>Evaluating a candidate</h2>
 * Let {@code X} be {@code self} with neighbour set {@code Q}, {@code d} and {@code sigma} distances
 * and shortest-path counts in the graph without {@code X}, and for every node {@code v}
 * {@code dX(v) = 1 + min over q in Q of d(v, q)} and {@code sX(v)} the number of shortest
 * {@code v}-{@code X} paths. {@code X} lies on a shortest {@code s}-{@code t} path iff
 * {@code dX(s) + dX(t) <= d(s, t)}: a path through {@code X} enters and leaves through two different
 * neighbours, since going in and out through one {@code q} is at least {@code d(s, t) + 2} long. So
 * the pair adds 1 to {@code X}'s count when {@code dX(s) + dX(t) < d(s, t)} and
 * {@code sX(s) sX(t) / (sigma_st + sX(s) sX(t))} when equal; nothing else about the graph changes
 * {@code b(X)}. Adding candidate {@code c} changes {@code dX(v)} to {@code min(dX(v), 1 + d(v, c))}.
 * Distances and counts come from one BFS per endpoint of a uniform sample of {@code L} nodes, stored
 * node-major, so a candidate costs O(L^2) with no search of its own. All candidates are screened on
 * the first {@code L1} endpoints, the best {@link #SHORTLIST} are then evaluated on all {@code L}, and
 * the best of those is picked. When the graph has at most {@code L + 1} nodes every node is an
 * endpoint and the evaluation is exact.
 *
 * <p>The last answer is kept: asking again with the same snapshot, {@code self}, count and skip set
 * returns the same picks at once (so repeated trials on one snapshot agree, and cost one run).
 *
 * <h2>Cost and threads</h2>
 * O(L (n + e)) for the searches and O(n L1^2 + SHORTLIST L^2) per pick, with
 * {@code L = min(n - 1, 4096, max(16, 40,000,000 / n))} (5 bytes per node and endpoint) and
 * {@code L1 = min(L, 320)}; the first pick of a node without channels also needs betweenness,
 * cached per snapshot ({@link TopCentrality}). The searches run one block of endpoints per processor
 * and candidates are evaluated on the common fork-join pool; the picks do not depend on scheduling.
 * Safe for concurrent use: calls share the generator (held while a call draws its endpoints) and the
 * betweenness cache; everything else is per call.
 */
public final class GreedyCentrality extends GreedyHeuristic {
    /** Candidates evaluated on every endpoint after the screening. */
    public static final int SHORTLIST = 64;
    /** Largest endpoint sample. */
    static final int DEFAULT_ENDPOINTS = 4096;
    /** Endpoints of the screening. */
    static final int DEFAULT_SCREEN = 320;

    private final RandomGenerator rng;
    private final int maxEndpoints;
    private final int screenEndpoints;
    private final TopCentrality centrality;
    private volatile TopCentrality coarse;

    /**
     * @param minChanSizeSat smallest channel, non-negative
     * @param maxChanSizeSat largest channel, positive and at least {@code minChanSizeSat}
     * @param chanLimit      most channels to hold, non-negative
     * @param allocation     fraction of all funds to keep in channels, in [0, 1]
     * @param rng            the source of the endpoint samples, shared by all calls
     * @throws IllegalArgumentException naming the first bad argument
     */
    public GreedyCentrality(long minChanSizeSat, long maxChanSizeSat, int chanLimit, double allocation,
            RandomGenerator rng) {
        this(minChanSizeSat, maxChanSizeSat, chanLimit, allocation, rng, DEFAULT_ENDPOINTS, DEFAULT_SCREEN,
                new TopCentrality());
    }

    /**
     * As {@link #GreedyCentrality(long, long, int, double, RandomGenerator)}, with the endpoint sample
     * sizes (at least 2 each) and the betweenness source given: share one {@link TopCentrality} between
     * heuristics to compute a snapshot's betweenness once.
     */
    public GreedyCentrality(long minChanSizeSat, long maxChanSizeSat, int chanLimit, double allocation,
            RandomGenerator rng, int maxEndpoints, int screenEndpoints, TopCentrality centrality) {
        super(minChanSizeSat, maxChanSizeSat, chanLimit, allocation);
        this.rng = Objects.requireNonNull(rng, "rng");
        if (maxEndpoints < 2 || screenEndpoints < 2) {
            throw new IllegalArgumentException("endpoint samples need at least 2 nodes");
        }
        this.maxEndpoints = maxEndpoints;
        this.screenEndpoints = screenEndpoints;
        this.centrality = Objects.requireNonNull(centrality, "centrality");
    }

    @Override
    public String name() {
        return "greedy_centrality";
    }

    /** The betweenness source used for the first pick of a node without channels. */
    public TopCentrality centrality() {
        return centrality;
    }

    @Override
    int[] compute(CsrGraph g, NodeId self, int k, Set<NodeId> skipNodes) {
        final int n = g.nodeCount();
        final int selfIdx = g.indexOf(self);
        final boolean[] eligible = eligible(g, selfIdx, skipNodes);
        if (nothingToPick(k, eligible)) {
            return new int[0];
        }
        final long seed;
        synchronized (rng) {
            seed = rng.nextLong();
        }
        final int pool = n - (selfIdx >= 0 ? 1 : 0);
        final int endpoints = Math.min(pool, Math.min(maxEndpoints, Math.max(16, 40_000_000 / n)));
        final GainEvaluator ev = new GainEvaluator(g, selfIdx, endpoints, Math.min(screenEndpoints, endpoints),
                new SplittableRandom(seed));
        final int[] pairSecond = {-1}; // the first pair's second, found with its first
        return pickLoop(k, eligible, new Engine() {
            @Override
            public int best(boolean[] el, Progress step) {
                final int second = pairSecond[0];
                pairSecond[0] = -1;
                if (second >= 0 && el[second]) {
                    return second; // what bestCandidate would answer now: the same state, evaluated already
                }
                return ev.hasNeighbours() ? ev.bestCandidate(el, SHORTLIST) : -1;
            }

            @Override
            public void connect(int c) {
                ev.connect(c);
            }
        }, el -> firstOfBestPair(g, ev, el, pairSecond), progress());
    }

    /** How many eligible nodes of highest betweenness a first pair is screened among. */
    static final int PAIR_SCREEN = 4;

    /**
     * The first pick of a node whose every candidate gains 0 (it has no channel yet): the first of
     * the pair that most raises b (API.md part 2). The pair is screened among the
     * {@link #PAIR_SCREEN} eligible nodes of highest betweenness: each, tried as the first channel,
     * with the best second channel the greedy finds for it ({@link GainEvaluator#bestCandidate}), the
     * pair's value that second channel's gain on every endpoint; the best pair wins (ties: the first
     * of higher betweenness). The pick loop then takes that second channel as its next pick
     * ({@code secondOut}) without evaluating it again: with the first connected, the evaluation is
     * the same. The rule "the eligible node of highest betweenness" it replaces cost
     * half of what the greedy reaches on the 2021 snapshot (bench/README.md). O(PAIR_SCREEN) greedy
     * passes more than the old rule.
     */
    private int firstOfBestPair(CsrGraph g, GainEvaluator ev, boolean[] eligible, int[] secondOut) {
        final double[] b = centralityFor(g).betweennessShared(g);
        final int[] screen = topEligible(b, eligible, PAIR_SCREEN);
        int best = -1;
        double bestValue = -1;
        for (int a : screen) {
            final Object undo = ev.tryConnect(a);
            eligible[a] = false;
            final int second = ev.bestCandidate(eligible, SHORTLIST);
            final double value = second < 0 ? 0 : ev.fullGain(second);
            eligible[a] = true;
            ev.undo(undo);
            if (value > bestValue) {
                best = a;
                bestValue = value;
                secondOut[0] = second;
            }
        }
        return best;
    }

    /** The up to {@code k} eligible nodes of highest {@code b}, highest first (ties: the lower index). O(n k). */
    static int[] topEligible(double[] b, boolean[] eligible, int k) {
        final int[] top = new int[k];
        int size = 0;
        for (int i = 0; i < b.length; i++) {
            if (!eligible[i]) {
                continue;
            }
            int p = size < k ? size++ : k;
            if (p == k && !(b[i] > b[top[k - 1]])) {
                continue;
            }
            if (p == k) {
                p = k - 1;
            }
            while (p > 0 && b[top[p - 1]] < b[i]) {
                top[p] = top[p - 1];
                p--;
            }
            top[p] = i;
        }
        return java.util.Arrays.copyOf(top, size);
    }

    /**
     * The nodes a greedy heuristic may pick, as for {@link ScoredAttachment}: dialable, not
     * {@code self} (index {@code selfIdx}, -1 when not in the graph), not already a neighbour of
     * {@code self}, not skipped. O(n + degree of self + skip). Shared by every greedy heuristic.
     */
    public static boolean[] eligible(CsrGraph g, int selfIdx, Set<NodeId> skipNodes) {
        final int n = g.nodeCount();
        final boolean[] eligible = new boolean[n];
        for (int i = 0; i < n; i++) {
            eligible[i] = g.isDialable(i);
        }
        if (selfIdx >= 0) {
            eligible[selfIdx] = false;
            for (int s = g.slotStart(selfIdx), end = g.slotEnd(selfIdx); s < end; s++) {
                eligible[g.neighbour(s)] = false;
            }
        }
        for (NodeId id : skipNodes) {
            final int i = g.indexOf(id);
            if (i >= 0) {
                eligible[i] = false;
            }
        }
        return eligible;
    }

    /**
     * The betweenness source for {@code g}: the given one where it is exact; above its exact limit a
     * coarse approximation (epsilon 0.01, delta 0.1) of its own, since only the nodes of highest
     * betweenness are wanted (the first pair's screen), which takes 1/100 of the samples of the default 1e-3.
     */
    private TopCentrality centralityFor(CsrGraph g) {
        if (centrality.isExact(g)) {
            return centrality;
        }
        TopCentrality c = coarse;
        if (c == null) {
            synchronized (this) {
                c = coarse;
                if (c == null) {
                    final long seed;
                    synchronized (rng) {
                        seed = rng.nextLong();
                    }
                    c = new TopCentrality(0, 1e-2, 0.1, new SplittableRandom(seed),
                            Runtime.getRuntime().availableProcessors());
                    coarse = c;
                }
            }
        }
        return c;
    }

    @Override
    public String toString() {
        return "GreedyCentrality[" + budget + ", endpoints<=" + maxEndpoints + "]";
    }
}
