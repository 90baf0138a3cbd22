package org.lnautopilot.heuristic;

import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.sample.EpochMarks;
import org.lnautopilot.sample.IndexWeights;

/**
 * Per-thread working memory of a {@code select} on a {@link CsrGraph}, so that a call allocates
 * little beyond its result: exclusion marks, a key buffer, pick and amount arrays. Not thread-safe:
 * keep one per thread.
 */
final class SelectScratch {
    final EpochMarks marks = new EpochMarks(0);
    final byte[] key = new byte[NodeId.LENGTH];
    int[] picks = new int[16];
    long[] amounts = new long[16];

    /** Makes room for {@code k} picks. */
    SelectScratch room(int k) {
        if (picks.length < k) {
            picks = new int[k];
            amounts = new long[k];
        }
        return this;
    }

    /**
     * Marks {@code id} in {@link #marks} if it is a node of {@code g} not marked yet, and returns its
     * weight then (else 0): the weight a pick must no longer count on. O(1) expected, allocation-free.
     */
    double markIfPresent(CsrGraph g, NodeId id, IndexWeights w) {
        final int i = indexOf(g, id);
        return i >= 0 && marks.mark(i) ? w.weight(i) : 0.0;
    }

    /** The index of {@code id} in {@code g}, or -1, without allocating. O(1) expected. */
    int indexOf(CsrGraph g, NodeId id) {
        id.copyTo(key, 0);
        return g.indexOf(key, 0);
    }
}
