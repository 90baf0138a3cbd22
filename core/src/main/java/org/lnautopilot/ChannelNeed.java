package org.lnautopilot;

/**
 * The answer of {@link AttachmentHeuristic#needMoreChans}: the seed's {@code (Amount, uint32, bool)}.
 * Immutable.
 *
 * @param amountSat the budget for all new channels together
 * @param numChans  how many more channels to open
 * @param needMore  whether to open any
 */
public record ChannelNeed(long amountSat, int numChans, boolean needMore) {
    /** No more channels: (0, 0, false). */
    public static final ChannelNeed NONE = new ChannelNeed(0, 0, false);
}
