package org.lnautopilot.routing;

import java.util.random.RandomGenerator;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.sample.AliasTable;

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

    /** {@code count} receivers drawn by the capacity demand's marginal. O(n + count). */
    public static int[] receiversByCapacity(CsrGraph g, int count, RandomGenerator rng) {
        final AliasTable t = Demand.byCapacity(g).receiverTable();
        final int[] r = new int[count];
        for (int i = 0; i < count; i++) {
            r[i] = t.sample(rng);
        }
        return r;
    }
}
