package org.lnautopilot.graph;

import java.util.Arrays;
import java.util.Objects;
import org.lnautopilot.ChannelPolicy;

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
    /** The capacity of the channel to {@code peers[j]}, in the same order; zeros without capacities. */
    private final long[] capacities;
    /** How the new node forwards, or null when not given. */
    private final ChannelPolicy policy;

    /**
     * A new node whose channels carry no capacity or policy (hop-count questions).
     *
     * @param base  the graph
     * @param peers node indexes of {@code base} that the new node opens a channel to
     * @throws IndexOutOfBoundsException if a peer is not a node of {@code base}
     */
    public GraphOverlay(CsrGraph base, int[] peers) {
        this(base, peers, new long[peers.length], null);
    }

    /**
     * A new node with a channel of {@code capacitiesSat[j]} to {@code peers[j]}, forwarding at
     * {@code policy} (payment questions: {@code org.lnautopilot.routing}).
     *
     * @param policy the new node's policy on all its channels, or null
     * @throws IndexOutOfBoundsException if a peer is not a node of {@code base}
     * @throws IllegalArgumentException  if the arrays differ in length or a capacity is negative
     */
    public GraphOverlay(CsrGraph base, int[] peers, long[] capacitiesSat, ChannelPolicy policy) {
        this.base = Objects.requireNonNull(base, "base");
        this.n = base.nodeCount();
        if (capacitiesSat.length != peers.length) {
            throw new IllegalArgumentException(peers.length + " peers but " + capacitiesSat.length + " capacities");
        }
        final int k = peers.length;
        final long[] order = new long[k];
        for (int j = 0; j < k; j++) {
            Objects.checkIndex(peers[j], n);
            if (capacitiesSat[j] < 0) {
                throw new IllegalArgumentException("negative capacity " + capacitiesSat[j] + " to peer " + peers[j]);
            }
            order[j] = (long) peers[j] << 32 | j;
        }
        Arrays.sort(order);
        this.peers = new int[k];
        this.capacities = new long[k];
        for (int j = 0; j < k; j++) {
            this.peers[j] = (int) (order[j] >>> 32);
            this.capacities[j] = capacitiesSat[(int) order[j]];
        }
        this.policy = policy;
    }

    /** The number of new channels. O(1). */
    public int channelCount() {
        return peers.length;
    }

    /** The peer of new channel {@code j} (channels are sorted by peer). O(1). */
    public int peer(int j) {
        return peers[j];
    }

    /** The capacity of new channel {@code j}, satoshis. O(1). */
    public long capacitySat(int j) {
        return capacities[j];
    }

    /** How the new node forwards on its channels, or null when not given. O(1). */
    public ChannelPolicy newNodePolicy() {
        return policy;
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
