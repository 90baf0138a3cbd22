package org.lnautopilot.simulation;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.graph.Progress;
import org.lnautopilot.graph.Workers;
import org.lnautopilot.routing.LndRouteChoice;

/**
 * What a new node X with given peers really forwards and earns: the network's drawn payments
 * (API.md part 4) made with X joined, from drawn starting balances. The one set-up that
 * {@code simulate-payments} and {@code evaluate --simulate} share, so that a seed gives the same
 * payments and the same network balances to every peer set (common random numbers: differences
 * between peer sets are theirs), and {@code simulate-payments --peers ... --seed S} repeats any
 * figure {@code evaluate --simulate --seed S} reports.
 *
 * <p>Cost: that of {@link PaymentSimulator#run} over the payments, O(m) memory for the balances.
 * Stateless; thread-safe (each call builds its own simulator).
 */
public final class NewNodeSimulation {
    private NewNodeSimulation() {
    }

    /**
     * The settings of a run.
     *
     * @param payments      the network's payments, at least 1
     * @param ownPayments   X's own payments interleaved with them (receivers by capacity), at least 0
     * @param amountMsat    every payment's amount
     * @param ratePerHour   the network's payment rate ({@link PoissonPayments#DEFAULT_RATE_PER_HOUR})
     * @param prior         the network's starting balances
     * @param inbound       the share of each of X's channels on the peer's side, in [0, 1]
     * @param seed          the run's seed: payments and balances
     * @param inboundByChannel a share of its own for each of X's channels, in the overlay's order
     *                      ({@link #overlay}: by peer index), or null for {@code inbound} on every
     *                      channel; copied. Records compare arrays by identity: two settings with equal
     *                      plans are not {@code equals}
     */
    public record Settings(long payments, long ownPayments, long amountMsat, double ratePerHour, BalancePrior prior,
            double inbound, long seed, double[] inboundByChannel) {
        /**
         * @throws IllegalArgumentException for payments below 1, own payments below 0, an invalid
         *                                  amount, a rate that is not positive and finite, or an
         *                                  inbound share outside [0, 1]
         */
        public Settings {
            if (payments < 1) {
                throw new IllegalArgumentException("payments must be at least 1, got " + payments);
            }
            if (ownPayments < 0) {
                throw new IllegalArgumentException("own payments must be at least 0, got " + ownPayments);
            }
            if (!Payment.validAmount(amountMsat)) {
                throw new IllegalArgumentException("amount must be positive and at most 21 million BTC, got "
                        + amountMsat + " msat");
            }
            if (!(ratePerHour > 0) || Double.isInfinite(ratePerHour)) {
                throw new IllegalArgumentException("rate must be a positive number of payments per hour, got "
                        + ratePerHour);
            }
            Objects.requireNonNull(prior, "prior");
            if (!(inbound >= 0 && inbound <= 1)) {
                throw new IllegalArgumentException("inbound must lie in [0, 1], got " + inbound);
            }
            if (inboundByChannel != null) {
                inboundByChannel = inboundByChannel.clone();
                for (int j = 0; j < inboundByChannel.length; j++) {
                    if (!(inboundByChannel[j] >= 0 && inboundByChannel[j] <= 1)) {
                        throw new IllegalArgumentException("inbound must lie in [0, 1], got " + inboundByChannel[j]
                                + " for channel " + j);
                    }
                }
            }
        }

        /** The same inbound share on every channel of X. */
        public Settings(long payments, long ownPayments, long amountMsat, double ratePerHour, BalancePrior prior,
                double inbound, long seed) {
            this(payments, ownPayments, amountMsat, ratePerHour, prior, inbound, seed, null);
        }

        /** The plan of shares per channel (a copy), or null when every channel has {@link #inbound}. */
        @Override
        public double[] inboundByChannel() {
            return inboundByChannel == null ? null : inboundByChannel.clone();
        }

        /** The same settings with another seed. */
        public Settings withSeed(long otherSeed) {
            return new Settings(payments, ownPayments, amountMsat, ratePerHour, prior, inbound, otherSeed,
                    inboundByChannel);
        }

        /** The same settings with a share of its own for each of X's channels (overlay order; null: uniform). */
        public Settings withInbound(double[] byChannel) {
            return new Settings(payments, ownPayments, amountMsat, ratePerHour, prior, inbound, seed, byChannel);
        }

        /** The same settings with {@code share} on every channel of X (no plan per channel). */
        public Settings withInbound(double share) {
            return new Settings(payments, ownPayments, amountMsat, ratePerHour, prior, share, seed, null);
        }

        /** Channel j's inbound share: the plan's, or {@link #inbound}. */
        public double inboundOf(int j) {
            return inboundByChannel == null ? inbound : inboundByChannel[j];
        }
    }

    /**
     * What X did over a run.
     *
     * @param payments             payments made by the network (X's own excluded)
     * @param forwarded            payments X forwarded
     * @param forwardedMsat        their amount
     * @param feeIncomeMsat        X's fee income
     * @param failedAtX            attempts that failed at X (X could not forward)
     * @param firstAttemptsThroughX payments whose first attempt's route passed X
     * @param ownPayments          X's own payments
     * @param ownSucceeded         of which arrived
     * @param ownAttempts          their attempts
     * @param ownFeesMsat          the fees X paid on those that arrived
     */
    public record Result(long payments, long forwarded, long forwardedMsat, long feeIncomeMsat, long failedAtX,
            long firstAttemptsThroughX, long ownPayments, long ownSucceeded, long ownAttempts, long ownFeesMsat) {
        /** Forwards per network payment: X's realised share of the network's payments. */
        public double realisedShare() {
            return payments == 0 ? 0 : (double) forwarded / payments;
        }

        /** First attempts through X per network payment (part 3's share, under balances and history). */
        public double firstAttemptShare() {
            return payments == 0 ? 0 : (double) firstAttemptsThroughX / payments;
        }

        /** X's own payments that arrived, as a share (NaN without own payments). */
        public double ownSuccess() {
            return ownPayments == 0 ? Double.NaN : (double) ownSucceeded / ownPayments;
        }
    }

    /**
     * X with a channel of {@code chanSizeSat} to each of {@code peers} (sorted, so that the same set
     * gives the same overlay in any order) at {@code policy}. O(k log k).
     *
     * @throws IllegalArgumentException for a repeated peer or a channel size below 1 sat
     */
    public static GraphOverlay overlay(CsrGraph g, int[] peers, long chanSizeSat, ChannelPolicy policy) {
        if (chanSizeSat < 1) {
            throw new IllegalArgumentException("channel size must be at least 1 sat, got " + chanSizeSat);
        }
        final int[] sorted = peers.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("peer " + sorted[i] + " is given twice");
            }
        }
        final long[] caps = new long[sorted.length];
        Arrays.fill(caps, chanSizeSat);
        return new GraphOverlay(g, sorted, caps, policy);
    }

    /** The drawn payments of a run: the network's and, interleaved, X's own ({@code x} may be null). */
    public static PoissonPayments payments(CsrGraph g, GraphOverlay x, Settings s) {
        return new PoissonPayments(g, s.ratePerHour(), s.amountMsat(), s.payments() + s.ownPayments(),
                x == null ? -1 : x.newNode(), s.ownPayments(), s.seed() ^ 0x5DEECE66DL);
    }

    /**
     * The starting balances of a run: the network's drawn by the seed, X's by the inbound share (or
     * the settings' plan per channel).
     *
     * @throws IllegalArgumentException if the plan does not have one share per channel of X
     */
    public static Balances balances(CsrGraph g, GraphOverlay x, Settings s) {
        if (x == null) {
            return Balances.draw(g, s.prior(), s.seed());
        }
        return s.inboundByChannel == null ? Balances.draw(x, s.prior(), s.seed(), s.inbound())
                : Balances.draw(x, s.prior(), s.seed(), s.inboundByChannel);
    }

    /**
     * Runs the payments with X joined and reports what X did. Cost: the run's.
     *
     * @throws IllegalArgumentException if the graph has no policies or {@code x} is not on it
     */
    public static Result run(GraphOverlay x, Settings s, Progress progress) {
        return run(x, s, AttemptListener.NONE, progress);
    }

    /**
     * As {@link #run(GraphOverlay, Settings, Progress)}, telling {@code listener} of every attempt.
     *
     * @throws IllegalArgumentException as {@link #run(GraphOverlay, Settings, Progress)}
     */
    public static Result run(GraphOverlay x, Settings s, AttemptListener listener, Progress progress) {
        final CsrGraph g = x.base();
        final PaymentSimulator sim = new PaymentSimulator(g, x, balances(g, x, s), new LndRouteChoice(),
                new MissionControl());
        sim.run(payments(g, x, s), listener, progress, s.payments() + s.ownPayments());
        return result(sim);
    }

    /**
     * Runs {@code xs[i]} with {@code settings[i]} for every i, on {@code threads} threads, and returns
     * the results in the same order: each equal to {@link #run}'s for that peer set, whatever the
     * thread count. Progress counts payments over all the runs and is reported from the calling
     * thread ({@link Workers}).
     *
     * <p>When the runs share their network's payments and balances (the same payments, amount, rate,
     * prior and seed, and no own payments of X: as {@code evaluate --simulate} makes them), they are
     * made as one run of the network without X that each peer set leaves when its X first changes a
     * route ({@link ForkingRuns}): a peer set whose X few senders meet costs little of its own.
     * Otherwise each takes the next thread free. Cost: at most the runs', plus the shared run's.
     *
     * @throws IllegalArgumentException if the arrays differ in length or threads is below 1, or as {@link #run}
     */
    public static Result[] runAll(GraphOverlay[] xs, Settings[] settings, int threads, Progress progress) {
        if (xs.length != settings.length || threads < 1) {
            throw new IllegalArgumentException("one setting per overlay and at least one thread, got " + xs.length
                    + " overlays, " + settings.length + " settings, " + threads + " threads");
        }
        if (ForkingRuns.applies(xs, settings)) {
            return ForkingRuns.run(xs, settings, threads, progress);
        }
        return runEach(xs, settings, threads, progress);
    }

    /** {@link #runAll} with every run made on its own, each on the next thread free (tests compare the two). */
    static Result[] runEach(GraphOverlay[] xs, Settings[] settings, int threads, Progress progress) {
        final Result[] out = new Result[xs.length];
        long total = 0;
        for (Settings s : settings) {
            total += s.payments() + s.ownPayments();
        }
        final AtomicInteger next = new AtomicInteger();
        Workers.run(Math.max(1, Math.min(threads, xs.length)), w -> (units, stop) -> {
            for (int i = next.getAndIncrement(); i < xs.length && !stop.requested(); i = next.getAndIncrement()) {
                final long[] last = {0};
                out[i] = run(xs[i], settings[i], (done, all) -> {
                    units.add(done - last[0]);
                    last[0] = done;
                });
            }
        }, total, progress == null ? Progress.NONE : progress);
        return out;
    }

    /** What X did in a finished simulation (zeros without X). O(1). */
    public static Result result(PaymentSimulator sim) {
        final int x = sim.newNode();
        if (x < 0) {
            return new Result(sim.payments(), 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new Result(sim.payments() - sim.ownPayments(), sim.forwarded(x), sim.forwardedMsat(x),
                sim.feeIncomeMsat(x), sim.failedAt(x), sim.firstAttemptThroughX(), sim.ownPayments(),
                sim.ownSucceeded(), sim.ownAttempts(), sim.ownFeesMsat());
    }
}
