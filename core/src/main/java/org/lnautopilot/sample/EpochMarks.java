package org.lnautopilot.sample;

import java.util.Arrays;
import java.util.Objects;

/**
 * A set of indexes that is emptied in O(1): each index carries the epoch in which it was last
 * marked, and {@link #reset} starts a new epoch. The stamp array is only cleared when the epoch
 * counter wraps, once per 2^32 resets.
 *
 * <p>The first {@value #SMALL} marks of an epoch go to a small open-addressing table (1 KB, so it
 * stays in the first-level cache) instead of the stamp array: a {@code select} marks a few dozen
 * of a large graph's nodes, and on a 10^6-node graph each stamp is a cache miss. The 65th mark
 * copies the table's marks to the stamps, which then hold the rest of the epoch. Table entries
 * carry the epoch too, so a reset stays O(1).
 *
 * <p>Not thread-safe: keep one per thread (for example in a {@link ThreadLocal}).
 */
public final class EpochMarks {
    /** Marks an epoch keeps in the table before it moves to the stamps. */
    private static final int SMALL = 64;
    private static final int TABLE_BITS = 7;
    private int[] stamps;
    private int epoch = 1;
    /** Entries {@code epoch << 32 | (index + 1)}; an entry of an older epoch is an empty slot. */
    private final long[] table = new long[1 << TABLE_BITS];
    /** Marks in the table this epoch, or -1 once the epoch has moved to the stamps. */
    private int inTable;

    /** Marks for indexes {@code 0..n-1}. */
    public EpochMarks(int n) {
        stamps = new int[n];
    }

    /** Empties the set and makes room for indexes {@code 0..n-1}. O(1) unless it must grow. */
    public EpochMarks reset(int n) {
        inTable = 0;
        if (stamps.length < n) {
            stamps = new int[n];
            Arrays.fill(table, 0);
            epoch = 1;
            return this;
        }
        if (++epoch == 0) {
            Arrays.fill(stamps, 0);
            Arrays.fill(table, 0);
            epoch = 1;
        }
        return this;
    }

    /**
     * Marks {@code i}; returns whether it was not marked before. O(1) (expected, while in the table).
     *
     * @throws IndexOutOfBoundsException if {@code i} is outside {@code 0..n-1}
     */
    public boolean mark(int i) {
        Objects.checkIndex(i, stamps.length);
        if (inTable < 0) {
            return markStamp(i);
        }
        final long key = key(i);
        final int h = probe(key, i);
        if (table[h] == key) {
            return false;
        }
        if (inTable == SMALL) {
            spill();
            return markStamp(i);
        }
        table[h] = key;
        inTable++;
        return true;
    }

    /**
     * Whether {@code i} is marked. O(1) (expected, while in the table).
     *
     * @throws IndexOutOfBoundsException if {@code i} is outside {@code 0..n-1}
     */
    public boolean isMarked(int i) {
        Objects.checkIndex(i, stamps.length);
        if (inTable < 0) {
            return stamps[i] == epoch;
        }
        final long key = key(i);
        return table[probe(key, i)] == key;
    }

    private long key(int i) {
        return (long) epoch << 32 | (i + 1L);
    }

    /** The slot of the table holding {@code key} this epoch, or the empty slot where it would go. */
    private int probe(long key, int i) {
        final long[] t = table;
        int h = slot(i);
        for (long e = t[h]; e != key && (int) (e >>> 32) == epoch; e = t[h]) {
            h = (h + 1) & (t.length - 1);
        }
        return h;
    }

    private static int slot(int i) {
        return (i * 0x9E3779B9) >>> (32 - TABLE_BITS);
    }

    private boolean markStamp(int i) {
        if (stamps[i] == epoch) {
            return false;
        }
        stamps[i] = epoch;
        return true;
    }

    /** Moves this epoch's marks from the table to the stamps. O(table). */
    private void spill() {
        for (long e : table) {
            if ((int) (e >>> 32) == epoch) {
                stamps[(int) e - 1] = epoch;
            }
        }
        inTable = -1;
    }
}
