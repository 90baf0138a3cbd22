package org.lnautopilot.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.routing.LndRouteChoice;
import org.lnautopilot.testing.TestKeys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast payment loop against {@link ReferencePayments}, attempt by attempt, on random small
 * graphs whose capacities are close to the amounts (so balances decide), with and without a new
 * node X: every route is the reference's best (same distance and probability: where routes tie
 * exactly either is right, and the reference then follows the fast loop's), every outcome, failing
 * node and fee is the reference's, and after every attempt every balance is.
 */
class ReferencePaymentsTest {
    static final long[] CAPS = {150_000, 300_000, 600_000, 2_000_000};
    static final long[] BASES = {0, 1_000, 5_000};
    static final long[] RATES = {1, 100, 1_000, 5_000};
    static final int[] LOCKS = {18, 40, 144};

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 30);
    }

    static CsrGraph random(SplittableRandom r, int n, int m) {
        final CsrGraph.Builder b = CsrGraph.builder().addresslessEligible(true);
        for (int i = 0; i < n; i++) {
            b.node(TestKeys.key(i + 1));
        }
        for (int c = 0; c < m; c++) {
            final int a = r.nextInt(n);
            int z = r.nextInt(n - 1);
            z += z >= a ? 1 : 0;
            final long cap = CAPS[r.nextInt(CAPS.length)];
            final int ch = b.addChannel(c + 1, a, z, cap);
            for (int side = 0; side < 2; side++) {
                final int kind = r.nextInt(12);
                if (kind == 0) {
                    continue;
                }
                final long max = r.nextInt(6) == 0 ? 80_000_000L : -1;
                b.policy(ch, side, BASES[r.nextInt(BASES.length)], RATES[r.nextInt(RATES.length)],
                        LOCKS[r.nextInt(LOCKS.length)], 1_000, max, kind == 1);
            }
        }
        return b.build();
    }

    /** The field-wise median of v's enabled policies (lnd's defaults without one), plainly. */
    static long[] median(CsrGraph g, int v) {
        final List<long[]> ps = new ArrayList<>();
        for (int c = 0; c < g.channelCount(); c++) {
            for (int side = 0; side < 2; side++) {
                final ChannelPolicy p = g.policy(c, side);
                if (g.endpoint(c, side) == v && p != null && !p.disabled()) {
                    ps.add(new long[] {p.baseFeeMsat(), p.feeRatePpm(), p.timeLockDelta()});
                }
            }
        }
        if (ps.isEmpty()) {
            return new long[] {1_000, 1, 80};
        }
        final long[] out = new long[3];
        for (int f = 0; f < 3; f++) {
            final long[] vals = new long[ps.size()];
            for (int i = 0; i < vals.length; i++) {
                vals[i] = ps.get(i)[f];
            }
            Arrays.sort(vals);
            final int k = vals.length;
            out[f] = k % 2 == 1 ? vals[k / 2] : (vals[k / 2 - 1] + vals[k / 2]) / 2;
        }
        return out;
    }

    /** The graph with X as a real node n and its channels as real channels after the others. */
    static CsrGraph materialise(GraphOverlay x) {
        final CsrGraph g = x.base();
        final int n = g.nodeCount();
        final CsrGraph.Builder b = CsrGraph.builder().addresslessEligible(true);
        for (int i = 0; i <= n; i++) {
            b.node(TestKeys.key(i + 1));
        }
        for (int c = 0; c < g.channelCount(); c++) {
            final int ch = b.addChannel(g.channelId(c), g.endpoint(c, 0), g.endpoint(c, 1), g.capacitySat(c));
            for (int side = 0; side < 2; side++) {
                final ChannelPolicy p = g.policy(c, side);
                if (p != null) {
                    b.policy(ch, side, p);
                }
            }
        }
        final ChannelPolicy xp = x.newNodePolicy();
        for (int j = 0; j < x.channelCount(); j++) {
            final long cap = x.capacitySat(j);
            final int ch = b.addChannel(1_000_000 + j, n, x.peer(j), cap);
            b.policy(ch, 0, xp.baseFeeMsat(), xp.feeRatePpm(), xp.timeLockDelta(), 1_000, cap * 1000, false);
            final long[] med = median(g, x.peer(j));
            b.policy(ch, 1, med[0], med[1], (int) med[2], 1_000, cap * 1000, false);
        }
        return b.build();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyAttemptIsTheReferences(long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        final int n = 5 + r.nextInt(3);
        final CsrGraph g = random(r, n, 8 + r.nextInt(6));
        GraphOverlay x = null;
        if (seed % 2 == 0) {
            final int k = 1 + r.nextInt(3);
            final int[] peers = new int[k];
            final long[] caps = new long[k];
            for (int j = 0; j < k; j++) {
                peers[j] = r.nextInt(n);
                caps[j] = CAPS[r.nextInt(CAPS.length)];
            }
            x = new GraphOverlay(g, peers, caps, new ChannelPolicy(BASES[r.nextInt(3)], RATES[r.nextInt(4)], 40, 1_000,
                    Long.MAX_VALUE, false));
        }
        final CsrGraph refGraph = x == null ? g : materialise(x);
        final BalancePrior prior = BalancePrior.values()[(int) (seed % 3)];
        final Balances fast = x == null ? Balances.draw(g, prior, seed) : Balances.draw(x, prior, seed, 0.25 * (seed % 4));
        final long[] first = new long[fast.channelCount()];
        for (int c = 0; c < first.length; c++) {
            first[c] = fast.balanceMsat(c, 0);
        }
        final ReferencePayments ref = new ReferencePayments(refGraph, first);
        final PaymentSimulator sim = new PaymentSimulator(g, x, fast, new LndRouteChoice(), new MissionControl());
        final int nodes = refGraph.nodeCount();
        final int[] counts = new int[3];
        final AttemptListener check = new AttemptListener() {
            @Override
            public void attempt(PaymentSimulator s) {
                final Payment p = s.currentPayment();
                final String where = "seed " + seed + ", payment " + s.paymentNumber() + " attempt " + s.attemptNumber()
                        + " " + p;
                final ReferencePayments.Label want = ref.best(p.sender(), p.receiver(), p.amountMsat(), p.timeS());
                counts[s.outcome().ordinal()]++;
                if (s.outcome() == PaymentSimulator.Outcome.NOROUTE) {
                    assertNull(want, where + ": the reference has a route");
                    return;
                }
                assertNotNull(want, where + ": the reference has no route");
                final int[] route = new int[s.attemptHops() + 1];
                for (int i = 0; i < route.length; i++) {
                    route[i] = s.attemptNode(i);
                }
                final List<Integer> nodesOnRoute = ReferencePayments.list(route);
                final ReferencePayments.Label got = ref.along(nodesOnRoute, p.amountMsat(), p.timeS());
                assertNotNull(got, where + ": route " + nodesOnRoute + " breaks the rules");
                assertEquals(want.dist(), got.dist(), where + ": route " + nodesOnRoute);
                assertEquals(want.prob(), got.prob(), 1e-12, where);
                assertEquals(got.amt() - p.amountMsat(), s.attemptFeeMsat(), where + ": fee");
                final int failed = ref.attempt(p.sender(), nodesOnRoute, p.amountMsat(), p.timeS());
                assertEquals(failed < 0 ? PaymentSimulator.Outcome.OK : PaymentSimulator.Outcome.FAIL, s.outcome(), where);
                assertEquals(failed < 0 ? -1 : route[failed], s.failNode(), where + ": failing node");
                for (int c = 0; c < first.length; c++) {
                    assertEquals(ref.bal[c][0], s.balances().balanceMsat(c, 0), where + ": channel " + c);
                    assertEquals(ref.bal[c][1], s.balances().balanceMsat(c, 1), where + ": channel " + c);
                }
            }
        };
        double t = 0;
        for (int i = 0; i < 40; i++) {
            t += r.nextInt(4) == 0 ? 20 : r.nextInt(3) == 0 ? 5_000 : 400;
            final int s = r.nextInt(nodes);
            int d = r.nextInt(nodes - 1);
            d += d >= s ? 1 : 0;
            sim.pay(new Payment(t, s, d, 10_000_000L * (1 + r.nextInt(12))), check);
        }
        for (int v = 0; v < nodes; v++) {
            assertEquals(ref.earned[v], sim.feeIncomeMsat(v), "seed " + seed + ": fees earned by " + v);
        }
        assertTrue(counts[0] + counts[1] + counts[2] >= 40, "seed " + seed);
    }

    /** Across the seeds, every outcome happens: the reference is tested on failures and retries too. */
    @org.junit.jupiter.api.Test
    void theSeedsReachEveryOutcome() {
        final long[] counts = new long[3];
        for (long seed = 1; seed <= 30; seed++) {
            final SplittableRandom r = new SplittableRandom(seed);
            final int n = 5 + r.nextInt(3);
            final CsrGraph g = random(r, n, 8 + r.nextInt(6));
            final PaymentSimulator sim = new PaymentSimulator(g, Balances.draw(g, BalancePrior.BIMODAL, seed));
            final AttemptListener count = new AttemptListener() {
                @Override
                public void attempt(PaymentSimulator s) {
                    counts[s.outcome().ordinal()]++;
                }
            };
            double t = 0;
            for (int i = 0; i < 40; i++) {
                t += 100;
                final int s = r.nextInt(n);
                int d = r.nextInt(n - 1);
                d += d >= s ? 1 : 0;
                sim.pay(new Payment(t, s, d, 10_000_000L * (1 + r.nextInt(12))), count);
            }
        }
        assertTrue(counts[0] > 50 && counts[1] > 50 && counts[2] > 50, Arrays.toString(counts));
    }
}
