package org.lnautopilot.routing;

/**
 * A new node X's payment metrics under lnd's route choice and the capacity demand (API.md part 3).
 *
 * @param routingShare  the demand-weighted fraction of the network's payments whose route forwards
 *                      through X
 * @param feeIncomeMsat X's expected fee per payment of the network, msat
 * @param ownSuccess    for X paying receivers drawn by capacity, the mean route probability (0 where
 *                      there is no route)
 * @param ownFeeMsat    the mean fee X pays over the receivers it reaches (capacity-weighted), msat;
 *                      0 when it reaches none
 * @param ownReach      the capacity-weighted fraction of receivers X reaches
 * @param receivers     route trees computed: every receiver when exact, the sample otherwise
 * @param exact         whether every receiver was evaluated
 */
public record PaymentMetrics(double routingShare, double feeIncomeMsat, double ownSuccess, double ownFeeMsat,
        double ownReach, long receivers, boolean exact) {
    /** The metric names, in the order of {@link #values()} (API.md part 3). */
    public static final String[] NAMES = {"routingShare", "feeIncomeMsat", "ownSuccess", "ownFeeMsat", "ownReach"};

    /** The five metrics as numbers, in the order of {@link #NAMES}. */
    public double[] values() {
        return new double[] {routingShare, feeIncomeMsat, ownSuccess, ownFeeMsat, ownReach};
    }
}
