package org.lnautopilot.heuristic;

import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.routing.Demand;
import org.lnautopilot.routing.LndRouteChoice;
import org.lnautopilot.routing.OwnRouteGains;
import org.lnautopilot.routing.PaymentEvaluator;

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
public final class GreedyReach extends GreedyHeuristic {
    /** Graphs up to this many nodes use every receiver. */
    public static final int DEFAULT_EXACT_LIMIT = 2_000;
    /** The receiver sample on larger graphs. */
    public static final int DEFAULT_RECEIVERS = 1_000;

    private final RandomGenerator rng;
    private final long amountMsat;
    private final int exactLimit;
    private final int receivers;
    private final int threads;
    private final LndRouteChoice choice = new LndRouteChoice();

    /**
     * @param amountMsat the payment amount, positive
     * @param threads    worker threads, at least 1
     * @throws IllegalArgumentException naming the first bad argument
     */
    public GreedyReach(long minChanSizeSat, long maxChanSizeSat, int chanLimit, double allocation, RandomGenerator rng,
            long amountMsat, int exactLimit, int receivers, int threads) {
        super(minChanSizeSat, maxChanSizeSat, chanLimit, allocation);
        this.rng = Objects.requireNonNull(rng, "rng");
        if (amountMsat <= 0) {
            throw new IllegalArgumentException("amountMsat must be positive, got " + amountMsat);
        }
        if (receivers < 1 || threads < 1 || exactLimit < 0) {
            throw new IllegalArgumentException("receivers and threads must be at least 1, exactLimit non-negative");
        }
        this.amountMsat = amountMsat;
        this.exactLimit = exactLimit;
        this.receivers = receivers;
        this.threads = threads;
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
    int[] compute(CsrGraph g, NodeId self, int k, Set<NodeId> skipNodes) {
        if (!g.hasPolicies()) {
            throw new IllegalArgumentException("greedy_reach needs channel policies (fees, HTLC limits), and this graph "
                    + "has none");
        }
        final int n = g.nodeCount();
        final int selfIdx = g.indexOf(self);
        final boolean[] eligible = GreedyCentrality.eligible(g, selfIdx, skipNodes);
        int count = 0;
        for (int i = 0; i < n; i++) {
            eligible[i] &= carries(g, i);
            count += eligible[i] ? 1 : 0;
        }
        final int want = Math.min(k, count);
        final int[] out = new int[want];
        if (want == 0) {
            return out;
        }
        final long capSat = budget.maxChanSizeSat;
        final OwnRouteGains gains;
        if (n <= exactLimit) {
            gains = OwnRouteGains.everyReceiver(choice, g, amountMsat, capSat, selfIdx, threads);
        } else {
            final long seed;
            synchronized (rng) {
                seed = rng.nextLong();
            }
            final int[] drawn = PaymentEvaluator.drawReceivers(g, receivers, new SplittableRandom(seed));
            gains = new OwnRouteGains(choice, g, amountMsat, capSat, selfIdx, drawn, uniform(drawn.length), threads);
        }
        for (int p = 0; p < want; p++) {
            int best = gains.bestCandidate(eligible, null);
            if (best < 0) {
                best = largestCapacity(g, eligible);
            }
            out[p] = best;
            eligible[best] = false;
            gains.connect(best);
        }
        return out;
    }

    private static double[] uniform(int m) {
        final double[] w = new double[m];
        java.util.Arrays.fill(w, 1.0);
        return w;
    }

    /** Whether node i has an enabled channel of its own that can carry the amount. O(degree). */
    private boolean carries(CsrGraph g, int i) {
        for (int s = g.slotStart(i), end = g.slotEnd(i); s < end; s++) {
            final int e = g.endOfSlot(s);
            final int r = g.policyRow(e);
            if (r >= 0 && !g.rowDisabled(r) && g.capacitySat(e >> 1) * 1000 >= amountMsat
                    && g.maxHtlcMsat(e) >= amountMsat) {
                return true;
            }
        }
        return false;
    }

    private static int largestCapacity(CsrGraph g, boolean[] eligible) {
        final Demand d = Demand.byCapacity(g);
        int best = -1;
        for (int i = 0; i < eligible.length; i++) {
            if (eligible[i] && (best < 0 || d.weight(i) > d.weight(best))) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "GreedyReach[" + budget + ", amount " + amountMsat + " msat]";
    }
}
