package org.lnautopilot.routing;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.graph.Progress;
import org.lnautopilot.graph.Workers;
import org.lnautopilot.sample.AliasTable;

/**
 * A new node X's {@link PaymentMetrics}, exact over every receiver or sampled with a stated
 * (epsilon, delta) guarantee. X sits on a {@link GraphOverlay} (its channels, their capacities and
 * X's policy); the demand is {@link Demand#byCapacity} of the graph without X, and X sends and
 * receives nothing itself.
 *
 * <p>The unit of work is a route tree towards one receiver t ({@link RouteSearch}, lnd's backward
 * search): it gives every sender's route at once, so a tree yields, for that t, the weight of the
 * senders whose route forwards through X, X's fee on them, and X's own route to t. The search
 * stops as soon as no later label can change those ({@link RouteSearch#searchForX}, exactly the
 * full tree's answers): on mainnet-2024 at under half a full tree's cost, on a Barabasi-Albert
 * graph of 10^6 nodes after about 2.5% of the nodes on average (the receivers X forwards to, about
 * 1 in 75, need almost all). A tree costs at most O((n + e) log n) plus O(e) for the senders.
 *
 * <p>Thread-safe: every call uses its own search arrays, O(n) per thread.
 */
public final class PaymentEvaluator {
    private final LndRouteChoice choice;

    /** Metrics under {@code choice}'s route choice. */
    public PaymentEvaluator(LndRouteChoice choice) {
        this.choice = Objects.requireNonNull(choice, "choice");
    }

    /** Metrics under lnd's defaults. */
    public PaymentEvaluator() {
        this(new LndRouteChoice());
    }

    /**
     * Every receiver of positive weight: n route trees, split over {@code threads}. Threads change
     * only the summation order (relative 1e-12).
     *
     * @throws IllegalArgumentException if the graph has no policies, X has none, the amount is not
     *                                  positive or {@code threads < 1}
     */
    public PaymentMetrics exact(GraphOverlay x, long amountMsat, int threads, Progress progress) {
        final RouteGraph rg = check(x, amountMsat, threads);
        return exact(rg, Demand.byCapacity(rg.g), amountMsat, threads, progress, 0);
    }

    /** Every receiver; {@code earlier} trees computed before (a pilot) are added to the count. */
    private PaymentMetrics exact(RouteGraph rg, Demand demand, long amountMsat, int threads, Progress progress,
            long earlier) {
        final int n = rg.n;
        final AtomicInteger nextReceiver = new AtomicInteger();
        final Tally[] tallies = new Tally[threads];
        Workers.run(threads, w -> (done, stop) -> {
            final Tally tally = new Tally(choice, rg, demand, amountMsat);
            tallies[w] = tally;
            for (int t; !stop.requested() && (t = nextReceiver.getAndIncrement()) < n; ) {
                final double wt = demand.weight(t);
                if (wt > 0) {
                    tally.tree(t);
                    tally.add(wt * tally.thru, wt * tally.fees, wt * tally.ownProb, wt * tally.ownReached,
                            wt * tally.ownFee);
                }
                done.add(1);
            }
        }, n, progress == null ? Progress.NONE : progress);
        final double[] s = new double[6];
        for (Tally t : tallies) {
            t.sumInto(s);
        }
        final double z = demand.pairWeight();
        final double w = demand.total();
        return new PaymentMetrics(z > 0 ? s[0] / z : 0, z > 0 ? s[1] / z : 0, w > 0 ? s[2] / w : 0,
                s[3] > 0 ? s[4] / s[3] : 0, w > 0 ? s[3] / w : 0, (long) s[5] + earlier, true);
    }

    /** {@link #exact(GraphOverlay, long, int, Progress)} without progress reports. */
    public PaymentMetrics exact(GraphOverlay x, long amountMsat, int threads) {
        return exact(x, amountMsat, threads, Progress.NONE);
    }

    /**
     * Sampled receivers, with {@code P(|routingShare estimate - routingShare| <= epsilon) >= 1 - delta}.
     *
     * <p>Receivers t are drawn by their demand marginal {@code w_t (W - w_t)}; for each, {@code Y_t}
     * = the weight of the senders routed through X over {@code W - w_t}, which lies in [0, 1] and
     * has mean {@code routingShare}. They are drawn in rounds until Chernoff's bound in its
     * Kullback-Leibler form (Hoeffding 1963) puts the mean within epsilon of the sample's, with a
     * union bound over the rounds ({@link PaymentSampleSize}): about {@code 1.3 ln(1/delta) /
     * epsilon} receivers while X's share is below epsilon / 10 (3,820 at epsilon 0.001, delta 0.1),
     * more as its share grows.
     *
     * <p>A tree that has not stopped after {@link #POP_BUDGET} pops (where X forwards, the search
     * must settle X's whole subtree, usually most of the graph) finishes by one sender drawn by
     * weight from those it has not settled ({@code Tally#treeSampled}): its value stays in [0, 1]
     * with mean {@code Y_t}, so the guarantee is the same, at a part of the cost (on ba-1000000
     * about 45% of the time goes instead of about 70%). The estimate below epsilon gets coarser: a
     * receiver whose far senders X serves counts either about 0 or about 1 for them, so a share of
     * 5e-5 reads about 0 in most runs and about 3e-4 in some, both within epsilon as promised.
     * Use a smaller epsilon when the share itself matters; {@link #onReceivers} keeps whole
     * trees. The other metrics use the same trees (the own metrics, exact per tree, reweighted to
     * the receivers' capacity law) and carry no separate guarantee. The same seed and thread count
     * give the same result. When the next round would
     * need at least as many draws as there are receivers, every receiver is evaluated instead
     * ({@link PaymentMetrics#exact()} true; the count includes the draws before).
     *
     * @throws IllegalArgumentException for epsilon or delta outside (0, 1), or as {@link #exact}
     */
    public PaymentMetrics sampled(GraphOverlay x, long amountMsat, double epsilon, double delta, RandomGenerator rng,
            int threads, Progress progress) {
        return sampled(x, amountMsat, epsilon, delta, rng, threads, progress, POP_BUDGET);
    }

    /**
     * The pops after which a sampled tree finishes its routing share by one sampled sender
     * ({@link Tally#treeSampled}): 2^16. Trees stop sooner except where X forwards, where they run
     * to almost every node; on ba-1000000 those are about 1 in 75 receivers and were 60 to 70% of
     * the time, and a cut at 2^16 pops leaves about 40% of their pops to do on average.
     */
    static final int POP_BUDGET = 1 << 16;

    /** {@link #sampled} with the pop budget given (tests make it small). */
    PaymentMetrics sampled(GraphOverlay x, long amountMsat, double epsilon, double delta, RandomGenerator rng,
            int threads, Progress progress, int popBudget) {
        if (!(epsilon > 0 && epsilon < 1) || !(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("epsilon and delta must lie in (0, 1), got " + epsilon + ", " + delta);
        }
        final RouteGraph rg = check(x, amountMsat, threads);
        final Demand demand = Demand.byCapacity(rg.g);
        if (demand.pairWeight() <= 0) {
            return new PaymentMetrics(0, 0, 0, 0, 0, 0, false);
        }
        final Progress pr = progress == null ? Progress.NONE : progress;
        final AliasTable table = demand.receiverTable();
        final AliasTable senders = demand.weightTable();
        final double[] s = new double[6];
        final long drawn = PaymentSampleSize.draw(epsilon, delta, demand.positiveCount(),
                new PaymentSampleSize.Sampler() {
                    @Override
                    public void draw(int count) {
                        final int[] drawn = PaymentEvaluator.draw(table, rng, count);
                        final double[] r = run(rg, demand, drawn, amountMsat, threads, pr,
                                new Cut(popBudget, senders, rng.nextLong()));
                        for (int i = 0; i < s.length; i++) {
                            s[i] += r[i];
                        }
                    }

                    @Override
                    public double sum() {
                        return s[0];
                    }
                });
        if (drawn < 0) {
            return exact(rg, demand, amountMsat, threads, pr, -1 - drawn);
        }
        final double m = drawn;
        return new PaymentMetrics(s[0] / m, s[1] / m, s[2] / m, s[3] > 0 ? s[4] / s[3] : 0, s[3] / m, drawn, false);
    }

    /**
     * The metrics estimated over given receivers, drawn by the demand's receiver marginal
     * ({@link #drawReceivers}): unbiased, with no stated bound. Comparing several new nodes on one
     * draw (common random numbers) makes their differences far tighter than independent draws.
     * One route tree per distinct receiver (a receiver drawn m times counts m times), over {@code threads}.
     *
     * @throws IllegalArgumentException as {@link #exact}, or for an empty or out-of-range receiver
     */
    public PaymentMetrics onReceivers(GraphOverlay x, long amountMsat, int[] receivers, int threads, Progress progress) {
        final RouteGraph rg = check(x, amountMsat, threads);
        if (receivers.length == 0) {
            throw new IllegalArgumentException("no receivers");
        }
        final Demand demand = Demand.byCapacity(rg.g);
        for (int t : receivers) {
            java.util.Objects.checkIndex(t, rg.n);
            if (demand.weight(t) <= 0) {
                throw new IllegalArgumentException("receiver " + t + " has no capacity, so the demand never draws it");
            }
        }
        final double[] s = run(rg, demand, receivers, amountMsat, threads,
                progress == null ? Progress.NONE : progress, null);
        final double m = receivers.length;
        return new PaymentMetrics(s[0] / m, s[1] / m, s[2] / m, s[3] > 0 ? s[4] / s[3] : 0, s[3] / m, receivers.length,
                false);
    }

    /** {@code count} receivers of {@code g} drawn by the demand's receiver marginal {@code w_t (W - w_t)}. O(n + count). */
    public static int[] drawReceivers(CsrGraph g, int count, RandomGenerator rng) {
        return draw(Demand.byCapacity(g).receiverTable(), rng, count);
    }

    private static int[] draw(AliasTable table, RandomGenerator rng, int count) {
        final int[] t = new int[count];
        for (int i = 0; i < count; i++) {
            t[i] = table.sample(rng);
        }
        return t;
    }

    /**
     * How sampled trees end early: after {@code budget} pops, with senders drawn from {@code senders}
     * by a generator seeded from {@code seed} and the receiver's index (so results do not depend
     * on timing).
     */
    private record Cut(int budget, AliasTable senders, long seed) {
    }

    /**
     * Sums over the drawn receivers of Y_t, F_t, and the importance-weighted own metrics. A receiver
     * drawn m times gets one tree, counted m times (with a cut, each of the m copies draws its own
     * sender): draws by capacity repeat the large nodes (on mainnet-2024, 1,000 draws are 337
     * receivers).
     */
    private double[] run(RouteGraph rg, Demand demand, int[] receivers, long amountMsat, int threads,
            Progress progress, Cut cut) {
        final DrawnReceivers d = DrawnReceivers.collapse(receivers, rg.n);
        final int[] distinct = d.nodes;
        final int[] times = d.times;
        final int m = d.size();
        final AtomicInteger next = new AtomicInteger();
        final double w = demand.total();
        final double z = demand.pairWeight();
        // Workers take receivers one at a time (a tree's cost varies a hundredfold: the few receivers
        // X forwards to need almost the whole tree), and each receiver's terms are kept apart and
        // added in receiver order at the end, so that the sums do not depend on timing.
        final double[] terms = new double[5 * m];
        Workers.run(threads, wk -> (done, stop) -> {
            final Tally tally = new Tally(choice, rg, demand, amountMsat);
            for (int i; !stop.requested() && (i = next.getAndIncrement()) < m; ) {
                final int t = distinct[i];
                final double c = times[i];
                final double rest = w - demand.weight(t);
                if (cut == null) {
                    tally.tree(t);
                } else {
                    tally.treeSampled(t, times[i], cut.budget(), cut.senders(),
                            new SplittableRandom(cut.seed() ^ (0x9E3779B97F4A7C15L * (i + 1))));
                }
                // Own metrics: receivers drawn by w_t (W - w_t) / Z, wanted by w_t / W.
                final double r = c * z / (w * rest);
                final int o = 5 * i;
                // treeSampled's thru and fees are sums over the receiver's draws; tree's are one draw's.
                final double k = cut == null ? c : 1;
                terms[o] = k * tally.thru / rest;
                terms[o + 1] = k * tally.fees / rest;
                terms[o + 2] = r * tally.ownProb;
                terms[o + 3] = r * tally.ownReached;
                terms[o + 4] = r * tally.ownFee;
                done.add(1);
            }
        }, m, progress);
        final double[] s = new double[6];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < 5; k++) {
                s[k] += terms[5 * i + k];
            }
        }
        s[5] = m;
        return s;
    }

    private static RouteGraph check(GraphOverlay x, long amountMsat, int threads) {
        Objects.requireNonNull(x, "x");
        LndRouteChoice.checkAmount(amountMsat);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        final CsrGraph g = x.base();
        if (!g.hasPolicies()) {
            throw new IllegalArgumentException("the graph has no channel policies, so payments cannot be routed on it");
        }
        return new RouteGraph(x);
    }

    /** One thread's search and sums (Kahan-free: doubles over at most n terms). */
    static final class Tally {
        final RouteSearch rs;
        final RouteGraph rg;
        final Demand demand;
        final long amount;
        final boolean[] onX;
        final long[] xFee;
        /** Senders to choose for in the current tree, marked with {@link #candidateEpoch}. */
        final int[] candidates;
        final int[] candidateMark;
        int candidateEpoch;
        /** {@link #senders} with poppedOnly: the senders it found routed through X. */
        final int[] via;
        int viaCount;
        // The last tree.
        double thru;
        double fees;
        double ownProb;
        double ownReached;
        double ownFee;
        // Sums over trees.
        double sThru;
        double sFees;
        double sProb;
        double sReached;
        double sFee;
        long trees;

        Tally(LndRouteChoice c, RouteGraph rg, Demand demand, long amount) {
            this.rs = c.newSearch(rg);
            this.rg = rg;
            this.demand = demand;
            this.amount = amount;
            this.onX = new boolean[rg.nodes];
            this.xFee = new long[rg.nodes];
            this.candidates = new int[rg.nodes];
            this.candidateMark = new int[rg.nodes];
            this.via = new int[rg.nodes];
        }

        /** The route tree towards t and what it says about X: {@link #cut} with no budget. */
        void tree(int t) {
            cut(t, Integer.MAX_VALUE);
        }

        /**
         * {@link #tree} for a receiver drawn {@code copies} times, with {@link #thru} and
         * {@link #fees} summed over the copies, each an unbiased value in [0, W - w_t] of the
         * exact one. When the search pauses at {@code budget} pops (it has not stopped: X
         * forwards, and the rest of the tree would be needed), the copies share the exact part over
         * the popped senders, whose choices are final (a sender's choice is never farther than its
         * own label): A, the weight of those routed through X. Each copy then draws one sender s
         * from the others by weight (total {@code W - w_t - A}); if s is unpopped, the search goes
         * on until s's choice is final ({@link RouteSearch#resumeUntilChosen}), and the copy counts
         * {@code A + (W - w_t - A) * [s's route passes X]}. Its mean over s is A plus the weight of
         * the unpopped senders routed through X: the exact value; and it lies in [0, W - w_t], so
         * Chernoff's bound for [0, 1] variables holds for the sample as it does for exact trees.
         * X's own metrics stay exact. Cost: the budget's pops, plus those up to each drawn unpopped
         * sender.
         */
        void treeSampled(int t, int copies, int budget, AliasTable senderTable, SplittableRandom rnd) {
            if (!cut(t, budget)) {
                thru *= copies;
                fees *= copies;
                return;
            }
            double sumThru = 0;
            double sumFees = 0;
            for (int c = 0; c < copies && cutOther <= 0; c++) {
                sumThru += cutThru; // every sender is routed through X, and counted in A
                sumFees += cutFees;
            }
            for (int c = 0; c < copies && cutOther > 0; c++) {
                int u;
                do {
                    u = senderTable.sample(rnd);
                } while (excluded(u));
                sumThru += copyThru(u);
                sumFees += copyFees;
            }
            thru = sumThru;
            fees = sumFees;
            rs.resumeUntilChosen(rg.x);
            own(rg.x);
        }

        // The cut of the last treeSampled: A, its fees, W - w_t - A, and the mark of its senders.
        private int cutTarget;
        double cutThru;
        double cutFees;
        double cutOther;
        private int cutStamp;
        /** {@link #copyThru}'s fee part. */
        double copyFees;

        /**
         * The search towards t paused at {@code budget} pops (true), with A over the popped senders
         * ({@link #treeSampled}); or, when it stopped first, the exact tree (false: {@link #thru},
         * {@link #fees} and the own metrics as {@link #tree}).
         */
        boolean cut(int t, int budget) {
            final RouteSearch s = rs;
            s.searchForX(t, amount, budget);
            final int x = rg.x;
            thru = 0;
            fees = 0;
            viaCount = 0;
            if (s.labelled(x)) {
                senders(t, x, s.paused);
            }
            if (!s.paused) {
                own(x);
                return false;
            }
            cutTarget = t;
            cutThru = thru;
            cutFees = fees;
            cutOther = demand.total() - demand.weight(t) - thru;
            cutStamp = ++candidateEpoch; // candidateMark now marks the popped senders routed through X
            for (int i = 0; i < viaCount; i++) {
                candidateMark[via[i]] = cutStamp;
            }
            return true;
        }

        /** Whether sender u is outside the draw of a copy: the receiver, or counted in A. */
        boolean excluded(int u) {
            return u == cutTarget || candidateMark[u] == cutStamp;
        }

        /**
         * One copy's weight through X with sender u drawn: {@code A + (W - w_t - A) * [u's route
         * passes X]}, and its fees in {@link #copyFees}. Goes on with the search until u's choice is
         * final (at once when u was popped: then its route is known not to pass X).
         */
        double copyThru(int u) {
            final RouteSearch s = rs;
            s.resumeUntilChosen(u);
            final int hop = s.chosenHop;
            if (hop >= 0 && s.descendsFromX(hop)) {
                copyFees = cutFees + cutOther * s.fee[rg.x];
                return cutThru + cutOther;
            }
            copyFees = cutFees;
            return cutThru;
        }

        /** X's own metrics from X's choice in the last tree. */
        private void own(int x) {
            final RouteSearch s = rs;
            s.choose(x);
            final int hop = s.chosenHop;
            if (hop >= 0) {
                ownReached = 1;
                ownProb = s.chosenProb;
                ownFee = s.amt[hop] - amount;
            } else {
                ownReached = 0;
                ownProb = 0;
                ownFee = 0;
            }
        }

        /** Marks the labels whose path passes X (in pop order, so a label's next hop comes first), then every sender. */
        private void senders(int t, int x, boolean poppedOnly) {
            final RouteSearch s = rs;
            final boolean[] on = onX;
            final long[] xf = xFee;
            on[t] = false;
            xf[t] = 0;
            final int[] order = s.order;
            final int[] next = s.next;
            for (int i = 0, m = s.orderSize; i < m; i++) {
                final int v = order[i];
                if (v == x) {
                    on[v] = true;
                    xf[v] = s.fee[v];
                } else {
                    final int nx = next[v];
                    on[v] = on[nx];
                    xf[v] = xf[nx];
                }
            }
            // Only a sender with a neighbour whose path passes X can be routed through X: mark the
            // neighbours of that subtree (usually small) and choose for those senders alone.
            final int stampNow = ++candidateEpoch;
            final int[] cand = candidates;
            final int[] mark = candidateMark;
            int nc = 0;
            final RouteGraph r = rg;
            final int[] off = r.in.off;
            final int[] from = r.in.from;
            for (int i = 0, m = s.orderSize; i < m; i++) {
                final int v = order[i];
                if (!on[v]) {
                    continue;
                }
                if (v == x) {
                    for (int j = 0; j < r.peers.length; j++) {
                        nc = markCandidate(r.peers[j], t, stampNow, mark, cand, nc);
                    }
                    continue;
                }
                for (int k = off[v], end = off[v + 1]; k < end; k++) {
                    nc = markCandidate(from[k], t, stampNow, mark, cand, nc);
                }
            }
            double th = 0;
            double fe = 0;
            final Demand d = demand;
            viaCount = 0;
            for (int i = 0; i < nc; i++) {
                final int v = cand[i];
                final double ws = d.weight(v);
                if (ws <= 0 || poppedOnly && !s.settled(v)) {
                    continue;
                }
                s.choose(v);
                final int hop = s.chosenHop;
                if (hop >= 0 && on[hop] && s.settled(hop)) {
                    th += ws;
                    fe += ws * xf[hop];
                    if (poppedOnly) {
                        via[viaCount++] = v;
                    }
                }
            }
            thru = th;
            fees = fe;
        }

        private static int markCandidate(int u, int t, int stampNow, int[] mark, int[] cand, int nc) {
            if (u != t && mark[u] != stampNow) {
                mark[u] = stampNow;
                cand[nc++] = u;
            }
            return nc;
        }

        void add(double a, double b, double c, double r, double f) {
            sThru += a;
            sFees += b;
            sProb += c;
            sReached += r;
            sFee += f;
            trees++;
        }

        void sumInto(double[] s) {
            s[0] += sThru;
            s[1] += sFees;
            s[2] += sProb;
            s[3] += sReached;
            s[4] += sFee;
            s[5] += trees;
        }
    }
}
