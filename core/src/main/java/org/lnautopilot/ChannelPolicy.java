package org.lnautopilot;

/**
 * How one node forwards on one channel in one direction: the fields of a BOLT 7
 * {@code channel_update} that route choice reads. A policy belongs to the node that announced it
 * and to the direction from that node to the channel's other end (describegraph's
 * {@code node1_policy} is node1's, for node1 -> node2; a listchannels entry's is its
 * {@code source}'s).
 *
 * <p>Amounts are millisatoshis. {@code baseFeeMsat} and {@code feeRatePpm} are BOLT 7's unsigned
 * 32-bit fields, {@code timeLockDelta} its unsigned 16-bit {@code cltv_expiry_delta}.
 * Immutable and thread-safe.
 *
 * @param baseFeeMsat   fee charged per forwarded HTLC, in [0, 2^32)
 * @param feeRatePpm    proportional fee in millionths of the forwarded amount, in [0, 2^32)
 * @param timeLockDelta blocks the node adds to the HTLC's expiry, in [0, 65535]
 * @param minHtlcMsat   smallest HTLC the node forwards, at least 0
 * @param maxHtlcMsat   largest HTLC the node forwards, at least 0 (readers put the capacity here
 *                      when the update carries none)
 * @param disabled      the node has disabled forwarding this way
 */
public record ChannelPolicy(long baseFeeMsat, long feeRatePpm, int timeLockDelta, long minHtlcMsat,
        long maxHtlcMsat, boolean disabled) {
    /** The largest value of BOLT 7's 32-bit fee fields. */
    public static final long MAX_U32 = 0xFFFF_FFFFL;

    /**
     * @throws IllegalArgumentException naming the field that is out of range
     */
    public ChannelPolicy {
        check(baseFeeMsat, feeRatePpm, timeLockDelta, minHtlcMsat, maxHtlcMsat);
    }

    /**
     * Checks the fields of a policy without making one.
     *
     * @throws IllegalArgumentException naming the field that is out of range
     */
    public static void check(long baseFeeMsat, long feeRatePpm, int timeLockDelta, long minHtlcMsat,
            long maxHtlcMsat) {
        if (baseFeeMsat < 0 || baseFeeMsat > MAX_U32) {
            throw new IllegalArgumentException("base fee " + baseFeeMsat + " msat is outside [0, 2^32)");
        }
        if (feeRatePpm < 0 || feeRatePpm > MAX_U32) {
            throw new IllegalArgumentException("fee rate " + feeRatePpm + " ppm is outside [0, 2^32)");
        }
        if (timeLockDelta < 0 || timeLockDelta > 0xFFFF) {
            throw new IllegalArgumentException("time lock delta " + timeLockDelta + " is outside [0, 65535]");
        }
        if (minHtlcMsat < 0) {
            throw new IllegalArgumentException("negative minimum HTLC " + minHtlcMsat + " msat");
        }
        if (maxHtlcMsat < 0) {
            throw new IllegalArgumentException("negative maximum HTLC " + maxHtlcMsat + " msat");
        }
    }

    /**
     * The fee this policy charges to forward {@code amountMsat}: {@code baseFeeMsat + amountMsat *
     * feeRatePpm / 1_000_000} in integer arithmetic (lnd's {@code ComputeFee}). O(1).
     */
    public long feeMsat(long amountMsat) {
        return fee(baseFeeMsat, feeRatePpm, amountMsat);
    }

    /**
     * {@code base + amount * rate / 1_000_000} (integer division) for a non-negative amount. lnd
     * computes it in unsigned 64-bit arithmetic, which wraps for absurd rates and amounts; here a
     * product beyond 2^63 saturates to {@link Long#MAX_VALUE}, which no route can pay. O(1),
     * allocation-free.
     */
    public static long fee(long base, long rate, long amountMsat) {
        final long lo = amountMsat * rate;
        if (Math.multiplyHigh(amountMsat, rate) != 0 || lo < 0) {
            return Long.MAX_VALUE;
        }
        return base + lo / 1_000_000L;
    }
}
