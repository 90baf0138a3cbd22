package org.lnautopilot.routing;

import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.graph.CsrGraph;

/**
 * lnd's route rules, one place to check them against lnd's sources (routing/pathfind.go,
 * unified_edges.go, probability_apriori.go): which channels between two nodes form the edge a
 * payment can take and what it costs, what label a hop makes, how two labels compare, and the
 * sender's own first hop. {@link RouteSearch} is the search that applies them (lnd's
 * {@code findPath} loop, with the speed-ups that leave its answer unchanged), and
 * {@link NewNodeStop} the early stop for a new node X; neither decides a route rule of its own.
 *
 * <h2>The rules, as pathfind.go and unified_edges.go state them</h2>
 * <ol>
 * <li><b>Unified edge</b> ({@link #unify}, lnd's {@code unifiedEdge.getEdgeNetwork}): among the
 *     parallel channels u -> v enabled in u's direction whose HTLC range and capacity (when known:
 *     0 means unknown and is not checked) hold the amount, the edge charges the highest fee on the
 *     amount, the longest time lock, and has the largest capacity for its probability. X's new
 *     channels ({@link #unifyVirtual}) follow the same rule with their fixed policies.</li>
 * <li><b>The sender's own channels</b> ({@link #unifyLocal}, {@code getEdgeLocal}): enabled in the
 *     sender's direction (its owner disables a direction when the link is down, and lnd's bandwidth
 *     hint is then 0), in HTLC range, and of the largest bandwidth: the capacity without balances
 *     (part 3), the spendable local balance with them (part 4, {@link SenderState}). Such a hop
 *     has no fee, no time lock and probability {@code localProbability} (0.95,
 *     {@code prevSuccessProbability}; {@link #localLabel}).</li>
 * <li><b>Hop probability</b> ({@link #hopProbability}, probability_apriori.go): the a-priori
 *     probability times lnd's capacity factor of the amount against the capacity (the maximum
 *     HTLC where the capacity is unknown, {@link RouteGraph#factorCapacityMsat}). A sender with
 *     history uses its mission control's pair probability instead ({@link RouteSearch}'s relax).</li>
 * <li><b>Edge weight and label</b> ({@link #extendAt}, {@code findPath}'s {@code processEdge}):
 *     amount {@code a + fee}, weight {@code w + fee + a * timeLock * risk / 10^9}
 *     ({@link #lockPenalty}), probability multiplied, time lock added; dropped past the CLTV limit
 *     or below the minimum route probability.</li>
 * <li><b>Distance and order</b> ({@link #distance}, {@code getProbabilityBasedDist}):
 *     {@code (long) (weight + attemptCost / probability)}; a label replaces another only when its
 *     distance is lower, or equal with a higher probability ({@link #better}).</li>
 * </ol>
 *
 * <p>Per search it holds the amount's attempt cost, the usable directions and the sender
 * ({@link #begin}); per call the unified edge ({@link #uFound} and its neighbours), the extended
 * label ({@link #extAmt} and its neighbours) and the sender's label ({@link #offerDist}). Every
 * method is O(1) or O(parallel channels); no allocation. One instance per {@link RouteSearch}:
 * not thread-safe.
 */
final class PathfindRules {
    /** A distance no label reaches. */
    static final long INFINITY = Long.MAX_VALUE;
    /** No amount can exceed 21 million BTC in msat; a label beyond it is not offered. */
    static final long MAX_MSAT = 21_000_000L * 100_000_000L * 1000L;

    private final LndRouteChoice p;
    private final RouteGraph rg;
    private final CsrGraph g;
    private final int[] inEnd;

    /** The current search's attempt cost: lnd's {@code attemptCost + amount * attemptCostPPM / 10^6}. */
    private double attemptCost;
    /** The usable directions of the current search's amount ({@link RouteGraph.Usable}). */
    private int[] usableRow;
    private int[] usableChan;
    private long[] usableCap;
    private long[] usableMax;
    /** The current search's sender (part 4), or null: capacities are the bandwidth. */
    private SenderState sender;

    // The unified edge of the last unify call.
    boolean uFound;
    long uFee;
    int uLock;
    long uCap;
    /** The channel taken: c >= 0, or -1 - j for X's channel j. */
    int uChan;

    PathfindRules(LndRouteChoice p, RouteGraph rg) {
        this.p = p;
        this.rg = rg;
        this.g = rg.g;
        this.inEnd = rg.in.end;
    }

    /**
     * Starts a search for {@code amountMsat}: its attempt cost, the directions that can carry it,
     * and the sender's state (null without). O(1).
     */
    void begin(long amountMsat, RouteGraph.Usable usable, SenderState state) {
        attemptCost = (double) (p.attemptCostMsat + amountMsat * p.attemptCostPpm / 1_000_000L);
        usableRow = usable.row;
        usableChan = usable.chan;
        usableCap = usable.capMsat;
        usableMax = usable.maxHtlc;
        sender = state;
    }

    /** Forgets the sender of a {@link RouteSearch#searchFor} that has ended. O(1). */
    void clearSender() {
        sender = null;
    }

    /** The current search's attempt cost. */
    double attemptCost() {
        return attemptCost;
    }

    /** Network edge over the usable directions {@code k..kk)} (one node u into v) for amount {@code a}. */
    void unify(int k, int kk, long a) {
        final CsrGraph gr = g;
        final int[] rows = usableRow;
        final long[] caps = usableCap;
        final long[] maxs = usableMax;
        uFound = false;
        long bestFee = Long.MIN_VALUE;
        int maxLock = 0;
        long maxCap = 0;
        for (int j = k; j < kk; j++) {
            final int r = rows[j]; // a usable direction: it has a policy and is enabled
            final long cap = caps[j];
            if (!inRange(a, cap, maxs[j], gr.rowMinHtlcMsat(r))) {
                continue;
            }
            maxCap = Math.max(maxCap, cap);
            maxLock = Math.max(maxLock, gr.rowTimeLockDelta(r));
            final long f = ChannelPolicy.fee(gr.rowBaseFeeMsat(r), gr.rowFeeRatePpm(r), a);
            if (f < bestFee) {
                continue;
            }
            bestFee = f;
            uChan = usableChan[j];
            uFound = true;
        }
        uFee = bestFee;
        uLock = maxLock;
        uCap = maxCap;
    }

    /** X's virtual channels {@code j..jj)}: X -> peer ({@code fromX}) or peer -> X. */
    void unifyVirtual(int j, int jj, long a, boolean fromX) {
        final RouteGraph r = rg;
        uFound = false;
        long bestFee = Long.MIN_VALUE;
        int maxLock = 0;
        long maxCap = 0;
        for (int i = j; i < jj; i++) {
            final long cap = r.capMsat[i];
            if (!inRange(a, cap, cap, RouteGraph.NEW_CHANNEL_MIN_HTLC_MSAT)) {
                continue;
            }
            final int lock = fromX ? r.xLock : r.peerLock[i];
            maxCap = Math.max(maxCap, cap);
            maxLock = Math.max(maxLock, lock);
            final long f = fromX ? ChannelPolicy.fee(r.xBase, r.xRate, a)
                    : ChannelPolicy.fee(r.peerBase[i], r.peerRate[i], a);
            if (f < bestFee) {
                continue;
            }
            bestFee = f;
            uChan = -1 - i;
            uFound = true;
        }
        uFee = bestFee;
        uLock = maxLock;
        uCap = maxCap;
    }

    /**
     * The sender's own channels among {@code inEnd[k..kk) ^ flip} (flip 0: the directions u -> v into
     * the pivot, u the sender; flip 1: their reverse, the sender's channels to one neighbour):
     * enabled in the sender's direction (one its owner disabled means the link is down, and a live
     * lnd's bandwidth hint is then 0), the largest capacity that holds a (lnd's bandwidth). With a
     * {@link #sender} (part 4), {@link #senderBandwidth} instead.
     */
    void unifyLocal(int k, int kk, long a, int flip) {
        final CsrGraph gr = g;
        uFound = false;
        long best = -1;
        for (int i = k; i < kk; i++) {
            final int e = inEnd[i] ^ flip;
            final int r = gr.policyRow(e);
            if (r < 0 || gr.rowDisabled(r)) {
                continue;
            }
            final long bandwidth;
            if (sender != null) {
                bandwidth = senderBandwidth(e, r, a);
                if (bandwidth < 0) {
                    continue;
                }
            } else {
                final long cap = gr.capacitySat(e >> 1) * 1000;
                if (!inRange(a, cap, gr.maxHtlcMsat(e), gr.rowMinHtlcMsat(r))) {
                    continue;
                }
                bandwidth = cap > 0 ? cap : Long.MAX_VALUE;
            }
            if (bandwidth < best) {
                continue;
            }
            best = bandwidth;
            uChan = e >> 1;
            uFound = true;
        }
    }

    /**
     * The sender's (part 4) bandwidth on its own enabled end {@code e} (policy row r) for amount a:
     * lnd's bandwidth hint, the local balance it can spend, when the HTLC range holds a and the
     * balance covers it; else -1. O(1).
     */
    private long senderBandwidth(int e, int r, long a) {
        if (!htlcRangeHolds(g, e, r, a)) {
            return -1;
        }
        final long b = sender.bandwidthMsat(e >> 1, e & 1);
        return b >= a ? b : -1;
    }

    /** Whether end e's HTLC range (policy row r) holds a: lnd's {@code amtInRange} without the capacity. O(1). */
    static boolean htlcRangeHolds(CsrGraph g, int e, int r, long a) {
        return a <= g.maxHtlcMsat(e) && a >= g.rowMinHtlcMsat(r);
    }

    /**
     * The sender's own new channels {@code j..jj)} (X -> peer when {@code xSide}, else peer -> X):
     * the largest capacity that holds a, or with a {@link #sender} the largest local balance.
     */
    void unifyLocalVirtual(int j, int jj, long a, boolean xSide) {
        final RouteGraph r = rg;
        uFound = false;
        long best = -1;
        for (int i = j; i < jj; i++) {
            final long cap = r.capMsat[i];
            if (!inRange(a, cap, cap, RouteGraph.NEW_CHANNEL_MIN_HTLC_MSAT)) {
                continue;
            }
            final long bandwidth = sender != null ? sender.newChannelBandwidthMsat(i, xSide) : cap > 0 ? cap : Long.MAX_VALUE;
            if (bandwidth < best || sender != null && bandwidth < a) {
                continue;
            }
            best = bandwidth;
            uChan = -1 - i;
            uFound = true;
        }
    }

    /** lnd's {@code amtInRange}: the capacity (when known), the maximum and the minimum HTLC hold a. */
    private static boolean inRange(long a, long capMsat, long maxHtlc, long minHtlc) {
        return !(capMsat > 0 && a > capMsat) && a <= maxHtlc && a >= minHtlc;
    }

    // ---- labels -----------------------------------------------------------------------------------

    // ---- labels (pathfind.go's processEdge; probability_apriori.go) ------------------------------

    /** The label of the last successful {@link #extend}. */
    long extAmt;
    long extWeight;
    double extProb;
    int extLock;

    /**
     * The label "a node forwards, charging {@code f} with time lock {@code timeLock} over a channel of
     * {@code capMsat}, to a node of label (a, w, pv, lockV)": amount {@code a + f}, weight
     * {@code w + f + a * timeLock * risk / 10^9}, probability {@code pv * apriori * capacityFactor},
     * time lock {@code lockV + timeLock}, into {@link #extAmt} and its neighbours. False when lnd would
     * not offer it (probability 0 or below the minimum, past the CLTV limit, an amount past 21 million
     * BTC). The caller checks the hop count and the HTLC range. The one rule both the search and
     * {@link ForwardGains}' what-if labels use. O(1).
     */
    boolean extend(long a, long w, double pv, int lockV, long f, int timeLock, long capMsat) {
        return extendAt(a, w, pv, lockV, f, timeLock, hopProbability(a, capMsat));
    }

    /** lnd's a-priori probability of a hop carrying {@code a} over a channel of {@code capMsat}. */
    double hopProbability(long a, long capMsat) {
        if (capMsat == 0 || a <= capMsat / 25 * 2) {
            return p.aprioriHopProbability * p.capacityFactor(a, capMsat); // no exponential there
        }
        return p.aprioriHopProbability * memoFactor(a, capMsat);
    }

    /**
     * A direct-mapped memo of capacity factors, keyed by capacity and amount (0: empty; the memo only
     * sees positive capacities and amounts).
     */
    private final long[] memoCap = new long[64];
    private final long[] memoAmt = new long[64];
    private final double[] memoFactor = new double[64];

    /**
     * {@link LndRouteChoice#capacityFactor} through a 64-entry memo: a pivot offers one amount over all
     * its channels, and capacities repeat (round sizes), so most of its exponentials
     * ({@link StrictMath#exp}, the dearest step of an offer) are already known. Slots are chosen by
     * capacity and hold their amount, so a new amount needs no clearing. The same values. O(1).
     */
    private double memoFactor(long a, long capMsat) {
        final int i = (int) ((capMsat * 0x9E3779B97F4A7C15L) >>> 58);
        if (memoCap[i] == capMsat && memoAmt[i] == a) {
            return memoFactor[i];
        }
        final double f = p.capacityFactor(a, capMsat);
        memoCap[i] = capMsat;
        memoAmt[i] = a;
        memoFactor[i] = f;
        return f;
    }

    /**
     * lnd's offer "u forwards to v" over the last unified edge ({@link #unify}, {@link #unifyVirtual})
     * from v's label (a, w, pv, lockV): the hop's a-priori probability ({@link #hopProbability}), or
     * where {@code history} (the sender holds pair results from u) mission control's pair probability
     * for it, then {@link #extendAt} with the edge's fee and time lock. pathfind.go's
     * {@code processEdge} as the search and {@link NewNodeShadow} both apply it. O(1).
     */
    boolean extendOver(int u, int v, long a, long w, double pv, int lockV, boolean history) {
        double edgeProb = hopProbability(a, uCap);
        if (history) {
            edgeProb = sender.pairProbability(u, v, a, edgeProb);
        }
        return extendAt(a, w, pv, lockV, uFee, uLock, edgeProb);
    }

    /** {@link #extend} with the hop's probability given ({@link #hopProbability}), for callers that reuse it. */
    boolean extendAt(long a, long w, double pv, int lockV, long f, int timeLock, double edgeProb) {
        final LndRouteChoice c = p;
        if (edgeProb == 0 || f > MAX_MSAT - a) {
            return false;
        }
        final int lock = lockV + timeLock;
        if (lock > c.cltvLimit) {
            return false;
        }
        final double pr = pv * edgeProb;
        if (pr < c.minProbability) {
            return false;
        }
        extAmt = a + f;
        extWeight = w + f + lockPenalty(a, timeLock, c.riskFactorBillionths);
        extProb = pr;
        extLock = lock;
        return true;
    }

    /** lnd's distance of a label of weight w and probability pr in the current search. */
    long distance(long w, double pr) {
        return distance(w, pr, attemptCost);
    }

    /** lnd's {@code amtInRange} for X's new channels (minimum HTLC 1,000 msat, maximum the capacity). */
    static boolean newChannelHolds(long a, long capMsat) {
        return inRange(a, capMsat, capMsat, RouteGraph.NEW_CHANNEL_MIN_HTLC_MSAT);
    }

    /** lnd's {@code getProbabilityBasedDist}: {@code (long) (weight + cost / probability)}, capped. */
    static long distance(long w, double pr, double cost) {
        if (pr == 0) {
            return INFINITY;
        }
        return distanceOf(w, cost / pr);
    }

    /** {@link #distance} with {@code cost / probability} given, for callers that reuse it over many weights. */
    static long distanceOf(long w, double costOverProb) {
        final double d = (double) w + costOverProb;
        return d > 9e18 ? INFINITY : (long) d;
    }

    /** The current search's attempt cost over {@code pr} (positive), for {@link #distanceOf}. */
    double costOver(double pr) {
        return attemptCost / pr;
    }

    /** {@code a * timeLock * risk / 10^9} in integer arithmetic, exact for every a (lnd's int64 wraps past 9.4e12 msat). */
    static long lockPenalty(long a, int timeLock, long risk) {
        final long k = timeLock * risk;
        if (a < 9_000_000_000_000L) {
            return a * k / 1_000_000_000L;
        }
        return (a / 1_000_000_000L) * k + (a % 1_000_000_000L) * k / 1_000_000_000L;
    }

    // ---- the sender -------------------------------------------------------------------------------


    // ---- the sender's own hop (pathfind.go: a local edge has no fee and probability 0.95) ---------

    /** The last {@link #localLabel}'s distance and probability. */
    long offerDist;
    double offerProb;

    /**
     * The sender's label over its own channel to a node of label (w, pv, hops), given the channel
     * holds the node's amount: probability {@code pv * 0.95}, weight w, one hop more. Sets
     * {@link #offerDist} and {@link #offerProb}; false when lnd would drop it (below the minimum
     * probability, or too many hops). O(1).
     */
    boolean localLabel(long w, double pv, int hops) {
        final LndRouteChoice c = p;
        final double pr = pv * c.localProbability;
        if (pr < c.minProbability || hops >= c.maxHops) {
            return false;
        }
        offerDist = distance(w, pr, attemptCost);
        offerProb = pr;
        return true;
    }

    /**
     * lnd's order of labels: one of distance d and probability pr replaces one of (cur, curPr) only
     * when its distance is lower, or equal with a higher probability. O(1).
     */
    static boolean better(long d, double pr, long cur, double curPr) {
        return d < cur || d == cur && pr > curPr;
    }
}
