package org.lnautopilot.agent;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.lnautopilot.Channel;
import org.lnautopilot.NodeId;
import org.lnautopilot.OutPoint;

/** A controller that records each openChannel call and then behaves as told. */
final class RecordingController implements ChannelController {
    enum Mode { SUCCEED, THROW_CHECKED, THROW_UNCHECKED, BLOCK, HANG }

    record Open(NodeId target, long amtSat, List<InetSocketAddress> addrs) {
    }

    final BlockingQueue<Open> opens = new LinkedBlockingQueue<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    volatile Mode mode;

    RecordingController(Mode mode) {
        this.mode = mode;
    }

    @Override
    public void openChannel(NodeId target, long amtSat, List<InetSocketAddress> addrs) throws Exception {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            opens.add(new Open(target, amtSat, addrs));
            switch (mode) {
                case THROW_CHECKED -> throw new java.io.IOException("peer unreachable");
                case THROW_UNCHECKED -> throw new IllegalStateException("controller bug");
                case BLOCK -> release.await();
                case HANG -> hangIgnoringInterrupts();
                default -> { }
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void hangIgnoringInterrupts() {
        CountDownLatch never = new CountDownLatch(1);
        for (;;) {
            try {
                never.await();
            } catch (InterruptedException ignored) {
                // a controller that ignores interrupts: the agent must abandon it
            }
        }
    }

    /** The next open within 5 s. */
    Open nextOpen() throws InterruptedException {
        Open o = opens.poll(5, TimeUnit.SECONDS);
        if (o == null) {
            throw new AssertionError("no openChannel call within 5 s");
        }
        return o;
    }

    @Override
    public void closeChannel(OutPoint chanPoint) {
        throw new UnsupportedOperationException("not used by the agent");
    }

    @Override
    public Channel spliceIn(OutPoint chanPoint, long amtSat) {
        throw new UnsupportedOperationException("not used by the agent");
    }

    @Override
    public Channel spliceOut(OutPoint chanPoint, long amtSat) {
        throw new UnsupportedOperationException("not used by the agent");
    }
}
