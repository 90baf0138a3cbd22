package org.lnautopilot.simulation;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;

/**
 * Every channel's balance on each side (API.md part 4), in one {@code long} per channel: the msat
 * held by the channel's first node ({@code endpoint(c, 0)}); the other side holds the capacity
 * less that, so the two sides always sum to the capacity. 8 bytes per channel.
 *
 * <p>Channels are the graph's {@code 0..m-1} and, with a new node X ({@link GraphOverlay}), X's
 * channel j as {@code m + j}, whose side 0 is X's and side 1 the peer's.
 *
 * <p>A side can forward {@code a} when its balance less the channel's reserve (1% of the capacity,
 * lnd's default) is at least {@code a}; the direction's policy and HTLC range are the caller's to
 * check. Not thread-safe: one simulation owns it.
 */
public final class Balances {
    /** lnd's default channel reserve: 1% of the capacity. */
    public static final long RESERVE_DIVISOR = 100;

    private final CsrGraph g;
    private final int m;
    private final long[] first;
    private final long[] newCapMsat;

    private Balances(CsrGraph g, long[] first, long[] newCapMsat) {
        this.g = g;
        this.m = g.channelCount();
        this.first = first;
        this.newCapMsat = newCapMsat;
    }

    /**
     * The network's balances drawn from {@code prior}, channel by channel in index order from one
     * generator seeded with {@code seed}. O(m).
     */
    public static Balances draw(CsrGraph g, BalancePrior prior, long seed) {
        return new Balances(g, drawNetwork(g, prior, seed, 0), new long[0]);
    }

    /**
     * The network's balances as {@link #draw(CsrGraph, BalancePrior, long)} draws them (the same
     * seed gives the same network balances with or without X, so that runs with different peers
     * compare on common random numbers), and X's channels as X funds them: all on X's side less
     * {@code inbound} of each channel (rounded down to the msat) on the peer's side. O(m + k).
     *
     * @throws IllegalArgumentException if {@code inbound} is outside [0, 1]
     */
    public static Balances draw(GraphOverlay x, BalancePrior prior, long seed, double inbound) {
        if (!(inbound >= 0 && inbound <= 1)) {
            throw new IllegalArgumentException("inbound must lie in [0, 1], got " + inbound);
        }
        final double[] each = new double[x.channelCount()];
        Arrays.fill(each, inbound);
        return draw(x, prior, seed, each);
    }

    /**
     * As {@link #draw(GraphOverlay, BalancePrior, long, double)}, with a share of its own for each of
     * X's channels: {@code inbound[j]} of channel j (the overlay's order) on the peer's side. O(m + k).
     *
     * @throws IllegalArgumentException if the array's length is not X's channel count or a share lies
     *                                  outside [0, 1], naming the channel
     */
    public static Balances draw(GraphOverlay x, BalancePrior prior, long seed, double[] inbound) {
        final int k = x.channelCount();
        if (inbound.length != k) {
            throw new IllegalArgumentException("one inbound share per channel of the new node: expected " + k
                    + ", got " + inbound.length);
        }
        for (int j = 0; j < k; j++) {
            if (!(inbound[j] >= 0 && inbound[j] <= 1)) {
                throw new IllegalArgumentException("inbound must lie in [0, 1], got " + inbound[j] + " for channel "
                        + j);
            }
        }
        final CsrGraph g = x.base();
        final long[] first = drawNetwork(g, prior, seed, k);
        final long[] caps = new long[k];
        for (int j = 0; j < k; j++) {
            caps[j] = Math.multiplyExact(x.capacitySat(j), 1000L);
            first[g.channelCount() + j] = caps[j] - (long) Math.floor(inbound[j] * caps[j]);
        }
        return new Balances(g, first, caps);
    }

    /**
     * Given balances: {@code firstMsat[c]} is held by channel c's first node (X for X's channels),
     * for the graph's channels and then, with {@code x} not null, X's. For replays and tests.
     *
     * @throws IllegalArgumentException if the array's length does not match or a balance lies
     *                                  outside [0, capacity], naming the channel
     */
    public static Balances of(CsrGraph g, GraphOverlay x, long[] firstMsat) {
        if (x != null && x.base() != g) {
            throw new IllegalArgumentException("the new node's overlay must be on the given graph");
        }
        final int k = x == null ? 0 : x.channelCount();
        if (firstMsat.length != g.channelCount() + k) {
            throw new IllegalArgumentException("expected " + (g.channelCount() + k) + " balances, got " + firstMsat.length);
        }
        final long[] caps = new long[k];
        for (int j = 0; j < k; j++) {
            caps[j] = Math.multiplyExact(x.capacitySat(j), 1000L);
        }
        final Balances b = new Balances(g, firstMsat.clone(), caps);
        for (int c = 0; c < firstMsat.length; c++) {
            if (firstMsat[c] < 0 || firstMsat[c] > b.capacityMsat(c)) {
                throw new IllegalArgumentException("channel " + c + ": balance " + firstMsat[c] + " msat outside [0, "
                        + b.capacityMsat(c) + "]");
            }
        }
        return b;
    }

    private static long[] drawNetwork(CsrGraph g, BalancePrior prior, long seed, int extra) {
        Objects.requireNonNull(prior, "prior");
        final int m = g.channelCount();
        final long[] first = new long[m + extra];
        final SplittableRandom r = new SplittableRandom(seed);
        for (int c = 0; c < m; c++) {
            first[c] = prior.draw(g.capacitySat(c) * 1000, r);
        }
        return first;
    }

    /** A copy, for runs that must start from the same balances. O(m). */
    public Balances copy() {
        return new Balances(g, first.clone(), newCapMsat);
    }

    /**
     * These balances with the graph's channels' taken from {@code network} (a run on the same graph,
     * X's channels here kept): a fork's starting point ({@link ForkingRuns}). O(m).
     *
     * @throws IllegalArgumentException if {@code network} is on another graph
     */
    Balances withNetworkOf(Balances network) {
        if (network.g != g) {
            throw new IllegalArgumentException("balances of another graph");
        }
        final long[] f = first.clone();
        System.arraycopy(network.first, 0, f, 0, m);
        return new Balances(g, f, newCapMsat);
    }

    /** The graph's channels plus X's. */
    public int channelCount() {
        return first.length;
    }

    /** The number of X's channels (0 without X). */
    public int newChannelCount() {
        return newCapMsat.length;
    }

    /** Channel {@code c}'s capacity, msat. O(1). */
    public long capacityMsat(int c) {
        return c < m ? g.capacitySat(c) * 1000 : newCapMsat[c - m];
    }

    /** Channel {@code c}'s reserve, 1% of its capacity, msat. O(1). */
    public long reserveMsat(int c) {
        return capacityMsat(c) / RESERVE_DIVISOR;
    }

    /** The balance of side {@code side} (0: the first node, or X) of channel {@code c}, msat. O(1). */
    public long balanceMsat(int c, int side) {
        final long b = first[c];
        return side == 0 ? b : capacityMsat(c) - b;
    }

    /** What side {@code side} of channel {@code c} can forward: its balance less the reserve (may be negative). O(1). */
    public long spendableMsat(int c, int side) {
        final long cap = capacityMsat(c);
        final long b = side == 0 ? first[c] : cap - first[c];
        return b - cap / RESERVE_DIVISOR;
    }

    /**
     * Moves {@code amountMsat} from side {@code fromSide} of channel {@code c} to the other side.
     *
     * @throws IllegalArgumentException if the amount is not positive or the side cannot forward it
     */
    public void transfer(int c, int fromSide, long amountMsat) {
        if (amountMsat <= 0 || spendableMsat(c, fromSide) < amountMsat) {
            throw new IllegalArgumentException("channel " + c + " side " + fromSide + " cannot forward " + amountMsat
                    + " msat (spendable " + spendableMsat(c, fromSide) + ")");
        }
        first[c] += fromSide == 0 ? -amountMsat : amountMsat;
    }

    /** Bytes held: 8 per channel. */
    public long footprintBytes() {
        return 8L * first.length + 8L * newCapMsat.length;
    }

    /** Whether both hold the same balances. O(m). */
    public boolean sameAs(Balances o) {
        return Arrays.equals(first, o.first) && Arrays.equals(newCapMsat, o.newCapMsat);
    }
}
