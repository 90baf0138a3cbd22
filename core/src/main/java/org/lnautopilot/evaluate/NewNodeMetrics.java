package org.lnautopilot.evaluate;



/**
 * What a new node {@code X} gets from its channels, measured exactly in the graph with {@code X}
 * and its channels added:
 *
 * @param betweenness {@code b(X)} over the {@code n + 1} nodes (see {@link org.lnautopilot.centrality.Betweenness})
 * @param rank        1 + the number of nodes with a larger betweenness
 * @param meanHops    mean hop count from {@code X} to the nodes it reaches (NaN when it reaches none)
 * @param reach2      fraction of the other {@code n} nodes within 2 hops of {@code X}
 * @param reach3      fraction of the other {@code n} nodes within 3 hops of {@code X}
 */
public record NewNodeMetrics(double betweenness, int rank, double meanHops, double reach2, double reach3) {
    /** The metric names, in the order of {@link #values()}. */
    public static final String[] NAMES = {"betweenness", "rank", "meanHops", "reach2", "reach3"};

    /** The metrics as numbers, in the order of {@link #NAMES}. */
    public double[] values() {
        return new double[] {betweenness, rank, meanHops, reach2, reach3};
    }
}
