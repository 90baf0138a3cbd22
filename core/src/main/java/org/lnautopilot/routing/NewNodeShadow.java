package org.lnautopilot.routing;

import java.util.Objects;
import org.lnautopilot.graph.GraphOverlay;

/**
 * Whether a new node X, had it been in the graph, could have changed the route a
 * {@link PaymentRouter} on the graph alone has just found: the filter that lets one simulation of
 * the network serve many peer sets until each one's X first matters (API.md part 4; the simulator's
 * {@code ForkingRuns}). A "no" is exact: lnd's search on the graph with X then finds the same route,
 * or none as it did. A "yes" may be a false alarm; the caller then searches with X to know.
 *
 * <h2>The rule, from lnd's search (pathfind.go, {@code findPath})</h2>
 * The search with X pops the same labels in the same order as the search without it until X is
 * popped: X's channels are the only difference, read only when a peer of X is popped (an offer to
 * X) or X is (offers to its peers). Let D be the sender's distance in the search without X
 * (infinite when it found no route), and read that search's labels:
 * <ol>
 * <li>X's label is the best of the offers "X forwards to p" over X's channels to each peer p popped
 *     before the sender, from p's final label ({@link PathfindRules#unifyVirtual},
 *     {@link PathfindRules#extendOver}). Without one, or beyond D, X is popped after the sender,
 *     where the search ends: the same route.</li>
 * <li>Otherwise the labels X changes are followed as the search with X would pop them, in distance
 *     order, below D: X first, then every node whose label an offer from a changed label beats (the
 *     search's own label when it was popped before the sender, strictly by
 *     {@link PathfindRules#better}; any offer below D when it was not). Offers use the search's
 *     rules for each direction: the network's, X's channels, the sender's own hop
 *     ({@link PathfindRules#unifyLocal}, {@link PathfindRules#unifyLocalVirtual},
 *     {@link PathfindRules#localLabel}).</li>
 * <li>The answer is yes as soon as a changed offer reaches the sender below or at D, a changed node
 *     was the next hop of a label popped before the sender (or of the sender's: that label would
 *     change, for better or worse, and this rule does not follow it), an offer ties the label it
 *     meets (lnd's order among equal labels is not decided here), or more than {@link #BUDGET}
 *     labels change. When the changed labels run out first, the answer is no: every label popped
 *     before the sender, the sender's included, is then the search's own, since none took its
 *     label from a changed one and none is beaten by one.</li>
 * </ol>
 * A label popped before the sender is exactly one of distance below D (the heap pops by distance),
 * and final, since every offer's distance exceeds its pivot's; the search without X dropped only
 * offers beyond D, which the rule never needs.
 *
 * <p>When the router answered without a search (its reach test, {@link RouteReach}, saw no path),
 * X's own reach test answers first; where X may make a path, the router's search runs after all
 * ({@link PaymentRouter#searchAnyway}, once for every shadow of that attempt) and the rule reads it
 * with D infinite.
 *
 * <p>Cost: O(k) per call for k channels of X when X is popped after the sender (most calls);
 * otherwise O(B (B + degree)) for the B &lt;= {@link #BUDGET} changed labels; X's reach test's sets
 * when first needed (O(n + e)). Not thread-safe: one per X and thread, on the router it watches.
 */
public final class NewNodeShadow {
    private final LndRouteChoice p;
    private final PaymentRouter base;
    private final RouteGraph rg;
    private final PathfindRules lnd;
    private RouteReach reach;
    private RouteGraph.Usable usable;

    /**
     * A shadow of {@code x}'s node X over {@code base}, a router on {@code x}'s base graph alone with
     * the same route choice.
     *
     * @throws IllegalArgumentException if the router is not on the overlay's base graph or has X
     *                                  already, or the overlay has no policy for X
     */
    public NewNodeShadow(LndRouteChoice choice, GraphOverlay x, PaymentRouter base) {
        this.p = Objects.requireNonNull(choice, "choice");
        this.base = Objects.requireNonNull(base, "base");
        final RouteGraph without = base.search().rg;
        if (without.g != x.base() || without.x >= 0) {
            throw new IllegalArgumentException("the router must be on the new node's base graph, without a new node");
        }
        this.rg = new RouteGraph(x);
        this.lnd = new PathfindRules(choice, rg);
    }

    /**
     * Whether X could have changed the answer of the router's last {@link PaymentRouter#find}, which
     * was asked for {@code source}, {@code target} and {@code amountMsat} with the sender's state
     * {@code state} (see the class comment): false means the same route with X. {@code state} is that
     * same state with the balances of X's channels added ({@link SenderState#newChannelBandwidthMsat}),
     * or null when the search had none. O(k) (see the class comment).
     */
    public boolean mayChange(int source, int target, long amountMsat, SenderState state) {
        if (source == target) {
            return false;
        }
        if (!base.searched()) {
            if (reach == null) {
                reach = new RouteReach(rg);
            }
            if (!reach.mayRoute(source, target, amountMsat, state)) {
                return false; // no path even with X
            }
            base.searchAnyway(source, target, amountMsat, state); // labels for the rule, shared by later shadows
        }
        RouteGraph.Usable u = usable;
        if (u == null || u.amount != amountMsat) {
            u = rg.in.usable(amountMsat);
            usable = u;
        }
        lnd.begin(amountMsat, u, state);
        try {
            return xMayChange(base.search(), source, target, state);
        } finally {
            lnd.clearSender();
        }
    }

    private boolean xMayChange(RouteSearch b, int source, int target, SenderState state) {
        final long inf = PathfindRules.INFINITY;
        final long sourceDist = b.labelled(source) ? b.dist(source) : inf;
        final int x = rg.x;
        final int[] peers = rg.peers;
        // 1. X's label: the best offer from a peer popped before the sender.
        boolean has = false;
        long xa = 0;
        long xw = 0;
        double xp = 0;
        int xl = 0;
        int xh = 0;
        long xd = inf;
        for (int j = 0; j < peers.length; ) {
            final int peer = peers[j];
            final int jj = RouteSearch.groupEnd(peers, j, peers.length);
            if (popped(b, peer, sourceDist) && b.hops[peer] < p.maxHops) {
                final long a = b.amt[peer];
                lnd.unifyVirtual(j, jj, a, true);
                if (lnd.uFound && lnd.extendOver(x, peer, a, b.weight[peer], b.prob[peer], b.cltv[peer],
                        historyFrom(b, state, x))) {
                    final long d = lnd.distance(lnd.extWeight, lnd.extProb);
                    if (!has || PathfindRules.better(d, lnd.extProb, xd, xp)) {
                        has = true;
                        xa = lnd.extAmt;
                        xw = lnd.extWeight;
                        xp = lnd.extProb;
                        xl = lnd.extLock;
                        xh = b.hops[peer] + 1;
                        xd = d;
                    } else if (d == xd && lnd.extProb == xp) {
                        return true; // a tie between X's offers: lnd's pop order decides
                    }
                }
            }
            j = jj;
        }
        if (!has || xd > sourceDist) {
            return false; // X is popped after the sender, if ever
        }
        if (xd == sourceDist) {
            return true;
        }
        size = 0;
        add(x, xa, xw, xp, xl, xh, xd);
        return repair(b, source, target, state, sourceDist);
    }

    /**
     * Step 2 of the class comment: the labels X changes, in distance order as the search with X
     * would pop them (at most {@link #BUDGET}, else yes). A changed label that a node popped before
     * the sender (or the sender) took its own from means yes; so does any offer that beats the
     * sender's label. Otherwise the changed nodes' offers are followed while they beat labels
     * below the sender's distance.
     */
    private boolean repair(RouteSearch b, int source, int target, SenderState state, long sourceDist) {
        final int x = rg.x;
        for (;;) {
            int i = -1;
            for (int e = 0; e < size; e++) {
                if (!done[e] && (i < 0 || dist[e] < dist[i])) {
                    i = e;
                }
            }
            if (i < 0) {
                return false; // nothing X changed reaches the sender
            }
            done[i] = true;
            final int v = node[i];
            if (v != x && hasDependents(b, v, source, sourceDist)) {
                return true;
            }
            if (hops[i] >= p.maxHops) {
                continue;
            }
            if (v == x ? offersFromX(b, i, source, target, state, sourceDist)
                    : offersFrom(b, i, source, target, state, sourceDist)) {
                return true;
            }
        }
    }

    /** X's offers to its peers from its label (entry i); true when the answer is yes. */
    private boolean offersFromX(RouteSearch b, int i, int source, int target, SenderState state, long sourceDist) {
        final int x = rg.x;
        final int[] peers = rg.peers;
        for (int j = 0; j < peers.length; ) {
            final int q = peers[j];
            final int first = j;
            j = RouteSearch.groupEnd(peers, j, peers.length);
            if (q == target) {
                continue;
            }
            if (q == source) {
                lnd.unifyLocalVirtual(first, j, amt[i], false);
                if (senderOfferReaches(i, sourceDist)) {
                    return true; // a label for the sender at least as good as its own
                }
                continue;
            }
            lnd.unifyVirtual(first, j, amt[i], false);
            if (lnd.uFound && lnd.extendOver(q, x, amt[i], weight[i], prob[i], lock[i], historyFrom(b, state, q))
                    && consider(b, q, i, source, sourceDist)) {
                return true;
            }
        }
        return false;
    }

    /** A changed network node's offers (entry i): over the graph's usable directions, the sender's own channels, X's. */
    private boolean offersFrom(RouteSearch b, int i, int source, int target, SenderState state, long sourceDist) {
        final int v = node[i];
        final long a = amt[i];
        final int[] off = usable.off;
        final int[] from = usable.from;
        for (int k = off[v], end = off[v + 1]; k < end; ) {
            final int u = from[k];
            final int kk = RouteSearch.groupEnd(from, k, end);
            if (u != target && u != source) {
                lnd.unify(k, kk, a);
                if (lnd.uFound && lnd.extendOver(u, v, a, weight[i], prob[i], lock[i], historyFrom(b, state, u))
                        && consider(b, u, i, source, sourceDist)) {
                    return true;
                }
            }
            k = kk;
        }
        final int[] inOff = rg.in.off;
        final int[] inFrom = rg.in.from;
        for (int k = inOff[v], end = inOff[v + 1]; k < end; k++) {
            if (inFrom[k] == source) {
                lnd.unifyLocal(k, RouteSearch.groupEnd(inFrom, k, end), a, 0);
                if (senderOfferReaches(i, sourceDist)) {
                    return true;
                }
                break;
            }
        }
        final int j0 = rg.firstChannelTo(v);
        if (j0 >= 0 && rg.x != source) {
            lnd.unifyVirtual(j0, RouteSearch.groupEnd(rg.peers, j0, rg.peers.length), a, true);
            return lnd.uFound && lnd.extendOver(rg.x, v, a, weight[i], prob[i], lock[i], historyFrom(b, state, rg.x))
                    && consider(b, rg.x, i, source, sourceDist);
        }
        return false;
    }

    /**
     * The offer just extended ({@code lnd.ext*}) from entry {@code from} to node u: kept when it
     * beats u's label (its changed one, else the search's when u was popped before the sender).
     * True when the answer is yes: a tie, or more changed labels than the budget.
     */
    private boolean consider(RouteSearch b, int u, int from, int source, long sourceDist) {
        final long d = lnd.distance(lnd.extWeight, lnd.extProb);
        final double pr = lnd.extProb;
        if (d > sourceDist) {
            return false; // u would be popped after the sender
        }
        if (d == sourceDist) {
            return true;
        }
        int e = 0;
        while (e < size && node[e] != u) {
            e++;
        }
        if (e < size) {
            if (PathfindRules.better(d, pr, dist[e], prob[e])) {
                if (done[e]) {
                    return true; // cannot happen while offers grow; a changed label popped would change
                }
            } else {
                return d == dist[e] && pr == prob[e];
            }
        } else if (u < rg.n && popped(b, u, sourceDist)) {
            if (!PathfindRules.better(d, pr, b.dist(u), b.prob[u])) {
                return d == b.dist(u) && pr == b.prob[u];
            }
        }
        if (e == size) {
            if (size == BUDGET) {
                return true;
            }
            size++;
        }
        set(e, u, lnd.extAmt, lnd.extWeight, pr, lnd.extLock, hops[from] + 1, d);
        return false;
    }

    /**
     * After a unify of the sender's own channels: whether its label over entry i's changed label
     * ({@link PathfindRules#localLabel}) is at least as good as its own distance, so the route may
     * change.
     */
    private boolean senderOfferReaches(int i, long sourceDist) {
        return lnd.uFound && lnd.localLabel(weight[i], prob[i], hops[i]) && lnd.offerDist <= sourceDist;
    }

    /**
     * Whether a node popped before the sender, or the sender, took its label from v's (its next hop
     * is v): v's label changes, so theirs would. O(in-degree of v).
     */
    private static boolean hasDependents(RouteSearch b, int v, int source, long sourceDist) {
        final int[] inOff = b.inOff;
        final int[] inFrom = b.inFrom;
        for (int k = inOff[v], end = inOff[v + 1]; k < end; k++) {
            final int u = inFrom[k];
            if (b.labelled(u) && b.next[u] == v && (u == source || b.dist(u) < sourceDist)) {
                return true;
            }
        }
        return false;
    }

    // ---- the changed labels: a few entries, searched linearly -----------------------------------

    /** The most labels the repair follows before it answers yes. */
    static final int BUDGET = 64;
    private final int[] node = new int[BUDGET];
    private final long[] amt = new long[BUDGET];
    private final long[] weight = new long[BUDGET];
    private final double[] prob = new double[BUDGET];
    private final int[] lock = new int[BUDGET];
    private final int[] hops = new int[BUDGET];
    private final long[] dist = new long[BUDGET];
    private final boolean[] done = new boolean[BUDGET];
    private int size;

    private void add(int v, long a, long w, double pr, int l, int h, long d) {
        set(size++, v, a, w, pr, l, h, d);
    }

    private void set(int e, int v, long a, long w, double pr, int l, int h, long d) {
        node[e] = v;
        amt[e] = a;
        weight[e] = w;
        prob[e] = pr;
        lock[e] = l;
        hops[e] = h;
        dist[e] = d;
        done[e] = false;
    }

    /** Whether v was popped before the sender in the search without X: labelled below the sender's distance. */
    private static boolean popped(RouteSearch b, int v, long sourceDist) {
        return b.labelled(v) && b.dist(v) < sourceDist;
    }

    /** Whether the sender holds pair results from u (X included, which the search without X did not mark). */
    private static boolean historyFrom(RouteSearch b, SenderState state, int u) {
        if (state == null) {
            return false;
        }
        if (u < b.rg.n) {
            return b.historyMarked(u);
        }
        for (int i = 0, k = state.historyCount(); i < k; i++) {
            if (state.historyNode(i) == u) {
                return true;
            }
        }
        return false;
    }
}
