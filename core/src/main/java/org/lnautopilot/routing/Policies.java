package org.lnautopilot.routing;

import java.util.Arrays;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.graph.CsrGraph;

/**
 * Field-wise medians of policies: the default policy of a new node (the graph's) and of a peer
 * towards it (the peer's own). The median of an even count is the two middle values' sum / 2,
 * truncated, as for {@code PrefAttachment}. Thread-safe (stateless).
 */
public final class Policies {
    private Policies() {
    }

    /**
     * The field-wise median (base fee, fee rate, time lock) of every enabled policy of {@code g},
     * with minimum HTLC 1,000 msat and no maximum ({@link Long#MAX_VALUE}); lnd's defaults (1,000 msat,
     * 1 ppm, 80) when {@code g} has no enabled policy. O(e log e).
     */
    public static ChannelPolicy graphMedian(CsrGraph g) {
        final Fields f = new Fields(2 * g.channelCount());
        for (int end = 0; end < 2 * g.channelCount(); end++) {
            f.addIfEnabled(g, end);
        }
        final long[] m = f.medians();
        return new ChannelPolicy(m[0], m[1], (int) m[2], RouteGraph.NEW_CHANNEL_MIN_HTLC_MSAT, Long.MAX_VALUE, false);
    }

    /**
     * Node {@code v}'s field-wise median (base fee, fee rate, time lock) over its own enabled
     * policies, or lnd's defaults when it has none. O(d log d) for its degree d.
     */
    static long[] nodeMedian(CsrGraph g, int v) {
        final Fields f = new Fields(g.degree(v));
        for (int s = g.slotStart(v), end = g.slotEnd(v); s < end; s++) {
            f.addIfEnabled(g, g.endOfSlot(s));
        }
        return f.medians();
    }

    /** Base fees, fee rates and time locks of enabled policies, collected for their medians. */
    private static final class Fields {
        final long[] base;
        final long[] rate;
        final long[] lock;
        int k;

        Fields(int capacity) {
            base = new long[capacity];
            rate = new long[capacity];
            lock = new long[capacity];
        }

        void addIfEnabled(CsrGraph g, int end) {
            final int r = g.policyRow(end);
            if (r >= 0 && !g.rowDisabled(r)) {
                base[k] = g.rowBaseFeeMsat(r);
                rate[k] = g.rowFeeRatePpm(r);
                lock[k] = g.rowTimeLockDelta(r);
                k++;
            }
        }

        /** {base, rate, lock} medians, or lnd's defaults (1,000 msat, 1 ppm, 80) when nothing was added. */
        long[] medians() {
            if (k == 0) {
                return new long[] {RouteGraph.DEFAULT_BASE_FEE_MSAT, RouteGraph.DEFAULT_FEE_RATE_PPM,
                    RouteGraph.DEFAULT_TIME_LOCK};
            }
            return new long[] {median(base, k), median(rate, k), median(lock, k)};
        }
    }

    private static long median(long[] a, int k) {
        Arrays.sort(a, 0, k);
        return (k & 1) == 1 ? a[k >> 1] : (a[(k >> 1) - 1] + a[k >> 1]) / 2;
    }
}
