package org.lnautopilot.routing;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.Workers;

/**
 * The engine of {@code greedy_reach}: how much a new channel to each candidate would raise a node
 * X's own success (the mean probability of its route to receivers drawn by capacity), evaluated for
 * every candidate at once.
 *
 * <p>lnd's search for X's own payment never expands X (the search stops when it pops the source),
 * so X's route to t is the best, by lnd's ranking, of X's channels extended by the labels of the
 * route tree towards t in the graph <em>without</em> X: one tree per receiver serves every candidate
 * peer. For each receiver the engine keeps X's best offer so far (over its channels already in the
 * graph and those picked); a candidate c gains {@code w_t (p_c - p_best)} where its offer over a
 * new channel to c beats it. A pass runs the trees of all receivers (in parallel) and first applies
 * the previous pick, so k picks cost k passes.
 *
 * <p>Receivers: every node of positive capacity with its weight (exact), or a sample drawn by
 * capacity with equal weights. Cost per pass: R route trees plus O(R n) candidate offers. Not
 * thread-safe (one greedy run).
 */
public final class OwnRouteGains {
    private final LndRouteChoice choice;
    private final RouteGraph rg;
    private final long amountMsat;
    private final long capMsat;
    private final int self;
    private final int[] receivers;
    private final double[] weights;
    private final int threads;
    // X's best offer per receiver.
    private final long[] bestDist;
    private final double[] bestProb;
    private final long[] bestFee;
    private final boolean[] reached;
    private int lastPick = -1;
    private boolean started;

    /**
     * @param self       X's index when it is in the graph (its channels there count), else -1
     * @param receivers  receiver indexes
     * @param weights    their weights (capacity for all receivers; equal for a sample drawn by capacity)
     * @param chanCapSat the capacity of each new channel
     */
    public OwnRouteGains(LndRouteChoice choice, CsrGraph g, long amountMsat, long chanCapSat, int self,
            int[] receivers, double[] weights, int threads) {
        this.choice = Objects.requireNonNull(choice, "choice");
        LndRouteChoice.checkAmount(amountMsat);
        if (!g.hasPolicies()) {
            throw new IllegalArgumentException("the graph has no channel policies, so payments cannot be routed on it");
        }
        if (receivers.length != weights.length || threads < 1) {
            throw new IllegalArgumentException("one weight per receiver and at least one thread");
        }
        this.rg = new RouteGraph(g);
        this.amountMsat = amountMsat;
        this.capMsat = chanCapSat * 1000;
        this.self = self;
        this.receivers = receivers.clone();
        this.weights = weights.clone();
        this.threads = threads;
        final int r = receivers.length;
        bestDist = new long[r];
        bestProb = new double[r];
        bestFee = new long[r];
        reached = new boolean[r];
    }

    /** Every receiver of positive capacity, weighted by its capacity (exact). O(n + e). */
    public static OwnRouteGains everyReceiver(LndRouteChoice choice, CsrGraph g, long amountMsat, long chanCapSat,
            int self, int threads) {
        final Demand d = Demand.byCapacity(g);
        final int[] t = new int[d.positiveCount()];
        final double[] w = new double[t.length];
        for (int i = 0, k = 0; i < d.nodeCount(); i++) {
            if (d.weight(i) > 0 && i != self) {
                t[k] = i;
                w[k++] = d.weight(i);
            }
        }
        final int m = self >= 0 && d.weight(self) > 0 ? t.length - 1 : t.length;
        return new OwnRouteGains(choice, g, amountMsat, chanCapSat, self, java.util.Arrays.copyOf(t, m),
                java.util.Arrays.copyOf(w, m), threads);
    }

    /** X is now joined to {@code c}: the next pass applies it before it evaluates. */
    public void connect(int c) {
        lastPick = c;
    }

    /**
     * One pass: the candidate among {@code eligible} whose new channel most raises X's own success,
     * ties to the lower added fee; -1 when no candidate raises it. Fills {@code gain} (per node, the
     * rise of own success, 0 for the ineligible) when it is not null.
     */
    public int bestCandidate(boolean[] eligible, double[] gain) {
        return bestCandidate(eligible, gain, org.lnautopilot.graph.Progress.NONE);
    }

    /** As {@link #bestCandidate(boolean[], double[])}, reporting the pass's trees to {@code progress}. */
    public int bestCandidate(boolean[] eligible, double[] gain, org.lnautopilot.graph.Progress progress) {
        final int n = rg.n;
        final AtomicInteger next = new AtomicInteger();
        final double[][] gains = new double[threads][];
        final double[][] fees = new double[threads][];
        final int pick = lastPick;
        final boolean first = !started;
        started = true;
        final int blocks = Math.max(1, Math.min(receivers.length, 64 * threads));
        Workers.run(threads, w -> (done, stop) -> {
            final RouteSearch s = choice.newSearch(rg);
            final double[] gp = new double[n];
            final double[] gf = new double[n];
            gains[w] = gp;
            fees[w] = gf;
            for (int b; !stop.requested() && (b = next.getAndIncrement()) < blocks; ) {
                final int from = (int) ((long) receivers.length * b / blocks);
                final int to = (int) ((long) receivers.length * (b + 1) / blocks);
                for (int r = from; r < to; r++) {
                    pass(s, r, first, pick, eligible, gp, gf);
                }
                done.add(to - from);
            }
        }, receivers.length, progress);
        int best = -1;
        double bestGain = 0;
        double bestFeeGain = 0;
        for (int c = 0; c < n; c++) {
            double g = 0;
            double f = 0;
            for (int w = 0; w < threads; w++) {
                if (gains[w] != null) {
                    g += gains[w][c];
                    f += fees[w][c];
                }
            }
            if (gain != null) {
                gain[c] = g;
            }
            if (g > bestGain || g == bestGain && g > 0 && f < bestFeeGain) {
                best = c;
                bestGain = g;
                bestFeeGain = f;
            }
        }
        return best;
    }

    /** Receiver r's tree: apply the last pick (or X's own channels, first), then every candidate's offer. */
    private void pass(RouteSearch s, int r, boolean first, int pick, boolean[] eligible, double[] gp, double[] gf) {
        final int t = receivers[r];
        if (!first && reached[r]) {
            // Only offers below X's best so far gain, so the labels above it are not needed.
            s.searchBelow(t, amountMsat, bestDist[r]);
        } else {
            s.search(t, -1, amountMsat);
        }
        if (first && self >= 0) {
            s.choose(self);
            if (s.chosenHop >= 0) {
                take(r, s.chosenDist, s.chosenProb, s.amt[s.chosenHop] - amountMsat);
            }
        }
        if (pick >= 0 && s.labelled(pick) && s.newChannelLabel(pick, capMsat)) {
            final long d = s.lnd.offerDist;
            final double p = s.lnd.offerProb;
            if (!reached[r] || d < bestDist[r] || d == bestDist[r] && p > bestProb[r]) {
                take(r, d, p, s.amt[pick] - amountMsat);
            }
        }
        final double w = weights[r];
        for (int c = 0, n = rg.n; c < n; c++) {
            if (!eligible[c] || !s.labelled(c) || !s.newChannelLabel(c, capMsat)) {
                continue;
            }
            final long d = s.lnd.offerDist;
            final double p = s.lnd.offerProb;
            if (!reached[r]) {
                gp[c] += w * p;
                gf[c] += w * (s.amt[c] - amountMsat);
            } else if (d < bestDist[r] || d == bestDist[r] && p > bestProb[r]) {
                gp[c] += w * (p - bestProb[r]);
                gf[c] += w * (s.amt[c] - amountMsat - bestFee[r]);
            }
        }
    }

    private void take(int r, long d, double p, long fee) {
        reached[r] = true;
        bestDist[r] = d;
        bestProb[r] = p;
        bestFee[r] = fee;
    }
}
