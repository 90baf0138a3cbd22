package org.lnautopilot.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** lnd's setLastPairResult and the a-priori estimator, case by case (missioncontrol_state.go, probability_apriori.go). */
class MissionControlTest {
    static final double P = 0.6;

    @Test
    void aSuccessGivesPointNineFiveUpToItsAmountAndRaisesTheNodeProbability() {
        final MissionControl mc = new MissionControl();
        assertFalse(mc.hasResultsFrom(1, 5));
        mc.recordSuccess(1, 5, 6, 1_000, 0);
        assertTrue(mc.hasResultsFrom(1, 5));
        assertEquals(0.95, mc.pairProbability(1, 5, 6, 1_000, P, 10), 0);
        // Above the success amount the pair is untried: the node probability, which the success
        // does not count for this larger amount.
        assertEquals(P, mc.pairProbability(1, 5, 6, 1_001, P, 10), 1e-15);
        // Another pair from node 5, at an amount the success covers: (0.6 + 0.95) / 2.
        assertEquals((P + 0.95) / 2, mc.pairProbability(1, 5, 7, 900, P, 10), 1e-15);
        // A smaller success does not shrink the range.
        mc.recordSuccess(1, 5, 6, 10, 20);
        assertEquals(0.95, mc.pairProbability(1, 5, 6, 1_000, P, 30), 0);
        assertEquals(1, mc.senders());
        assertEquals(1, mc.pairs());
    }

    @Test
    void aFailureCutsTheSuccessRangeAndASuccessMovesTheFailureUp() {
        final MissionControl mc = new MissionControl();
        mc.recordSuccess(1, 5, 6, 1_000, 0);
        mc.recordFailure(1, 5, 6, 800, 100);
        assertEquals(0.95, mc.pairProbability(1, 5, 6, 799, P, 100), 0, "success range now ends at 799");
        assertEquals(0, mc.pairProbability(1, 5, 6, 800, P, 100), 0);
        // A success at 900 after the failure moves the failure to 901.
        mc.recordSuccess(1, 5, 6, 900, 200);
        assertEquals(0.95, mc.pairProbability(1, 5, 6, 900, P, 200), 0);
        assertTrue(mc.pairProbability(1, 5, 6, 901, P, 200) < 0.01);
    }

    @Test
    void aLargerFailureWithinAMinuteIsIgnoredButNotAfter() {
        final MissionControl mc = new MissionControl();
        mc.recordFailure(1, 5, 6, 500, 0);
        mc.recordFailure(1, 5, 6, 700, 59);
        // Ignored: the pair still fails from 500 on, with the age of the failure at 0 s.
        final double w = Math.pow(2, -59.0 / 3600);
        assertEquals(P / (1 + w) * (1 - w), mc.pairProbability(1, 5, 6, 600, P, 59), 1e-15);
        mc.recordFailure(1, 5, 6, 700, 61);
        assertEquals(0, mc.pairProbability(1, 5, 6, 700, P, 61), 0, "the failure at 700, fresh");
        assertEquals(P, mc.pairProbability(1, 5, 6, 699, P, 61), 1e-15, "below 700: untried, and not counted");
        // A smaller failure within the minute is recorded (it is more severe).
        mc.recordFailure(1, 5, 6, 300, 62);
        assertEquals(0, mc.pairProbability(1, 5, 6, 300, P, 62), 0);
    }

    @Test
    void aPrioriWeightOneIgnoresHistoryAndBadSettingsAreRefused() {
        final MissionControl mc = new MissionControl(1, 3600);
        mc.recordFailure(1, 5, 7, 100, 0);
        assertEquals(P, mc.pairProbability(1, 5, 8, 100, P, 0), 0);
        assertThrows(IllegalArgumentException.class, () -> new MissionControl(1.5, 3600));
        assertThrows(IllegalArgumentException.class, () -> new MissionControl(0.5, 0));
    }
}
