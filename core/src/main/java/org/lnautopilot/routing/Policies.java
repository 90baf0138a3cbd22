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
        final int m = 2 * g.channelCount();
        final long[] base = new long[m];
        final long[] rate = new long[m];
        final long[] lock = new long[m];
        int k = 0;
        for (int end = 0; end < m; end++) {
            final int r = g.policyRow(end);
            if (r >= 0 && !g.rowDisabled(r)) {
                base[k] = g.rowBaseFeeMsat(r);
                rate[k] = g.rowFeeRatePpm(r);
                lock[k] = g.rowTimeLockDelta(r);
                k++;
            }
        }
        if (k == 0) {
            return new ChannelPolicy(RouteGraph.DEFAULT_BASE_FEE_MSAT, RouteGraph.DEFAULT_FEE_RATE_PPM,
                    RouteGraph.DEFAULT_TIME_LOCK, RouteGraph.NEW_CHANNEL_MIN_HTLC_MSAT, Long.MAX_VALUE, false);
        }
        return new ChannelPolicy(median(base, k), median(rate, k), (int) median(lock, k),
                RouteGraph.NEW_CHANNEL_MIN_HTLC_MSAT, Long.MAX_VALUE, false);
    }

    /**
     * Node {@code v}'s field-wise median (base fee, fee rate, time lock) over its own enabled
     * policies, or lnd's defaults when it has none. O(d log d) for its degree d.
     */
    static long[] nodeMedian(CsrGraph g, int v) {
        final int s0 = g.slotStart(v);
        final int d = g.slotEnd(v) - s0;
        final long[] base = new long[d];
        final long[] rate = new long[d];
        final long[] lock = new long[d];
        int k = 0;
        for (int s = s0; s < s0 + d; s++) {
            final int r = g.policyRow(g.endOfSlot(s));
            if (r >= 0 && !g.rowDisabled(r)) {
                base[k] = g.rowBaseFeeMsat(r);
                rate[k] = g.rowFeeRatePpm(r);
                lock[k] = g.rowTimeLockDelta(r);
                k++;
            }
        }
        if (k == 0) {
            return new long[] {RouteGraph.DEFAULT_BASE_FEE_MSAT, RouteGraph.DEFAULT_FEE_RATE_PPM,
                RouteGraph.DEFAULT_TIME_LOCK};
        }
        return new long[] {median(base, k), median(rate, k), median(lock, k)};
    }

    private static long median(long[] a, int k) {
        Arrays.sort(a, 0, k);
        return (k & 1) == 1 ? a[k >> 1] : (a[(k >> 1) - 1] + a[k >> 1]) / 2;
    }
}
