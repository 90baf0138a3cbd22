package org.lnautopilot.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lnautopilot.NodeId;
import org.lnautopilot.ShortChannelId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;

/**
 * Which route lnd's {@code findPath} (routing/pathfind.go) returns for a payment, for a sender with
 * no payment history (mission control empty, the a-priori estimator). API.md part 3 states the
 * rules; {@link RouteSearch} explains the search beside its code.
 *
 * <p>What it models: fees (outbound), time locks weighted by {@link #riskFactorBillionths}, the
 * virtual attempt cost ({@link #attemptCostMsat} plus {@link #attemptCostPpm} of the amount) over
 * the route's success probability, lnd's a-priori hop probability times its capacity factor,
 * 0.95 on the sender's own channel, disabled channels, HTLC limits, parallel channels unified, a
 * minimum route probability, a CLTV limit on the sum of the hops' time locks and a maximum hop
 * count. What it leaves out: payment history (mission control), real channel balances (liquidity),
 * inbound fees, multi-part payments, node features, route hints and blinded paths, and the
 * receiver's final CLTV delta (the limit applies to the forwarding hops' sum).
 *
 * <p>Where lnd computes in wrapping 64-bit arithmetic (a fee rate times an amount past 2^64, a time
 * lock penalty past 2^63), this class computes exactly or treats the channel as unusable; no real
 * policy comes near those values.
 *
 * <p>Immutable and thread-safe: each call uses its own search arrays (O(n) memory, kept per thread
 * for the last graph so that repeated calls allocate nothing).
 */
public final class LndRouteChoice {
    /** lnd's {@code RiskFactorBillionths}. */
    public static final long DEFAULT_RISK_FACTOR_BILLIONTHS = 15;
    /** lnd's {@code DefaultAttemptCost}: 100 sat. */
    public static final long DEFAULT_ATTEMPT_COST_MSAT = 100_000;
    /** lnd's {@code DefaultAttemptCostPPM}. */
    public static final long DEFAULT_ATTEMPT_COST_PPM = 1_000;
    /** lnd's {@code DefaultAprioriHopProbability}. */
    public static final double DEFAULT_APRIORI_HOP_PROBABILITY = 0.6;
    /** lnd's {@code DefaultCapacityFraction}. */
    public static final double DEFAULT_CAPACITY_FRACTION = 0.9999;
    /** lnd's {@code capacitySmearingFraction}. */
    public static final double CAPACITY_SMEARING_FRACTION = 0.025;
    /** lnd's {@code minCapacityFactor}. */
    public static final double MIN_CAPACITY_FACTOR = 0.5;
    /** lnd's {@code prevSuccessProbability}, used for the sender's own channels. */
    public static final double DEFAULT_LOCAL_PROBABILITY = 0.95;
    /** lnd's {@code DefaultMinRouteProbability}. */
    public static final double DEFAULT_MIN_PROBABILITY = 0.01;
    /** lnd's default CLTV limit (the maximum {@code cltv_expiry} a payment may lock up). */
    public static final int DEFAULT_CLTV_LIMIT = 2016;
    /** The most hops an onion carries. */
    public static final int DEFAULT_MAX_HOPS = 20;

    final long riskFactorBillionths;
    final long attemptCostMsat;
    final long attemptCostPpm;
    final double aprioriHopProbability;
    final double capacityFraction;
    final double localProbability;
    final double minProbability;
    final int cltvLimit;
    final int maxHops;

    private final ThreadLocal<RouteSearch[]> searches = ThreadLocal.withInitial(() -> new RouteSearch[1]);

    /** lnd's defaults. */
    public LndRouteChoice() {
        this(DEFAULT_RISK_FACTOR_BILLIONTHS, DEFAULT_ATTEMPT_COST_MSAT, DEFAULT_ATTEMPT_COST_PPM,
                DEFAULT_APRIORI_HOP_PROBABILITY, DEFAULT_CAPACITY_FRACTION, DEFAULT_LOCAL_PROBABILITY,
                DEFAULT_MIN_PROBABILITY, DEFAULT_CLTV_LIMIT, DEFAULT_MAX_HOPS);
    }

    /**
     * Other settings, as lnd's configuration allows (researchers' what-ifs).
     *
     * @param capacityFraction lnd's {@code CapacityFraction}, in [0.75, 1]; 1 disables the capacity factor
     * @throws IllegalArgumentException for a value outside its range
     */
    public LndRouteChoice(long riskFactorBillionths, long attemptCostMsat, long attemptCostPpm,
            double aprioriHopProbability, double capacityFraction, double localProbability, double minProbability,
            int cltvLimit, int maxHops) {
        if (riskFactorBillionths < 0 || riskFactorBillionths > 1_000_000) {
            throw new IllegalArgumentException("risk factor " + riskFactorBillionths + " outside [0, 10^6]");
        }
        if (attemptCostMsat < 0 || attemptCostPpm < 0 || attemptCostPpm > 1_000_000) {
            throw new IllegalArgumentException("attempt cost must be >= 0 and its ppm in [0, 10^6]");
        }
        if (!(aprioriHopProbability > 0 && aprioriHopProbability <= 1) || !(localProbability > 0
                && localProbability <= 1) || !(minProbability >= 0 && minProbability <= 1)) {
            throw new IllegalArgumentException("probabilities must lie in (0, 1] (the minimum in [0, 1])");
        }
        if (!(capacityFraction >= 0.75 && capacityFraction <= 1)) {
            throw new IllegalArgumentException("capacity fraction " + capacityFraction + " outside [0.75, 1]");
        }
        if (cltvLimit < 0 || maxHops < 1) {
            throw new IllegalArgumentException("CLTV limit must be >= 0 and maximum hops >= 1");
        }
        this.riskFactorBillionths = riskFactorBillionths;
        this.attemptCostMsat = attemptCostMsat;
        this.attemptCostPpm = attemptCostPpm;
        this.aprioriHopProbability = aprioriHopProbability;
        this.capacityFraction = capacityFraction;
        this.localProbability = localProbability;
        this.minProbability = minProbability;
        this.cltvLimit = cltvLimit;
        this.maxHops = maxHops;
    }

    /**
     * lnd's {@code capacityFactor}: 1 for an unknown (0) capacity, 0 above the capacity, else
     * {@code 1 - 0.5 / (1 + exp(-(a - f c) / (0.025 c)))} with amounts in msat and f the capacity
     * fraction. Where {@code a <= 0.08 c} and the fraction is lnd's 0.9999, the value is 1.0 exactly
     * in double arithmetic (the exponent is at least 36.8, so {@code 0.5 / (1 + e^x)} is below half an
     * ulp of 1), so no exponential is computed there; a test checks this on a dense grid. The
     * exponential is {@link StrictMath#exp}, so that a simulation's replay gives the same routes on
     * every machine. O(1).
     */
    double capacityFactor(long amountMsat, long capacityMsat) {
        if (capacityFraction == 1 || capacityMsat == 0
                || capacityFraction == DEFAULT_CAPACITY_FRACTION && amountMsat <= capacityMsat / 25 * 2) {
            return 1.0;
        }
        final double cap = (double) capacityMsat;
        final double a = (double) amountMsat;
        if (a > cap) {
            return 0;
        }
        final double cutoff = capacityFraction * cap;
        final double smearing = CAPACITY_SMEARING_FRACTION * cap;
        return 1 - (1 - MIN_CAPACITY_FACTOR) / (1 + StrictMath.exp(-(a - cutoff) / smearing));
    }

    /**
     * The route lnd would take to pay {@code amountMsat} from {@code source} to {@code target}, or
     * empty when it finds none (no path that holds the amount within the limits, either node not in
     * the graph, the graph without policies, or source equal to target).
     *
     * <p>O((n + e) log n) time; O(n) memory, reused across calls on one thread.
     *
     * @throws IllegalArgumentException if {@code amountMsat <= 0}
     */
    public Optional<Route> route(CsrGraph g, NodeId source, NodeId target, long amountMsat) {
        Objects.requireNonNull(g, "g");
        checkAmount(amountMsat);
        final int s = g.indexOf(Objects.requireNonNull(source, "source"));
        final int t = g.indexOf(Objects.requireNonNull(target, "target"));
        if (s < 0 || t < 0 || s == t || !g.hasPolicies()) {
            return Optional.empty();
        }
        final RouteSearch rs = search(g);
        rs.search(t, s, amountMsat);
        return route(rs, s, t, amountMsat);
    }

    /**
     * As {@link #route(CsrGraph, NodeId, NodeId, long)} on a graph with one new node X
     * ({@code GraphOverlay}: X has index {@code base.nodeCount()}, its channels X's policy one way and
     * each peer's median policy the other). Nodes are indexes here; X's channels are named by
     * their peer's index in {@link Route#channels} as {@code ShortChannelId(0, 0, j)} for X's channel j.
     *
     * @throws IllegalArgumentException if {@code amountMsat <= 0} or the overlay has no policy for X
     */
    public Optional<Route> route(GraphOverlay x, int source, int target, long amountMsat) {
        checkAmount(amountMsat);
        final RouteGraph rg = new RouteGraph(x);
        Objects.checkIndex(source, rg.nodes);
        Objects.checkIndex(target, rg.nodes);
        if (source == target) {
            return Optional.empty();
        }
        final RouteSearch rs = new RouteSearch(this, rg);
        rs.search(target, source, amountMsat);
        return route(rs, source, target, amountMsat);
    }

    static void checkAmount(long amountMsat) {
        if (amountMsat <= 0 || amountMsat > PathfindRules.MAX_MSAT) {
            throw new IllegalArgumentException("the amount must be in (0, 21 million BTC], got " + amountMsat + " msat");
        }
    }

    private RouteSearch search(CsrGraph g) {
        final RouteSearch[] holder = searches.get();
        RouteSearch rs = holder[0];
        if (rs == null || rs.rg.g != g) {
            rs = new RouteSearch(this, new RouteGraph(g));
            holder[0] = rs;
        }
        return rs;
    }

    /** Unravels the source's label into a {@link Route}. */
    private static Optional<Route> route(RouteSearch rs, int s, int t, long amountMsat) {
        if (!rs.labelled(s)) {
            return Optional.empty();
        }
        final RouteGraph rg = rs.rg;
        final List<NodeId> nodes = new ArrayList<>();
        final List<ShortChannelId> chans = new ArrayList<>();
        int v = s;
        nodes.add(nodeId(rg, v));
        while (v != t) {
            final int c = rs.chan[v];
            chans.add(c >= 0 ? new ShortChannelId(rg.g.channelId(c)) : ShortChannelId.of(0, 0, -1 - c));
            v = rs.next[v];
            nodes.add(nodeId(rg, v));
            if (nodes.size() > rs.amt.length + 1) {
                throw new IllegalStateException("route labels form a cycle");
            }
        }
        return Optional.of(new Route(nodes, chans, rs.amt[s] - amountMsat, rs.prob[s]));
    }

    /** X has no key in the graph: it is named by the 33-byte key 0x02 00..00 in routes. */
    static final NodeId NEW_NODE_ID = NodeId.of(newNodeKey());

    private static byte[] newNodeKey() {
        final byte[] k = new byte[NodeId.LENGTH];
        k[0] = 2;
        return k;
    }

    private static NodeId nodeId(RouteGraph rg, int v) {
        return v == rg.x ? NEW_NODE_ID : rg.g.nodeId(v);
    }

    /** A search on {@code rg} with these settings (one per thread). */
    RouteSearch newSearch(RouteGraph rg) {
        return new RouteSearch(this, rg);
    }

    @Override
    public String toString() {
        return "LndRouteChoice[risk " + riskFactorBillionths + "e-9, attempt cost " + attemptCostMsat + " msat + "
                + attemptCostPpm + " ppm, apriori " + aprioriHopProbability + ", capacity fraction " + capacityFraction
                + ", local " + localProbability + ", min probability " + minProbability + ", CLTV limit " + cltvLimit
                + ", max hops " + maxHops + "]";
    }
}
