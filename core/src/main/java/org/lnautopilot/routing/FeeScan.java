package org.lnautopilot.routing;

import java.util.Objects;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.graph.GraphOverlay;

/**
 * The fee rate that maximises a new node's fee income for given peers, found by scanning rates: a
 * higher rate earns more per payment forwarded but loses routes, so income is not monotone in the
 * rate. Each rate is evaluated on the same receivers (common random numbers), so the comparison
 * between rates is far tighter than the metrics' own error. O(rates x receivers) route trees.
 * Stateless; thread-safe.
 */
public final class FeeScan {
    /** The rates scanned by default, ppm. */
    public static final long[] DEFAULT_RATES_PPM = {0, 1, 10, 25, 50, 100, 200, 300, 500, 750, 1_000, 1_500, 2_000,
        3_000, 5_000};

    /**
     * The scan's outcome.
     *
     * @param ratesPpm      the rates, in scan order
     * @param incomeMsat    fee income per network payment at each rate
     * @param routingShare  routing share at each rate
     * @param best          index of the rate of highest income (the lowest such rate on ties), -1 when none earns
     */
    public record Result(long[] ratesPpm, double[] incomeMsat, double[] routingShare, int best) {
        /** The best rate, or -1 when no rate earns anything. */
        public long bestRatePpm() {
            return best < 0 ? -1 : ratesPpm[best];
        }
    }

    private FeeScan() {
    }

    /**
     * Scans {@code ratesPpm} with X's other policy fields as in {@code x}.
     *
     * @param receivers as for {@link PaymentEvaluator#onReceivers}; null for every receiver (exact)
     * @throws IllegalArgumentException as {@link PaymentEvaluator#exact}, or for a negative rate
     */
    public static Result scan(PaymentEvaluator evaluator, GraphOverlay x, long amountMsat, int[] receivers,
            long[] ratesPpm, int threads) {
        Objects.requireNonNull(evaluator, "evaluator");
        final ChannelPolicy p = Objects.requireNonNull(x.newNodePolicy(), "the overlay's policy");
        final int k = x.channelCount();
        final int[] peers = new int[k];
        final long[] caps = new long[k];
        for (int j = 0; j < k; j++) {
            peers[j] = x.peer(j);
            caps[j] = x.capacitySat(j);
        }
        final double[] income = new double[ratesPpm.length];
        final double[] share = new double[ratesPpm.length];
        int best = -1;
        for (int i = 0; i < ratesPpm.length; i++) {
            final ChannelPolicy at = new ChannelPolicy(p.baseFeeMsat(), ratesPpm[i], p.timeLockDelta(), p.minHtlcMsat(),
                    p.maxHtlcMsat(), false);
            final GraphOverlay xi = new GraphOverlay(x.base(), peers, caps, at);
            final PaymentMetrics m = receivers == null ? evaluator.exact(xi, amountMsat, threads)
                    : evaluator.onReceivers(xi, amountMsat, receivers, threads, null);
            income[i] = m.feeIncomeMsat();
            share[i] = m.routingShare();
            if (income[i] > 0 && (best < 0 || income[i] > income[best])) {
                best = i;
            }
        }
        return new Result(ratesPpm.clone(), income, share, best);
    }
}
