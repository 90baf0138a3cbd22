package org.lnautopilot.sample;

import java.util.Arrays;

/**
 * A set of indexes that is emptied in O(1): each index carries the epoch in which it was last
 * marked, and {@link #reset} starts a new epoch. The stamp array is only cleared when the epoch
 * counter wraps, once per 2^32 resets.
 *
 * <p>Not thread-safe: keep one per thread (for example in a {@link ThreadLocal}).
 */
public final class EpochMarks {
    private int[] stamps;
    private int epoch = 1;

    /** Marks for indexes {@code 0..n-1}. */
    public EpochMarks(int n) {
        stamps = new int[n];
    }

    /** Empties the set and makes room for indexes {@code 0..n-1}. O(1) unless it must grow. */
    public EpochMarks reset(int n) {
        if (stamps.length < n) {
            stamps = new int[n];
            epoch = 1;
            return this;
        }
        if (++epoch == 0) {
            Arrays.fill(stamps, 0);
            epoch = 1;
        }
        return this;
    }

    /** Marks {@code i}; returns whether it was not marked before. O(1). */
    public boolean mark(int i) {
        if (stamps[i] == epoch) {
            return false;
        }
        stamps[i] = epoch;
        return true;
    }

    /** Whether {@code i} is marked. O(1). */
    public boolean isMarked(int i) {
        return stamps[i] == epoch;
    }
}
