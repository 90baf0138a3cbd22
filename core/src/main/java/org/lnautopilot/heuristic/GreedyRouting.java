package org.lnautopilot.heuristic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
        return run(g, own, new int[0], k, eligible, drawn, pairs, null, progress);
    }

    /**
     * greedy_routing's picks S ({@link #choose(CsrGraph, Own, int, boolean[], int[], ForwardGains.Pairs,
     * Progress)}), then for v = 1 to {@code leaveOut} (at most S's length) the picks it makes with S's
     * v-th pick ineligible as well: element 0 is S, element v the picks without S's v-th; repeats kept.
     * What {@link GreedyFlow}'s candidates are.
     *
     * <p>Shared work: before S's v-th pick the run without it makes S's first v - 1 picks (leaving out a
     * node it did not pick changes no earlier choice), and where S's v-th pick came from a full pass,
     * that pass's gains are those of the run without it (a candidate's gain does not depend on which
     * other nodes are eligible). So that run picks S's runner-up of the pass from S's record and runs
     * only the passes after it: k - v passes, not k - 1. A pick from the pair pass (S's first two when
     * X starts without channels) is left out by a run of its own on {@code pairs}. The picks are those
     * of separate runs ({@code LeaveOneOutTest} compares them).
     *
     * <p>Cost: S's run, plus k - v passes for each v whose pick came from a pass, k - 1 for the others;
     * n doubles per recorded pass.
     */
    List<int[]> chooseLeavingOut(CsrGraph g, Own own, int k, boolean[] eligible, int[] drawn,
            ForwardGains.Pairs pairs, int leaveOut, Progress progress) {
        final double[][] passGains = new double[k][];
        final long all = 1_000L * (leaveOut + 1);
        final int[] s = run(g, own, new int[0], k, eligible.clone(), drawn, pairs, passGains, part(progress, 0, all));
        final List<int[]> out = new ArrayList<>();
        out.add(s);
        for (int v = 1; v <= leaveOut && v <= s.length; v++) {
            final Progress step = part(progress, 1_000L * v, all);
            final boolean[] without = eligible.clone();
            without[s[v - 1]] = false;
            final double[] gain = passGains[v - 1];
            if (gain == null) {
                out.add(run(g, own, new int[0], k, without, drawn, pairs, null, step));
                continue;
            }
            for (int i = 0; i < v - 1; i++) {
                without[s[i]] = false;
            }
            int pick = ForwardGains.choice(gain, without);
            if (pick < 0) {
                pick = largestCapacity(g, without);
            }
            if (pick < 0) {
                out.add(Arrays.copyOf(s, v - 1));
                continue;
            }
            without[pick] = false;
            final int[] prefix = Arrays.copyOf(s, v);
            prefix[v - 1] = pick;
            out.add(run(g, own, prefix, k, without, drawn, pairs, null, step));
        }
        return out;
    }

    /**
     * The picks after {@code prefix} (X's channels to it already open; its nodes ineligible in
     * {@code eligible}), up to k in all, prefix first. With {@code passGains} set, element i receives
     * the gains of the i-th pick's pass where that was a full pass ({@link ForwardGains#bestCandidate}'s
     * {@code gain}), and stays null where the pair pass chose.
     */
    private int[] run(CsrGraph g, Own own, int[] prefix, int k, boolean[] eligible, int[] drawn,
            ForwardGains.Pairs pairs, double[][] passGains, Progress progress) {
        final ForwardGains gains = gains(g, own, drawn);
        gains.usePairs(pairs);
        for (int c : prefix) {
            gains.connect(c);
        }
        final int n = g.nodeCount();
        final int[] rest = pickLoop(k - prefix.length, eligible, new Engine() {
            private int next = -1;
            private int picked = prefix.length;

            @Override
            public int best(boolean[] el, Progress step) {
                // The pair pass also names the second pick: the pass after it would choose the same.
                if (next >= 0 && el[next]) {
                    final int b = next;
                    next = -1;
                    return b;
                }
                final boolean pass = own.peers().length + picked > 0;
                final double[] gain = passGains != null && pass ? new double[n] : null;
                final int b = gains.bestCandidate(el, gain, step);
                if (gain != null) {
                    passGains[picked] = gain;
                }
                next = gains.partner();
                return b;
            }

            @Override
            public void connect(int c) {
                gains.connect(c);
                picked++;
            }
        }, el -> largestCapacity(g, el), progress);
        final int[] out = Arrays.copyOf(prefix, prefix.length + rest.length);
        System.arraycopy(rest, 0, out, prefix.length, rest.length);
        return out;
    }

    /** One step's progress, 1,000 units reported from {@code before} of {@code all}. */
    static Progress part(Progress bar, long before, long all) {
        return part(bar, before, 1_000, all);
    }

    /** A part of a step's progress: {@code width} units reported from {@code before} of {@code all}. */
    static Progress part(Progress bar, long before, long width, long all) {
        return (done, total) -> bar.update(before + (total > 0 ? done * width / total : 0), all);
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
