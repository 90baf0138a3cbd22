package org.lnautopilot.simulation;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.graph.Progress;
import org.lnautopilot.graph.Workers;
import org.lnautopilot.routing.LndRouteChoice;
import org.lnautopilot.routing.NewNodeShadow;
import org.lnautopilot.routing.PaymentRouter;

/**
 * Many peer sets' runs ({@link NewNodeSimulation#runAll}) on the same payments and the same network
 * balances, made as one run of the network without X that each peer set leaves when its X first
 * matters. Until X changes a route, a run with X makes exactly the attempts of the run without it
 * (X forwards nothing, so no balance or result differs), so one run serves every peer set up to
 * there; a peer set whose X most senders never meet (most random picks: on mainnet-2024, seven of
 * eight random peer sets changed no route in 30,000 payments) costs almost nothing of its own.
 *
 * <p>After each route search of the run without X, each peer set still on it asks its
 * {@link NewNodeShadow} whether X could have changed that search's answer. At the first "may",
 * the peer set forks ({@link PaymentSimulator#fork}: the balances with X's channels at their start,
 * a copy of mission control, the totals) and goes on alone from that attempt, on a worker thread.
 * The run without X stops once no peer set is left on it. A peer set that never forks gets the run
 * without X's totals and zeros for X. A shadow's "no" is exact, so every result equals the run made
 * alone ({@link NewNodeSimulation#run}); tests compare the two.
 *
 * <p>Cost: one run without X up to the last fork, with O(k) per search and peer set on it, plus
 * each fork's copy (O(m + n + mission control's pairs)) and its own run from there. Memory: a fork
 * waiting for a thread holds its copy; at most {@link #MAX_WAITING_PER_THREAD} per thread wait, the
 * shared run's thread running one whenever more do. Deterministic whatever the thread count.
 */
final class ForkingRuns {
    private ForkingRuns() {
    }

    /**
     * Whether {@code settings} describe the same network run (payments, amount, rate, prior and
     * seed; no own payments of X, which X makes from the start) for every peer set, so that
     * {@link #run} can serve them.
     */
    static boolean applies(GraphOverlay[] xs, NewNodeSimulation.Settings[] settings) {
        if (xs.length < 2) {
            return false;
        }
        final NewNodeSimulation.Settings s0 = settings[0];
        final CsrGraph g = xs[0].base();
        for (int i = 0; i < xs.length; i++) {
            final NewNodeSimulation.Settings s = settings[i];
            if (xs[i].base() != g || s.ownPayments() != 0 || s.payments() != s0.payments()
                    || s.amountMsat() != s0.amountMsat() || s.ratePerHour() != s0.ratePerHour()
                    || s.prior() != s0.prior() || s.seed() != s0.seed()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The forks that may wait per thread before the shared run's thread runs one itself: each holds
     * a copy of the balances and mission control (tens of MB late in a run on mainnet-2024).
     */
    static final int MAX_WAITING_PER_THREAD = 4;

    /** A fork waiting for a thread: the peer set's index, its run, and the next payment to make after the current. */
    private record Fork(int index, PaymentSimulator sim, int nextPayment) {
    }

    /**
     * The results of every peer set, as {@link NewNodeSimulation#run} gives them one by one.
     *
     * @throws IllegalArgumentException if {@link #applies} is false for them
     */
    static NewNodeSimulation.Result[] run(GraphOverlay[] xs, NewNodeSimulation.Settings[] settings, int threads,
            Progress progress) {
        return run(xs, settings, threads, progress, null);
    }

    /**
     * As {@link #run(GraphOverlay[], NewNodeSimulation.Settings[], int, Progress)}, telling in
     * {@code forkedAt} (one per peer set, or null) the payment, from 1, at which each peer set left
     * the run without X, or 0 when it never did.
     */
    static NewNodeSimulation.Result[] run(GraphOverlay[] xs, NewNodeSimulation.Settings[] settings, int threads,
            Progress progress, long[] forkedAt) {
        if (!applies(xs, settings)) {
            throw new IllegalArgumentException("the runs do not share their network's payments and balances");
        }
        final CsrGraph g = xs[0].base();
        final NewNodeSimulation.Settings s0 = settings[0];
        final int count = Math.toIntExact(s0.payments());
        final Payment[] payments = new Payment[count];
        final PoissonPayments stream = NewNodeSimulation.payments(g, null, s0);
        for (int i = 0; i < count; i++) {
            payments[i] = stream.next();
        }
        final LndRouteChoice choice = new LndRouteChoice();
        final PaymentSimulator base = new PaymentSimulator(g, null, NewNodeSimulation.balances(g, null, s0), choice,
                new MissionControl());
        final int k = xs.length;
        final Balances[] start = new Balances[k];
        final NewNodeShadow[] shadows = new NewNodeShadow[k];
        final SenderView[] views = new SenderView[k];
        for (int i = 0; i < k; i++) {
            start[i] = NewNodeSimulation.balances(g, xs[i], settings[i]);
            shadows[i] = new NewNodeShadow(choice, xs[i], base.router());
            views[i] = new SenderView(base.missionControl(), base.balances(), start[i], g.channelCount());
        }
        final PaymentRouter[] routers = new PaymentRouter[k]; // each peer set's own, made at its first alarm
        final NewNodeSimulation.Result[] out = new NewNodeSimulation.Result[k];
        final LinkedBlockingQueue<Fork> forks = new LinkedBlockingQueue<>();
        final int[] live = new int[k]; // the peer sets still on the run without X, in index order
        for (int i = 0; i < k; i++) {
            live[i] = i;
        }
        final int[] liveCount = {k};
        final int[] made = {0}; // payments the run without X has begun
        base.watch(sim -> {
            final Payment p = sim.currentPayment();
            int kept = 0;
            for (int li = 0, n = liveCount[0]; li < n; li++) {
                final int i = live[li];
                final SenderView view = views[i].at(p.sender(), p.timeS());
                if (shadows[i].mayChange(p.sender(), p.receiver(), p.amountMsat(), view)
                        && !sameRoute(sim.router(), routerWithX(routers, xs, choice, i), p, view)) {
                    forks.add(new Fork(i, sim.fork(xs[i], start[i], choice), made[0]));
                    if (forkedAt != null) {
                        forkedAt[i] = made[0];
                    }
                    routers[i] = null; // its fork has a router of its own
                    shadows[i] = null;
                } else {
                    live[kept++] = i;
                }
            }
            liveCount[0] = kept;
        });
        final long total = (long) count * k;
        final AtomicBoolean baseDone = new AtomicBoolean(); // set after the shared run's last fork is queued
        Workers.run(Math.max(1, threads), w -> (units, stop) -> {
            if (w == 0) {
                final int waitLimit = MAX_WAITING_PER_THREAD * Math.max(1, threads);
                for (int j = 0; j < count && liveCount[0] > 0 && !stop.requested(); j++) {
                    made[0] = j + 1;
                    base.pay(payments[j], AttemptListener.NONE);
                    units.add(liveCount[0]);
                    // Each waiting fork holds a copy of the state: past the limit, this thread runs one.
                    while (forks.size() > waitLimit && !stop.requested()) {
                        final Fork f = forks.poll();
                        if (f != null) {
                            out[f.index()] = finish(f, payments, units, stop);
                        }
                    }
                }
                final NewNodeSimulation.Result alone = NewNodeSimulation.result(base);
                for (int li = 0; li < liveCount[0]; li++) {
                    out[live[li]] = alone;
                }
                baseDone.set(true);
            }
            for (;;) {
                final Fork f;
                try {
                    f = forks.poll(20, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (f == null) {
                    if (baseDone.get() && forks.isEmpty()) {
                        return;
                    }
                    if (stop.requested()) {
                        return;
                    }
                    continue;
                }
                out[f.index()] = finish(f, payments, units, stop);
            }
        }, total, progress == null ? Progress.NONE : progress);
        return out;
    }

    /** Peer set i's router with X, made on first use. */
    private static PaymentRouter routerWithX(PaymentRouter[] routers, GraphOverlay[] xs, LndRouteChoice choice, int i) {
        PaymentRouter r = routers[i];
        if (r == null) {
            r = new PaymentRouter(choice, xs[i]);
            routers[i] = r;
        }
        return r;
    }

    /**
     * Whether the search with X finds the route {@code without} just found for payment p (or none
     * as it did): the same nodes and amounts, so the attempt goes on exactly as without X. One
     * route search.
     */
    private static boolean sameRoute(PaymentRouter without, PaymentRouter with, Payment p, SenderView view) {
        final boolean found = with.find(p.sender(), p.receiver(), p.amountMsat(), view);
        final int h = without.hops();
        if (found != (h > 0) || with.hops() != h) {
            return false;
        }
        for (int i = 0; i < h; i++) {
            if (with.node(i + 1) != without.node(i + 1) || with.carried(i) != without.carried(i)) {
                return false;
            }
        }
        return true;
    }

    /** A fork's run: the rest of its current payment, then every later one. */
    private static NewNodeSimulation.Result finish(Fork f, Payment[] payments, Workers.Units units, Workers.Stop stop) {
        final PaymentSimulator sim = f.sim();
        sim.resume(AttemptListener.NONE);
        long done = 1;
        for (int j = f.nextPayment(); j < payments.length && !stop.requested(); j++) {
            sim.pay(payments[j], AttemptListener.NONE);
            if (++done == 1000) {
                units.add(done);
                done = 0;
            }
        }
        units.add(done);
        return NewNodeSimulation.result(sim);
    }
}
