package org.lnautopilot.routing;

import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.graph.CsrGraph;

/**
 * A new node's fee policy as a user sets it: base fee, fee rate and time lock delta, each either
 * given or {@link #MEDIAN} ({@code -1}: the graph's field-wise median over enabled policies, as
 * {@link Policies#graphMedian}). What {@code --fee-base}, {@code --fee-ppm} and {@code --cltv-delta}
 * mean on every command (API.md part 3). Immutable.
 *
 * @param baseFeeMsat   in [0, 2^32), or -1
 * @param feeRatePpm    in [0, 2^32), or -1
 * @param timeLockDelta in [0, 65535], or -1
 */
public record FeeSettings(long baseFeeMsat, long feeRatePpm, int timeLockDelta) {
    /** A field left to the graph's median. */
    public static final int MEDIAN = -1;
    /** Every field the graph's median: the default. */
    public static final FeeSettings GRAPH_MEDIAN = new FeeSettings(MEDIAN, MEDIAN, MEDIAN);

    /** @throws IllegalArgumentException naming the field out of range */
    public FeeSettings {
        if (baseFeeMsat < MEDIAN || baseFeeMsat > ChannelPolicy.MAX_U32) {
            throw new IllegalArgumentException("the base fee must be in [0, 2^32) msat, got " + baseFeeMsat);
        }
        if (feeRatePpm < MEDIAN || feeRatePpm > ChannelPolicy.MAX_U32) {
            throw new IllegalArgumentException("the fee rate must be in [0, 2^32) ppm, got " + feeRatePpm);
        }
        if (timeLockDelta < MEDIAN || timeLockDelta > 0xFFFF) {
            throw new IllegalArgumentException("the time lock delta must be in [0, 65535], got " + timeLockDelta);
        }
    }

    /** Whether every field is left to the graph. */
    public boolean allMedian() {
        return baseFeeMsat == MEDIAN && feeRatePpm == MEDIAN && timeLockDelta == MEDIAN;
    }

    /**
     * The policy on {@code g}: the given fields, the graph's medians for the others; minimum HTLC
     * 1,000 msat, no maximum, enabled. O(e log e) when a field is left to the graph, else O(1).
     */
    public ChannelPolicy resolve(CsrGraph g) {
        if (baseFeeMsat != MEDIAN && feeRatePpm != MEDIAN && timeLockDelta != MEDIAN) {
            return new ChannelPolicy(baseFeeMsat, feeRatePpm, timeLockDelta, RouteGraph.NEW_CHANNEL_MIN_HTLC_MSAT,
                    Long.MAX_VALUE, false);
        }
        final ChannelPolicy m = Policies.graphMedian(g);
        return new ChannelPolicy(baseFeeMsat != MEDIAN ? baseFeeMsat : m.baseFeeMsat(),
                feeRatePpm != MEDIAN ? feeRatePpm : m.feeRatePpm(),
                timeLockDelta != MEDIAN ? timeLockDelta : m.timeLockDelta(), m.minHtlcMsat(), m.maxHtlcMsat(), false);
    }
}
