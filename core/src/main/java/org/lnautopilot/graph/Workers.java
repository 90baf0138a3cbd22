package org.lnautopilot.graph;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Internal to lnautopilot (public only so that its packages share one runner): runs
 * {@code threads} workers over one job: worker 0 on the calling thread, the others on new
 * platform threads, and reports progress from the calling thread. A failure in any worker stops the
 * others at their next unit and is rethrown to the caller; so is an interrupt of the caller.
 */
public final class Workers {
    private Workers() {
    }

    /** One worker: does units of the job until it is done or {@code stop} is requested, counting them. */
    public interface Worker {
        /** Runs units until the job is done or {@code stop} asks. */
        void run(Units done, Stop stop);
    }

    /** Counts finished units of the job. */
    public interface Units {
        /** Counts {@code units} more finished. */
        void add(long units);
    }

    /** Raised when the job must end early. */
    public static final class Stop {
        volatile Throwable failure;

        /** Whether a worker failed or the caller was interrupted. */
        public boolean requested() {
            return failure != null || Thread.currentThread().isInterrupted();
        }
    }

    /** Runs the workers (worker 0 on this thread) and waits for all; rethrows the first failure. */
    public static void run(int threads, IntFunction<Worker> workers, long totalUnits, Progress progress) {
        final AtomicLong done = new AtomicLong();
        final Stop stop = new Stop();
        final Thread[] others = new Thread[threads - 1];
        for (int i = 1; i < threads; i++) {
            final Worker w = workers.apply(i);
            final Thread t = new Thread(() -> {
                try {
                    w.run(done::addAndGet, stop);
                } catch (Throwable e) {
                    stop.failure = e;
                }
            }, "lnautopilot-worker-" + i);
            t.setDaemon(true);
            others[i - 1] = t;
            t.start();
        }
        final Reporter reporter = new Reporter(done, totalUnits, progress);
        try {
            workers.apply(0).run(reporter, stop);
        } catch (RuntimeException | Error e) {
            stop.failure = e;
        }
        boolean interrupted = false;
        for (Thread t : others) {
            for (;;) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    stop.failure = e;
                }
            }
        }
        if (interrupted || Thread.currentThread().isInterrupted()) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("computation interrupted");
        }
        final Throwable f = stop.failure;
        if (f instanceof RuntimeException) {
            throw (RuntimeException) f;
        }
        if (f instanceof Error) {
            throw (Error) f;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
        progress.update(totalUnits, totalUnits);
    }

    /** Reports at most about 200 times per job. */
    private static final class Reporter implements Units {
        final AtomicLong done;
        final long total;
        final Progress progress;
        final long step;
        long next;

        Reporter(AtomicLong done, long total, Progress progress) {
            this.done = done;
            this.total = total;
            this.progress = progress;
            this.step = Math.max(1, total / 200);
            this.next = step;
        }

        @Override
        public void add(long units) {
            final long d = done.addAndGet(units);
            if (d >= next) {
                next = d + step;
                progress.update(d, total);
            }
        }
    }
}
