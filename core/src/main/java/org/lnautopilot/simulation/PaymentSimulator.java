package org.lnautopilot.simulation;

import java.util.Arrays;
import java.util.Objects;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.graph.Progress;
import org.lnautopilot.routing.LndRouteChoice;
import org.lnautopilot.routing.PaymentRouter;

/**
 * The payment loop of API.md part 4: each payment made as lnd makes it, with balances that move.
 *
 * <ol>
 * <li>The sender asks lnd's route choice ({@link PaymentRouter}) with its own mission control at
 *     the payment's time and its channels' local balances as bandwidth hints.</li>
 * <li>The attempt walks the route: each node forwards on the channel to the next that can spend
 *     the most ({@link HopChannels}); at the first node where no channel can forward what that hop
 *     carries, the attempt fails (lnd's {@code TemporaryChannelFailure}). The sender then records,
 *     as lnd's result_interpretation.go does for that failure ({@code reportOutgoingBalance}), a
 *     failure for the failing pair at the amount it carries and a success for every pair before it
 *     at the amount each carried. Nothing moves.</li>
 * <li>On success every hop's forwarding side gives what it forwards to the other side (so each
 *     forwarding node keeps its fee: it received the hop before's amount and forwarded less), and
 *     the sender records a success for every pair.</li>
 * <li>After a failure the sender searches again, until it succeeds, finds no route, or has made
 *     {@link #MAX_ATTEMPTS} attempts. Every attempt happens at the payment's time.</li>
 * </ol>
 *
 * <p>What it leaves out: one part per payment (no multi-part payments), no HTLCs in flight (a
 * payment settles before the next starts), and one route choice, lnd's, for every sender.
 *
 * <p>Totals are kept per node (fees earned, payments forwarded) and for the network (payments,
 * attempts, amounts); with a new node X also X's forwarded amount, the attempts that failed at X
 * and the payments whose first route passed X. Deterministic: the same balances and payments give
 * the same results. Cost per attempt: one route search (O((n + e) log n) at worst, usually far
 * less) plus O(hops log degree); memory O(n) beside the graph, the balances and mission control.
 * Not thread-safe.
 */
public final class PaymentSimulator {
    /** The most attempts per payment (about lnd's 60 s payment timeout). */
    public static final int MAX_ATTEMPTS = 60;

    /** How an attempt ended. */
    public enum Outcome {
        /** The payment arrived; balances moved. */
        OK,
        /** A node on the route could not forward; nothing moved. */
        FAIL,
        /** The sender found no route; the payment is given up. */
        NOROUTE
    }

    private final CsrGraph g;
    private final int x;
    private final Balances balances;
    private final MissionControl mc;
    private final PaymentRouter router;
    private final HopChannels channels;
    private final SenderView view;
    private int[] hopEnd = new int[8];

    private long payments;
    private long succeeded;
    private long amountMsat;
    private long succeededMsat;
    private long attempts;
    private long feesPaidMsat;
    private final long[] earnedMsat;
    private final long[] forwards;
    private final long[] forwardedMsat;
    private final long[] failedAt;
    private long firstAttemptThroughX;
    /** X's own payments: made, arrived, attempts, fees paid. */
    private long ownPayments;
    private long ownSucceeded;
    private long ownAttempts;
    private long ownFeesMsat;

    private Payment current;
    private int attempt;
    private Outcome outcome;
    private int failIndex;
    private boolean lastSucceeded;

    /** A simulation on the graph alone, lnd's defaults. */
    public PaymentSimulator(CsrGraph g, Balances balances) {
        this(g, null, balances, new LndRouteChoice(), new MissionControl());
    }

    /** A simulation with new node X joined to the graph, lnd's defaults. */
    public PaymentSimulator(GraphOverlay x, Balances balances) {
        this(x.base(), x, balances, new LndRouteChoice(), new MissionControl());
    }

    /**
     * A simulation on {@code g}, with new node X when {@code x} is not null (its base must be
     * {@code g}), starting from {@code balances} (which it changes), with the given route choice
     * settings and mission control (usually new and empty).
     *
     * @throws IllegalArgumentException if the graph has no policies, X's overlay has no policy for
     *                                  X, or the balances do not match the graph and X's channels
     */
    public PaymentSimulator(CsrGraph g, GraphOverlay x, Balances balances, LndRouteChoice choice, MissionControl mc) {
        this.g = Objects.requireNonNull(g, "g");
        if (x != null && x.base() != g) {
            throw new IllegalArgumentException("the new node's overlay must be on the simulated graph");
        }
        final int k = x == null ? 0 : x.channelCount();
        if (balances.channelCount() != g.channelCount() + k || balances.newChannelCount() != k) {
            throw new IllegalArgumentException("the balances hold " + balances.channelCount() + " channels, the graph "
                    + (x == null ? "" : "and the new node ") + "have " + (g.channelCount() + k));
        }
        for (int j = 0; j < k; j++) {
            if (balances.capacityMsat(g.channelCount() + j) != x.capacitySat(j) * 1000) {
                throw new IllegalArgumentException("the balances' new channel " + j + " does not match the overlay's");
            }
        }
        this.x = x == null ? -1 : x.newNode();
        this.balances = balances;
        this.mc = Objects.requireNonNull(mc, "mc");
        this.router = x == null ? new PaymentRouter(choice, g) : new PaymentRouter(choice, x);
        this.channels = new HopChannels(g, x);
        this.view = new SenderView(mc, balances, g.channelCount());
        final int nodes = router.nodeCount();
        this.earnedMsat = new long[nodes];
        this.forwards = new long[nodes];
        this.forwardedMsat = new long[nodes];
        this.failedAt = new long[nodes];
    }

    /**
     * Makes every payment of {@code stream}, reporting each attempt and payment to {@code listener}
     * and, every 1,000 payments and at the end, {@code done / total} to {@code progress} ({@code total}
     * as given, for the bar). Returns the number of payments made. Cost: that of {@link #pay} each.
     */
    public long run(PaymentStream stream, AttemptListener listener, Progress progress, long total) {
        long made = 0;
        for (Payment p = stream.next(); p != null; p = stream.next()) {
            pay(p, listener);
            if (++made % 1000 == 0) {
                progress.update(made, total);
            }
        }
        progress.update(made, Math.max(made, total));
        return made;
    }

    /**
     * Makes one payment as lnd would (see the class comment). True when it arrived.
     *
     * @throws IllegalArgumentException if a node is not in the simulated graph (X included), or
     *                                  the payment's time is before the last payment's
     */
    public boolean pay(Payment p, AttemptListener listener) {
        final int nodes = router.nodeCount();
        Objects.checkIndex(p.sender(), nodes);
        Objects.checkIndex(p.receiver(), nodes);
        if (current != null && p.timeS() < current.timeS()) {
            throw new IllegalArgumentException("payments must come in time order: " + p.timeS() + " s after "
                    + current.timeS() + " s");
        }
        current = p;
        payments++;
        amountMsat += p.amountMsat();
        lastSucceeded = false;
        attemptFrom(p, 1, listener);
        return finish(p, listener);
    }

    /** The attempts of payment p from attempt {@code first} on, until one succeeds, none is left or no route is. */
    private void attemptFrom(Payment p, int first, AttemptListener listener) {
        for (attempt = first; attempt <= MAX_ATTEMPTS; attempt++) {
            attempts++;
            final boolean found = router.find(p.sender(), p.receiver(), p.amountMsat(), view.at(p.sender(), p.timeS()));
            if (watch != null) {
                watch.searched(this);
            }
            if (!found) {
                outcome = Outcome.NOROUTE;
                failIndex = -1;
                listener.attempt(this);
                break;
            }
            if (attempt == 1 && x >= 0 && routePasses(x)) {
                firstAttemptThroughX++;
            }
            if (walk()) {
                settle(p);
                outcome = Outcome.OK;
                failIndex = -1;
                lastSucceeded = true;
                listener.attempt(this);
                break;
            }
            learnFailure(p);
            outcome = Outcome.FAIL;
            listener.attempt(this);
        }
    }

    /** Ends payment p: X's own figures, the listener. True when it arrived. */
    private boolean finish(Payment p, AttemptListener listener) {
        if (attempt > MAX_ATTEMPTS) {
            attempt = MAX_ATTEMPTS;
        }
        if (p.sender() == x) {
            ownPayments++;
            ownAttempts += attempt;
            if (lastSucceeded) {
                ownSucceeded++;
                ownFeesMsat += router.feeMsat();
            }
        }
        listener.payment(this);
        return lastSucceeded;
    }

    // ---- forks: one run without X serving many peer sets until X matters (ForkingRuns) ---------------

    /** Told after every route search, before the attempt is walked or learnt from. */
    interface SearchWatch {
        /** The search of the current attempt has just run; its route is the router's. */
        void searched(PaymentSimulator sim);
    }

    /** The watch of a run without X ({@link ForkingRuns}); null for none. */
    private SearchWatch watch;

    void watch(SearchWatch w) {
        this.watch = w;
    }

    /** The router, whose last search a watch reads. */
    PaymentRouter router() {
        return router;
    }

    /**
     * A run with new node X that is, at this moment, this run's (a run without X) as it would stand
     * had X been there from the start, when X has changed no route so far: this run's balances with
     * X's channels at {@code xBalances}' (their start), a copy of mission control, the totals, and
     * the current payment at the current attempt, not yet made. {@link #resume} makes that attempt
     * and the rest of the payment. Call it from a {@link SearchWatch}. O(m + n + pairs held).
     */
    PaymentSimulator fork(GraphOverlay x, Balances xBalances, LndRouteChoice choice) {
        if (this.x >= 0) {
            throw new IllegalStateException("only a run without the new node forks");
        }
        final PaymentSimulator f = new PaymentSimulator(g, x, xBalances.withNetworkOf(balances), choice, mc.copy());
        f.payments = payments;
        f.succeeded = succeeded;
        f.amountMsat = amountMsat;
        f.succeededMsat = succeededMsat;
        f.attempts = attempts - 1; // the current attempt is made again, with X
        f.feesPaidMsat = feesPaidMsat;
        final int n = earnedMsat.length;
        System.arraycopy(earnedMsat, 0, f.earnedMsat, 0, n);
        System.arraycopy(forwards, 0, f.forwards, 0, n);
        System.arraycopy(forwardedMsat, 0, f.forwardedMsat, 0, n);
        System.arraycopy(failedAt, 0, f.failedAt, 0, n);
        f.current = current;
        f.attempt = attempt;
        f.lastSucceeded = false;
        return f;
    }

    /** Goes on with a {@link #fork}'s current payment from its current attempt; true when it arrived. */
    boolean resume(AttemptListener listener) {
        final Payment p = current;
        attemptFrom(p, attempt, listener);
        return finish(p, listener);
    }

    /** Whether node v is on the current route. O(hops). */
    private boolean routePasses(int v) {
        final PaymentRouter r = router;
        for (int i = 1, h = r.hops(); i < h; i++) {
            if (r.node(i) == v) {
                return true;
            }
        }
        return false;
    }

    /**
     * Picks every hop's channel; at the first hop that cannot forward, sets {@link #failIndex} and
     * returns false. The sender's own hop always can: the route search used its balances.
     */
    private boolean walk() {
        final PaymentRouter r = router;
        final int h = r.hops();
        if (hopEnd.length < h) {
            hopEnd = Arrays.copyOf(hopEnd, Math.max(h, 2 * hopEnd.length));
        }
        for (int i = 0; i < h; i++) {
            final int e = channels.pick(r.node(i), r.node(i + 1), r.carried(i), balances);
            if (e < 0) {
                if (i == 0) {
                    throw new IllegalStateException("the sender's own channel cannot carry the route it was given");
                }
                failIndex = i;
                return false;
            }
            hopEnd[i] = e;
        }
        return true;
    }

    /** lnd's interpretation of a TemporaryChannelFailure at {@link #failIndex}; counts it against the node. */
    private void learnFailure(Payment p) {
        final PaymentRouter r = router;
        final int f = failIndex;
        final int sender = p.sender();
        final double t = p.timeS();
        for (int i = 0; i < f; i++) {
            mc.recordSuccess(sender, r.node(i), r.node(i + 1), r.carried(i), t);
        }
        mc.recordFailure(sender, r.node(f), r.node(f + 1), r.carried(f), t);
        failedAt[r.node(f)]++;
    }

    /** Moves every hop's amount, pays the forwarding nodes, records the success. */
    private void settle(Payment p) {
        final PaymentRouter r = router;
        final int h = r.hops();
        final int sender = p.sender();
        final double t = p.timeS();
        for (int i = 0; i < h; i++) {
            final int e = hopEnd[i];
            final long a = r.carried(i);
            balances.transfer(e >> 1, e & 1, a);
            mc.recordSuccess(sender, r.node(i), r.node(i + 1), a, t);
            if (i > 0) {
                final int v = r.node(i);
                earnedMsat[v] += r.fee(i);
                forwards[v]++;
                forwardedMsat[v] += a;
            }
        }
        succeeded++;
        succeededMsat += p.amountMsat();
        feesPaidMsat += r.feeMsat();
    }

    // ---- the current attempt, for listeners --------------------------------------------------

    /** The payment being made (or the last one made). */
    public Payment currentPayment() {
        return current;
    }

    /** The current payment's number, from 1. */
    public long paymentNumber() {
        return payments;
    }

    /** The current attempt's number, from 1. */
    public int attemptNumber() {
        return attempt;
    }

    /** How the current attempt ended. */
    public Outcome outcome() {
        return outcome;
    }

    /** The current attempt's hops (0 for {@link Outcome#NOROUTE}). */
    public int attemptHops() {
        return outcome == Outcome.NOROUTE ? 0 : router.hops();
    }

    /** Node {@code i} of the current attempt's route, 0 the sender. */
    public int attemptNode(int i) {
        return router.node(i);
    }

    /** The current attempt's route fees, what the sender pays on success, msat. */
    public long attemptFeeMsat() {
        return router.feeMsat();
    }

    /** The node that could not forward in the current attempt, or -1. */
    public int failNode() {
        return outcome == Outcome.FAIL ? router.node(failIndex) : -1;
    }

    // ---- totals ---------------------------------------------------------------------------------

    /** Payments made so far. */
    public long payments() {
        return payments;
    }

    /** Payments that arrived. */
    public long succeeded() {
        return succeeded;
    }

    /** The amounts of every payment, msat. */
    public long amountMsat() {
        return amountMsat;
    }

    /** The amounts of the payments that arrived, msat. */
    public long succeededMsat() {
        return succeededMsat;
    }

    /** Attempts made, those that found no route included. */
    public long attempts() {
        return attempts;
    }

    /** The fees senders paid on the payments that arrived, msat. */
    public long feesPaidMsat() {
        return feesPaidMsat;
    }

    /** The fees node {@code v} earned forwarding, msat. */
    public long feeIncomeMsat(int v) {
        return earnedMsat[v];
    }

    /** The payments node {@code v} forwarded (it was on the route as neither sender nor receiver). */
    public long forwarded(int v) {
        return forwards[v];
    }

    /** The amounts node {@code v} forwarded (what it sent on), msat. */
    public long forwardedMsat(int v) {
        return forwardedMsat[v];
    }

    /** The attempts that failed at node {@code v} (it could not forward). */
    public long failedAt(int v) {
        return failedAt[v];
    }

    /** Payments whose first route passed new node X (0 without X). */
    public long firstAttemptThroughX() {
        return firstAttemptThroughX;
    }

    /** New node X's own payments made (X as the sender). */
    public long ownPayments() {
        return ownPayments;
    }

    /** X's own payments that arrived. */
    public long ownSucceeded() {
        return ownSucceeded;
    }

    /** The attempts X's own payments took, those that found no route included. */
    public long ownAttempts() {
        return ownAttempts;
    }

    /** The fees X paid on its own payments that arrived, msat. */
    public long ownFeesMsat() {
        return ownFeesMsat;
    }

    /** New node X's index, or -1. */
    public int newNode() {
        return x;
    }

    /** The balances, as they stand. */
    public Balances balances() {
        return balances;
    }

    /** The senders' mission control. */
    public MissionControl missionControl() {
        return mc;
    }

    /** The simulated graph. */
    public CsrGraph graph() {
        return g;
    }
}
