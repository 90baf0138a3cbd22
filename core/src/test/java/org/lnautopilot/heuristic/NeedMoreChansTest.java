package org.lnautopilot.heuristic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lnautopilot.Channel;
import org.lnautopilot.ChannelNeed;
import org.lnautopilot.ShortChannelId;
import org.lnautopilot.testing.TestKeys;

/** NeedMoreChans: the seed's reference table and its edges. */
class NeedMoreChansTest {
    static final long BTC = 100_000_000L;

    static List<Channel> chans(long... caps) {
        List<Channel> out = new ArrayList<>();
        for (int i = 0; i < caps.length; i++) {
            out.add(new Channel(ShortChannelId.of(1, i, 0), caps[i], 0, TestKeys.key(i + 1)));
        }
        return out;
    }

    static ConstrainedPrefAttachment pa(int limit, double allocation) {
        return new ConstrainedPrefAttachment(0, BTC, limit, allocation, new SplittableRandom(1));
    }

    @Test
    void referenceTable() {
        ConstrainedPrefAttachment p = pa(3, 0.5);
        assertEquals(ChannelNeed.NONE, p.needMoreChans(chans(BTC, BTC, BTC), 10 * BTC), "limit reached");
        assertEquals(ChannelNeed.NONE, p.needMoreChans(chans(BTC, BTC), 2 * BTC), "exactly at the allocation");
        assertEquals(new ChannelNeed(4 * BTC, 2, true), p.needMoreChans(chans(BTC), 9 * BTC));
        assertEquals(new ChannelNeed(3 * BTC, 1, true), p.needMoreChans(chans(BTC, 3 * BTC), 10 * BTC));
        assertEquals(ChannelNeed.NONE, p.needMoreChans(chans(BTC, BTC), BTC), "above the allocation");
    }

    @Test
    void zeroOverZeroIsNaNAndSaysNo() {
        assertEquals(ChannelNeed.NONE, pa(3, 0.5).needMoreChans(List.of(), 0));
        assertEquals(ChannelNeed.NONE, pa(3, 1.0).needMoreChans(List.of(), 0), "NaN < 1 is false too");
    }

    @Test
    void emptyWalletWithFunds() {
        assertEquals(new ChannelNeed(5 * BTC, 3, true), pa(3, 0.5).needMoreChans(List.of(), 10 * BTC));
    }

    @Test
    void amountTruncatesTowardZero() {
        // total 3 sat * 0.5 = 1.5 -> 1.
        assertEquals(new ChannelNeed(1, 3, true), pa(3, 0.5).needMoreChans(List.of(), 3));
        // total 10 sat * 0.33 = 3.3 -> 3, minus 1 in channels.
        assertEquals(new ChannelNeed(2, 2, true), pa(3, 0.33).needMoreChans(chans(1), 9));
    }

    @Test
    void limitZeroAndAboveLimit() {
        assertEquals(ChannelNeed.NONE, pa(0, 0.5).needMoreChans(List.of(), 10 * BTC));
        assertEquals(ChannelNeed.NONE, pa(2, 0.5).needMoreChans(chans(1, 1, 1), 10 * BTC));
    }

    @Test
    void overflowIsAnError() {
        assertThrows(ArithmeticException.class, () -> pa(3, 0.5).needMoreChans(chans(Long.MAX_VALUE, 1), 0));
    }

    @Test
    void badConfigurationIsRejected() {
        SplittableRandom r = new SplittableRandom(1);
        assertThrows(IllegalArgumentException.class, () -> new ConstrainedPrefAttachment(-1, 10, 3, 0.5, r));
        assertThrows(IllegalArgumentException.class, () -> new ConstrainedPrefAttachment(10, 5, 3, 0.5, r));
        assertThrows(IllegalArgumentException.class, () -> new ConstrainedPrefAttachment(0, 0, 3, 0.5, r));
        assertThrows(IllegalArgumentException.class, () -> new ConstrainedPrefAttachment(0, 10, -1, 0.5, r));
        assertThrows(IllegalArgumentException.class, () -> new ConstrainedPrefAttachment(0, 10, 3, 1.5, r));
        assertThrows(IllegalArgumentException.class, () -> new ConstrainedPrefAttachment(0, 10, 3, Double.NaN, r));
        assertThrows(IllegalArgumentException.class, () -> new ConstrainedPrefAttachment(0, 10, 3, 0.5, -1, r));
        assertThrows(IllegalArgumentException.class,
                () -> new ConstrainedPrefAttachment(0, 10, 3, 0.5, Double.POSITIVE_INFINITY, r));
    }
}
