package org.lnautopilot.simulation;

import java.util.SplittableRandom;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.routing.Demand;
import org.lnautopilot.sample.AliasTable;

/**
 * Payments arriving by a Poisson process at {@code ratePerHour} across the network (exponential
 * gaps of mean {@code 3600 / rate} seconds, the first after one gap), each from a sender to a
 * receiver drawn independently by capacity with sender != receiver (API.md part 3's demand, by
 * rejection), all of one amount. The same seed gives the same payments. O(n) to build (an alias
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
    private long made;
    private double time;

    /**
     * {@code count} payments of {@code amountMsat} on {@code g}'s demand.
     *
     * @throws IllegalArgumentException for a rate or count that is not positive, a bad amount, or a
     *                                  graph with fewer than two nodes of positive capacity
     */
    public PoissonPayments(CsrGraph g, double ratePerHour, long amountMsat, long count, long seed) {
        if (!(ratePerHour > 0) || Double.isInfinite(ratePerHour)) {
            throw new IllegalArgumentException("the rate must be a positive number of payments per hour, got "
                    + ratePerHour);
        }
        if (count <= 0) {
            throw new IllegalArgumentException("the number of payments must be positive, got " + count);
        }
        if (amountMsat <= 0 || amountMsat > Payment.MAX_MSAT) {
            throw new IllegalArgumentException("the amount must be in (0, 21 million BTC], got " + amountMsat + " msat");
        }
        final Demand d = Demand.byCapacity(g);
        if (d.positiveCount() < 2) {
            throw new IllegalArgumentException("payments need two nodes with channels of positive capacity");
        }
        final double[] w = new double[g.nodeCount()];
        for (int i = 0; i < w.length; i++) {
            w[i] = d.weight(i);
        }
        this.nodes = AliasTable.of(w);
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
        made++;
        time += -meanGapS * StrictMath.log1p(-r.nextDouble());
        final int s = nodes.sample(r);
        int t;
        do {
            t = nodes.sample(r);
        } while (t == s);
        return new Payment(time, s, t, amountMsat);
    }
}
