package org.lnautopilot.graph;

import java.util.Arrays;
import java.util.Objects;

/**
 * A {@link CsrGraph} with one new node joined by one channel to each of some peers, without copying
 * the graph: what a node would see after opening those channels. The new node has index
 * {@code base.nodeCount()}; a peer given twice gets two parallel channels.
 *
 * <p>Building costs O(k log k) for {@code k} peers and never copies the base graph: queries on base
 * nodes go to the base's CSR arrays, and the new channels are kept sorted by peer. Immutable;
 * thread-safe.
 */
public final class GraphOverlay {
    private final CsrGraph base;
    private final int n;
    /** The new node's peers, sorted. */
    private final int[] peers;

    /**
     * @param base  the graph
     * @param peers node indexes of {@code base} that the new node opens a channel to
     * @throws IndexOutOfBoundsException if a peer is not a node of {@code base}
     */
    public GraphOverlay(CsrGraph base, int[] peers) {
        this.base = Objects.requireNonNull(base, "base");
        this.n = base.nodeCount();
        this.peers = peers.clone();
        for (int p : this.peers) {
            Objects.checkIndex(p, n);
        }
        Arrays.sort(this.peers);
    }

    /** The base graph. */
    public CsrGraph base() {
        return base;
    }

    /** The new node's index: the base's node count. */
    public int newNode() {
        return n;
    }

    /** Nodes, the new one included. */
    public int nodeCount() {
        return n + 1;
    }

    /** The new node's peers, sorted (a copy). */
    public int[] peers() {
        return peers.clone();
    }

    /** Channels of node {@code v}, the new ones included. O(log k). */
    public int degree(int v) {
        if (v == n) {
            return peers.length;
        }
        return base.degree(v) + extra(v);
    }

    /** The {@code j}-th neighbour of node {@code v}: the base's first, then the new node. O(1). */
    public int neighbour(int v, int j) {
        if (v == n) {
            return peers[j];
        }
        final int d = base.degree(v);
        return j < d ? base.neighbour(base.slotStart(v) + j) : n;
    }

    /** How many new channels node {@code v} has. O(log k). */
    private int extra(int v) {
        int lo = Arrays.binarySearch(peers, v);
        if (lo < 0) {
            return 0;
        }
        int hi = lo;
        while (lo > 0 && peers[lo - 1] == v) {
            lo--;
        }
        while (hi + 1 < peers.length && peers[hi + 1] == v) {
            hi++;
        }
        return hi - lo + 1;
    }
}
