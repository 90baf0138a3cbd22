package org.lnautopilot.heuristic;

import org.lnautopilot.graph.CsrGraph;

/**
 * Scores every node of a channel graph for a heuristic that picks channel peers in proportion to
 * their score (lnd's {@code NodeScores}, since v0.6).
 *
 * <p>Contract: {@link #scores} returns a new array with one score per node index, each in [0, 1],
 * where 0 means never pick. The same graph (and seed, for sampling scorers) gives the same scores,
 * until {@link #version()} changes. Implementations are thread-safe.
 */
public interface NodeScorer {
    /** The name of the heuristic on the command line ({@code preferential}, {@code top_centrality}, ...). */
    String name();

    /**
     * One score per node index of {@code graph}, in [0, 1]; a new array that the caller may keep and
     * change. Cost: the implementation's.
     */
    double[] scores(CsrGraph graph);

    /**
     * A number that changes whenever the scores this scorer gives for an unchanged graph change (for
     * example when external scores are replaced), so that callers may cache scores per graph and
     * version. 0, never changing, by default. O(1).
     */
    default long version() {
        return 0;
    }
}
