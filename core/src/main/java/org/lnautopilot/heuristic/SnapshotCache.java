package org.lnautopilot.heuristic;

import java.lang.ref.WeakReference;
import java.util.Objects;
import java.util.function.Function;
import org.lnautopilot.graph.CsrGraph;

/**
 * One value derived from a graph snapshot (an alias table, scores, betweenness), for the last
 * snapshot and version asked about: computed at most once per snapshot and version, under a lock so
 * that concurrent callers share one computation, and returned without locking while they stay the
 * same. The snapshot is held weakly, so a cache never keeps an old graph alive; the value may be
 * null. A hit is O(1) and allocates nothing. Thread-safe.
 */
final class SnapshotCache<V> {
    private final Function<CsrGraph, V> compute;
    private volatile Entry<V> entry;

    private static final class Entry<V> {
        final WeakReference<CsrGraph> graph;
        final long version;
        final V value;

        Entry(CsrGraph graph, long version, V value) {
            this.graph = new WeakReference<>(graph);
            this.version = version;
            this.value = value;
        }

        boolean isFor(CsrGraph g, long v) {
            return graph.get() == g && version == v;
        }
    }

    /** A cache computing its value with {@code compute}. */
    SnapshotCache(Function<CsrGraph, V> compute) {
        this.compute = Objects.requireNonNull(compute, "compute");
    }

    /** The value for {@code g} at {@code version}, computed now if it is not the one cached. */
    V get(CsrGraph g, long version) {
        Entry<V> e = entry;
        if (e != null && e.isFor(g, version)) {
            return e.value;
        }
        synchronized (this) {
            e = entry;
            if (e != null && e.isFor(g, version)) {
                return e.value;
            }
            e = new Entry<>(g, version, compute.apply(g));
            entry = e;
            return e.value;
        }
    }
}
