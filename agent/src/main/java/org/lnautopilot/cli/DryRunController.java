package org.lnautopilot.cli;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.lnautopilot.Channel;
import org.lnautopilot.NodeId;
import org.lnautopilot.OutPoint;
import org.lnautopilot.agent.ChannelController;

/** A controller that opens nothing: it records what the agent asked for. Thread-safe. */
final class DryRunController implements ChannelController {
    record Open(NodeId target, long amtSat, List<InetSocketAddress> addrs) {
    }

    final ConcurrentLinkedQueue<Open> opens = new ConcurrentLinkedQueue<>();

    @Override
    public void openChannel(NodeId target, long amtSat, List<InetSocketAddress> addrs) {
        opens.add(new Open(target, amtSat, addrs));
    }

    @Override
    public void closeChannel(OutPoint chanPoint) {
        throw new UnsupportedOperationException("dry run: the autopilot never closes channels");
    }

    @Override
    public Channel spliceIn(OutPoint chanPoint, long amtSat) {
        throw new UnsupportedOperationException("dry run: the autopilot never splices");
    }

    @Override
    public Channel spliceOut(OutPoint chanPoint, long amtSat) {
        throw new UnsupportedOperationException("dry run: the autopilot never splices");
    }
}
