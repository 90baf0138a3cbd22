package org.lnautopilot.heuristic;

import java.util.random.RandomGenerator;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.Progress;
import org.lnautopilot.routing.DrawnReceivers;
import org.lnautopilot.routing.OwnRouteGains;

/**
 * {@code greedy_reach} (API.md part 3): picks peers one at a time, each the eligible node whose new
 * channel most raises {@code self}'s own success, the mean probability of lnd's route from
 * {@code self} to receivers drawn by capacity, for payments of {@code amountMsat}; ties go to the
 * lower added fee. Eligible nodes are {@link GreedyCentrality#eligible}'s that also have an enabled
 * channel able to carry the amount. When no candidate raises the success any more (nothing left to
 * reach), the remaining picks are the eligible nodes of largest capacity. Then the seed's sizing; each
 * new channel is evaluated at the largest channel size.
 *
 * <p>The gains come from {@link OwnRouteGains}: one route tree per receiver, on the graph without
 * the new channels, serves every candidate. Receivers: all of them on graphs of at most
 * {@code exactLimit} nodes, else a fixed sample of {@code receivers} drawn by capacity (from the
 * generator, once per call).
 *
 * <p>The last answer is kept, as by {@link GreedyCentrality}: the same snapshot and question get the
 * same picks at once.
 *
 * <p>Cost: k passes of R route trees, O(R ((n + e) log n + n)) each, over {@code threads}. Refuses
 * a graph without policies. Safe for concurrent use (calls share only the generator, held while a
 * call draws).
 */
public final class GreedyReach extends PaymentGreedy {
    /** Graphs up to this many nodes use every receiver. */
    public static final int DEFAULT_EXACT_LIMIT = 2_000;
    /** The receiver draws on larger graphs. */
    public static final int DEFAULT_RECEIVERS = 1_000;

    /**
     * @param amountMsat the payment amount, positive
     * @param receivers  the draws of receivers on graphs above {@code exactLimit} nodes, at least 2
     * @param threads    worker threads, at least 1
     * @throws IllegalArgumentException naming the first bad argument
     */
    public GreedyReach(long minChanSizeSat, long maxChanSizeSat, int chanLimit, double allocation, RandomGenerator rng,
            long amountMsat, int exactLimit, int receivers, int threads) {
        super(minChanSizeSat, maxChanSizeSat, chanLimit, allocation, rng, amountMsat, exactLimit, receivers, threads);
    }

    /** Defaults: every receiver up to 2,000 nodes, else 1,000 drawn by capacity; one thread per processor. */
    public GreedyReach(long minChanSizeSat, long maxChanSizeSat, int chanLimit, double allocation, RandomGenerator rng,
            long amountMsat) {
        this(minChanSizeSat, maxChanSizeSat, chanLimit, allocation, rng, amountMsat, DEFAULT_EXACT_LIMIT,
                DEFAULT_RECEIVERS, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public String name() {
        return "greedy_reach";
    }

    @Override
    int[] choose(CsrGraph g, int selfIdx, int k, boolean[] eligible) {
        final long capSat = budget.maxChanSizeSat;
        final OwnRouteGains gains;
        if (everyReceiver(g)) {
            gains = OwnRouteGains.everyReceiver(choice, g, amountMsat, capSat, selfIdx, threads);
        } else {
            // A receiver drawn m times is one tree of weight m.
            final DrawnReceivers d = drawnReceivers(g);
            final double[] times = new double[d.size()];
            for (int i = 0; i < times.length; i++) {
                times[i] = d.times[i];
            }
            gains = new OwnRouteGains(choice, g, amountMsat, capSat, selfIdx, d.nodes, times, threads);
        }
        return pickLoop(k, eligible, new Engine() {
            @Override
            public int best(boolean[] el, Progress step) {
                return gains.bestCandidate(el, null, step);
            }

            @Override
            public void connect(int c) {
                gains.connect(c);
            }
        }, el -> largestCapacity(g, el), progress());
    }

    @Override
    public String toString() {
        return "GreedyReach[" + budget + ", amount " + amountMsat + " msat]";
    }
}
