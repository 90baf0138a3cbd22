package org.lnautopilot.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lnautopilot.simulation.SimGraphs.AMT;
import static org.lnautopilot.simulation.SimGraphs.BIG;
import static org.lnautopilot.simulation.SimGraphs.ch;

import java.util.List;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.junit.jupiter.api.Test;

/** The payment loop on hand-made graphs whose every attempt is computed by hand. */
class PaymentSimulatorTest {
    /** Fee of a (1,000 msat, 100 ppm) policy on 100,000 sat. */
    static final long FEE = 1_000 + AMT * 100 / 1_000_000;
    static final long CAP = BIG * 1000;

    static Balances balances(CsrGraph g, long... first) {
        return Balances.of(g, null, first);
    }

    @Test
    void aLineWhoseMiddleCannotForwardFailsThereThenFindsNoRoute() {
        final CsrGraph g = SimGraphs.graph(3, ch(0, 1, BIG, 1_000, 100), ch(1, 2, BIG, 1_000, 100));
        final Balances b = balances(g, CAP, 0); // 1 holds nothing towards 2
        final PaymentSimulator sim = new PaymentSimulator(g, b);
        final SimGraphs.Log log = new SimGraphs.Log();
        assertFalse(sim.pay(new Payment(0, 0, 2, AMT), log));
        assertEquals(List.of("1.1 FAIL 0-1-2 at 1 fee " + FEE, "1.2 NOROUTE"), log.lines);
        assertTrue(b.sameAs(balances(g, CAP, 0)), "a failed attempt moves nothing");
        assertEquals(1, sim.failedAt(1));
        assertEquals(2, sim.attempts());
        assertEquals(0, sim.succeeded());
        // What the sender learnt (reportOutgoingBalance): 0 -> 1 succeeded at what it carried, 1 -> 2 failed.
        final MissionControl mc = sim.missionControl();
        assertEquals(0.95, mc.pairProbability(0, 0, 1, AMT + FEE, 0.6, 0), 0);
        assertEquals(0, mc.pairProbability(0, 1, 2, AMT, 0.6, 0), 0);
        assertEquals(0.6, mc.pairProbability(0, 1, 2, AMT - 1, 0.6, 0), 0, "below the failed amount: untried");
        assertEquals(0.6, mc.pairProbability(2, 1, 2, AMT, 0.6, 0), 0, "another sender knows nothing");
    }

    @Test
    void aFailureFadesByTheHalfLife() {
        final MissionControl mc = new MissionControl();
        mc.recordFailure(7, 1, 2, AMT, 0);
        // Node probability: 0.6 weighted 1 against the failure weighted 2^(-age / 1 h); pair: node * (1 - weight).
        assertEquals(0.0, mc.pairProbability(7, 1, 2, AMT, 0.6, 0), 1e-15);
        assertEquals(0.3, mc.pairProbability(7, 1, 3, AMT, 0.6, 0), 1e-15, "the node's other pairs: 0.6 / 2");
        assertEquals(0.4 * 0.5, mc.pairProbability(7, 1, 2, AMT, 0.6, 3600), 1e-15);
        assertEquals(0.48 * 0.75, mc.pairProbability(7, 1, 2, AMT, 0.6, 7200), 1e-15);
        final double w = Math.pow(2, -30.0 / 3600);
        assertEquals(0.6 / (1 + w) * (1 - w), mc.pairProbability(7, 1, 2, AMT, 0.6, 30), 1e-15);

        // In the loop: 30 s later the pair is still too unlikely to try; 2 h later it is tried again.
        final CsrGraph g = SimGraphs.graph(3, ch(0, 1, BIG, 1_000, 100), ch(1, 2, BIG, 1_000, 100));
        final PaymentSimulator sim = new PaymentSimulator(g, balances(g, CAP, 0));
        final SimGraphs.Log log = new SimGraphs.Log();
        sim.pay(new Payment(0, 0, 2, AMT), log);
        sim.pay(new Payment(30, 0, 2, AMT), log);
        sim.pay(new Payment(7200, 0, 2, AMT), log);
        assertEquals(List.of("1.1 FAIL 0-1-2 at 1 fee " + FEE, "1.2 NOROUTE", "2.1 NOROUTE",
                "3.1 FAIL 0-1-2 at 1 fee " + FEE, "3.2 NOROUTE"), log.lines);
    }

    @Test
    void aRetryRoutesAroundTheFailureAndMovesEveryHop() {
        // 0 -> 1 -> 3 is cheaper, but 1 cannot forward; 0 -> 2 -> 3 can.
        final CsrGraph g = SimGraphs.graph(4, ch(0, 1, BIG, 0, 1), ch(1, 3, BIG, 0, 1), ch(0, 2, BIG, 1_000, 100),
                ch(2, 3, BIG, 1_000, 100));
        final Balances b = balances(g, CAP, 0, CAP, CAP / 2);
        final PaymentSimulator sim = new PaymentSimulator(g, b);
        final SimGraphs.Log log = new SimGraphs.Log();
        assertTrue(sim.pay(new Payment(5, 0, 3, AMT), log));
        assertEquals(List.of("1.1 FAIL 0-1-3 at 1 fee 100", "1.2 OK 0-2-3 fee " + FEE), log.lines);
        assertEquals(CAP, b.balanceMsat(0, 0), "the failed route moved nothing");
        assertEquals(CAP - AMT - FEE, b.balanceMsat(2, 0), "the sender pays the amount and the fee");
        assertEquals(AMT + FEE, b.balanceMsat(2, 1));
        assertEquals(CAP / 2 - AMT, b.balanceMsat(3, 0), "node 2 forwards the amount");
        assertEquals(CAP / 2 + AMT, b.balanceMsat(3, 1), "the receiver gets the amount");
        assertEquals(FEE, sim.feeIncomeMsat(2));
        assertEquals(1, sim.forwarded(2));
        assertEquals(AMT, sim.forwardedMsat(2));
        assertEquals(FEE, sim.feesPaidMsat());
        assertEquals(1, sim.succeeded());
        assertEquals(AMT, sim.succeededMsat());
    }

    @Test
    void theReserveStaysWithTheForwardingSide() {
        final long cap = 1_000_000_000L; // 1,000,000 sat: reserve 10,000 sat
        final long reserve = cap / 100;
        final CsrGraph g = SimGraphs.graph(3, ch(0, 1, 1_000_000, 1_000, 100), ch(1, 2, 1_000_000, 1_000, 100));
        final PaymentSimulator exact = new PaymentSimulator(g, balances(g, cap, AMT + reserve));
        assertTrue(exact.pay(new Payment(0, 0, 2, AMT), AttemptListener.NONE));
        assertEquals(reserve, exact.balances().balanceMsat(1, 0), "forwarding down to the reserve is allowed");
        final PaymentSimulator below = new PaymentSimulator(g, balances(g, cap, AMT + reserve - 1));
        final SimGraphs.Log log = new SimGraphs.Log();
        assertFalse(below.pay(new Payment(0, 0, 2, AMT), log));
        assertEquals("1.1 FAIL 0-1-2 at 1 fee " + FEE, log.lines.get(0));
        // The sender's own side: one msat short of amount + fee + reserve, and it has no route.
        final PaymentSimulator poor = new PaymentSimulator(g, balances(g, AMT + FEE + reserve - 1, cap));
        final SimGraphs.Log poorLog = new SimGraphs.Log();
        assertFalse(poor.pay(new Payment(0, 0, 2, AMT), poorLog));
        assertEquals(List.of("1.1 NOROUTE"), poorLog.lines);
    }

    @Test
    void htlcLimitsDecideTheChannelAndTheRoute() {
        // Node 1 has two channels to 2: channel 1 can spend more but its maximum HTLC is below the amount.
        final CsrGraph g = SimGraphs.graph(3, ch(0, 1, BIG, 1_000, 100),
                new SimGraphs.Ch(1, 2, BIG, 1_000, 100, 40, 1_000, 100, 40, AMT / 2), ch(1, 2, BIG, 1_000, 100));
        final Balances b = balances(g, CAP, CAP, CAP / 2);
        final PaymentSimulator sim = new PaymentSimulator(g, b);
        assertTrue(sim.pay(new Payment(0, 0, 2, AMT), AttemptListener.NONE));
        assertEquals(CAP, b.balanceMsat(1, 0), "the channel whose HTLC range does not hold the amount is not used");
        assertEquals(CAP / 2 - AMT, b.balanceMsat(2, 0));
        // Among channels that can forward, the one that can spend the most.
        final Balances b2 = balances(g, CAP, CAP, CAP / 2);
        final PaymentSimulator small = new PaymentSimulator(g, b2);
        assertTrue(small.pay(new Payment(0, 0, 2, AMT / 4), AttemptListener.NONE));
        assertEquals(CAP - AMT / 4, b2.balanceMsat(1, 0));
        assertEquals(CAP / 2, b2.balanceMsat(2, 0));
    }

    @Test
    void theSendersOwnChannelWithTooLittleBalanceIsNotTried() {
        final CsrGraph g = SimGraphs.graph(3, ch(0, 2, BIG, 0, 1), ch(0, 1, BIG, 1_000, 100),
                ch(1, 2, BIG, 1_000, 100));
        final Balances b = balances(g, AMT, CAP, CAP); // 0 -> 2 holds the amount but not the reserve
        final PaymentSimulator sim = new PaymentSimulator(g, b);
        final SimGraphs.Log log = new SimGraphs.Log();
        assertTrue(sim.pay(new Payment(0, 0, 2, AMT), log));
        assertEquals(List.of("1.1 OK 0-1-2 fee " + FEE), log.lines);
    }

    /**
     * A new node X (5) joins A (0) and B (1), which are otherwise joined only through an expensive
     * path A - 3 - 4 - B; C (2) sits behind A. X at a cheap policy is on the best route from C to B.
     */
    static GraphOverlay newNodeBetween() {
        final long dear = 200_000;
        final CsrGraph g = SimGraphs.graph(5, ch(2, 0, BIG, 1_000, 100), ch(0, 3, BIG, dear, 100),
                ch(3, 4, BIG, dear, 100), ch(4, 1, BIG, dear, 100));
        return new GraphOverlay(g, new int[] {0, 1}, new long[] {BIG, BIG}, new ChannelPolicy(0, 1, 40, 1_000, CAP,
                false));
    }

    @Test
    void aNewNodeThatFundedItsChannelsForwardsNothingUntilItHasInbound() {
        final GraphOverlay x = newNodeBetween();
        final int xi = x.newNode();
        for (double inbound : new double[] {0, 0.5}) {
            final Balances b = Balances.draw(x, BalancePrior.HALF, 1, inbound);
            assertEquals(CAP - (long) (inbound * CAP), b.balanceMsat(x.base().channelCount(), 0), "X's side");
            final PaymentSimulator sim = new PaymentSimulator(x, b);
            final SimGraphs.Log log = new SimGraphs.Log();
            assertTrue(sim.pay(new Payment(0, 2, 1, AMT), log));
            final long xFee = AMT / 1_000_000; // X: base 0, 1 ppm
            // A forwards to X at the median of its own policies: base (1,000 + 200,000) / 2, 100 ppm.
            final long aFee = 100_500 + AMT * 100 / 1_000_000;
            if (inbound == 0) {
                // A's side of its channel to X is empty: the route through X fails at A.
                assertEquals("1.1 FAIL 2-0-5-1 at 0 fee " + (aFee + xFee), log.lines.get(0), log.lines.toString());
                assertEquals(2, log.lines.size(), log.lines.toString());
                assertTrue(log.lines.get(1).startsWith("1.2 OK 2-0-3-4-1"), log.lines.toString());
                assertEquals(0, sim.forwarded(xi));
                assertEquals(1, sim.failedAt(0));
            } else {
                assertEquals(List.of("1.1 OK 2-0-5-1 fee " + (aFee + xFee)), log.lines);
                assertEquals(1, sim.forwarded(xi));
                assertEquals(xFee, sim.feeIncomeMsat(xi));
                assertEquals(AMT, sim.forwardedMsat(xi));
            }
            assertEquals(1, sim.firstAttemptThroughX());
        }
    }

    @Test
    void badUseIsRefused() {
        final CsrGraph g = SimGraphs.graph(3, ch(0, 1, BIG, 1_000, 100), ch(1, 2, BIG, 1_000, 100));
        final PaymentSimulator sim = new PaymentSimulator(g, balances(g, CAP, CAP));
        assertThrows(IndexOutOfBoundsException.class, () -> sim.pay(new Payment(0, 0, 9, AMT), AttemptListener.NONE));
        sim.pay(new Payment(10, 0, 2, AMT), AttemptListener.NONE);
        assertThrows(IllegalArgumentException.class, () -> sim.pay(new Payment(9, 0, 2, AMT), AttemptListener.NONE));
        assertThrows(IllegalArgumentException.class, () -> new Payment(0, 1, 1, AMT));
        assertThrows(IllegalArgumentException.class, () -> new Payment(0, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Payment(-1, 0, 1, AMT));
        assertThrows(IllegalArgumentException.class, () -> balances(g, CAP));
        assertThrows(IllegalArgumentException.class, () -> balances(g, CAP + 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Balances.draw(newNodeBetween(), BalancePrior.HALF, 1, 1.5));
        final CsrGraph bare = org.lnautopilot.testing.TestGraphs.of(3, new int[][] {{0, 1}, {1, 2}});
        assertThrows(IllegalArgumentException.class, () -> new PaymentSimulator(bare, Balances.draw(bare,
                BalancePrior.HALF, 1)));
    }
}
