package org.lnautopilot.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.Channel;
import org.lnautopilot.ChannelNeed;
import org.lnautopilot.NodeId;
import org.lnautopilot.ShortChannelId;

/**
 * The closed-loop autopilot (the seed's {@code Agent}): it turns signals about the wallet and the
 * node's channels into channel opens chosen by an {@link org.lnautopilot.AttachmentHeuristic}.
 *
 * <h2>The loop</h2>
 * {@link #start()} reads the wallet balance (a failure is thrown to the caller and the agent stays
 * unstarted) and starts one controller thread, which evaluates once with that balance. After that
 * it sleeps until a signal arrives; it never wakes on a timer. Signals that arrive while it is busy
 * are merged: it drains every queued signal, applies them in order (balance deltas summed, channel
 * changes applied in turn, the wallet re-read once if any open, close or failure signal was among
 * them), then evaluates once. Nothing is lost, and a burst of signals costs a handful of
 * evaluations.
 *
 * <p>An evaluation asks {@code needMoreChans} with the open and pending channels and the balance;
 * only when it says so, and a pending slot is free, it asks {@code select} with skip = peers of open
 * channels, pending opens and failed peers still in back-off. Each directive, in order: dropped if
 * its peer is already pending (one batch never opens two channels to one peer); the batch stops when
 * {@code maxPendingOpens} opens are pending; a peer key that is not on secp256k1 counts as a failed
 * open; otherwise a pending open (capacity = the directive's amount, node = its peer) is recorded
 * and {@code openChannel} is called on a pool of at most {@code maxPendingOpens} daemon threads.
 * An {@code openChannel} that throws removes the pending open, marks the peer failed for the
 * back-off (default: the agent's life, as in the seed) and triggers a new evaluation.
 * {@link #onChannelOpen} moves the pending open of its peer into the open channels.
 *
 * <h2>Faults</h2>
 * A heuristic or wallet that throws is logged ({@link AutopilotLog}) and the agent keeps running;
 * the next signal evaluates again. {@link #stop()} returns within about half a second even when an
 * {@code openChannel} call or the heuristic hangs: such calls are interrupted and abandoned on their
 * daemon threads, and their results ignored.
 *
 * <h2>Threads</h2>
 * Every public method is safe to call from any thread. Signals never block: they append to a
 * lock-free queue and unpark the controller; after {@link #stop()} they are ignored. Signals sent
 * before {@link #start()} are queued and applied after the first evaluation.
 * {@link #status()} returns a consistent snapshot.
 */
public final class Agent implements AutoCloseable {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final long STOP_WAIT_MILLIS = 500;

    private enum Lifecycle { NEW, RUNNING, STOPPED }

    private final Config cfg;
    private final Duration failureBackoff;
    private final Clock clock;
    private final int id = IDS.incrementAndGet();

    private final ConcurrentLinkedQueue<Object> signals = new ConcurrentLinkedQueue<>();
    private volatile boolean accepting = true;
    private volatile boolean running;
    private volatile Thread controller;
    private volatile boolean parked;
    private Lifecycle lifecycle = Lifecycle.NEW;
    private ThreadPoolExecutor openers;

    // State, guarded by 'state'; written only by the controller thread (and start()).
    private final Object state = new Object();
    private long totalBalanceSat;
    private final List<Channel> open = new ArrayList<>();
    private final LinkedHashMap<NodeId, Channel> pending = new LinkedHashMap<>();
    private final Map<NodeId, Instant> failed = new HashMap<>();

    // ---- signals, as queued ----------------------------------------------------------------------
    private record BalanceDelta(long deltaSat) {
    }

    private record ChannelOpened(Channel channel) {
    }

    private record ChannelsClosed(ShortChannelId[] ids) {
    }

    private record OpenFailureSignal() {
    }

    private record OpenFailed(NodeId peer, Throwable cause) {
    }

    /** As {@link #Agent(Config, List, Duration)} with failed peers skipped for the agent's life. */
    public Agent(Config cfg, List<Channel> initialState) {
        this(cfg, initialState, null);
    }

    /**
     * An agent, not yet started.
     *
     * @param cfg            the configuration
     * @param initialState   the channels the node has open now (copied)
     * @param failureBackoff how long a peer whose open failed is skipped; null means for the agent's
     *                       life (the seed's behaviour)
     * @throws NullPointerException     if {@code cfg} or {@code initialState} is null, or holds null
     * @throws IllegalArgumentException if {@code failureBackoff} is negative
     */
    public Agent(Config cfg, List<Channel> initialState, Duration failureBackoff) {
        this(cfg, initialState, failureBackoff, Clock.systemUTC());
    }

    Agent(Config cfg, List<Channel> initialState, Duration failureBackoff, Clock clock) {
        this.cfg = Objects.requireNonNull(cfg, "cfg");
        this.open.addAll(List.copyOf(Objects.requireNonNull(initialState, "initialState")));
        if (failureBackoff != null && failureBackoff.isNegative()) {
            throw new IllegalArgumentException("failureBackoff must not be negative, got " + failureBackoff);
        }
        this.failureBackoff = failureBackoff;
        this.clock = clock;
    }

    // ---- lifecycle ---------------------------------------------------------------------------------

    /**
     * Reads the wallet balance and starts the controller thread, which evaluates once with it.
     * Idempotent while running.
     *
     * @throws Exception             whatever the wallet threw; the agent stays unstarted and may be
     *                               started again
     * @throws IllegalStateException if the agent was stopped
     */
    public synchronized void start() throws Exception {
        if (lifecycle == Lifecycle.RUNNING) {
            return;
        }
        if (lifecycle == Lifecycle.STOPPED) {
            throw new IllegalStateException("a stopped agent cannot be started again");
        }
        long balance = cfg.walletBalance().balanceSat();
        synchronized (state) {
            totalBalanceSat = balance;
        }
        int threads = Math.max(1, cfg.maxPendingOpens());
        openers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemonThreads("autopilot-" + id + "-open-"));
        openers.allowCoreThreadTimeOut(true);
        running = true;
        lifecycle = Lifecycle.RUNNING;
        Thread t = new Thread(this::controlLoop, "autopilot-" + id + "-controller");
        t.setDaemon(true);
        controller = t;
        t.start();
        AutopilotLog.debug("autopilot {0} started with balance {1} sat and {2} channels", id, balance, open.size());
    }

    /**
     * Stops the controller and the open pool; returns within about half a second even when user code
     * hangs (such calls are interrupted and abandoned). Idempotent; a no-op before {@link #start()}.
     * Signals after this are ignored.
     */
    public void stop() {
        Thread t;
        ThreadPoolExecutor pool;
        synchronized (this) {
            if (lifecycle != Lifecycle.RUNNING) {
                return;
            }
            lifecycle = Lifecycle.STOPPED;
            accepting = false;
            running = false;
            t = controller;
            pool = openers;
        }
        pool.shutdownNow();
        t.interrupt();
        LockSupport.unpark(t);
        if (t != Thread.currentThread()) {
            try {
                t.join(STOP_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        signals.clear();
        AutopilotLog.debug("autopilot {0} stopped", id);
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    // ---- signals -----------------------------------------------------------------------------------

    /** The wallet balance changed by {@code deltaSat}. Never blocks. */
    public void onBalanceChange(long deltaSat) {
        signal(new BalanceDelta(deltaSat));
    }

    /** A channel was opened, by the agent or anyone else. Never blocks. */
    public void onChannelOpen(Channel c) {
        signal(new ChannelOpened(Objects.requireNonNull(c, "c")));
    }

    /** Channels were closed, for any reason. Never blocks. */
    public void onChannelClose(ShortChannelId... closed) {
        ShortChannelId[] ids = closed.clone();
        for (ShortChannelId s : ids) {
            Objects.requireNonNull(s, "closed channel id");
        }
        signal(new ChannelsClosed(ids));
    }

    /** An open the agent asked for failed outside {@code openChannel}; evaluate again. Never blocks. */
    public void onChannelOpenFailure() {
        signal(new OpenFailureSignal());
    }

    private void signal(Object s) {
        if (!accepting) {
            return;
        }
        signals.offer(s);
        Thread t = controller;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Waits until the agent is idle: started, every signal processed, no {@code openChannel} call
     * running, and the controller asleep. Polls every millisecond; for tools and tests that drive
     * the agent and want its decisions.
     *
     * @return true when idle, false if {@code timeout} passed first or the agent is not running
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running) {
            ThreadPoolExecutor pool = openers;
            // Order matters: an open that fails queues its signal before it stops counting as active,
            // and the queue is checked again after 'parked' so that a signal queued just before the
            // controller parked (which would wake it at once) is not missed.
            if (pool.getActiveCount() == 0 && pool.getQueue().isEmpty() && signals.isEmpty() && parked
                    && signals.isEmpty()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(1);
        }
        return false;
    }

    /** A consistent snapshot of the agent's state. Safe from any thread; O(channels + failed peers). */
    public AgentStatus status() {
        synchronized (state) {
            Set<NodeId> failedNow = new HashSet<>();
            Map<NodeId, Instant> until = new HashMap<>();
            Instant now = clock.instant();
            for (Map.Entry<NodeId, Instant> e : failed.entrySet()) {
                if (e.getValue().isAfter(now)) {
                    failedNow.add(e.getKey());
                    until.put(e.getKey(), e.getValue());
                }
            }
            return new AgentStatus(running, totalBalanceSat, open, new ArrayList<>(pending.values()), failedNow, until);
        }
    }

    // ---- the controller ----------------------------------------------------------------------------

    private void controlLoop() {
        guardedEvaluate("start");
        while (running) {
            Object first = signals.poll();
            if (first == null) {
                parked = true;
                if (signals.isEmpty()) {
                    LockSupport.park(this);
                }
                parked = false;
                continue;
            }
            String why = apply(first);
            if (running) {
                guardedEvaluate(why);
            }
        }
    }

    /**
     * One evaluation that cannot end the controller: whatever user code throws (checked exceptions
     * thrown sneakily, assertion and linkage errors included) is logged; only a
     * {@link VirtualMachineError} such as out-of-memory is let through.
     */
    private void guardedEvaluate(String why) {
        try {
            evaluate(why);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            AutopilotLog.warn("autopilot " + id + ": evaluation on " + why + " failed; waiting for the next signal", e);
        }
    }

    /** Applies {@code first} and every signal queued behind it, in order; returns a summary. */
    private String apply(Object first) {
        boolean reread = false;
        long deltaSinceRead = 0;
        long deltaTotal = 0;
        int count = 0;
        List<NodeId> newlyFailed = new ArrayList<>(0);
        Object s = first;
        synchronized (state) {
            while (s != null) {
                count++;
                if (s instanceof BalanceDelta) {
                    long d = ((BalanceDelta) s).deltaSat();
                    deltaSinceRead += d;
                    deltaTotal += d;
                } else {
                    reread = true;
                    deltaSinceRead = 0;
                    applyChannelSignal(s, newlyFailed);
                }
                s = signals.poll();
            }
        }
        long balance;
        if (reread) {
            try {
                balance = cfg.walletBalance().balanceSat() + deltaSinceRead;
            } catch (Exception e) {
                AutopilotLog.warn("autopilot " + id + ": wallet balance failed; keeping the last known balance", e);
                synchronized (state) {
                    balance = totalBalanceSat + deltaTotal;
                }
            }
        } else {
            synchronized (state) {
                balance = totalBalanceSat + deltaTotal;
            }
        }
        synchronized (state) {
            totalBalanceSat = balance;
        }
        return count + " signal(s)" + (newlyFailed.isEmpty() ? "" : ", failed opens to " + newlyFailed);
    }

    private void applyChannelSignal(Object s, List<NodeId> newlyFailed) {
        if (s instanceof ChannelOpened) {
            Channel c = ((ChannelOpened) s).channel();
            open.add(c);
            pending.remove(c.node());
        } else if (s instanceof ChannelsClosed) {
            List<ShortChannelId> ids = Arrays.asList(((ChannelsClosed) s).ids());
            open.removeIf(c -> ids.contains(c.chanId()));
        } else if (s instanceof OpenFailed) {
            NodeId peer = ((OpenFailed) s).peer();
            pending.remove(peer);
            markFailed(peer);
            newlyFailed.add(peer);
        }
    }

    /** Marks {@code peer} failed until its back-off ends. Caller holds {@code state}. */
    private void markFailed(NodeId peer) {
        failed.put(peer, failureBackoff == null ? Instant.MAX : clock.instant().plus(failureBackoff));
    }

    private void evaluate(String why) {
        final List<Channel> chans;
        final long balance;
        final Set<NodeId> skip = new HashSet<>();
        final int free;
        synchronized (state) {
            chans = new ArrayList<>(open.size() + pending.size());
            chans.addAll(open);
            chans.addAll(pending.values());
            balance = totalBalanceSat;
            for (Channel c : open) {
                skip.add(c.node());
            }
            skip.addAll(pending.keySet());
            Instant now = clock.instant();
            for (Iterator<Map.Entry<NodeId, Instant>> it = failed.entrySet().iterator(); it.hasNext();) {
                Map.Entry<NodeId, Instant> e = it.next();
                if (e.getValue().isAfter(now)) {
                    skip.add(e.getKey());
                } else {
                    it.remove();
                }
            }
            free = cfg.maxPendingOpens() - pending.size();
        }
        ChannelNeed need;
        try {
            need = cfg.heuristic().needMoreChans(chans, balance);
        } catch (Exception e) {
            AutopilotLog.warn("autopilot " + id + ": needMoreChans failed; waiting for the next signal", e);
            return;
        }
        AutopilotLog.debug("autopilot {0} on {1}: {2} channels, balance {3} sat: {4}", id, why, chans.size(), balance,
                need);
        if (!need.needMore() || !running) {
            return;
        }
        if (free <= 0) {
            AutopilotLog.debug("autopilot {0}: {1} opens pending, the limit; not selecting", id, cfg.maxPendingOpens());
            return;
        }
        List<AttachmentDirective> directives;
        try {
            directives = cfg.heuristic().select(cfg.self(), cfg.graph(), need.amountSat(), need.numChans(), skip);
        } catch (Exception e) {
            AutopilotLog.warn("autopilot " + id + ": select failed; waiting for the next signal", e);
            return;
        }
        AutopilotLog.debug("autopilot {0}: select gave {1} directive(s)", id, directives.size());
        dispatch(directives);
    }

    private void dispatch(List<AttachmentDirective> directives) {
        boolean anyInvalid = false;
        for (AttachmentDirective d : directives) {
            if (!running) {
                return;
            }
            NodeId peer = d.peerKey();
            synchronized (state) {
                if (pending.containsKey(peer)) {
                    AutopilotLog.debug("autopilot {0}: dropping a second directive to {1}, already pending", id, peer);
                    continue;
                }
                if (pending.size() >= cfg.maxPendingOpens()) {
                    AutopilotLog.debug("autopilot {0}: {1} opens pending, the limit; dropping the rest", id,
                            pending.size());
                    break;
                }
            }
            if (!peer.isOnCurve()) {
                AutopilotLog.warn("autopilot " + id + ": peer key " + peer + " is not on secp256k1; counted as a failed open",
                        null);
                synchronized (state) {
                    markFailed(peer);
                }
                anyInvalid = true;
                continue;
            }
            synchronized (state) {
                pending.put(peer, new Channel(ShortChannelId.NONE, d.chanAmtSat(), d.chanAmtSat(), peer));
            }
            AutopilotLog.debug("autopilot {0}: opening {1} sat to {2}", id, d.chanAmtSat(), peer);
            try {
                openers.execute(new Open(d));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // stopped meanwhile
            }
        }
        if (anyInvalid) {
            signal(new OpenFailureSignal());
        }
    }

    /** One {@code openChannel} call on the pool; a throw becomes an {@link OpenFailed} signal. */
    private final class Open implements Runnable {
        private final AttachmentDirective d;

        Open(AttachmentDirective d) {
            this.d = d;
        }

        @Override
        public void run() {
            try {
                cfg.chanController().openChannel(d.peerKey(), d.chanAmtSat(), d.addrs());
            } catch (Throwable t) {
                if (!running) {
                    return;
                }
                AutopilotLog.warn("autopilot " + id + ": opening " + d.chanAmtSat() + " sat to " + d.peerKey() + " failed",
                        t);
                signal(new OpenFailed(d.peerKey(), t));
            }
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public String toString() {
        return "Agent[" + id + ", " + (running ? "running" : lifecycle.name().toLowerCase(java.util.Locale.ROOT)) + "]";
    }
}
