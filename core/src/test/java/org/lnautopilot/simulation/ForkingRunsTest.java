package org.lnautopilot.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.graph.Progress;

/**
 * {@link ForkingRuns} against each run made alone ({@link NewNodeSimulation#runEach}): on random
 * graphs with peer sets of every kind (the largest nodes, the smallest, one peer, five, X's
 * channels at different inbound shares or plans per channel), every peer set's result is the same,
 * with one thread or three. Some peer sets must leave the shared run and some stay on it to the
 * end, or the comparison proves little. And a fork made by hand at any attempt goes on as a run
 * with X from the start, every total equal.
 */
class ForkingRunsTest {
    private static final ChannelPolicy POLICY = new ChannelPolicy(500, 200, 40, 1_000, Long.MAX_VALUE, false);

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 12);
    }

    private static final long[] stayed = new long[1];
    private static final long[] left = new long[1];

    @ParameterizedTest
    @MethodSource("seeds")
    void everyPeerSetGetsTheResultOfItsOwnRun(long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        final int n = 40 + r.nextInt(40);
        final CsrGraph g = ReferencePaymentsTest.random(r, n, 3 * n);
        final int sets = 10;
        final GraphOverlay[] xs = new GraphOverlay[sets];
        final NewNodeSimulation.Settings[] each = new NewNodeSimulation.Settings[sets];
        final NewNodeSimulation.Settings s = new NewNodeSimulation.Settings(1_500, 0, 20_000_000L, 3600,
                BalancePrior.values()[(int) (seed % 3)], 0.5, seed);
        final Integer[] byDegree = new Integer[n];
        for (int v = 0; v < n; v++) {
            byDegree[v] = v;
        }
        Arrays.sort(byDegree, (a, b) -> Integer.compare(g.degree(b), g.degree(a)));
        for (int i = 0; i < sets; i++) {
            final int k = 1 + r.nextInt(5);
            final int[] peers = new int[k];
            for (int j = 0; j < k; j++) {
                int v;
                do {
                    v = switch (i % 3) {
                        case 0 -> byDegree[r.nextInt(6)]; // hubs: X soon matters
                        case 1 -> byDegree[n - 1 - r.nextInt(n / 2)]; // the smallest nodes
                        default -> r.nextInt(n);
                    };
                } while (contains(peers, j, v));
                peers[j] = v;
            }
            xs[i] = NewNodeSimulation.overlay(g, peers, r.nextBoolean() ? 600_000 : 3_000_000, POLICY);
            each[i] = switch (i % 4) {
                case 0 -> s;
                case 1 -> s.withInbound(0);
                case 2 -> s.withInbound(1);
                default -> s.withInbound(plan(r, k));
            };
        }
        assertTrue(ForkingRuns.applies(xs, each));
        final NewNodeSimulation.Result[] alone = NewNodeSimulation.runEach(xs, each, 2, Progress.NONE);
        final long[] forkedAt = new long[sets];
        assertArrayEquals(alone, ForkingRuns.run(xs, each, 1, Progress.NONE, forkedAt), "seed " + seed + ", one thread");
        assertArrayEquals(alone, ForkingRuns.run(xs, each, 3, Progress.NONE, null), "seed " + seed + ", three threads");
        assertArrayEquals(alone, NewNodeSimulation.runAll(xs, each, 2, Progress.NONE), "seed " + seed + ", runAll");
        for (long f : forkedAt) {
            if (f == 0) {
                stayed[0]++;
            } else {
                left[0]++;
            }
        }
    }

    /** After the seeds: some peer sets left the shared run and some stayed on it to the end. */
    @AfterAll
    static void somePeerSetsLeaveAndSomeStay() {
        if (stayed[0] + left[0] > 0) { // the seeds ran (not filtered out)
            System.out.println("forking runs: " + stayed[0] + " stayed to the end, " + left[0] + " left");
            assertTrue(stayed[0] > 0 && left[0] > 0, stayed[0] + " stayed to the end, " + left[0] + " left");
        }
    }

    @Test
    void runsThatDoNotShareTheirNetworkAreMadeAlone() {
        final CsrGraph g = ReferencePaymentsTest.random(new SplittableRandom(5), 30, 90);
        final GraphOverlay a = NewNodeSimulation.overlay(g, new int[] {1, 2}, 600_000, POLICY);
        final GraphOverlay b = NewNodeSimulation.overlay(g, new int[] {3}, 600_000, POLICY);
        final NewNodeSimulation.Settings s = new NewNodeSimulation.Settings(200, 0, 20_000_000L, 3600,
                BalancePrior.BIMODAL, 0.5, 1);
        assertTrue(ForkingRuns.applies(new GraphOverlay[] {a, b}, new NewNodeSimulation.Settings[] {s, s}));
        assertFalse(ForkingRuns.applies(new GraphOverlay[] {a}, new NewNodeSimulation.Settings[] {s}));
        assertFalse(ForkingRuns.applies(new GraphOverlay[] {a, b}, new NewNodeSimulation.Settings[] {s, s.withSeed(2)}));
        final NewNodeSimulation.Settings own = new NewNodeSimulation.Settings(200, 10, 20_000_000L, 3600,
                BalancePrior.BIMODAL, 0.5, 1);
        assertFalse(ForkingRuns.applies(new GraphOverlay[] {a, b}, new NewNodeSimulation.Settings[] {own, own}));
        assertThrows(IllegalArgumentException.class,
                () -> ForkingRuns.run(new GraphOverlay[] {a, b}, new NewNodeSimulation.Settings[] {own, own}, 1, null));
        // runAll still gives each its own run.
        final NewNodeSimulation.Settings[] two = {own, own.withSeed(7)};
        assertArrayEquals(NewNodeSimulation.runEach(new GraphOverlay[] {a, b}, two, 1, Progress.NONE),
                NewNodeSimulation.runAll(new GraphOverlay[] {a, b}, two, 2, Progress.NONE));
    }

    /**
     * A fork made at any attempt, of a run without X, for an X that can carry nothing (channels of
     * 1 sat): it goes on exactly as a run with X from the start, every total equal, mid-payment
     * retries included.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void aForkGoesOnAsARunWithXFromTheStart(long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        final CsrGraph g = ReferencePaymentsTest.random(r, 40, 120);
        final GraphOverlay x = NewNodeSimulation.overlay(g, new int[] {r.nextInt(40)}, 1, POLICY);
        final NewNodeSimulation.Settings s = new NewNodeSimulation.Settings(600, 0, 20_000_000L, 3600,
                BalancePrior.BIMODAL, 0.5, seed);
        final PaymentSimulator with = new PaymentSimulator(g, x, NewNodeSimulation.balances(g, x, s),
                new org.lnautopilot.routing.LndRouteChoice(), new MissionControl());
        final Payment[] ps = new Payment[600];
        final PoissonPayments stream = NewNodeSimulation.payments(g, null, s);
        for (int i = 0; i < ps.length; i++) {
            ps[i] = stream.next();
            with.pay(ps[i], AttemptListener.NONE);
        }
        final PaymentSimulator without = new PaymentSimulator(g, null, NewNodeSimulation.balances(g, null, s),
                new org.lnautopilot.routing.LndRouteChoice(), new MissionControl());
        final int forkAttempt = 1 + r.nextInt(2); // a retry where one comes
        final PaymentSimulator[] fork = new PaymentSimulator[1];
        final int[] forkedIn = {-1};
        final int[] j = {0};
        without.watch(sim -> {
            if (fork[0] == null && j[0] >= 100 && sim.attemptNumber() == forkAttempt) {
                fork[0] = sim.fork(x, NewNodeSimulation.balances(g, x, s), new org.lnautopilot.routing.LndRouteChoice());
                forkedIn[0] = j[0];
            }
        });
        for (; j[0] < ps.length && fork[0] == null; j[0]++) {
            without.pay(ps[j[0]], AttemptListener.NONE);
        }
        assertTrue(fork[0] != null, "seed " + seed + ": no attempt " + forkAttempt + " after payment 100");
        final PaymentSimulator f = fork[0];
        f.resume(AttemptListener.NONE);
        for (int i = forkedIn[0] + 1; i < ps.length; i++) {
            f.pay(ps[i], AttemptListener.NONE);
        }
        final String where = "seed " + seed + ", forked at payment " + (forkedIn[0] + 1) + " attempt " + forkAttempt;
        assertArrayEquals(new long[] {with.payments(), with.succeeded(), with.attempts(), with.amountMsat(),
                with.succeededMsat(), with.feesPaidMsat(), with.missionControl().pairs()},
                new long[] {f.payments(), f.succeeded(), f.attempts(), f.amountMsat(), f.succeededMsat(),
                        f.feesPaidMsat(), f.missionControl().pairs()}, where);
        for (int v = 0; v <= g.nodeCount(); v++) {
            assertArrayEquals(new long[] {with.feeIncomeMsat(v), with.forwarded(v), with.forwardedMsat(v),
                    with.failedAt(v)}, new long[] {f.feeIncomeMsat(v), f.forwarded(v), f.forwardedMsat(v),
                            f.failedAt(v)}, where + ", node " + v);
        }
        assertTrue(with.balances().sameAs(f.balances()), where);
    }

    private static boolean contains(int[] a, int len, int v) {
        for (int i = 0; i < len; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    private static double[] plan(SplittableRandom r, int k) {
        final double[] p = new double[k];
        for (int j = 0; j < k; j++) {
            p[j] = 0.25 * r.nextInt(4);
        }
        return p;
    }
}
