package org.lnautopilot.node;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.AttachmentHeuristic;
import org.lnautopilot.Channel;
import org.lnautopilot.ChannelGraph;
import org.lnautopilot.ChannelNeed;
import org.lnautopilot.NodeId;

/**
 * The user's heuristic as {@code autopilot run} applies it: every {@code select} also skips the peers
 * the run must never pick (excluded by the user, closed by someone else, failed and in back-off, or
 * with an open in flight), and each evaluation is reported to a {@link RunListener} as one
 * {@link RunListener.Decision}. Called by one thread at a time (the agent's controller, or the
 * {@code --once} path).
 */
final class ReportingHeuristic implements AttachmentHeuristic {
    private final AttachmentHeuristic inner;
    private final Supplier<Set<NodeId>> alsoSkip;
    private final LongSupplier lastBalance;
    private final RunListener listener;
    private final boolean execute;
    private long budget;
    private int channels;

    ReportingHeuristic(AttachmentHeuristic inner, Supplier<Set<NodeId>> alsoSkip, LongSupplier lastBalance,
            RunListener listener, boolean execute) {
        this.inner = inner;
        this.alsoSkip = alsoSkip;
        this.lastBalance = lastBalance;
        this.listener = listener;
        this.execute = execute;
    }

    @Override
    public ChannelNeed needMoreChans(List<Channel> chans, long balanceSat) {
        budget = balanceSat;
        channels = chans.size();
        final ChannelNeed need = inner.needMoreChans(chans, balanceSat);
        if (!need.needMore()) {
            listener.decision(new RunListener.Decision(lastBalance.getAsLong(), budget, channels, List.of(), execute));
        }
        return need;
    }

    /** Reports the last evaluation as choosing nothing (more channels were wanted, but no slot was free). */
    void reportNothing() {
        listener.decision(new RunListener.Decision(lastBalance.getAsLong(), budget, channels, List.of(), execute));
    }

    @Override
    public List<AttachmentDirective> select(NodeId self, ChannelGraph g, long amtSat, int numChans,
            Set<NodeId> skipNodes) {
        final Set<NodeId> skip = new HashSet<>(skipNodes);
        skip.addAll(alsoSkip.get());
        final List<AttachmentDirective> picks = inner.select(self, g, amtSat, numChans, skip);
        listener.decision(new RunListener.Decision(lastBalance.getAsLong(), budget, channels, picks, execute));
        return picks;
    }
}
