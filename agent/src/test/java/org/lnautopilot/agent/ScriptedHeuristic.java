package org.lnautopilot.agent;

import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.AttachmentHeuristic;
import org.lnautopilot.Channel;
import org.lnautopilot.ChannelGraph;
import org.lnautopilot.ChannelNeed;
import org.lnautopilot.NodeId;

/**
 * A heuristic whose every call blocks until the test answers it, as the seed's own agent tests did.
 * Calls of both kinds arrive in one queue, so a test sees their exact order.
 */
final class ScriptedHeuristic implements AttachmentHeuristic {
    /** A pending call. */
    sealed interface Call permits Need, Select {
    }

    /** A pending needMoreChans call. */
    record Need(List<Channel> chans, long balanceSat, CompletableFuture<ChannelNeed> answer) implements Call {
        void reply(ChannelNeed n) {
            answer.complete(n);
        }
    }

    /** A pending select call. */
    record Select(long amtSat, int numChans, Set<NodeId> skip, CompletableFuture<List<AttachmentDirective>> answer)
            implements Call {
        void reply(List<AttachmentDirective> d) {
            answer.complete(d);
        }
    }

    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();

    @Override
    public ChannelNeed needMoreChans(List<Channel> chans, long balanceSat) {
        Need n = new Need(List.copyOf(chans), balanceSat, new CompletableFuture<>());
        calls.add(n);
        return n.answer().join();
    }

    @Override
    public List<AttachmentDirective> select(NodeId self, ChannelGraph graph, long amtToUseSat, int numNewChans,
            Set<NodeId> skipNodes) {
        Select s = new Select(amtToUseSat, numNewChans, Set.copyOf(skipNodes), new CompletableFuture<>());
        calls.add(s);
        return s.answer().join();
    }

    /** The next call, which must come within 5 s and be a needMoreChans. */
    Need nextNeed() throws InterruptedException {
        Call c = next();
        if (!(c instanceof Need)) {
            throw new AssertionError("expected needMoreChans, got " + c);
        }
        return (Need) c;
    }

    /** The next call, which must come within 5 s and be a select. */
    Select nextSelect() throws InterruptedException {
        Call c = next();
        if (!(c instanceof Select)) {
            throw new AssertionError("expected select, got " + c);
        }
        return (Select) c;
    }

    private Call next() throws InterruptedException {
        Call c = calls.poll(5, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no heuristic call within 5 s");
        }
        return c;
    }

    /** A call arriving within {@code millis}, or null. */
    Call poll(long millis) throws InterruptedException {
        return calls.poll(millis, TimeUnit.MILLISECONDS);
    }
}
