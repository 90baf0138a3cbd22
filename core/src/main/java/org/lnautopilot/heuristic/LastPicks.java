package org.lnautopilot.heuristic;

import java.lang.ref.WeakReference;
import java.util.Set;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;

/**
 * A greedy heuristic's last answer, by snapshot and question: asking again with the same snapshot,
 * {@code self}, count and skip set returns the same picks at once (repeated trials on one snapshot
 * agree and cost one run). The snapshot is held weakly. Thread-safe (one volatile reference).
 */
final class LastPicks {
    private record Answer(WeakReference<CsrGraph> graph, NodeId self, int k, Set<NodeId> skip, int[] picks) {
        boolean answers(CsrGraph g, NodeId s, int kk, Set<NodeId> sk) {
            return graph.get() == g && self.equals(s) && k == kk && skip.equals(sk);
        }
    }

    private volatile Answer last;

    /** The picks answered last for this question (a copy), or null. */
    int[] get(CsrGraph g, NodeId self, int k, Set<NodeId> skip) {
        final Answer a = last;
        return a != null && a.answers(g, self, k, skip) ? a.picks.clone() : null;
    }

    /** Keeps {@code picks} as the answer to this question. */
    void put(CsrGraph g, NodeId self, int k, Set<NodeId> skip, int[] picks) {
        last = new Answer(new WeakReference<>(g), self, k, Set.copyOf(skip), picks.clone());
    }
}
