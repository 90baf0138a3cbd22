package org.lnautopilot.simulation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.graph.Progress;

/**
 * {@code --inbound auto} (API.md part 4): how much of each of a new node X's channels to hold on the
 * peer's side at the start, each share from {@link #GRID}, for the most fee income over simulated
 * payments, the channel sizes (X's capital) fixed.
 *
 * <p>Why per channel: a payment entering X over channel a needs the peer's side of a, one leaving
 * over b needs X's side of b, and each forward moves that much from a's peer side to a's X side and
 * from b's X side to b's peer side. A channel through which payments mostly enter drains its peer
 * side first, so it lasts longest when it starts with most of its balance there; one through which
 * they mostly leave, with most on X's side; one that circulates, in the middle.
 *
 * <p>The rule, applied to any peer set (every heuristic's under {@code evaluate --inbound auto}):
 * <ol>
 * <li>Simulate the settings' payments at the settings' uniform share ({@link NewNodeSimulation}) and
 *     count, per channel, the attempts that meant to enter X over it and those that meant to leave
 *     over it ({@link #demand}: every attempt through X, whether it went through or failed at X or at
 *     the peer for want of balance).
 * <li>The flow plan: each channel's share the grid point nearest {@code enter / (enter + leave)}
 *     (a channel no attempt wanted: 0, since inbound costs).
 * <li>Check by simulation: the flow plan and every uniform plan of the grid but 0 (a node that funds
 *     every channel alone forwards nothing) run on the same payments and balances (common random
 *     numbers); the plan of most fee income wins, ties to the one holding less inbound, then to the
 *     earlier of: the uniform shares in grid order, the flow plan.
 * </ol>
 * The caller picks the settings' seed; to judge a plan fairly, simulate it on other payments than
 * those that chose it ({@link #training} gives such settings for a run).
 *
 * <p>What wins, measured (bench/README.md, "greedy_flow and --inbound auto"): on the 2021 and 2024
 * snapshots the uniform quarter: X then seldom fails an attempt for want of its own balance (our
 * reading of why that pays: lnd's node probability pools a node's pair results, so a failure at X
 * makes its sender wary of all of X's channels); on the 2019 snapshot, where flows through X are
 * one-sided, the flow plan.
 *
 * <p>Cost: up to five simulations of the settings' payments, the last four over {@code threads}
 * ({@link NewNodeSimulation#runAll}). Stateless; thread-safe.
 */
public final class InboundPlan {
    /** The shares a channel may hold as inbound. */
    private static final double[] GRID = {0, 0.25, 0.5, 0.75};

    private InboundPlan() {
    }

    /** The shares a channel may hold as inbound: 0, 0.25, 0.5, 0.75 (a copy). */
    public static double[] grid() {
        return GRID.clone();
    }

    /**
     * The chosen plan.
     *
     * @param inbound       the share of each of X's channels (the overlay's order) on the peer's side
     * @param feeIncomeMsat its fee income in the check
     * @param forwarded     its forwards in the check
     * @param flowPlan      the plan the flows suggested (step 2), chosen or not
     * @param enter         per channel, the attempts that meant to enter X over it (step 1)
     * @param leave         per channel, the attempts that meant to leave X over it
     */
    public record Choice(double[] inbound, long feeIncomeMsat, long forwarded, double[] flowPlan, long[] enter,
            long[] leave) {
        /** The inbound held, sat: each channel's share of its capacity, summed. O(k). */
        public long inboundSat(GraphOverlay x) {
            long sum = 0;
            for (int j = 0; j < inbound.length; j++) {
                sum += (long) Math.floor(inbound[j] * x.capacitySat(j));
            }
            return sum;
        }
    }

    /** Network payments of a plan's simulations unless the run to plan for has fewer. */
    public static final long DEFAULT_PAYMENTS = 25_000;

    /** A seed for choosing a plan that differs from {@code seed}'s payments (SplitMix64's finaliser of a shifted seed). */
    public static long trainingSeed(long seed) {
        return EarningsForecast.runSeed(seed ^ 0x1B0B1E5DL, 0x7F4A);
    }

    /**
     * The settings to choose a plan for a run with {@code run}'s settings: at most {@link
     * #DEFAULT_PAYMENTS} network payments (X's own scaled alike), the seed {@link #trainingSeed}(run's),
     * the rest the run's. What evaluate and recommend plan with.
     */
    public static NewNodeSimulation.Settings training(NewNodeSimulation.Settings run) {
        final long payments = Math.min(run.payments(), DEFAULT_PAYMENTS);
        final long own = run.ownPayments() == 0 ? 0
                : Math.max(1, Math.round((double) run.ownPayments() * payments / run.payments()));
        return new NewNodeSimulation.Settings(payments, own, run.amountMsat(), run.ratePerHour(), run.prior(),
                run.inbound(), trainingSeed(run.seed()));
    }

    /**
     * The plan for X as {@code x} is, by the rule above, on {@code s}'s payments and balances ({@code
     * s}'s plan per channel, if any, is ignored; its uniform share is step 1's).
     *
     * @throws IllegalArgumentException if X has no channel, threads is below 1, or as {@link NewNodeSimulation#run}
     */
    public static Choice choose(GraphOverlay x, NewNodeSimulation.Settings s, int threads, Progress progress) {
        Objects.requireNonNull(x, "x");
        final int k = x.channelCount();
        if (k == 0 || threads < 1) {
            throw new IllegalArgumentException("a plan needs a new node with channels and at least one thread, got "
                    + k + " channels, " + threads + " threads");
        }
        final Progress p = progress == null ? Progress.NONE : progress;
        final long per = s.payments() + s.ownPayments();
        final NewNodeSimulation.Settings base = s.withInbound(s.inbound());
        final long[] enter = new long[k];
        final long[] leave = new long[k];
        final NewNodeSimulation.Result first = NewNodeSimulation.run(x, base, demand(x, enter, leave),
                (done, all) -> p.update(done, 5 * per));
        final double[] flowPlan = new double[k];
        for (int j = 0; j < k; j++) {
            flowPlan[j] = nearest(enter[j], leave[j]);
        }
        // The candidates: the uniform shares of the grid but 0 in order, then the flow plan.
        final List<double[]> plans = new ArrayList<>();
        for (int i = 1; i < GRID.length; i++) {
            final double[] u = new double[k];
            Arrays.fill(u, GRID[i]);
            plans.add(u);
        }
        plans.add(flowPlan);
        final List<double[]> toRun = new ArrayList<>();
        final List<double[]> ran = new ArrayList<>();
        final List<NewNodeSimulation.Result> results = new ArrayList<>();
        final double[] measured = new double[k];
        Arrays.fill(measured, s.inbound());
        for (double[] plan : plans) {
            if (Arrays.equals(plan, measured)) {
                ran.add(plan);
                results.add(first);
            } else if (!containsPlan(toRun, plan)) {
                toRun.add(plan);
            }
        }
        final GraphOverlay[] xs = new GraphOverlay[toRun.size()];
        final NewNodeSimulation.Settings[] each = new NewNodeSimulation.Settings[toRun.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = x;
            each[i] = base.withInbound(toRun.get(i));
        }
        final long total = (long) xs.length * per;
        final NewNodeSimulation.Result[] rs = NewNodeSimulation.runAll(xs, each, threads,
                (done, all) -> p.update(per + done * 4 * per / Math.max(1, total), 5 * per));
        for (int i = 0; i < xs.length; i++) {
            ran.add(toRun.get(i));
            results.add(rs[i]);
        }
        int best = -1;
        double[] bestPlan = null;
        for (double[] plan : plans) {
            final int i = indexOfPlan(ran, plan);
            if (best < 0 || better(results.get(i), plan, results.get(best), bestPlan)) {
                best = i;
                bestPlan = plan;
            }
        }
        p.update(5 * per, 5 * per);
        final NewNodeSimulation.Result r = results.get(best);
        return new Choice(bestPlan.clone(), r.feeIncomeMsat(), r.forwarded(), flowPlan, enter, leave);
    }

    /** More fee income, or as much with less inbound (the sum of shares; the channels are the same). */
    private static boolean better(NewNodeSimulation.Result a, double[] planA, NewNodeSimulation.Result b,
            double[] planB) {
        if (a.feeIncomeMsat() != b.feeIncomeMsat()) {
            return a.feeIncomeMsat() > b.feeIncomeMsat();
        }
        return sum(planA) < sum(planB);
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    private static boolean containsPlan(List<double[]> plans, double[] plan) {
        return indexOfPlan(plans, plan) >= 0;
    }

    private static int indexOfPlan(List<double[]> plans, double[] plan) {
        for (int i = 0; i < plans.size(); i++) {
            if (Arrays.equals(plans.get(i), plan)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The grid point nearest {@code enter / (enter + leave)} (ties to the smaller share), or 0 when
     * both are 0. O(1).
     *
     * @throws IllegalArgumentException if a count is negative
     */
    public static double nearest(long enter, long leave) {
        if (enter < 0 || leave < 0) {
            throw new IllegalArgumentException("counts must be non-negative, got " + enter + ", " + leave);
        }
        if (enter + leave == 0) {
            return 0;
        }
        final double want = (double) enter / (enter + leave);
        double best = GRID[0];
        for (double v : GRID) {
            if (Math.abs(v - want) < Math.abs(best - want)) {
                best = v;
            }
        }
        return best;
    }

    /**
     * A listener that counts, for each of X's channels j (the overlay's order), the attempts whose
     * route enters X over it ({@code enter[j]}) and those that leave X over it ({@code leave[j]}):
     * every attempt that has a route through X, as a forwarding node, whatever its outcome. X's own
     * payments are not counted. O(hops + k) per attempt.
     */
    public static AttemptListener demand(GraphOverlay x, long[] enter, long[] leave) {
        final int k = x.channelCount();
        if (enter.length != k || leave.length != k) {
            throw new IllegalArgumentException("one count per channel of the new node: expected " + k);
        }
        final int xi = x.newNode();
        return new AttemptListener() {
            @Override
            public void attempt(PaymentSimulator sim) {
                final int hops = sim.attemptHops();
                for (int i = 1; i < hops; i++) {
                    if (sim.attemptNode(i) == xi) {
                        final int a = channelTo(x, sim.attemptNode(i - 1));
                        final int b = channelTo(x, sim.attemptNode(i + 1));
                        if (a >= 0) {
                            enter[a]++;
                        }
                        if (b >= 0) {
                            leave[b]++;
                        }
                        return;
                    }
                }
            }
        };
    }

    /** X's channel to {@code peer}, or -1. O(k). */
    private static int channelTo(GraphOverlay x, int peer) {
        for (int j = 0, k = x.channelCount(); j < k; j++) {
            if (x.peer(j) == peer) {
                return j;
            }
        }
        return -1;
    }
}
