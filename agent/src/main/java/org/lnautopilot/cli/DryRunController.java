package org.lnautopilot.cli;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.lnautopilot.NodeId;
import org.lnautopilot.node.OpenOnlyController;

/** A controller that opens nothing: it records what the agent asked for. Thread-safe. */
final class DryRunController extends OpenOnlyController {
    record Open(NodeId target, long amtSat, List<InetSocketAddress> addrs) {
    }

    final ConcurrentLinkedQueue<Open> opens = new ConcurrentLinkedQueue<>();

    @Override
    public void openChannel(NodeId target, long amtSat, List<InetSocketAddress> addrs) {
        opens.add(new Open(target, amtSat, addrs));
    }
}
