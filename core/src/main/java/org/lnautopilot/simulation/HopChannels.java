package org.lnautopilot.simulation;

import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.routing.PaymentRouter;

/**
 * Which channel a node forwards on when a route's hop u -&gt; v has parallel channels (API.md part 4,
 * as lnd's switch does): among the channels u -&gt; v whose direction is enabled, whose HTLC range
 * holds the amount and whose u side can spend it, the one that can spend the most; ties to the
 * lowest short channel id. X's channels (minimum HTLC 1,000 msat, maximum the capacity, always
 * enabled) are {@code m + j}.
 *
 * <p>Each node's channels are kept sorted by neighbour (8 bytes per channel end), so a hop finds
 * its channels by binary search: O(log degree + parallel channels) per hop. Immutable after
 * construction apart from the balances it reads; not thread-safe with a simulation that writes them.
 */
final class HopChannels {
    private final CsrGraph g;
    private final int n;
    private final int m;
    private final int[] off;
    private final int[] nbr;
    private final int[] end;
    private final int[] peers;
    private final long[] peerCapMsat;

    HopChannels(CsrGraph g, GraphOverlay x) {
        this.g = g;
        this.n = g.nodeCount();
        this.m = g.channelCount();
        final int[] o = new int[n + 1];
        for (int v = 0; v < n; v++) {
            o[v + 1] = g.slotEnd(v);
            o[v] = g.slotStart(v);
        }
        final int slots = o[n];
        final int[] nb = new int[slots];
        final int[] en = new int[slots];
        final long[] tmp = new long[64];
        long[] buf = tmp;
        for (int v = 0; v < n; v++) {
            final int a = o[v];
            final int d = o[v + 1] - a;
            if (buf.length < d) {
                buf = new long[Math.max(d, 2 * buf.length)];
            }
            for (int i = 0; i < d; i++) {
                buf[i] = (long) g.neighbour(a + i) << 32 | g.endOfSlot(a + i);
            }
            java.util.Arrays.sort(buf, 0, d);
            for (int i = 0; i < d; i++) {
                nb[a + i] = (int) (buf[i] >>> 32);
                en[a + i] = (int) buf[i];
            }
        }
        this.off = o;
        this.nbr = nb;
        this.end = en;
        final int k = x == null ? 0 : x.channelCount();
        this.peers = new int[k];
        this.peerCapMsat = new long[k];
        for (int j = 0; j < k; j++) {
            peers[j] = x.peer(j);
            peerCapMsat[j] = x.capacitySat(j) * 1000;
        }
    }

    /**
     * The channel u forwards {@code a} to v on, encoded {@code 2c + side} (side: u's end of c), or
     * -1 when no channel u -&gt; v can forward it. O(log degree(u) + parallel channels).
     */
    int pick(int u, int v, long a, Balances b) {
        if (u >= n || v >= n) {
            return pickNew(u >= n ? v : u, u >= n ? 0 : 1, a, b);
        }
        final int[] nb = nbr;
        int lo = off[u];
        int hi = off[u + 1];
        while (lo < hi) { // the first slot with neighbour >= v
            final int mid = (lo + hi) >>> 1;
            if (nb[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int best = -1;
        long bestSpend = -1;
        long bestScid = 0;
        final CsrGraph gr = g;
        for (int i = lo, e = off[u + 1]; i < e && nb[i] == v; i++) {
            final int en = end[i];
            if (!PaymentRouter.directionCarries(gr, en, a)) {
                continue;
            }
            final long sp = b.spendableMsat(en >> 1, en & 1);
            if (sp < a) {
                continue;
            }
            final long scid = gr.channelId(en >> 1);
            if (sp > bestSpend || sp == bestSpend && Long.compareUnsigned(scid, bestScid) < 0) {
                best = en;
                bestSpend = sp;
                bestScid = scid;
            }
        }
        return best;
    }

    /** X's channels to {@code peer}, spent from {@code side} (0: X's, 1: the peer's). */
    private int pickNew(int peer, int side, long a, Balances b) {
        int best = -1;
        long bestSpend = -1;
        for (int j = 0; j < peers.length; j++) {
            if (peers[j] != peer || !PaymentRouter.newChannelCarries(a, peerCapMsat[j])) {
                continue;
            }
            final long sp = b.spendableMsat(m + j, side);
            if (sp >= a && sp > bestSpend) { // X's channels have no id: ties go to the first
                best = 2 * (m + j) + side;
                bestSpend = sp;
            }
        }
        return best;
    }
}
