package org.lnautopilot.simulation;

import java.util.SplittableRandom;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.routing.Demand;
import org.lnautopilot.sample.AliasTable;

/**
 * Payments arriving by a Poisson process at {@code ratePerHour} across the network (exponential
 * gaps of mean {@code 3600 / rate} seconds, the first after one gap), each from a sender to a
 * receiver drawn independently by capacity with sender != receiver (API.md part 3's demand: the
 * pair is drawn again when they coincide), all of one amount. The same seed gives the same payments. O(n) to build (an alias
 * table, Vose 1991); O(1) expected per payment. Not thread-safe.
 */
public final class PoissonPayments implements PaymentStream {
    /** The default rate: 3,600 payments per hour across the network. */
    public static final double DEFAULT_RATE_PER_HOUR = 3600;

    private final AliasTable nodes;
    private final double meanGapS;
    private final long amountMsat;
    private final long count;
    private final SplittableRandom r;
    private final int own;
    private long ownLeft;
    private long made;
    private double time;

    /**
     * {@code count} payments of {@code amountMsat} on {@code g}'s demand.
     *
     * @throws IllegalArgumentException for a rate or count that is not positive, a bad amount, or a
     *                                  graph with fewer than two nodes of positive capacity
     */
    public PoissonPayments(CsrGraph g, double ratePerHour, long amountMsat, long count, long seed) {
        this(g, ratePerHour, amountMsat, count, -1, 0, seed);
    }

    /**
     * As {@link #PoissonPayments(CsrGraph, double, long, long, long)}, with {@code ownCount} of the
     * {@code count} payments made by node {@code own} (the new node X, outside the graph's demand)
     * to receivers drawn by capacity (API.md part 4, {@code --own-payments}): the payments arrive as
     * one Poisson process, and which of them are X's is a uniform draw of {@code ownCount} of the
     * {@code count} arrivals (sequential sampling without replacement), so X's payments come at
     * times drawn like the others'.
     *
     * @throws IllegalArgumentException as the other constructor, or for {@code ownCount} outside
     *                                  [0, count] or a node of the graph as {@code own}
     */
    public PoissonPayments(CsrGraph g, double ratePerHour, long amountMsat, long count, int own, long ownCount,
            long seed) {
        if (ownCount < 0 || ownCount > count) {
            throw new IllegalArgumentException("own payments must lie in [0, " + count + "], got " + ownCount);
        }
        if (ownCount > 0 && own < g.nodeCount()) {
            throw new IllegalArgumentException("the paying new node must be outside the graph, got node " + own);
        }
        this.own = own;
        this.ownLeft = ownCount;
        if (!(ratePerHour > 0) || Double.isInfinite(ratePerHour)) {
            throw new IllegalArgumentException("the rate must be a positive number of payments per hour, got "
                    + ratePerHour);
        }
        if (count <= 0) {
            throw new IllegalArgumentException("the number of payments must be positive, got " + count);
        }
        if (!Payment.validAmount(amountMsat)) {
            throw new IllegalArgumentException("the amount must be in (0, 21 million BTC], got " + amountMsat + " msat");
        }
        final Demand d = Demand.byCapacity(g);
        if (d.positiveCount() < 2) {
            throw new IllegalArgumentException("payments need two nodes with channels of positive capacity");
        }
        this.nodes = d.weightTable();
        this.meanGapS = 3600 / ratePerHour;
        this.amountMsat = amountMsat;
        this.count = count;
        this.r = new SplittableRandom(seed);
    }

    @Override
    public Payment next() {
        if (made == count) {
            return null;
        }
        final long left = count - made;
        made++;
        time += -meanGapS * StrictMath.log1p(-r.nextDouble());
        if (ownLeft > 0 && r.nextLong(left) < ownLeft) {
            ownLeft--;
            return new Payment(time, own, nodes.sample(r), amountMsat);
        }
        // The pair is drawn again when s == t, not t alone: the demand conditions the independent
        // pair on s != t, so P(s, t) = w_s w_t / (W^2 - sum w_i^2).
        int snd;
        int rcv;
        do {
            snd = nodes.sample(r);
            rcv = nodes.sample(r);
        } while (snd == rcv);
        return new Payment(time, snd, rcv, amountMsat);
    }
}
