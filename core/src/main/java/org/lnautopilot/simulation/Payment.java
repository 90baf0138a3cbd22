package org.lnautopilot.simulation;

/**
 * One payment to make: at {@code timeS} seconds of simulated time, {@code sender} pays
 * {@code amountMsat} to {@code receiver} (node indexes). Immutable.
 *
 * @param timeS      when, seconds (finite, non-negative)
 * @param sender     the paying node
 * @param receiver   the paid node, not the sender
 * @param amountMsat what the receiver gets, in (0, 21 million BTC]
 */
public record Payment(double timeS, int sender, int receiver, long amountMsat) {
    /** 21 million BTC in msat: no amount can exceed it. */
    public static final long MAX_MSAT = 21_000_000L * 100_000_000L * 1000L;

    /**
     * @throws IllegalArgumentException for a bad time, a negative node, a sender equal to its
     *                                  receiver, or an amount outside (0, 21 million BTC]
     */
    public Payment {
        if (!(timeS >= 0) || Double.isInfinite(timeS)) {
            throw new IllegalArgumentException("a payment's time must be finite and non-negative, got " + timeS);
        }
        if (sender < 0 || receiver < 0) {
            throw new IllegalArgumentException("nodes are non-negative indexes, got " + sender + " -> " + receiver);
        }
        if (sender == receiver) {
            throw new IllegalArgumentException("a payment's sender and receiver must differ, got node " + sender
                    + " twice");
        }
        if (!validAmount(amountMsat)) {
            throw new IllegalArgumentException("a payment's amount must be in (0, 21 million BTC], got " + amountMsat
                    + " msat");
        }
    }

    /** Whether {@code amountMsat} lies in (0, 21 million BTC]: the one check of every amount here. */
    public static boolean validAmount(long amountMsat) {
        return amountMsat > 0 && amountMsat <= MAX_MSAT;
    }
}
