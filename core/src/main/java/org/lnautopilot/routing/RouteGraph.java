package org.lnautopilot.routing;

import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;

/**
 * What the route search reads: a {@link CsrGraph} with policies, its directions grouped for a
 * backward search, and optionally one new node X on a {@link GraphOverlay} (never a copy of the
 * graph).
 *
 * <p>Backward search asks, for a node v, "which directions u -> v are there, grouped by u", since
 * parallel channels u -> v form one edge (lnd's {@code getEdgeNetwork}). {@link Incoming} lists,
 * per v, the ends {@code 2c + side} of every direction into v, sorted by the node u they leave: two
 * counting sorts, O(n + e), 16 bytes per channel, made once per graph and shared (held weakly).
 * {@link Usable} keeps, per payment amount, the directions that can carry it with what the search
 * reads of each beside it (28 bytes per usable direction).
 *
 * <p>X's channels are "virtual" channels {@code 0..k-1}: X -> peer at X's policy, peer -> X at the
 * field-wise median of the peer's own enabled policies (lnd's defaults 1,000 msat, 1 ppm, 80 when
 * it has none), both enabled, minimum HTLC 1,000 msat and maximum the capacity (API.md part 3).
 * Immutable; thread-safe.
 */
final class RouteGraph {
    /** lnd's defaults for a node with no policy of its own: base fee, rate, time lock. */
    static final long DEFAULT_BASE_FEE_MSAT = 1_000;
    static final long DEFAULT_FEE_RATE_PPM = 1;
    static final int DEFAULT_TIME_LOCK = 80;
    /** The minimum HTLC of X's channels, both ways. */
    static final long NEW_CHANNEL_MIN_HTLC_MSAT = 1_000;

    final CsrGraph g;
    final int n;
    final Incoming in;
    /** X's index ({@code n}), or -1 without X. */
    final int x;
    /**
     * Per node (X included): whether its channels, X's counted, all go to one neighbour. Such a
     * node gets offers from that neighbour alone, so its first label is final.
     */
    final boolean[] leaf;
    final int nodes;
    /** X's peers, sorted; per virtual channel j its capacity in msat and both directions' policies. */
    final int[] peers;
    /** X's peers as a bit set over the nodes (n / 8 bytes): the test every expansion makes. */
    private final long[] peerBits;
    final long[] capMsat;
    final long xBase;
    final long xRate;
    final int xLock;
    final long[] peerBase;
    final long[] peerRate;
    final int[] peerLock;

    /** The incoming directions of every node, grouped by the node they leave. */
    static final class Incoming {
        /** Node v's incoming directions are {@code off[v] .. off[v+1]}. */
        final int[] off;
        /** The node u each direction leaves. */
        final int[] from;
        /** The end {@code 2c + side} of each direction (u is {@code endpoint(c, side)}). */
        final int[] end;
        /** Per node: whether all its channels go to one neighbour (a leaf of the graph). */
        final boolean[] single;
        private final CsrGraph graph;
        private Usable usable;

        /** The usable directions for payments of {@code amount}, made on first use per amount (the last kept). */
        synchronized Usable usable(long amount) {
            Usable u = usable;
            if (u == null || u.amount != amount) {
                u = new Usable(this, graph, amount);
                usable = u;
            }
            return u;
        }

        Incoming(CsrGraph g) {
            this.graph = g;
            final int n = g.nodeCount();
            final int m = 2 * g.channelCount();
            // Pass 1: ends by the node they leave (counting sort).
            final int[] cnt = new int[n + 1];
            for (int k = 0; k < m; k++) {
                cnt[g.endpoint(k >> 1, k & 1) + 1]++;
            }
            for (int i = 0; i < n; i++) {
                cnt[i + 1] += cnt[i];
            }
            final int[] byFrom = new int[m];
            for (int k = 0; k < m; k++) {
                byFrom[cnt[g.endpoint(k >> 1, k & 1)]++] = k;
            }
            // Pass 2: stable by the node they enter, so each node's list stays sorted by u.
            final int[] o = new int[n + 1];
            for (int k = 0; k < m; k++) {
                o[g.endpoint(k >> 1, (k & 1) ^ 1) + 1]++;
            }
            for (int i = 0; i < n; i++) {
                o[i + 1] += o[i];
            }
            final int[] cur = Arrays.copyOf(o, n);
            final int[] f = new int[m];
            final int[] en = new int[m];
            for (int idx = 0; idx < m; idx++) {
                final int k = byFrom[idx];
                final int pos = cur[g.endpoint(k >> 1, (k & 1) ^ 1)]++;
                f[pos] = g.endpoint(k >> 1, k & 1);
                en[pos] = k;
            }
            this.off = o;
            this.from = f;
            this.end = en;
            this.single = new boolean[n];
            for (int v = 0; v < n; v++) {
                final int a = o[v];
                final int b = o[v + 1];
                single[v] = b > a && f[a] == f[b - 1]; // sorted by the node they leave
            }
        }
    }

    /**
     * The directions into each node that can forward some payment of at least {@code amount} as a
     * network hop, grouped like {@link Incoming}: a label's amount never falls below the payment's
     * (fees only add), so a direction without a policy, disabled, or whose capacity (when known) or
     * maximum HTLC is below the payment can never be taken (the minimum HTLC can, for larger
     * amounts, so it is kept). On mainnet-2024 at 100,000 sat that leaves 90,445 of 118,856
     * directions. Beside each, in the same order, what the network unify reads: its channel, policy
     * row, capacity in msat and maximum HTLC, so a pivot's directions are read in one sequential
     * sweep with no indirection.
     */
    static final class Usable {
        final long amount;
        final int[] off;
        final int[] from;
        final int[] chan;
        final int[] row;
        final long[] capMsat;
        final long[] maxHtlc;

        Usable(Incoming in, CsrGraph g, long amount) {
            this.amount = amount;
            final int n = in.off.length - 1;
            final int m = in.from.length;
            final int[] o = new int[n + 1];
            final int[] f = new int[m];
            final int[] ch = new int[m];
            final int[] rw = new int[m];
            final long[] cp = new long[m];
            final long[] mx = new long[m];
            int c = 0;
            for (int v = 0; v < n; v++) {
                o[v] = c;
                for (int p = in.off[v]; p < in.off[v + 1]; p++) {
                    final int k = in.end[p];
                    final int r = g.policyRow(k);
                    final long max = g.maxHtlcMsat(k);
                    final long cap = factorCapacityMsat(g.capacitySat(k >> 1) * 1000, max);
                    if (r >= 0 && !g.rowDisabled(r) && !(cap > 0 && cap < amount) && max >= amount) {
                        f[c] = in.from[p];
                        ch[c] = k >> 1;
                        rw[c] = r;
                        cp[c] = cap;
                        mx[c++] = max;
                    }
                }
            }
            o[n] = c;
            this.off = o;
            this.from = Arrays.copyOf(f, c);
            this.chan = Arrays.copyOf(ch, c);
            this.row = Arrays.copyOf(rw, c);
            this.capMsat = Arrays.copyOf(cp, c);
            this.maxHtlc = Arrays.copyOf(mx, c);
        }
    }

    /**
     * The capacity a hop's probability reads (lnd, for a channel of unknown capacity): the capacity
     * when known, else the maximum HTLC where the policy has one, else 0 (capacity factor 1, no
     * capacity check). Used as the capacity in the range check too, where it limits nothing the
     * maximum HTLC does not. O(1).
     */
    static long factorCapacityMsat(long capMsat, long maxHtlcMsat) {
        return capMsat > 0 ? capMsat : maxHtlcMsat == Long.MAX_VALUE ? 0 : maxHtlcMsat;
    }

    private static final Map<CsrGraph, Incoming> CACHE = new WeakHashMap<>();

    /** The incoming lists of {@code g}, made on first use and shared while {@code g} lives. O(n + e) once. */
    static Incoming incoming(CsrGraph g) {
        synchronized (CACHE) {
            return CACHE.computeIfAbsent(g, Incoming::new);
        }
    }

    /** The graph alone. */
    RouteGraph(CsrGraph g) {
        this.g = g;
        this.n = g.nodeCount();
        this.in = incoming(g);
        this.x = -1;
        this.nodes = n;
        this.leaf = in.single;
        this.peers = new int[0];
        this.peerBits = new long[0];
        this.capMsat = new long[0];
        this.xBase = 0;
        this.xRate = 0;
        this.xLock = 0;
        this.peerBase = new long[0];
        this.peerRate = new long[0];
        this.peerLock = new int[0];
    }

    /**
     * The overlay's base graph with X.
     *
     * @throws IllegalArgumentException if the overlay has no policy for X
     */
    RouteGraph(GraphOverlay o) {
        this.g = o.base();
        this.n = g.nodeCount();
        this.in = incoming(g);
        this.x = n;
        this.nodes = n + 1;
        final ChannelPolicy p = o.newNodePolicy();
        if (p == null) {
            throw new IllegalArgumentException("the new node needs a policy to route: give the overlay one");
        }
        final int k = o.channelCount();
        this.peers = new int[k];
        this.capMsat = new long[k];
        this.peerBase = new long[k];
        this.peerRate = new long[k];
        this.peerLock = new int[k];
        for (int j = 0; j < k; j++) {
            peers[j] = o.peer(j);
            capMsat[j] = o.capacitySat(j) * 1000;
            final long[] med = Policies.nodeMedian(g, peers[j]);
            peerBase[j] = med[0];
            peerRate[j] = med[1];
            peerLock[j] = (int) med[2];
        }
        this.leaf = Arrays.copyOf(in.single, n + 1);
        this.peerBits = new long[(n + 64) >>> 6];
        for (int peer : peers) {
            leaf[peer] = false;
            peerBits[peer >>> 6] |= 1L << peer;
        }
        this.xBase = p.baseFeeMsat();
        this.xRate = p.feeRatePpm();
        this.xLock = p.timeLockDelta();
    }

    /** Whether node v (a network node, v < n) is a peer of X. O(1). */
    boolean isPeer(int v) {
        final int w = v >>> 6;
        return w < peerBits.length && (peerBits[w] & 1L << v) != 0;
    }

    /** The first virtual channel to peer {@code v}, or -1 when v is not a peer of X. O(1) when it is not, else O(log k). */
    int firstChannelTo(int v) {
        if (!isPeer(v)) {
            return -1;
        }
        int j = Arrays.binarySearch(peers, v);
        if (j < 0) {
            return -1;
        }
        while (j > 0 && peers[j - 1] == v) {
            j--;
        }
        return j;
    }
}
