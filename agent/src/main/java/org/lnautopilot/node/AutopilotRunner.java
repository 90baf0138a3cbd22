package org.lnautopilot.node;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.AttachmentHeuristic;
import org.lnautopilot.Channel;
import org.lnautopilot.ChannelNeed;
import org.lnautopilot.NodeId;
import org.lnautopilot.OutPoint;
import org.lnautopilot.ShortChannelId;
import org.lnautopilot.agent.Agent;
import org.lnautopilot.agent.ChannelController;
import org.lnautopilot.agent.Config;
import org.lnautopilot.graph.CsrGraph;

/**
 * {@code autopilot run} on any {@link LightningNode}: connect, check, reconcile the state file with
 * the node, decide, open, and (without {@code once}) keep doing so as the node's channels, balance
 * and graph change.
 *
 * <h2>A session</h2>
 * <ol>
 * <li>Connect and read {@code info}. At the first connection anything but success ends the run
 * ({@link NodeException}, one line): unreachable, TLS mismatch, credentials refused. A state file
 * that belongs to another node or network ends it too ({@link StateFileException}).</li>
 * <li>While the node is not synced to the chain: say so and wait, polling.</li>
 * <li>Load the state, {@link NodeController#reconcile reconcile} it with the node's pending, open and
 * closed channels (an open whose reply was lost is found, never sent twice), tie it to the node and
 * save it.</li>
 * <li>Read the graph. The budget is the confirmed balance less {@code reserveSat}; the channels are
 * the node's open and pending ones; the heuristic never picks the node itself, a peer it has a
 * channel with, an excluded peer, a peer whose autopilot channel someone closed, a peer in back-off.
 * Each open goes through {@link NodeController} (recorded before it is sent); in a dry run nothing
 * is sent and nothing recorded.</li>
 * <li>{@code once}: decide once, wait for every open, return. Otherwise an {@link Agent} runs on
 * the node's events: a channel that opens is a signal, a close starts a new session (so the state
 * and the channel list are reconciled), the balance is polled every {@link Timing#balancePoll}, and
 * graph changes rebuild the graph at most every {@link Timing#graphRefresh}. When the node goes away
 * the session ends and a new one starts after an exponential back-off ({@link Timing#reconnectMin}
 * doubling to {@link Timing#reconnectMax}).</li>
 * </ol>
 *
 * <p>{@link #stop()} (from a signal handler) ends {@link #run()} within about a second. The state
 * needs no flushing: every change is on disk before the call it records is sent. Thread-safe:
 * {@link #run()} once, {@link #stop()} from any thread.
 */
public final class AutopilotRunner {
    /** Connects to the node anew for each session. */
    @FunctionalInterface
    public interface Connector {
        /** A fresh connection; nothing need be sent yet. */
        LightningNode connect() throws NodeException;
    }

    /**
     * Intervals of the run.
     *
     * @param syncPoll       how often a node not synced to the chain is asked again
     * @param balancePoll    how often the balance is read between events
     * @param graphRefresh   least time between two graph rebuilds on graph updates
     * @param reconnectMin   first wait after the node went away
     * @param reconnectMax   longest wait between reconnection attempts
     * @param failureBackoff how long a peer whose open failed is skipped
     */
    public record Timing(Duration syncPoll, Duration balancePoll, Duration graphRefresh, Duration reconnectMin,
            Duration reconnectMax, Duration failureBackoff) {
        /** 5 s, 60 s, 30 min, 1 s, 60 s, 6 h. */
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(5), Duration.ofSeconds(60),
                Duration.ofMinutes(30), Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofHours(6));
    }

    /**
     * What to run.
     *
     * @param heuristic  decides (its needMoreChans sees the budget; its channel size bounds apply)
     * @param maxPending most opens in flight at once
     * @param reserveSat on-chain satoshis never committed to channels (fees for closes and anchors)
     * @param exclude    peers never picked
     * @param store      the state file
     * @param execute    open channels (false: dry run, no connect, no open, no state written)
     * @param once       decide once and return
     * @param timing     intervals
     */
    public record Options(AttachmentHeuristic heuristic, int maxPending, long reserveSat, Set<NodeId> exclude,
            StateStore store, boolean execute, boolean once, Timing timing) {
        /** @throws IllegalArgumentException for a negative reserve or pending limit */
        public Options {
            Objects.requireNonNull(heuristic, "heuristic");
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(timing, "timing");
            exclude = Set.copyOf(exclude);
            if (reserveSat < 0) {
                throw new IllegalArgumentException("the reserve must be non-negative, got " + reserveSat);
            }
            if (maxPending < 0 || maxPending > 65_535) {
                throw new IllegalArgumentException("max pending opens must be in [0, 65535], got " + maxPending);
            }
        }
    }

    private enum End { STOP, REFRESH }

    private final Connector connector;
    private final Options opt;
    private final RunListener listener;
    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicLong lastBalance = new AtomicLong();
    private volatile boolean stopping;
    private volatile NodeController controller;
    private boolean everConnected;

    /** A runner; nothing happens before {@link #run()}. */
    public AutopilotRunner(Connector connector, Options options, RunListener listener) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.opt = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Runs until done ({@code once}) or stopped.
     *
     * @throws NodeException      of kind {@code FATAL}, or any kind at the first connection: the run
     *                            cannot go on (the message is the line to show)
     * @throws StateFileException the state file is corrupt or belongs to another node
     * @throws IOException        the state file cannot be written
     */
    public void run() throws NodeException, IOException, InterruptedException {
        try {
            Duration wait = opt.timing().reconnectMin();
            while (!stopping) {
                try (LightningNode node = connector.connect()) {
                    final Session s = new Session(node);
                    final End end = s.run();
                    wait = opt.timing().reconnectMin();
                    if (end == End.STOP || opt.once()) {
                        return;
                    }
                } catch (NodeException e) {
                    if (!everConnected || e.kind() == NodeException.Kind.FATAL) {
                        throw e;
                    }
                    listener.progress(e.getMessage() + "; reconnecting in " + seconds(wait));
                    if (sleep(wait)) {
                        return;
                    }
                    wait = wait.multipliedBy(2).compareTo(opt.timing().reconnectMax()) > 0 ? opt.timing().reconnectMax()
                            : wait.multipliedBy(2);
                }
            }
        } finally {
            finished.countDown();
        }
    }

    /**
     * Asks {@link #run()} to end and waits for it, at most {@code timeout}. Opens in flight are
     * abandoned: each is recorded as sent, and the next start finds out whether the node made it.
     *
     * @return whether {@link #run()} ended in time
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        stopping = true;
        events.offer(End.STOP);
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The state as the run last saw it, or null before the first session reconciled it. */
    public AutopilotState state() {
        final NodeController c = controller;
        return c == null ? null : c.state();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    /** Sleeps, or wakes at a stop; returns whether the run must stop. */
    private boolean sleep(Duration d) throws InterruptedException {
        final Object e = events.poll(d.toMillis(), TimeUnit.MILLISECONDS);
        return stopping || e == End.STOP;
    }

    private record Disconnected(NodeException cause) {
    }

    private record GraphChanged() {
    }

    private record Closed(OutPoint point) {
    }

    /** One connection's worth of run. */
    private final class Session {
        private final LightningNode node;

        Session(LightningNode node) {
            this.node = node;
        }

        End run() throws NodeException, IOException, InterruptedException {
            LightningNode.Info info = node.info();
            final boolean first = !everConnected;
            everConnected = true;
            if (first) {
                listener.progress("connected to " + node + ": " + info.id().toHex() + " (" + info.alias() + ") on "
                        + info.network() + " at block " + info.blockHeight());
            }
            final AutopilotState loaded = opt.store().load();
            if (loaded.node() != null && (!loaded.node().equals(info.id()) || !loaded.network().equals(info.network()))) {
                throw new StateFileException("state file " + opt.store().file() + " belongs to node "
                        + loaded.node().toHex() + " on " + loaded.network() + ", but " + node + " is "
                        + info.id().toHex() + " on " + info.network() + "; use another --state for this node");
            }
            long lastSaid = 0;
            while (!info.syncedToChain()) {
                final long now = System.nanoTime();
                if (lastSaid == 0 || now - lastSaid > 60_000_000_000L) {
                    listener.progress(node + " is not synced to the chain yet (block " + info.blockHeight()
                            + "); waiting");
                    lastSaid = now;
                }
                if (sleep(opt.timing().syncPoll())) {
                    return End.STOP;
                }
                info = node.info();
            }
            final List<LightningNode.NodeChannel> openList = node.openChannels();
            final List<LightningNode.NodeChannel> pendingList = node.pendingOpens();
            final long nowMs = System.currentTimeMillis();
            AutopilotState state = NodeController.reconcile(loaded, pendingList, openList, node.closedChannels(), nowMs,
                    opt.timing().failureBackoff());
            state = state.withOwner(info.id(), info.network());
            if (opt.execute() && !state.equals(loaded)) {
                opt.store().save(state);
            }
            final NodeController ctl = new NodeController(node, opt.store(), state, System::currentTimeMillis,
                    opt.timing().failureBackoff());
            controller = ctl;
            final CsrGraph graph = node.graph();
            final long graphAt = System.nanoTime();
            final List<Channel> chans = new ArrayList<>();
            final Set<NodeId> withChannel = new HashSet<>();
            for (LightningNode.NodeChannel c : openList) {
                chans.add(new Channel(ShortChannelId.NONE, c.capacitySat(), c.capacitySat(), c.peer()));
                withChannel.add(c.peer());
            }
            for (LightningNode.NodeChannel c : pendingList) {
                chans.add(new Channel(ShortChannelId.NONE, c.capacitySat(), c.capacitySat(), c.peer()));
                withChannel.add(c.peer());
            }
            final ReportingHeuristic h = new ReportingHeuristic(opt.heuristic(), () -> {
                final Set<NodeId> s = new HashSet<>(ctl.skipPeers());
                s.addAll(opt.exclude());
                s.addAll(withChannel);
                return s;
            }, lastBalance::get, listener, opt.execute());
            if (opt.once()) {
                once(info.id(), graph, h, ctl, chans, pendingList.size());
                return End.STOP;
            }
            return daemon(info.id(), graph, graphAt, h, ctl, chans);
        }

        private long budget() throws NodeException {
            final long b = node.confirmedBalanceSat();
            lastBalance.set(b);
            return Math.max(0, b - opt.reserveSat());
        }

        private void once(NodeId self, CsrGraph graph, ReportingHeuristic h, NodeController ctl, List<Channel> chans,
                int pendingCount) throws NodeException, InterruptedException {
            final ChannelNeed need = h.needMoreChans(chans, budget());
            final int slots = opt.maxPending() - pendingCount;
            if (!need.needMore()) {
                return;
            }
            if (slots <= 0) {
                listener.progress(pendingCount + " opens are pending, --max-pending allows " + opt.maxPending()
                        + "; none is started now");
                h.reportNothing();
                return;
            }
            final List<AttachmentDirective> picks = h.select(self, graph, need.amountSat(),
                    Math.min(need.numChans(), slots), Set.of());
            if (!opt.execute() || picks.isEmpty()) {
                return;
            }
            final ReportingOpens opens = new ReportingOpens(ctl);
            final ExecutorService pool = Executors.newFixedThreadPool(picks.size(), r -> {
                final Thread t = new Thread(r, "autopilot-open");
                t.setDaemon(true);
                return t;
            });
            try {
                final List<Future<?>> done = new ArrayList<>();
                for (AttachmentDirective d : picks) {
                    done.add(pool.submit(() -> {
                        try {
                            opens.openChannel(d.peerKey(), d.chanAmtSat(), d.addrs());
                        } catch (Exception e) {
                            // reported by the controller; --once goes on with the other opens
                        }
                    }));
                }
                for (Future<?> f : done) {
                    while (!f.isDone()) {
                        if (events.poll(50, TimeUnit.MILLISECONDS) == End.STOP || stopping) {
                            return;
                        }
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }

        private End daemon(NodeId self, CsrGraph graph, long graphAt, ReportingHeuristic h, NodeController ctl,
                List<Channel> chans) throws NodeException, InterruptedException {
            final ChannelController cc = opt.execute() ? new ReportingOpens(ctl) : new DryRun();
            events.clear();
            final Agent agent = new Agent(new Config(self, h, cc, this::budget, graph, opt.maxPending()), chans,
                    opt.timing().failureBackoff());
            final AutoCloseable sub = node.subscribe(new LightningNode.Events() {
                @Override
                public void channelOpened(LightningNode.NodeChannel c, long scid) {
                    try {
                        ctl.channelOpened(c.chanPoint());
                    } catch (IOException e) {
                        listener.progress("cannot record that " + c.chanPoint() + " opened: " + e.getMessage());
                    }
                    agent.onChannelOpen(new Channel(new ShortChannelId(scid), c.capacitySat(), c.capacitySat(), c.peer()));
                }

                @Override
                public void channelClosed(OutPoint point, long scid) {
                    events.offer(new Closed(point));
                }

                @Override
                public void graphChanged() {
                    events.offer(new GraphChanged());
                }

                @Override
                public void disconnected(NodeException cause) {
                    events.offer(new Disconnected(cause));
                }
            });
            try {
                try {
                    agent.start();
                } catch (NodeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new NodeException(NodeException.Kind.UNKNOWN, "cannot read the balance: " + e.getMessage(), e);
                }
                for (;;) {
                    final Object e = events.poll(opt.timing().balancePoll().toMillis(), TimeUnit.MILLISECONDS);
                    if (e == End.STOP || stopping) {
                        return End.STOP;
                    }
                    if (e == null) {
                        final long before = lastBalance.get();
                        final long now = node.confirmedBalanceSat();
                        if (now != before) {
                            lastBalance.set(now);
                            agent.onBalanceChange(now - before);
                        }
                    } else if (e instanceof Disconnected) {
                        throw ((Disconnected) e).cause();
                    } else if (e instanceof Closed) {
                        try {
                            ctl.channelClosed(((Closed) e).point());
                        } catch (IOException x) {
                            listener.progress("cannot record that " + ((Closed) e).point() + " closed: " + x.getMessage());
                        }
                        listener.progress("channel " + ((Closed) e).point() + " closed; reading the node again");
                        return End.REFRESH;
                    } else if (e instanceof GraphChanged && System.nanoTime() - graphAt
                            > opt.timing().graphRefresh().toNanos()) {
                        listener.progress("the graph changed; reading it again");
                        return End.REFRESH;
                    }
                }
            } catch (NodeException | InterruptedException e) {
                throw e;
            } catch (Exception e) {
                throw new NodeException(NodeException.Kind.UNKNOWN, "subscription to " + node + " failed: " + e, e);
            } finally {
                agent.stop();
                try {
                    sub.close();
                } catch (Exception e) {
                    listener.progress("cannot end the subscription to " + node + ": " + e);
                }
            }
        }
    }

    private static OutPoint pointOf(AutopilotState s, NodeId peer) {
        OutPoint p = null;
        for (AutopilotState.Open o : s.opens()) {
            if (o.peer().equals(peer) && o.chanPoint() != null) {
                p = o.chanPoint();
            }
        }
        return p;
    }

    /**
     * Opens through the {@link NodeController} and reports each result to the listener; a failure is
     * thrown on after it is reported (the agent then marks the peer failed).
     */
    private final class ReportingOpens extends OpenOnlyController {
        private final NodeController ctl;

        ReportingOpens(NodeController ctl) {
            this.ctl = ctl;
        }

        @Override
        public void openChannel(NodeId target, long amtSat, List<java.net.InetSocketAddress> addrs) throws Exception {
            try {
                ctl.openChannel(target, amtSat, addrs);
            } catch (Exception e) {
                listener.openResult(target, amtSat, null, e instanceof NodeException ? (NodeException) e
                        : new NodeException(NodeException.Kind.REFUSED, e.getMessage(), e));
                throw e;
            }
            listener.openResult(target, amtSat, pointOf(ctl.state(), target), null);
        }
    }

    /** Opens nothing; the decision was reported already. */
    private static final class DryRun extends OpenOnlyController {
        @Override
        public void openChannel(NodeId target, long amtSat, List<java.net.InetSocketAddress> addrs) {
        }
    }
}
