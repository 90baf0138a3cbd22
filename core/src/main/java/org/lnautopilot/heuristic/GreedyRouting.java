package org.lnautopilot.heuristic;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.Progress;
import org.lnautopilot.routing.FeeSettings;
import org.lnautopilot.routing.ForwardGains;

/**
 * {@code greedy_routing} (API.md part 3): picks peers one at a time, each the eligible node whose
 * new channel most raises the new node's {@code routingShare}, the demand-weighted fraction of the
 * network's payments of {@code amountMsat} that lnd would route through it, forwarding at
 * {@code fees} (Ersoy, Roos and Erkin, FC 2020, with lnd's route choice). Eligible nodes are
 * {@link GreedyCentrality#eligible}'s that also have an enabled channel able to carry the amount.
 * Then the seed's sizing; each new channel is evaluated at the largest channel size.
 *
 * <p>The gains are {@link ForwardGains}' estimates: one route tree per receiver serves every
 * candidate. A lone channel forwards nothing, so the first pass scores pairs ({@link ForwardGains})
 * and gives the first two picks, and k picks cost k - 1 passes; when no candidate raises the share any
 * more, the remaining picks are the eligible nodes of largest capacity. When {@code self} is in the
 * graph with channels, the new node is {@code self}: its channels become the new node's first
 * channels (at their capacities, forwarding at {@code fees}), on a copy of the graph without them.
 * Receivers: every one on graphs of at most {@code exactLimit} nodes, else draws by the demand until
 * {@code receivers} of them are distinct (one route tree each; {@link
 * org.lnautopilot.routing.DrawnReceivers#drawUntilDistinct}), drawn by
 * the demand (from the generator, once per call).
 *
 * <p>The last answer is kept, as by {@link GreedyCentrality}: the same snapshot and question get the
 * same picks at once.
 *
 * <p>Cost: k - 1 passes of R route trees, O(R ((n + e) log n + n k)), over {@code threads};
 * on mainnet-2024 with the defaults, k = 5 takes a few seconds on 2 cores (bench/README.md). Refuses a
 * graph without policies. Safe for concurrent use (calls share only the generator, held while a call
 * draws).
 */
public final class GreedyRouting extends PaymentGreedy {
    /** Graphs up to this many nodes use every receiver. */
    public static final int DEFAULT_EXACT_LIMIT = 2_000;
    /** The distinct receivers drawn on larger graphs, one route tree each per pass (on mainnet-2024, about 1,000 draws). */
    public static final int DEFAULT_RECEIVERS = 340;

    private final FeeSettings fees;

    /**
     * @param amountMsat the payment amount, positive
     * @param fees       the new node's policy, each field given or the graph's median
     * @param receivers  the distinct receivers drawn on graphs above {@code exactLimit} nodes, at least 2
     * @param threads    worker threads, at least 1
     * @throws IllegalArgumentException naming the first bad argument
     */
    public GreedyRouting(long minChanSizeSat, long maxChanSizeSat, int chanLimit, double allocation,
            RandomGenerator rng, long amountMsat, FeeSettings fees, int exactLimit, int receivers, int threads) {
        super(minChanSizeSat, maxChanSizeSat, chanLimit, allocation, rng, amountMsat, exactLimit, receivers, threads);
        this.fees = Objects.requireNonNull(fees, "fees");
    }

    /** Defaults: every receiver up to 2,000 nodes, else draws until 340 distinct receivers; one thread per processor. */
    public GreedyRouting(long minChanSizeSat, long maxChanSizeSat, int chanLimit, double allocation,
            RandomGenerator rng, long amountMsat, FeeSettings fees) {
        this(minChanSizeSat, maxChanSizeSat, chanLimit, allocation, rng, amountMsat, fees, DEFAULT_EXACT_LIMIT,
                DEFAULT_RECEIVERS, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public String name() {
        return "greedy_routing";
    }

    @Override
    int[] choose(CsrGraph g, int selfIdx, int k, boolean[] eligible) {
        return choose(g, Own.of(g, selfIdx), k, eligible, receiversFor(g), null, progress());
    }

    /** The receivers of a decision on {@code g}: null (every one) up to the exact limit, else a draw. */
    int[] receiversFor(CsrGraph g) {
        return everyReceiver(g) ? null : drawDistinctReceivers(g);
    }

    /**
     * The first pass's pair table for decisions on {@code drawn} ({@link #receiversFor}) whose eligible
     * nodes are {@code eligible} less at most {@code spare} ({@link ForwardGains#pairTable}), or null when
     * {@code self} has channels (no pair pass). What {@link GreedyFlow}'s variants share.
     */
    ForwardGains.Pairs pairTable(CsrGraph g, Own own, boolean[] eligible, int[] drawn, int spare,
            Progress progress) {
        return own.peers().length > 0 ? null : gains(g, own, drawn).pairTable(eligible, spare, progress);
    }

    /**
     * {@link #choose(CsrGraph, int, int, boolean[])} for {@code own} ({@link Own#of}, computed once by a
     * caller that decides several times) on given receivers ({@link #receiversFor}: null for
     * every one), its first pass read from {@code pairs} where that serves ({@link #pairTable}; null: run
     * it), reporting to {@code progress}: {@link GreedyFlow}'s variants, which share a draw.
     */
    int[] choose(CsrGraph g, Own own, int k, boolean[] eligible, int[] drawn, ForwardGains.Pairs pairs,
            Progress progress) {
        final ForwardGains gains = gains(g, own, drawn);
        gains.usePairs(pairs);
        return pickLoop(k, eligible, new Engine() {
            private int next = -1;

            @Override
            public int best(boolean[] el, Progress step) {
                // The pair pass also names the second pick: the pass after it would choose the same.
                if (next >= 0 && el[next]) {
                    final int b = next;
                    next = -1;
                    return b;
                }
                final int b = gains.bestCandidate(el, null, step);
                next = gains.partner();
                return b;
            }

            @Override
            public void connect(int c) {
                gains.connect(c);
            }
        }, el -> largestCapacity(g, el), progress);
    }

    /**
     * The engine of a decision on {@code drawn} (null: every receiver): on the graph without {@code self}'s
     * channels, which become the new node's first channels, when it has some ({@code own}).
     */
    private ForwardGains gains(CsrGraph g, Own own, int[] drawn) {
        final ChannelPolicy p = fees.resolve(g);
        final long capSat = budget.maxChanSizeSat;
        return drawn == null || drawn.length < 2
                ? ForwardGains.everyReceiver(choice, own.base(), amountMsat, capSat, p, own.peers(), own.capsSat(),
                        threads)
                : ForwardGains.sampled(choice, own.base(), amountMsat, capSat, p, own.peers(), own.capsSat(), drawn,
                        threads);
    }

    @Override
    public String toString() {
        return "GreedyRouting[" + budget + ", amount " + amountMsat + " msat, " + fees + "]";
    }
}
