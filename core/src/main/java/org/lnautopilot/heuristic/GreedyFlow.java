package org.lnautopilot.heuristic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.graph.Progress;
import org.lnautopilot.routing.FeeSettings;
import org.lnautopilot.simulation.BalancePrior;
import org.lnautopilot.simulation.NewNodeSimulation;
import org.lnautopilot.simulation.PoissonPayments;

/**
 * {@code greedy_flow} (API.md part 4): the peers that most raise X's realised fee income once
 * balances move, not its share of first attempts.
 *
 * <p>How: {@link GreedyRouting}'s greedy (the one engine: {@link org.lnautopilot.routing.ForwardGains}' route trees)
 * is run on {@code draws} independent receiver draws, giving up to {@code draws} peer sets; each
 * distinct set is then checked by simulation ({@link NewNodeSimulation}: {@code checkPayments}
 * network payments with balances, lnd's retries and mission control, X's channels of the largest
 * size with {@code inbound} of each on the peer's side, every set on the same payments and balances)
 * and the set of most fee income wins (ties to the earlier draw).
 *
 * <p>Why this and not a finer score per candidate: scores per candidate from flows replayed against
 * X's balances, or from short simulations, were tried and did worse (the replay ignores mission
 * control and the rest of the network's balances; short simulations are too noisy to rank single
 * peers), while greedy_routing's picks swing with its receiver draw. What it gains, measured on
 * mainnet-2024 (bench/README.md, "Peers beyond greedy_routing's family"): 1.13x greedy_routing's
 * forwards over twelve paired decision seeds (95% interval 0.98x to 1.28x). It can only choose
 * among greedy_routing's sets, whose best forwards 1.49x greedy_routing's average, and its check
 * cannot tell sets that close apart (one set's forwards vary by a standard deviation of about 73
 * between seeds of 100,000 payments). Treat it as greedy_routing that avoids its worst draws; sets
 * outside greedy_routing's family forwarded up to 1.72x.
 *
 * <p>On graphs of at most {@code exactLimit} nodes every receiver is used, every draw gives the
 * same set, and greedy_flow's peers are greedy_routing's (no check is run). A node already in the
 * graph starts from its own channels, as in {@link GreedyRouting}. The check's seed comes from the
 * generator, so that {@code evaluate --simulate} judges the picks on other payments than those that
 * chose them.
 *
 * <p>Cost: {@code draws} greedy_routing decisions plus one simulation of {@code checkPayments}
 * payments per distinct set, over {@code threads}; on mainnet-2024 with the defaults, k = 5 takes
 * about half a minute on 2 cores (bench/README.md). Refuses a graph without policies. Safe for
 * concurrent use (calls share only the generator, held while a call draws).
 */
public final class GreedyFlow extends PaymentGreedy {
    /** Receiver draws, so peer sets, per decision. */
    public static final int DEFAULT_DRAWS = 3;
    /** Network payments of each set's check. */
    public static final long DEFAULT_CHECK_PAYMENTS = 25_000;
    /** The inbound share of every channel in the check when none is given: a node that means to route gets inbound. */
    public static final double DEFAULT_INBOUND = 0.5;

    private final GreedyRouting routing;
    private final FeeSettings fees;
    private final double inbound;
    private final int draws;
    private final long checkPayments;

    /**
     * @param amountMsat    the payment amount, positive
     * @param fees          the new node's policy, each field given or the graph's median
     * @param inbound       the share of each new channel on the peer's side in the check, in [0, 1];
     *                      0 (where every set earns nothing) checks at {@link #DEFAULT_INBOUND}
     * @param draws         receiver draws (peer sets) per decision, at least 1
     * @param checkPayments network payments of each set's check, at least 1
     * @param receivers     the distinct receivers of each draw on graphs above {@code exactLimit} nodes, at least 2
     * @param threads       worker threads, at least 1
     * @throws IllegalArgumentException naming the first bad argument
     */
    public GreedyFlow(long minChanSizeSat, long maxChanSizeSat, int chanLimit, double allocation, RandomGenerator rng,
            long amountMsat, FeeSettings fees, double inbound, int draws, long checkPayments, int exactLimit,
            int receivers, int threads) {
        super(minChanSizeSat, maxChanSizeSat, chanLimit, allocation, rng, amountMsat, exactLimit, receivers, threads);
        this.fees = Objects.requireNonNull(fees, "fees");
        if (!(inbound >= 0 && inbound <= 1)) {
            throw new IllegalArgumentException("inbound must lie in [0, 1], got " + inbound);
        }
        if (draws < 1 || checkPayments < 1) {
            throw new IllegalArgumentException("draws and checkPayments must be at least 1, got " + draws + ", "
                    + checkPayments);
        }
        // At inbound 0 nothing can enter X, every set earns 0 and the check would say nothing.
        this.inbound = inbound > 0 ? inbound : DEFAULT_INBOUND;
        this.draws = draws;
        this.checkPayments = checkPayments;
        this.routing = new GreedyRouting(minChanSizeSat, maxChanSizeSat, chanLimit, allocation, rng, amountMsat, fees,
                exactLimit, receivers, threads);
    }

    /** Defaults: 3 draws of greedy_routing's receivers, checks of 25,000 payments, one thread per processor. */
    public GreedyFlow(long minChanSizeSat, long maxChanSizeSat, int chanLimit, double allocation, RandomGenerator rng,
            long amountMsat, FeeSettings fees, double inbound) {
        this(minChanSizeSat, maxChanSizeSat, chanLimit, allocation, rng, amountMsat, fees, inbound, DEFAULT_DRAWS,
                DEFAULT_CHECK_PAYMENTS, GreedyRouting.DEFAULT_EXACT_LIMIT, GreedyRouting.DEFAULT_RECEIVERS,
                Runtime.getRuntime().availableProcessors());
    }

    @Override
    public String name() {
        return "greedy_flow";
    }

    @Override
    int[] choose(CsrGraph g, int selfIdx, int k, boolean[] eligible) {
        final Progress bar = progress();
        final int sets = everyReceiver(g) ? 1 : draws;
        final long span = 1_000;
        final long all = span * (sets + 1);
        final List<int[]> distinct = new ArrayList<>();
        for (int d = 0; d < sets; d++) {
            final long before = span * d;
            final int[] picks = routing.choose(g, selfIdx, k, eligible.clone(),
                    (done, total) -> bar.update(before + (total > 0 ? done * span / total : 0), all));
            if (!containsSet(distinct, picks)) {
                distinct.add(picks);
            }
        }
        if (distinct.size() == 1) {
            bar.update(all, all);
            return distinct.get(0);
        }
        final long seed = nextSeed();
        final CsrGraph base = selfIdx >= 0 && g.degree(selfIdx) > 0 ? g.withoutChannelsOf(selfIdx) : g;
        final ChannelPolicy p = fees.resolve(g);
        final GraphOverlay[] xs = new GraphOverlay[distinct.size()];
        final NewNodeSimulation.Settings[] each = new NewNodeSimulation.Settings[xs.length];
        final NewNodeSimulation.Settings check = new NewNodeSimulation.Settings(checkPayments, 0, amountMsat,
                PoissonPayments.DEFAULT_RATE_PER_HOUR, BalancePrior.BIMODAL, inbound, seed);
        for (int i = 0; i < xs.length; i++) {
            xs[i] = overlay(g, base, selfIdx, distinct.get(i), p);
            each[i] = check;
        }
        final long before = span * sets;
        final NewNodeSimulation.Result[] rs = NewNodeSimulation.runAll(xs, each, threads,
                (done, total) -> bar.update(before + (total > 0 ? done * span / total : 0), all));
        int best = 0;
        for (int i = 1; i < rs.length; i++) {
            if (rs[i].feeIncomeMsat() > rs[best].feeIncomeMsat()) {
                best = i;
            }
        }
        bar.update(all, all);
        return distinct.get(best);
    }

    /**
     * X with {@code self}'s channels (when it has some) and a channel of the largest size to each pick;
     * without own channels, {@link NewNodeSimulation#overlay}'s (peers sorted).
     */
    private GraphOverlay overlay(CsrGraph g, CsrGraph base, int selfIdx, int[] picks, ChannelPolicy p) {
        if (base == g) {
            return NewNodeSimulation.overlay(g, picks, budget.maxChanSizeSat, p);
        }
        final int own = g.degree(selfIdx);
        final int[] peers = new int[own + picks.length];
        final long[] caps = new long[peers.length];
        for (int j = 0, s = g.slotStart(selfIdx); j < own; j++, s++) {
            peers[j] = g.neighbour(s);
            caps[j] = g.capacitySat(g.endOfSlot(s) >> 1);
        }
        for (int j = 0; j < picks.length; j++) {
            peers[own + j] = picks[j];
            caps[own + j] = budget.maxChanSizeSat;
        }
        return new GraphOverlay(base, peers, caps, p);
    }

    /** Whether {@code sets} holds the same peers as {@code picks}, in any order. */
    private static boolean containsSet(List<int[]> sets, int[] picks) {
        final int[] sorted = picks.clone();
        Arrays.sort(sorted);
        for (int[] s : sets) {
            final int[] t = s.clone();
            Arrays.sort(t);
            if (Arrays.equals(t, sorted)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "GreedyFlow[" + budget + ", amount " + amountMsat + " msat, " + fees + ", inbound " + inbound + ", "
                + draws + " draws, checks of " + checkPayments + " payments]";
    }
}
