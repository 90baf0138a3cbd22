package org.lnautopilot.routing;

import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;

/**
 * Route trees towards receivers on one graph, one after another: lnd's backward search run to
 * every node ({@link #tree}) or as far as a new node's metrics need ({@link #treeForX}), for
 * benchmarks and for callers that want the labels' count. Not thread-safe (one
 * search's arrays, O(n)); use one per thread.
 */
public final class RouteTrees {
    private final RouteSearch search;

    /** Trees on {@code g} under {@code choice}. O(n + e) once per graph for the incoming lists. */
    public RouteTrees(LndRouteChoice choice, CsrGraph g) {
        this.search = choice.newSearch(new RouteGraph(g));
    }

    /**
     * Trees on the overlay's graph with its new node X, for {@link #treeForX}.
     *
     * @throws IllegalArgumentException if the graph has no policies or the overlay none for X
     */
    public RouteTrees(LndRouteChoice choice, GraphOverlay x) {
        if (!x.base().hasPolicies()) {
            throw new IllegalArgumentException("the graph has no channel policies, so payments cannot be routed on it");
        }
        this.search = choice.newSearch(new RouteGraph(x));
    }

    /**
     * The route tree towards {@code target} as far as X's payment metrics need it (the search
     * {@link PaymentEvaluator} runs per receiver: it stops once no later label can change them).
     * Without X (the graph-only constructor) the whole tree.
     *
     * @return the number of nodes popped before it stopped
     */
    public int treeForX(int target, long amountMsat) {
        LndRouteChoice.checkAmount(amountMsat);
        search.searchForX(target, amountMsat);
        return search.orderSize;
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
