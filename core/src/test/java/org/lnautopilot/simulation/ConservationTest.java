package org.lnautopilot.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.routing.LndRouteChoice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariants after every payment on random graphs of 40 nodes: each channel's sides sum to its
 * capacity and none is negative; a side that forwarded keeps its reserve; the sender's channels
 * lose the amount plus the route's fees, the receiver's gain the amount, each forwarding node's gain
 * exactly the fee it charged (its fee income), and nobody else's change; a failed payment moves
 * nothing.
 */
class ConservationTest {
    static LongStream seeds() {
        return LongStream.rangeClosed(1, 12);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void balancesAndFeesAreConserved(long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        final CsrGraph g = ReferencePaymentsTest.random(r, 40, 120);
        final GraphOverlay x = new GraphOverlay(g, new int[] {1, 7, 22}, new long[] {600_000, 2_000_000, 300_000},
                new ChannelPolicy(500, 200, 40, 1_000, Long.MAX_VALUE, false));
        final Balances b = Balances.draw(x, BalancePrior.values()[(int) (seed % 3)], seed, 0.5);
        final PaymentSimulator sim = new PaymentSimulator(g, x, b, new LndRouteChoice(), new MissionControl());
        final int nodes = x.nodeCount();
        final int[][] route = new int[1][];
        final long[] fee = new long[1];
        final AttemptListener capture = new AttemptListener() {
            @Override
            public void attempt(PaymentSimulator s) {
                if (s.outcome() == PaymentSimulator.Outcome.OK) {
                    route[0] = new int[s.attemptHops() + 1];
                    for (int i = 0; i < route[0].length; i++) {
                        route[0][i] = s.attemptNode(i);
                    }
                    fee[0] = s.attemptFeeMsat();
                }
            }
        };
        long t = 0;
        int ok = 0;
        for (int p = 0; p < 300; p++) {
            t += 1 + r.nextInt(600);
            final int s = r.nextInt(nodes);
            int d = r.nextInt(nodes - 1);
            d += d >= s ? 1 : 0;
            final long amt = 5_000_000L * (1 + r.nextInt(30));
            final long[] before = holdings(sim, x);
            final long[] earnedBefore = earned(sim, nodes);
            route[0] = null;
            final boolean paid = sim.pay(new Payment(t, s, d, amt), capture);
            final long[] after = holdings(sim, x);
            final long[] earnedAfter = earned(sim, nodes);
            final long[] want = new long[nodes];
            if (paid) {
                ok++;
                want[s] = -(amt + fee[0]);
                want[d] = amt;
                for (int i = 1; i < route[0].length - 1; i++) {
                    want[route[0][i]] = earnedAfter[route[0][i]] - earnedBefore[route[0][i]];
                    assertTrue(want[route[0][i]] >= 0);
                }
                long fees = 0;
                for (int v = 0; v < nodes; v++) {
                    fees += earnedAfter[v] - earnedBefore[v];
                }
                assertEquals(fee[0], fees, "seed " + seed + ": the forwarders earn exactly what the sender pays");
            }
            for (int v = 0; v < nodes; v++) {
                assertEquals(want[v], after[v] - before[v], "seed " + seed + ", payment " + (p + 1) + ", node " + v);
            }
            for (int c = 0; c < b.channelCount(); c++) {
                assertEquals(b.capacityMsat(c), b.balanceMsat(c, 0) + b.balanceMsat(c, 1));
                assertTrue(b.balanceMsat(c, 0) >= 0 && b.balanceMsat(c, 1) >= 0);
            }
            if (paid) {
                for (int i = 0; i < route[0].length - 1; i++) {
                    assertTrue(minForwardingSide(b, g, x, route[0][i], route[0][i + 1]) >= 0,
                            "seed " + seed + ": a forwarding side fell below its reserve");
                }
            }
        }
        assertTrue(ok > 30, "seed " + seed + ": only " + ok + " payments arrived");
    }

    /** Each node's msat across all its channels (X's included). */
    static long[] holdings(PaymentSimulator sim, GraphOverlay x) {
        final CsrGraph g = x.base();
        final Balances b = sim.balances();
        final long[] h = new long[x.nodeCount()];
        for (int c = 0; c < g.channelCount(); c++) {
            h[g.endpoint(c, 0)] += b.balanceMsat(c, 0);
            h[g.endpoint(c, 1)] += b.balanceMsat(c, 1);
        }
        for (int j = 0; j < x.channelCount(); j++) {
            h[x.newNode()] += b.balanceMsat(g.channelCount() + j, 0);
            h[x.peer(j)] += b.balanceMsat(g.channelCount() + j, 1);
        }
        return h;
    }

    static long[] earned(PaymentSimulator sim, int nodes) {
        final long[] e = new long[nodes];
        for (int v = 0; v < nodes; v++) {
            e[v] = sim.feeIncomeMsat(v);
        }
        return e;
    }

    /** The least (balance - reserve) over u's sides towards v: at least 0 for every channel a payment left u by. */
    static long minForwardingSide(Balances b, CsrGraph g, GraphOverlay x, int u, int v) {
        long best = Long.MIN_VALUE;
        for (int c = 0; c < g.channelCount(); c++) {
            for (int side = 0; side < 2; side++) {
                if (g.endpoint(c, side) == u && g.endpoint(c, 1 - side) == v) {
                    best = Math.max(best, b.spendableMsat(c, side));
                }
            }
        }
        for (int j = 0; j < x.channelCount(); j++) {
            final int c = g.channelCount() + j;
            if (u == x.newNode() && x.peer(j) == v) {
                best = Math.max(best, b.spendableMsat(c, 0));
            } else if (v == x.newNode() && x.peer(j) == u) {
                best = Math.max(best, b.spendableMsat(c, 1));
            }
        }
        return best;
    }
}
