package org.lnautopilot.heuristic;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.sample.AliasTable;
import org.lnautopilot.sample.EpochMarks;
import org.lnautopilot.sample.IndexWeights;
import org.lnautopilot.sample.WithoutReplacement;

/**
 * Per-thread working memory of a {@code select} on a {@link CsrGraph}, so that a call allocates
 * little beyond its result: exclusion marks, a key buffer, pick and amount arrays, and the directives
 * made for the current snapshot, handed out again while their amount stays the same (one reference
 * per node of the snapshot, 4 MB at 10^6 nodes, made on the thread's second call on it). Not
 * thread-safe: keep one per thread.
 */
final class SelectScratch {
    final EpochMarks marks = new EpochMarks(0);
    final byte[] key = new byte[NodeId.LENGTH];
    int[] picks = new int[16];
    long[] amounts = new long[16];
    /**
     * By node index, the last directive this thread made for each node of the snapshot {@link #madeFor}
     * ({@link ChannelBudget#directives}): n references, and at most one directive per node picked.
     * Null until the thread's second call on that snapshot, so that a snapshot used for one call (the
     * agent takes a new one per decision) costs no array.
     */
    private AttachmentDirective[] made;
    /** The snapshot of this thread's last call, held weakly so the scratch keeps no old graph alive. */
    private WeakReference<CsrGraph> madeFor = new WeakReference<>(null);

    /** Makes room for {@code k} picks. */
    SelectScratch room(int k) {
        if (picks.length < k) {
            picks = new int[k];
            amounts = new long[k];
        }
        return this;
    }

    /**
     * The select of a table-based heuristic: marks {@code self} (and, when
     * {@code excludeSelfNeighbours}, its neighbours in {@code g}) and every skipped node, draws up to
     * {@code want} picks without replacement from {@code table} over {@code w} while holding
     * {@code rng}'s monitor ({@link WithoutReplacement}), then sizes them by {@code budget}. O(k +
     * |skip| + degree(self)) expected, plus the directives.
     */
    List<AttachmentDirective> select(CsrGraph g, AliasTable table, IndexWeights w, NodeId self,
            boolean excludeSelfNeighbours, Set<NodeId> skip, long funds, int want, RandomGenerator rng,
            ChannelBudget budget) {
        final int n = g.nodeCount();
        final int k = Math.min(want, n);
        room(k);
        final EpochMarks m = marks.reset(n);
        double marked = 0;
        final int selfIdx = indexOf(g, self);
        if (selfIdx >= 0) {
            marked += m.mark(selfIdx) ? w.weight(selfIdx) : 0;
            if (excludeSelfNeighbours) {
                for (int s = g.slotStart(selfIdx), end = g.slotEnd(selfIdx); s < end; s++) {
                    final int u = g.neighbour(s);
                    marked += m.mark(u) ? w.weight(u) : 0;
                }
            }
        }
        for (NodeId id : skip) {
            marked += markIfPresent(g, id, w);
        }
        final int got;
        synchronized (rng) {
            got = WithoutReplacement.pick(table, w, m, marked, k, rng, picks);
        }
        return budget.directives(g, picks, got, funds, amounts, madeFor(g));
    }

    /**
     * {@link #made} for snapshot {@code g}: null on the first call on a snapshot, which forgets the
     * previous one's; made on the second.
     */
    private AttachmentDirective[] madeFor(CsrGraph g) {
        if (madeFor.get() != g) {
            madeFor = new WeakReference<>(g);
            made = null;
        } else if (made == null) {
            made = new AttachmentDirective[g.nodeCount()];
        }
        return made;
    }

    /**
     * Marks {@code id} in {@link #marks} if it is a node of {@code g} not marked yet, and returns its
     * weight then (else 0): the weight a pick must no longer count on. O(1) expected, allocation-free.
     */
    private double markIfPresent(CsrGraph g, NodeId id, IndexWeights w) {
        final int i = indexOf(g, id);
        return i >= 0 && marks.mark(i) ? w.weight(i) : 0.0;
    }

    /** The index of {@code id} in {@code g}, or -1, without allocating. O(1) expected. */
    int indexOf(CsrGraph g, NodeId id) {
        id.copyTo(key, 0);
        return g.indexOf(key, 0);
    }
}
