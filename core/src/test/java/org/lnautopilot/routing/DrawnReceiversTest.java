package org.lnautopilot.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lnautopilot.graph.CsrGraph;

/** Draws of receivers collapsed to one tree each, and drawn until enough are distinct. */
class DrawnReceiversTest {
    @Test
    void collapseCountsEachReceiverOnceInTheOrderOfItsFirstDraw() {
        final DrawnReceivers d = DrawnReceivers.collapse(new int[] {4, 2, 4, 4, 0, 2}, 5);
        assertArrayEquals(new int[] {4, 2, 0}, d.nodes);
        assertArrayEquals(new int[] {3, 2, 1}, d.times);
        assertArrayEquals(new int[] {0, 1, 0, 0, 2, 1}, d.slotOfDraw);
        assertEquals(3, d.size());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void drawsStopAtTheWantedDistinctCountOrTheCap(long seed) {
        final CsrGraph g = RoutingGraphs.random(seed, 30, 90, false);
        final int[] a = DrawnReceivers.drawUntilDistinct(g, 10, 1_000, new SplittableRandom(seed));
        final long distinct = Arrays.stream(a).distinct().count();
        assertEquals(10, distinct, "seed " + seed);
        assertTrue(Arrays.stream(Arrays.copyOf(a, a.length - 1)).distinct().count() == 9,
                "seed " + seed + ": the last draw is the tenth distinct receiver");
        final int[] b = DrawnReceivers.drawUntilDistinct(g, 10, 1_000, new SplittableRandom(seed));
        assertArrayEquals(a, b, "the same generator draws the same");
        // More distinct receivers than the graph has nodes: the cap ends the draws.
        final int[] capped = DrawnReceivers.drawUntilDistinct(g, 31, 100, new SplittableRandom(seed));
        assertEquals(100, capped.length, "seed " + seed);
        final Demand d = Demand.byCapacity(g);
        for (int t : a) {
            assertTrue(d.weight(t) > 0, "only nodes with capacity receive");
        }
    }

    @Test
    void badArgumentsAreRefused() {
        final CsrGraph g = RoutingGraphs.random(1, 10, 20, false);
        assertThrows(IllegalArgumentException.class, () -> DrawnReceivers.drawUntilDistinct(g, 0, 10,
                new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> DrawnReceivers.drawUntilDistinct(g, 5, 4,
                new SplittableRandom(1)));
        assertThrows(IndexOutOfBoundsException.class, () -> DrawnReceivers.collapse(new int[] {7}, 5));
    }
}
