package org.lnautopilot.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.growth.BarabasiAlbert;
import org.lnautopilot.heuristic.GreedyReach;
import org.lnautopilot.testing.TestKeys;

/** {@code greedy_reach} against brute force: every pick is a best candidate by exact own success. */
class GreedyReachTest {
    static final long AMT = 100_000_000L;
    static final long CHAN = 1_000_000;
    static final NodeId SELF = TestKeys.key(999);

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 20);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyPickMaximisesOwnSuccessOverEveryCandidate(long seed) {
        final CsrGraph g = RoutingGraphs.random(seed, 9, 16, false);
        final GreedyReach h = new GreedyReach(20_000, CHAN, 4, 1.0, new SplittableRandom(seed), AMT, 2_000, 100,
                1 + (int) (seed % 2));
        final int[] picks = h.pick(g, SELF, 3, Set.of());
        final PaymentEvaluator eval = new PaymentEvaluator();
        final ChannelPolicy pol = new ChannelPolicy(0, 1, 40, 1_000, Long.MAX_VALUE, false);
        int[] chosen = new int[0];
        for (int p = 0; p < picks.length; p++) {
            double best = -1;
            double got = -1;
            for (int c = 0; c < g.nodeCount(); c++) {
                if (contains(chosen, c) || !carries(g, c)) {
                    continue;
                }
                final int[] peers = Arrays.copyOf(chosen, chosen.length + 1);
                peers[chosen.length] = c;
                final long[] caps = new long[peers.length];
                Arrays.fill(caps, CHAN);
                final double s = eval.exact(new GraphOverlay(g, peers, caps, pol), AMT, 1).ownSuccess();
                best = Math.max(best, s);
                if (c == picks[p]) {
                    got = s;
                }
            }
            assertTrue(got >= 0, "seed " + seed + ": pick " + picks[p] + " is not eligible");
            final double before = chosen.length == 0 ? 0 : eval.exact(overlay(g, chosen, pol), AMT, 1).ownSuccess();
            if (best > before) {
                assertEquals(best, got, 1e-12, "seed " + seed + ", pick " + (p + 1) + ": " + picks[p]);
            }
            chosen = Arrays.copyOf(chosen, chosen.length + 1);
            chosen[chosen.length - 1] = picks[p];
        }
    }

    static GraphOverlay overlay(CsrGraph g, int[] peers, ChannelPolicy pol) {
        final long[] caps = new long[peers.length];
        Arrays.fill(caps, CHAN);
        return new GraphOverlay(g, peers, caps, pol);
    }

    static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /** An enabled own channel that can carry the amount (the eligibility rule), written plainly. */
    static boolean carries(CsrGraph g, int v) {
        for (int c = 0; c < g.channelCount(); c++) {
            for (int side = 0; side < 2; side++) {
                final ChannelPolicy p = g.endpoint(c, side) == v ? g.policy(c, side) : null;
                if (p != null && !p.disabled() && g.capacitySat(c) * 1000 >= AMT && p.maxHtlcMsat() >= AMT) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Sampled receivers on a larger graph: picks are distinct, eligible, and sized by the seed's rule. */
    @Test
    void selectOnALargerGraphSizesItsPicks() {
        final CsrGraph g = SyntheticPolicies.assign(BarabasiAlbert.generate(3_000, 3, 4),
                RoutingGraphs.random(4, 40, 160, false), new SplittableRandom(4));
        final GreedyReach h = new GreedyReach(20_000, CHAN, 5, 1.0, new SplittableRandom(1), AMT, 2_000, 200, 2);
        final List<AttachmentDirective> d = h.select(SELF, g, 5 * CHAN, 5, Set.of());
        assertEquals(5, d.size());
        assertEquals(5, d.stream().map(AttachmentDirective::peerKey).distinct().count());
        for (AttachmentDirective a : d) {
            assertEquals(CHAN, a.chanAmtSat());
            assertTrue(carries(g, g.indexOf(a.peerKey())), a.toString());
        }
    }

    @Test
    void refusesAGraphWithoutPolicies() {
        final GreedyReach h = new GreedyReach(20_000, CHAN, 5, 1.0, new SplittableRandom(1), AMT);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> h.pick(BarabasiAlbert.generate(100, 2, 1), SELF, 2, Set.of()));
        assertTrue(e.getMessage().contains("needs channel policies"), e.getMessage());
    }
}
