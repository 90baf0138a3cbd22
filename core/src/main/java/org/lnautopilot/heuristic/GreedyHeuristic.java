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
import org.lnautopilot.graph.Progress;

/**
 * What every greedy heuristic shares ({@link GreedyCentrality}, {@link GreedyReach}, {@link GreedyRouting}):
 * the pick loop ({@link #pickLoop}), the seed's
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

    /** Whether there is nothing to pick: {@code k <= 0} or no node eligible. O(n). */
    static boolean nothingToPick(int k, boolean[] eligible) {
        if (k <= 0) {
            return true;
        }
        for (boolean e : eligible) {
            if (e) {
                return false;
            }
        }
        return true;
    }

    private volatile Progress progress = Progress.NONE;

    /**
     * Reports the picks' progress to {@code p} (from the calling thread, a few hundred times per
     * decision at most): one bar over all picks. Returns this.
     */
    public GreedyHeuristic progress(Progress p) {
        this.progress = java.util.Objects.requireNonNull(p, "progress");
        return this;
    }

    /** The progress receiver set by {@link #progress(Progress)}. */
    final Progress progress() {
        return progress;
    }

    /** A greedy engine as the shared pick loop sees it. */
    interface Engine {
        /** The eligible node of largest gain, or -1 when none gains; reports its own work to {@code step}. */
        int best(boolean[] eligible, Progress step);

        /** The new node is now joined to {@code c}. */
        void connect(int c);
    }

    /**
     * The greedy loop every greedy heuristic runs: up to {@code k} picks (fewer when fewer nodes are
     * eligible), each the engine's best, or the fallback's choice when no candidate gains; each pick
     * becomes ineligible and is connected. Progress: one bar over the picks, each pick's share filled
     * by its engine's pass.
     */
    static int[] pickLoop(int k, boolean[] eligible, Engine engine, java.util.function.ToIntFunction<boolean[]> fallback,
            Progress progress) {
        int count = 0;
        for (boolean e : eligible) {
            count += e ? 1 : 0;
        }
        final int[] out = new int[Math.max(0, Math.min(k, count))];
        final long span = 1_000;
        final long all = span * out.length;
        for (int p = 0; p < out.length; p++) {
            final long before = span * p;
            int best = engine.best(eligible,
                    (done, total) -> progress.update(before + (total > 0 ? done * span / total : 0), all));
            progress.update(before + span, all);
            if (best < 0) {
                best = fallback.applyAsInt(eligible);
            }
            out[p] = best;
            eligible[best] = false;
            engine.connect(best);
        }
        return out;
    }

    /**
     * Keeps eligible only the nodes with an enabled channel of their own that can carry
     * {@code amountMsat} (API.md part 3: a peer must be able to forward the payment). O(n + e).
     */
    static void carriers(CsrGraph g, boolean[] eligible, long amountMsat) {
        for (int i = 0; i < eligible.length; i++) {
            eligible[i] &= carries(g, i, amountMsat);
        }
    }

    private static boolean carries(CsrGraph g, int i, long amountMsat) {
        for (int s = g.slotStart(i), end = g.slotEnd(i); s < end; s++) {
            final int e = g.endOfSlot(s);
            final int r = g.policyRow(e);
            if (r >= 0 && !g.rowDisabled(r) && g.capacitySat(e >> 1) * 1000 >= amountMsat
                    && g.maxHtlcMsat(e) >= amountMsat) {
                return true;
            }
        }
        return false;
    }

    /** The eligible node of largest capacity (ties to the lower index), -1 when none is. O(n + e). */
    static int largestCapacity(CsrGraph g, boolean[] eligible) {
        final org.lnautopilot.routing.Demand d = org.lnautopilot.routing.Demand.byCapacity(g);
        int best = -1;
        for (int i = 0; i < eligible.length; i++) {
            if (eligible[i] && (best < 0 || d.weight(i) > d.weight(best))) {
                best = i;
            }
        }
        return best;
    }
}
