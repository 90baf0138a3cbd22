package org.lnautopilot.heuristic;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.AttachmentHeuristic;
import org.lnautopilot.Channel;
import org.lnautopilot.ChannelGraph;
import org.lnautopilot.ChannelNeed;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.sample.AliasTable;
import org.lnautopilot.sample.IndexWeights;
import org.lnautopilot.sample.WithoutReplacement;

/**
 * Picks channel peers in proportion to a {@link NodeScorer}'s scores: lnd's scored heuristics
 * ({@code preferential}, {@code top_centrality}, {@code externalscore}, weighted combinations) with
 * lnd's {@code chooseN} law, and the seed's budget.
 *
 * <h2>Law</h2>
 * {@link #needMoreChans} is exactly {@link ConstrainedPrefAttachment}'s. In {@link #select}, a node
 * is eligible unless it is {@code self}, in {@code skip}, a neighbour of {@code self} in the graph,
 * not dialable (it advertises no address and the graph does not make addressless nodes eligible),
 * or scored 0. Up to {@code n} picks are made without replacement, each node {@code i} with
 * probability {@code score_i / sum of the eligible unpicked scores}; fewer when no positive score is
 * left. Then the seed's sizing (see {@link ChannelBudget}).
 *
 * <h2>Cost</h2>
 * The scores and an {@link AliasTable} over them are cached per snapshot and scorer
 * {@link NodeScorer#version() version} (one snapshot, weakly held), so a steady-state call costs
 * O(k + |skip| + degree(self)) expected, plus its directives; the first call on a snapshot pays for
 * the scores (the scorer's cost) and O(n) for the table. Exclusions use the exact rejection /
 * exponential-race sampler of {@link WithoutReplacement}. Each thread hands out again the directives
 * it made on the same snapshot for the same node and amount, as {@link ConstrainedPrefAttachment}
 * does (one reference per node of the snapshot). A {@link ChannelGraph} that is not a
 * {@link CsrGraph} is copied into one per call (O(n + e)), every node it shows being eligible.
 *
 * <h2>Threads</h2>
 * Safe for concurrent use; all calls share the one {@link RandomGenerator}, held while a call draws,
 * so a seeded generator and the same sequence of calls give the same directives.
 */
public final class ScoredAttachment implements AttachmentHeuristic {
    private final NodeScorer scorer;
    private final ChannelBudget budget;
    private final RandomGenerator rng;
    private final ThreadLocal<SelectScratch> scratch = ThreadLocal.withInitial(SelectScratch::new);
    private final SnapshotCache<Snapshot> snapshots = new SnapshotCache<>(this::compute);

    /** A snapshot's effective weights (score if dialable, else 0) and their table (null: nobody to pick). */
    private record Snapshot(double[] weights, AliasTable table) {
    }

    /**
     * @param scorer         the node scores to pick by
     * @param minChanSizeSat smallest channel, non-negative
     * @param maxChanSizeSat largest channel, positive and at least {@code minChanSizeSat}
     * @param chanLimit      most channels to hold, non-negative
     * @param allocation     fraction of all funds to keep in channels, in [0, 1]
     * @param rng            the source of randomness, shared by all calls
     * @throws IllegalArgumentException naming the first bad argument
     */
    public ScoredAttachment(NodeScorer scorer, long minChanSizeSat, long maxChanSizeSat, int chanLimit,
            double allocation, RandomGenerator rng) {
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.budget = new ChannelBudget(minChanSizeSat, maxChanSizeSat, chanLimit, allocation);
        this.rng = Objects.requireNonNull(rng, "rng");
    }

    /** The scorer. */
    public NodeScorer scorer() {
        return scorer;
    }

    /** The seed's NeedMoreChans, as {@link ConstrainedPrefAttachment#needMoreChans}. O(chans). */
    @Override
    public ChannelNeed needMoreChans(List<Channel> chans, long balanceSat) {
        return budget.needMoreChans(chans, balanceSat);
    }

    /** See the class comment. */
    @Override
    public List<AttachmentDirective> select(NodeId self, ChannelGraph graph, long amtToUseSat, int numNewChans,
            Set<NodeId> skipNodes) {
        if (!budget.worthSelecting(self, graph, amtToUseSat, numNewChans, skipNodes)) {
            return List.of();
        }
        final CsrGraph g = graph instanceof CsrGraph ? (CsrGraph) graph : CsrGraph.copyOf(graph);
        final Snapshot snap = snapshot(g);
        if (snap.table() == null) {
            return List.of();
        }
        return scratch.get().select(g, snap.table(), IndexWeights.of(snap.weights()), self, true, skipNodes,
                amtToUseSat, numNewChans, rng, budget);
    }

    /**
     * Computes and caches the scores and table for {@code g} now, so that the first {@code select}
     * does not pay for them. Thread-safe.
     *
     * @return the number of nodes that may be picked (dialable, positive score)
     */
    public int prepare(CsrGraph g) {
        final double[] w = snapshot(g).weights();
        int c = 0;
        for (double x : w) {
            c += x > 0 ? 1 : 0;
        }
        return c;
    }

    private Snapshot snapshot(CsrGraph g) {
        return snapshots.get(g, scorer.version());
    }

    private Snapshot compute(CsrGraph g) {
        final double[] w = checkedScores(scorer, g);
        boolean any = false;
        for (int i = 0; i < w.length; i++) {
            if (!g.isDialable(i)) {
                w[i] = 0;
            }
            any |= w[i] > 0;
        }
        return new Snapshot(w, any ? AliasTable.of(w) : null);
    }

    /**
     * The scorer's scores for {@code g}, checked: one per node, each in [0, 1].
     *
     * @throws IllegalStateException naming the scorer and the first bad score
     */
    static double[] checkedScores(NodeScorer scorer, CsrGraph g) {
        final double[] w = scorer.scores(g);
        if (w == null || w.length != g.nodeCount()) {
            throw new IllegalStateException("scorer " + scorer.name() + " returned "
                    + (w == null ? "null" : w.length + " scores") + " for " + g.nodeCount() + " nodes");
        }
        for (int i = 0; i < w.length; i++) {
            if (!(w[i] >= 0 && w[i] <= 1)) {
                throw new IllegalStateException("scorer " + scorer.name() + " gave node " + g.nodeId(i)
                        + " the score " + w[i] + ", outside [0, 1]");
            }
        }
        return w;
    }

    @Override
    public String toString() {
        return "ScoredAttachment[" + scorer + ", " + budget + "]";
    }
}
