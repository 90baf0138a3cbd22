package org.lnautopilot.heuristic;

import java.util.List;
import java.util.Set;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.AttachmentHeuristic;
import org.lnautopilot.Channel;
import org.lnautopilot.ChannelGraph;
import org.lnautopilot.ChannelNeed;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;

/**
 * What every greedy heuristic shares ({@link GreedyCentrality}, {@link GreedyReach}): the seed's
 * NeedMoreChans and sizing, eligibility ({@link GreedyCentrality#eligible}), and the last answer
 * kept by snapshot and question, so that asking again with the same snapshot, {@code self}, count
 * and skip set returns the same picks at once. A subclass supplies only {@link #compute}: the picks
 * one at a time, each the eligible node of largest gain under its own objective.
 *
 * <p>Safe for concurrent use when {@link #compute} is.
 */
public abstract class GreedyHeuristic implements AttachmentHeuristic {
    final ChannelBudget budget;
    private final LastPicks last = new LastPicks();

    GreedyHeuristic(long minChanSizeSat, long maxChanSizeSat, int chanLimit, double allocation) {
        this.budget = new ChannelBudget(minChanSizeSat, maxChanSizeSat, chanLimit, allocation);
    }

    /** The heuristic's name on the command line. */
    public abstract String name();

    /** The seed's NeedMoreChans, as {@link ConstrainedPrefAttachment#needMoreChans}. O(chans). */
    @Override
    public final ChannelNeed needMoreChans(List<Channel> chans, long balanceSat) {
        return budget.needMoreChans(chans, balanceSat);
    }

    /** The picks of {@link #pick}, then the seed's sizing. */
    @Override
    public final List<AttachmentDirective> select(NodeId self, ChannelGraph graph, long amtToUseSat, int numNewChans,
            Set<NodeId> skipNodes) {
        if (!budget.worthSelecting(self, graph, amtToUseSat, numNewChans, skipNodes)) {
            return List.of();
        }
        final CsrGraph g = CsrGraph.copyOf(graph);
        final int[] picks = pick(g, self, numNewChans, skipNodes);
        return budget.directives(g, picks, picks.length, amtToUseSat, new long[picks.length], null);
    }

    /**
     * The greedy picks as node indexes of {@code g}, in pick order: up to {@code k}, fewer when fewer
     * nodes are eligible; the last answer again when the question is the same.
     */
    public final int[] pick(CsrGraph g, NodeId self, int k, Set<NodeId> skipNodes) {
        final int[] cached = last.get(g, self, k, skipNodes);
        if (cached != null) {
            return cached;
        }
        final int[] picks = compute(g, self, k, skipNodes);
        last.put(g, self, k, skipNodes, picks);
        return picks;
    }

    /** The picks, computed. */
    abstract int[] compute(CsrGraph g, NodeId self, int k, Set<NodeId> skipNodes);
}
