package org.lnautopilot.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The set-up shared by simulate-payments and evaluate --simulate: a run equals a simulator built by
 * hand from the same drawn payments and balances, its figures split X's own payments from the
 * network's, any order of the same peers gives the same run, and bad settings are refused.
 */
class NewNodeSimulationTest {
    private static final ChannelPolicy POLICY = new ChannelPolicy(500, 200, 40, 1_000, Long.MAX_VALUE, false);

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 8);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aRunIsTheSimulatorOnTheDrawnPaymentsAndBalances(long seed) {
        final CsrGraph g = ReferencePaymentsTest.random(new SplittableRandom(seed), 40, 120);
        final NewNodeSimulation.Settings s = new NewNodeSimulation.Settings(400, seed % 2 == 0 ? 30 : 0, 20_000_000L,
                3600, BalancePrior.values()[(int) (seed % 3)], 0.25 * (seed % 4), seed);
        final GraphOverlay x = NewNodeSimulation.overlay(g, new int[] {22, 1, 7}, 600_000, POLICY);
        final NewNodeSimulation.Result got = NewNodeSimulation.run(x, s, Progress.NONE);

        final PaymentSimulator sim = new PaymentSimulator(g, x, NewNodeSimulation.balances(g, x, s),
                new LndRouteChoice(), new MissionControl());
        sim.run(NewNodeSimulation.payments(g, x, s), AttemptListener.NONE, Progress.NONE, 0);
        assertEquals(NewNodeSimulation.result(sim), got, "seed " + seed);
        assertEquals(400, got.payments(), "seed " + seed);
        assertEquals(s.ownPayments(), got.ownPayments(), "seed " + seed);
        assertEquals(sim.forwarded(x.newNode()), got.forwarded());
        assertEquals((double) got.forwarded() / 400, got.realisedShare(), 0);
        assertTrue(got.firstAttemptsThroughX() <= 400 + s.ownPayments());
        // The same peers in another order: the same overlay, the same run.
        assertEquals(got, NewNodeSimulation.run(NewNodeSimulation.overlay(g, new int[] {7, 22, 1}, 600_000, POLICY), s,
                Progress.NONE), "seed " + seed);
    }

    @Test
    void theOverlayIsSortedAndRefusesARepeatedPeer() {
        final CsrGraph g = ReferencePaymentsTest.random(new SplittableRandom(3), 20, 50);
        final GraphOverlay x = NewNodeSimulation.overlay(g, new int[] {9, 2, 5}, 50_000, POLICY);
        assertArrayEquals(new int[] {2, 5, 9}, new int[] {x.peer(0), x.peer(1), x.peer(2)});
        assertEquals(50_000, x.capacitySat(1));
        assertThrows(IllegalArgumentException.class, () -> NewNodeSimulation.overlay(g, new int[] {2, 2}, 50_000, POLICY));
        assertThrows(IllegalArgumentException.class, () -> NewNodeSimulation.overlay(g, new int[] {2}, 0, POLICY));
    }

    @Test
    void badSettingsAreRefused() {
        final BalancePrior b = BalancePrior.BIMODAL;
        assertThrows(IllegalArgumentException.class, () -> new NewNodeSimulation.Settings(0, 0, 1000, 3600, b, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new NewNodeSimulation.Settings(1, -1, 1000, 3600, b, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new NewNodeSimulation.Settings(1, 0, 0, 3600, b, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new NewNodeSimulation.Settings(1, 0, 1000, 0, b, 0.5, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new NewNodeSimulation.Settings(1, 0, 1000, Double.POSITIVE_INFINITY, b, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new NewNodeSimulation.Settings(1, 0, 1000, 3600, b, 1.5, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new NewNodeSimulation.Settings(1, 0, 1000, 3600, b, Double.NaN, 1));
        assertThrows(NullPointerException.class, () -> new NewNodeSimulation.Settings(1, 0, 1000, 3600, null, 0.5, 1));
    }
}
