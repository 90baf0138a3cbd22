package org.lnautopilot.routing;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.lnautopilot.graph.CsrGraph;

/**
 * Gives a graph without policies (a Barabasi-Albert graph, say) the policies of a real one: each
 * direction of each channel draws, independently and uniformly, one direction of the source graph
 * and takes its policy or its absence, so fees, time locks, minimum HTLCs, the disabled share and
 * the share of directions without a policy follow the source's law. A maximum HTLC keeps its
 * fraction of the source channel's capacity. The same seed gives the same graph.
 *
 * <p>O(n + e) time; the result is a new graph (the input is immutable). Thread-safe (stateless).
 */
public final class SyntheticPolicies {
    private SyntheticPolicies() {
    }

    /**
     * @param g      the graph to give policies to (a direction drawn without a policy keeps its own, if any)
     * @param source a graph with policies whose law to draw from
     * @throws IllegalArgumentException if {@code source} has no policies
     */
    public static CsrGraph assign(CsrGraph g, CsrGraph source, RandomGenerator rng) {
        Objects.requireNonNull(rng, "rng");
        if (!source.hasPolicies()) {
            throw new IllegalArgumentException("the source graph has no policies to draw from");
        }
        final CsrGraph.Builder b = CsrGraph.builderFrom(g);
        final int ends = 2 * source.channelCount();
        for (int c = 0, e = g.channelCount(); c < e; c++) {
            for (int side = 0; side < 2; side++) {
                final int from = rng.nextInt(ends);
                final int r = source.policyRow(from);
                if (r < 0) {
                    continue;
                }
                final long srcCap = source.capacitySat(from >> 1) * 1000;
                final long srcMax = source.maxHtlcMsat(from);
                long max = -1;
                if (srcCap > 0 && srcMax < srcCap) {
                    max = (long) ((double) srcMax / srcCap * g.capacitySat(c) * 1000);
                }
                b.policy(c, side, source.rowBaseFeeMsat(r), source.rowFeeRatePpm(r), source.rowTimeLockDelta(r),
                        source.rowMinHtlcMsat(r), max, source.rowDisabled(r));
            }
        }
        return b.build();
    }
}
