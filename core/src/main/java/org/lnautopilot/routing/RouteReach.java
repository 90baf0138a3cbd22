package org.lnautopilot.routing;

import java.util.Arrays;
import org.lnautopilot.graph.CsrGraph;

/**
 * Whether a payment can get from a sender to a receiver at all: a necessary condition for lnd's
 * search to find a route, answered far faster than the search that finds none. A speed-up beside
 * lnd's rules ({@link PathfindRules}), not one of them: where it says no, the search would have
 * found no route either, so skipping the search changes no outcome.
 *
 * <p>Why it pays: a search that finds no route labels every node that can reach the receiver
 * before it gives up, a full tree (about 5 ms on mainnet-2024, thirty times an average search).
 * In the payment simulator (API.md part 4) most of those are senders whose channels with enough
 * balance lead nowhere the receiver can be reached from; they keep being drawn, and since a search
 * that finds nothing teaches mission control nothing, each of their payments searched the whole
 * graph again. On mainnet-2024, of 30,000 payments' 706 searches without a route, 553 were such,
 * and they took a third of the simulation's time.
 *
 * <p>The graph it reads is a superset of every hop a search can take for an amount of at least
 * A: the network directions that can carry some amount of at least A ({@link RouteGraph.Usable},
 * the search's own list), both directions of the new node X's channels that hold A, and the
 * sender's own channels enabled in its direction whose maximum HTLC and spendable balance (its
 * capacity without a sender's state, part 3) reach A. Minimum HTLCs, fees, time locks, hop limits
 * and probabilities only remove routes, so they are left out, and so is the rule that a route
 * passes no node twice. A route from s to t needs a first hop s -> v and a path v ~> t in that
 * graph; the answer is exactly whether there is one (for an amount larger than the one the graph
 * was made for, below, whether there is one in that amount's larger graph: still necessary).
 *
 * <p>How, per amount: a hub h (the node with the most usable directions into it) and two sets made
 * by a breadth-first search each way, the nodes that reach h and those h reaches; their meet is h's
 * strongly connected component C, on mainnet almost the whole graph. For a query: if some first hop
 * v reaches h and h reaches t, there is a path (yes). Otherwise no path can pass through C (a path
 * v ~> c ~> t with c in C would give v ~> h ~> t); so if t is in C the answer is no, and else a
 * breadth-first search back from t that never enters C decides, over the few nodes outside C that
 * reach t. The sets are made for the smallest amount asked so far: a larger amount's graph is a
 * subset, so they hold for it too (O(n + e) when a smaller amount comes).
 *
 * <p>Cost per query: O(degree of the sender) when the answer comes from the hub's sets, else
 * O(nodes and directions outside C that reach t). Memory: O(n + e) ints. Not thread-safe: one
 * per {@link PaymentRouter}.
 */
final class RouteReach {
    private final RouteGraph rg;
    private final CsrGraph g;
    private final int nodes;
    /** The amount the sets below were made for; they hold for every amount at least this. -1: none yet. */
    private long builtFor = -1;
    /** The superset graph's directions into each node (X's included): {@code inFrom[inOff[v] .. inOff[v+1])}. */
    private int[] inOff;
    private int[] inFrom;
    /** Bit sets over the nodes: reaches the hub; reached from the hub. */
    private long[] toHub;
    private long[] fromHub;
    /** Stamps: a node marked {@code epoch} is a first hop of the current query, {@code epoch + 1} visited. */
    private final long[] mark;
    private long epoch;
    private final int[] queue;

    RouteReach(RouteGraph rg) {
        this.rg = rg;
        this.g = rg.g;
        this.nodes = rg.nodes;
        this.mark = new long[nodes];
        this.queue = new int[nodes];
    }

    /**
     * False only when no route from {@code s} to {@code t} (distinct) can carry {@code amountMsat}:
     * no first hop from s, or no path from any first hop to t (class comment). {@code state} gives
     * the sender's spendable balances (null: its channels' capacities). Cost: see the class
     * comment.
     */
    boolean mayRoute(int s, int t, long amountMsat, SenderState state) {
        if (builtFor < 0 || amountMsat < builtFor) {
            build(amountMsat);
        }
        epoch += 2;
        final long ep = epoch;
        final long[] mk = mark;
        final boolean hubReachesT = bit(fromHub, t);
        boolean anyHop = false;
        if (s < rg.n) {
            for (int sl = g.slotStart(s), end = g.slotEnd(s); sl < end; sl++) {
                final int v = g.neighbour(sl);
                if (mk[v] != ep && firstHop(g.endOfSlot(sl), amountMsat, state)) {
                    if (v == t || hubReachesT && bit(toHub, v)) {
                        return true;
                    }
                    mk[v] = ep;
                    anyHop = true;
                }
            }
        }
        final int x = rg.x;
        if (x >= 0 && (s == x || rg.isPeer(s))) {
            final int[] peers = rg.peers;
            for (int j = 0; j < peers.length; j++) {
                if (s == x || peers[j] == s) {
                    final int v = s == x ? peers[j] : x;
                    if (mk[v] != ep && newChannelFirstHop(j, s == x, amountMsat, state)) {
                        if (v == t || hubReachesT && bit(toHub, v)) {
                            return true;
                        }
                        mk[v] = ep;
                        anyHop = true;
                    }
                }
            }
        }
        if (!anyHop || hubReachesT && bit(toHub, t)) {
            return false; // no first hop; or t lies in the hub's component, which no first hop reaches
        }
        return backFrom(t);
    }

    /**
     * A breadth-first search back from t over the superset graph, never entering the hub's
     * component: whether it meets a node marked as a first hop. O(nodes and directions visited).
     */
    private boolean backFrom(int t) {
        final long ep = epoch;
        final long seen = ep + 1;
        final long[] mk = mark;
        final int[] q = queue;
        final int[] off = inOff;
        final int[] from = inFrom;
        int head = 0;
        int tail = 0;
        mk[t] = seen;
        q[tail++] = t;
        while (head < tail) {
            final int v = q[head++];
            for (int k = off[v], end = off[v + 1]; k < end; k++) {
                final int u = from[k];
                final long m = mk[u];
                if (m == ep) {
                    return true;
                }
                if (m != seen && !inHubComponent(u)) {
                    mk[u] = seen;
                    q[tail++] = u;
                }
            }
        }
        return false;
    }

    /**
     * Whether the sender's end {@code e} can be a route's first hop for some amount of at least a:
     * it has a policy, enabled, a maximum HTLC of at least a, and a spendable balance of at least a
     * (without a state: a capacity, when known, of at least a). A relaxation of
     * {@link PathfindRules#unifyLocal}, which checks the same for the hop's exact amount. O(1).
     */
    private boolean firstHop(int e, long a, SenderState state) {
        final int r = g.policyRow(e);
        if (r < 0 || g.rowDisabled(r) || g.maxHtlcMsat(e) < a) {
            return false;
        }
        if (state != null) {
            return state.bandwidthMsat(e >> 1, e & 1) >= a;
        }
        final long cap = g.capacitySat(e >> 1) * 1000;
        return cap == 0 || cap >= a;
    }

    /** As {@link #firstHop} for X's channel j, from X ({@code xSide}) or from its peer. O(1). */
    private boolean newChannelFirstHop(int j, boolean xSide, long a, SenderState state) {
        if (rg.capMsat[j] < a) {
            return false;
        }
        return state == null || state.newChannelBandwidthMsat(j, xSide) >= a;
    }

    private boolean inHubComponent(int v) {
        return bit(toHub, v) && bit(fromHub, v);
    }

    private static boolean bit(long[] set, int v) {
        return (set[v >>> 6] & 1L << v) != 0;
    }

    /** The superset graph for amounts of at least {@code a}, its hub and the hub's two sets. O(n + e). */
    private void build(long a) {
        final RouteGraph.Usable us = rg.in.usable(a);
        final int n = rg.n;
        final int x = rg.x;
        final int[] peers = rg.peers;
        // X's channels that hold a: peer -> X into X, X -> peer into each peer.
        int virtual = 0;
        for (int j = 0; j < peers.length; j++) {
            if (rg.capMsat[j] >= a) {
                virtual++;
            }
        }
        final int[] off = new int[nodes + 1];
        final int[] from = new int[us.from.length + 2 * virtual];
        int c = 0;
        for (int v = 0; v < n; v++) {
            off[v] = c;
            for (int k = us.off[v], end = us.off[v + 1]; k < end; k++) {
                from[c++] = us.from[k];
            }
            if (x >= 0 && rg.isPeer(v)) {
                for (int j = 0; j < peers.length; j++) {
                    if (peers[j] == v && rg.capMsat[j] >= a) {
                        from[c++] = x;
                    }
                }
            }
        }
        if (x >= 0) {
            off[x] = c;
            for (int j = 0; j < peers.length; j++) {
                if (rg.capMsat[j] >= a) {
                    from[c++] = peers[j];
                }
            }
        }
        off[nodes] = c;
        this.inOff = off;
        this.inFrom = c == from.length ? from : Arrays.copyOf(from, c);
        // The forward lists, for the hub's forward search: a counting sort of the same directions.
        final int[] outOff = new int[nodes + 1];
        for (int k = 0; k < c; k++) {
            outOff[inFrom[k] + 1]++;
        }
        for (int v = 0; v < nodes; v++) {
            outOff[v + 1] += outOff[v];
        }
        final int[] outTo = new int[c];
        final int[] cur = Arrays.copyOf(outOff, nodes);
        int hub = 0;
        for (int v = 0; v < nodes; v++) {
            for (int k = off[v]; k < off[v + 1]; k++) {
                outTo[cur[inFrom[k]]++] = v;
            }
            if (off[v + 1] - off[v] > off[hub + 1] - off[hub]) {
                hub = v;
            }
        }
        this.toHub = sweep(hub, off, inFrom);
        this.fromHub = sweep(hub, outOff, outTo);
        this.builtFor = a;
    }

    /** The nodes reached from {@code start} over the lists {@code next[off[v] .. off[v+1])}, as a bit set. O(n + e). */
    private long[] sweep(int start, int[] off, int[] next) {
        final long[] set = new long[(nodes + 63) >>> 6];
        final int[] q = queue;
        int head = 0;
        int tail = 0;
        set[start >>> 6] |= 1L << start;
        q[tail++] = start;
        while (head < tail) {
            final int v = q[head++];
            for (int k = off[v], end = off[v + 1]; k < end; k++) {
                final int u = next[k];
                if ((set[u >>> 6] & 1L << u) == 0) {
                    set[u >>> 6] |= 1L << u;
                    q[tail++] = u;
                }
            }
        }
        return set;
    }
}
