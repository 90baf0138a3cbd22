package org.lnautopilot.node;

import java.util.List;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.NodeId;
import org.lnautopilot.OutPoint;

/**
 * What an {@link AutopilotRunner} reports: progress lines, each decision, and each open's result.
 * Called from the runner's threads (several at once for opens); implementations are thread-safe and
 * quick.
 */
public interface RunListener {
    /**
     * One decision of the heuristic.
     *
     * @param balanceSat  the confirmed on-chain balance
     * @param budgetSat   what may go into channels: the balance less the reserve
     * @param channels    channels open and pending on the node when it decided
     * @param directives  the channels it chose (empty when none is needed or possible)
     * @param execute     whether they will be opened (false: dry run)
     */
    record Decision(long balanceSat, long budgetSat, int channels, List<AttachmentDirective> directives,
            boolean execute) {
        /** Copies the list. */
        public Decision {
            directives = List.copyOf(directives);
        }
    }

    /** A line about what the runner is doing (connecting, waiting for sync, reconnecting). */
    void progress(String line);

    /** The heuristic decided. */
    void decision(Decision d);

    /**
     * An open finished.
     *
     * @param chanPoint its funding outpoint when it succeeded, else null
     * @param failure   why it did not, else null; its kind says whether the node refused or the
     *                  outcome is unknown (then the next start finds it among the node's channels)
     */
    void openResult(NodeId peer, long amountSat, OutPoint chanPoint, NodeException failure);
}
