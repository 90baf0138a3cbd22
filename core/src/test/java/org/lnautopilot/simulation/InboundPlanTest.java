package org.lnautopilot.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.graph.Progress;
import org.lnautopilot.routing.LndRouteChoice;

/**
 * {@code --inbound auto}: the grid point nearest the entering share (hand-computed), the attempts
 * counted per channel and direction on a hand-made line, and on random graphs a plan that is one of
 * its candidates, at least as good as each of them in the check, and reproduced by a run with it.
 */
class InboundPlanTest {
    private static final ChannelPolicy POLICY = new ChannelPolicy(500, 200, 40, 1_000, Long.MAX_VALUE, false);

    @Test
    void theShareIsTheGridPointNearestWhatEnters() {
        assertEquals(0, InboundPlan.nearest(0, 0), 0, "no demand: no inbound bought");
        assertEquals(0.75, InboundPlan.nearest(3, 1), 0);
        assertEquals(0.25, InboundPlan.nearest(1, 3), 0);
        assertEquals(0.5, InboundPlan.nearest(1, 1), 0);
        assertEquals(0.75, InboundPlan.nearest(9, 0), 0, "all entering: the grid's largest share");
        assertEquals(0, InboundPlan.nearest(0, 9), 0);
        assertEquals(0.5, InboundPlan.nearest(5, 3), 0, "0.625 lies between 0.5 and 0.75: the smaller");
        assertEquals(0.25, InboundPlan.nearest(1, 4), 0, "0.2");
        assertEquals(0, InboundPlan.nearest(1, 9), 0, "0.1");
        assertThrows(IllegalArgumentException.class, () -> InboundPlan.nearest(-1, 2));
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75}, InboundPlan.grid());
    }

    /**
     * 0 - 1   and   2 - 3, joined only through X (channels to 1 and to 2, in that order): a payment
     * 0 to 3 enters X over its channel to 1 and leaves over its channel to 2; one 3 to 0 the other
     * way. X's channel to 1 starts all on the peer's side, so after the first payment X holds only
     * 100,000 sat there and 300,000 sat from 3 to 0 fails at X, and still counts.
     */
    @Test
    void everyAttemptThroughXCountsForTheChannelsItUses() {
        final CsrGraph g = SimGraphs.graph(4, SimGraphs.ch(0, 1, SimGraphs.BIG, 0, 1),
                SimGraphs.ch(2, 3, SimGraphs.BIG, 0, 1));
        final GraphOverlay x = new GraphOverlay(g, new int[] {1, 2}, new long[] {1_000_000, 1_000_000}, POLICY);
        final long half = SimGraphs.BIG * 1000 / 2;
        // X's channel to 1 all on the peer's side; to 2 half and half.
        final Balances b = Balances.of(g, x, new long[] {half, half, 0, 500_000_000L});
        final long[] enter = new long[2];
        final long[] leave = new long[2];
        final AttemptListener count = InboundPlan.demand(x, enter, leave);
        final PaymentSimulator sim = new PaymentSimulator(g, x, b, new LndRouteChoice(), new MissionControl());
        assertTrue(sim.pay(new Payment(0, 0, 3, SimGraphs.AMT), count), "0 to 3 enters over 1's channel");
        assertArrayEquals(new long[] {1, 0}, enter);
        assertArrayEquals(new long[] {0, 1}, leave);
        assertFalse(sim.pay(new Payment(10, 3, 0, 3 * SimGraphs.AMT), count),
                "300,000 sat cannot leave over 1's channel");
        assertTrue(sim.failedAt(x.newNode()) >= 1, "it failed at X");
        assertTrue(enter[1] >= 1 && leave[0] >= 1, "the failed attempt counts: " + Arrays.toString(enter) + " "
                + Arrays.toString(leave));
        assertEquals(enter[1], leave[0], "each attempt through X enters and leaves once");
        assertEquals(1, enter[0]);
        assertEquals(1, leave[1]);
        assertThrows(IllegalArgumentException.class, () -> InboundPlan.demand(x, new long[1], new long[2]));
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 4);
    }

    /** The plan is a candidate, each share on the grid, and its check income is the best and reproducible. */
    @ParameterizedTest
    @MethodSource("seeds")
    void thePlanIsTheBestCandidateInTheCheck(long seed) {
        final CsrGraph g = ReferencePaymentsTest.random(new SplittableRandom(seed), 40, 140);
        final GraphOverlay x = NewNodeSimulation.overlay(g, new int[] {3, 11, 19, 27}, 800_000, POLICY);
        final NewNodeSimulation.Settings s = new NewNodeSimulation.Settings(600, 0, 20_000_000L, 3600,
                BalancePrior.BIMODAL, 0.5, seed);
        final InboundPlan.Choice c = InboundPlan.choose(x, s, 2, Progress.NONE);
        final String where = "seed " + seed + ", plan " + Arrays.toString(c.inbound());
        assertEquals(4, c.inbound().length, where);
        for (double v : c.inbound()) {
            assertTrue(Arrays.binarySearch(InboundPlan.grid(), v) >= 0, where);
        }
        for (int j = 0; j < 4; j++) {
            assertEquals(InboundPlan.nearest(c.enter()[j], c.leave()[j]), c.flowPlan()[j], 0, where);
        }
        final NewNodeSimulation.Result again = NewNodeSimulation.run(x, s.withInbound(c.inbound()), Progress.NONE);
        assertEquals(again.feeIncomeMsat(), c.feeIncomeMsat(), where);
        assertEquals(again.forwarded(), c.forwarded(), where);
        boolean isCandidate = Arrays.equals(c.inbound(), c.flowPlan());
        for (double u : new double[] {0.25, 0.5, 0.75}) {
            final double[] uniform = new double[4];
            Arrays.fill(uniform, u);
            isCandidate |= Arrays.equals(uniform, c.inbound());
            assertTrue(NewNodeSimulation.run(x, s.withInbound(uniform), Progress.NONE).feeIncomeMsat()
                    <= c.feeIncomeMsat(), where + " against uniform " + u);
        }
        assertTrue(isCandidate, where);
        assertTrue(NewNodeSimulation.run(x, s.withInbound(c.flowPlan()), Progress.NONE).feeIncomeMsat()
                <= c.feeIncomeMsat(), where + " against the flow plan");
        assertEquals(c.inboundSat(x), (long) (800_000 * (c.inbound()[0] + c.inbound()[1] + c.inbound()[2]
                + c.inbound()[3])), where);
    }

    @Test
    void aPlanPerChannelSetsEachChannelsStartingBalance() {
        final CsrGraph g = ReferencePaymentsTest.random(new SplittableRandom(5), 20, 50);
        final GraphOverlay x = NewNodeSimulation.overlay(g, new int[] {2, 5, 9}, 100_000, POLICY);
        final NewNodeSimulation.Settings s = new NewNodeSimulation.Settings(10, 0, 1_000_000L, 3600,
                BalancePrior.HALF, 0.5, 5).withInbound(new double[] {0, 0.25, 0.75});
        final Balances b = NewNodeSimulation.balances(g, x, s);
        final int m = g.channelCount();
        assertEquals(100_000_000L, b.balanceMsat(m, 0));
        assertEquals(75_000_000L, b.balanceMsat(m + 1, 0));
        assertEquals(25_000_000L, b.balanceMsat(m + 2, 0));
        assertEquals(0.25, s.inboundOf(1), 0);
        assertTrue(Balances.draw(x, BalancePrior.HALF, 5, 0.5).sameAs(
                NewNodeSimulation.balances(g, x, s.withInbound(0.5))), "a uniform plan is the uniform share");
        assertThrows(IllegalArgumentException.class, () -> NewNodeSimulation.balances(g, x,
                s.withInbound(new double[] {0.5, 0.5})), "one share per channel");
        assertThrows(IllegalArgumentException.class, () -> s.withInbound(new double[] {0.5, 1.5, 0}));
        assertThrows(IllegalArgumentException.class, () -> InboundPlan.choose(
                new GraphOverlay(g, new int[0], new long[0], POLICY), s, 1, Progress.NONE));
    }

    @Test
    void aPlanIsChosenOnFewerOtherPayments() {
        final NewNodeSimulation.Settings run = new NewNodeSimulation.Settings(100_000, 1_000, 20_000_000L, 3600,
                BalancePrior.UNIFORM, 0.25, 9);
        final NewNodeSimulation.Settings t = InboundPlan.training(run);
        assertEquals(InboundPlan.DEFAULT_PAYMENTS, t.payments());
        assertEquals(250, t.ownPayments(), "own payments scaled alike");
        assertEquals(InboundPlan.trainingSeed(9), t.seed());
        assertTrue(t.seed() != 9);
        assertEquals(0.25, t.inbound(), 0);
        assertEquals(BalancePrior.UNIFORM, t.prior());
        final NewNodeSimulation.Settings small = InboundPlan.training(new NewNodeSimulation.Settings(400, 0,
                20_000_000L, 3600, BalancePrior.BIMODAL, 0.5, 9));
        assertEquals(400, small.payments(), "a shorter run is planned on as many payments");
        assertEquals(0, small.ownPayments());
    }
}
