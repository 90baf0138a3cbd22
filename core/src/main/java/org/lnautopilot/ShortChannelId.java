package org.lnautopilot;

/**
 * A BOLT 7 short channel id: block height (24 bits), transaction index (24 bits) and output index
 * (16 bits) packed into one unsigned 64-bit value (the seed's {@code lnwire.ShortChannelID}).
 *
 * <p>Immutable and thread-safe. {@link #NONE} (value 0) marks a channel that is not yet confirmed,
 * such as the autopilot's pending opens.
 *
 * @param value the packed 64-bit value, read as unsigned
 */
public record ShortChannelId(long value) {
    /** The zero id, used for channels that have no confirmed funding output yet. */
    public static final ShortChannelId NONE = new ShortChannelId(0);

    /**
     * Packs the three parts.
     *
     * @throws IllegalArgumentException if a part is negative or does not fit its bit width
     */
    public static ShortChannelId of(int block, int tx, int out) {
        if (block < 0 || block > 0xFFFFFF) {
            throw new IllegalArgumentException("block height must be in [0, 16777215], got " + block);
        }
        if (tx < 0 || tx > 0xFFFFFF) {
            throw new IllegalArgumentException("transaction index must be in [0, 16777215], got " + tx);
        }
        if (out < 0 || out > 0xFFFF) {
            throw new IllegalArgumentException("output index must be in [0, 65535], got " + out);
        }
        return new ShortChannelId((long) block << 40 | (long) tx << 16 | out);
    }

    /**
     * Parses the {@code BLOCKxTXxOUT} form (for example {@code 700123x45x1}).
     *
     * @throws IllegalArgumentException if the text is not three decimal parts separated by 'x', or a
     *                                  part is out of range
     */
    public static ShortChannelId parse(CharSequence text) {
        String s = text.toString();
        int a = s.indexOf('x');
        int b = a < 0 ? -1 : s.indexOf('x', a + 1);
        if (a <= 0 || b <= a + 1 || b == s.length() - 1 || s.indexOf('x', b + 1) >= 0) {
            throw new IllegalArgumentException("short channel id must look like 700123x45x1, got '" + s + "'");
        }
        return of(part(s, 0, a), part(s, a + 1, b), part(s, b + 1, s.length()));
    }

    private static int part(String s, int from, int to) {
        if (to - from > 9) {
            throw new IllegalArgumentException("short channel id part too long in '" + s + "'");
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("bad character '" + c + "' in short channel id '" + s + "'");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Block height of the funding transaction. */
    public int blockHeight() {
        return (int) (value >>> 40);
    }

    /** Index of the funding transaction in its block. */
    public int txIndex() {
        return (int) (value >>> 16) & 0xFFFFFF;
    }

    /** Index of the funding output in its transaction. */
    public int outputIndex() {
        return (int) value & 0xFFFF;
    }

    /** The {@code BLOCKxTXxOUT} form. */
    @Override
    public String toString() {
        return blockHeight() + "x" + txIndex() + "x" + outputIndex();
    }
}
