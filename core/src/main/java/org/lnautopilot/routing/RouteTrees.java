package org.lnautopilot.routing;

import org.lnautopilot.graph.CsrGraph;

/**
 * Route trees towards receivers on one graph, one after another: lnd's backward search run to
 * every node, for benchmarks and for callers that want the labels' count. Not thread-safe (one
 * search's arrays, O(n)); use one per thread.
 */
public final class RouteTrees {
    private final RouteSearch search;

    /** Trees on {@code g} under {@code choice}. O(n + e) once per graph for the incoming lists. */
    public RouteTrees(LndRouteChoice choice, CsrGraph g) {
        this.search = choice.newSearch(new RouteGraph(g));
    }

    /**
     * The route tree towards {@code target} for {@code amountMsat}: O((n + e) log n).
     *
     * @return the number of nodes that have a route to the target
     */
    public int tree(int target, long amountMsat) {
        LndRouteChoice.checkAmount(amountMsat);
        search.search(target, -1, amountMsat);
        return search.orderSize;
    }
}
