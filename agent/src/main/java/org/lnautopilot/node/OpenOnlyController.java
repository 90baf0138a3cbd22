package org.lnautopilot.node;

import org.lnautopilot.Channel;
import org.lnautopilot.OutPoint;
import org.lnautopilot.agent.ChannelController;

/**
 * A {@link ChannelController} that only opens: autopilot run never closes or splices a channel, so
 * those calls throw {@link UnsupportedOperationException}. Subclasses supply {@link #openChannel}.
 */
public abstract class OpenOnlyController implements ChannelController {
    /** For subclasses. */
    protected OpenOnlyController() {
    }

    /** Never: autopilot run does not close channels. */
    @Override
    public final void closeChannel(OutPoint chanPoint) {
        throw new UnsupportedOperationException("autopilot run never closes channels");
    }

    /** Never: autopilot run does not splice channels. */
    @Override
    public final Channel spliceIn(OutPoint chanPoint, long amtSat) {
        throw new UnsupportedOperationException("autopilot run never splices channels");
    }

    /** Never: autopilot run does not splice channels. */
    @Override
    public final Channel spliceOut(OutPoint chanPoint, long amtSat) {
        throw new UnsupportedOperationException("autopilot run never splices channels");
    }
}
