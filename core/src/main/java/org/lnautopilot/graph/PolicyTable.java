package org.lnautopilot.graph;

import java.util.Arrays;

/**
 * The distinct (base fee, fee rate, time lock, minimum HTLC, disabled) tuples of a graph's
 * policies, deduplicated while a {@link CsrGraph.Builder} collects them. A row is {@link #WIDTH}
 * longs: base fee in the low and fee rate in the high 32 bits (both unsigned 32-bit in BOLT 7), the
 * minimum HTLC, and the time lock with the disabled flag in bit 16. Lookup is open addressing on a
 * hash of the row: O(1) expected per {@link #row}. Not thread-safe; the finished array is read-only.
 */
final class PolicyTable {
    static final int WIDTH = 3;

    private long[] rows = new long[WIDTH * 16];
    private int count;
    private int[] slots = new int[64];

    PolicyTable() {
        Arrays.fill(slots, -1);
    }

    int rowCount() {
        return count;
    }

    /** The rows, trimmed. */
    long[] rows() {
        return Arrays.copyOf(rows, WIDTH * count);
    }

    /** The row of this tuple, added if new. */
    int row(long base, long rate, int timeLock, long minHtlc, boolean disabled) {
        final long w0 = base | rate << 32;
        final long w2 = timeLock | (disabled ? 1L << 16 : 0);
        final int mask = slots.length - 1;
        int h = hash(w0, minHtlc, w2) & mask;
        for (int r; (r = slots[h]) >= 0; h = (h + 1) & mask) {
            if (rows[WIDTH * r] == w0 && rows[WIDTH * r + 1] == minHtlc && rows[WIDTH * r + 2] == w2) {
                return r;
            }
        }
        if (WIDTH * (count + 1) > rows.length) {
            rows = Arrays.copyOf(rows, rows.length * 2);
        }
        rows[WIDTH * count] = w0;
        rows[WIDTH * count + 1] = minHtlc;
        rows[WIDTH * count + 2] = w2;
        slots[h] = count;
        if (++count * 2 > slots.length) {
            rehash();
        }
        return count - 1;
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        Arrays.fill(slots, -1);
        final int mask = slots.length - 1;
        for (int r = 0; r < count; r++) {
            int h = hash(rows[WIDTH * r], rows[WIDTH * r + 1], rows[WIDTH * r + 2]) & mask;
            while (slots[h] >= 0) {
                h = (h + 1) & mask;
            }
            slots[h] = r;
        }
    }

    private static int hash(long a, long b, long c) {
        long h = a * 0x9E3779B97F4A7C15L + b;
        h = h * 0xC2B2AE3D27D4EB4FL + c;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ h >>> 32);
    }

    static long baseFee(long[] t, int r) {
        return t[WIDTH * r] & 0xFFFF_FFFFL;
    }

    static long feeRate(long[] t, int r) {
        return t[WIDTH * r] >>> 32;
    }

    static long minHtlc(long[] t, int r) {
        return t[WIDTH * r + 1];
    }

    static int timeLock(long[] t, int r) {
        return (int) (t[WIDTH * r + 2] & 0xFFFF);
    }

    static boolean disabled(long[] t, int r) {
        return (t[WIDTH * r + 2] & 1L << 16) != 0;
    }
}
