package org.lnautopilot.centrality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.Topology;
import org.lnautopilot.growth.BarabasiAlbert;
import org.lnautopilot.io.GraphReaders;
import org.lnautopilot.testing.SharedGraphs;
import org.lnautopilot.testing.TestGraphs;

/** {@link Betweenness#exact} against hand-computed values and the textbook reference; the approximation's guarantee. */
class BetweennessTest {
    private static final double TOL = 1e-12;

    @Test
    void pathOfThree() {
        double[] b = Betweenness.exact(TestGraphs.of(3, new int[][] {{0, 1}, {1, 2}}), 1);
        // One pair of three passes through the middle.
        assertArrayEquals(new double[] {0, 1.0 / 3, 0}, b, TOL);
    }

    @Test
    void longerPath() {
        // 0-1-2-3-4: node 1 is inner on {0,2},{0,3},{0,4}: 3 of 10 pairs; node 2 on {0,3},{0,4},{1,3},{1,4}.
        double[] b = Betweenness.exact(TestGraphs.of(5, new int[][] {{0, 1}, {1, 2}, {2, 3}, {3, 4}}), 2);
        assertArrayEquals(new double[] {0, 0.3, 0.4, 0.3, 0}, b, TOL);
    }

    @Test
    void star() {
        // Centre 0 and four leaves: all C(4,2) = 6 of the 10 pairs pass through the centre.
        double[] b = Betweenness.exact(TestGraphs.of(5, new int[][] {{0, 1}, {0, 2}, {0, 3}, {0, 4}}), 1);
        assertArrayEquals(new double[] {0.6, 0, 0, 0, 0}, b, TOL);
    }

    @Test
    void cycleOfFour() {
        // Each opposite pair has two shortest paths; a node gets half of one pair out of six.
        double[] b = Betweenness.exact(TestGraphs.of(4, new int[][] {{0, 1}, {1, 2}, {2, 3}, {3, 0}}), 1);
        assertArrayEquals(new double[] {1.0 / 12, 1.0 / 12, 1.0 / 12, 1.0 / 12}, b, TOL);
    }

    @Test
    void twoNodesWithParallelChannels() {
        double[] b = Betweenness.exact(TestGraphs.of(2, new int[][] {{0, 1}, {0, 1}, {1, 0}}), 2);
        assertArrayEquals(new double[] {0, 0}, b, TOL);
    }

    @Test
    void parallelChannelsAreDistinctPaths() {
        // Square 0-1-2-3-0 with 0-1 doubled: {0,2} has paths 0=1-2 (two) and 0-3-2 (one);
        // {1,3} has 1=0-3 (two) and 1-2-3 (one). Six pairs.
        double[] b = Betweenness.exact(TestGraphs.of(4, new int[][] {{0, 1}, {0, 1}, {1, 2}, {2, 3}, {3, 0}}), 1);
        assertArrayEquals(new double[] {2.0 / 3 / 6, 2.0 / 3 / 6, 1.0 / 3 / 6, 1.0 / 3 / 6}, b, TOL);
    }

    @Test
    void isolatedNodesCountInTheDenominator() {
        // The path of three plus two isolated nodes: n = 5, one pair through node 1, of 10.
        double[] b = Betweenness.exact(TestGraphs.of(5, new int[][] {{0, 1}, {1, 2}}), 1);
        assertArrayEquals(new double[] {0, 0.1, 0, 0, 0}, b, TOL);
    }

    @Test
    void emptyAndSingleNodeGraphs() {
        assertEquals(0, Betweenness.exact(TestGraphs.of(0, new int[0][]), 1).length);
        assertArrayEquals(new double[] {0}, Betweenness.exact(TestGraphs.of(1, new int[0][]), 2), 0);
        assertArrayEquals(new double[] {0}, Betweenness.approximate(TestGraphs.of(1, new int[0][]), 0.1, 0.1,
                new SplittableRandom(1), 1), 0);
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 24);
    }

    /** Random multigraphs with several components, isolated nodes, trees and parallel channels. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void exactMatchesReferenceOnRandomMultigraphs(long seed) {
        int n = 5 + (int) (seed * 7 % 80);
        double density = 0.6 + (seed % 5) * 0.5;
        CsrGraph g = TestGraphs.randomMultigraph(seed, n, density);
        double[] ref = ReferenceBetweenness.of(g);
        for (int threads = 1; threads <= 3; threads++) {
            double[] b = Betweenness.exact(g, threads);
            double[] scalar = Betweenness.exact(g, threads, false);
            double[] batched = Betweenness.exact(g, threads, true);
            for (int v = 0; v < n; v++) {
                double tol = 1e-12 + 1e-9 * ref[v];
                assertEquals(ref[v], b[v], tol, "seed " + seed + ", threads " + threads + ", node " + v);
                assertEquals(ref[v], scalar[v], tol, "scalar kernel, seed " + seed + ", threads " + threads + ", node " + v);
                assertEquals(ref[v], batched[v], tol, "batched kernel, seed " + seed + ", threads " + threads + ", node " + v);
            }
        }
    }

    /**
     * Cores of several batches of 64 sources, the last one partial, over several components (a batch
     * then mixes sources that cannot reach each other): both kernels against the reference.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void bothKernelsMatchTheReferenceOnCoresOfSeveralBatches(long seed) {
        CsrGraph g = TestGraphs.randomMultigraph(100 + seed, 150 + 37 * (int) seed, 1.3 + 0.2 * seed);
        double[] ref = ReferenceBetweenness.of(g);
        for (int threads = 1; threads <= 2; threads++) {
            double[] batched = Betweenness.exact(g, threads, true);
            double[] scalar = Betweenness.exact(g, threads, false);
            for (int v = 0; v < g.nodeCount(); v++) {
                double tol = 1e-12 + 1e-9 * ref[v];
                assertEquals(ref[v], batched[v], tol, "batched, seed " + seed + ", threads " + threads + ", node " + v);
                assertEquals(ref[v], scalar[v], tol, "scalar, seed " + seed + ", threads " + threads + ", node " + v);
            }
        }
        int core = new PendantReduction(Topology.of(g)).activeSources;
        assertTrue(core > BatchedBrandes.LANES && core % BatchedBrandes.LANES != 0, "seed " + seed + ": a core of " + core + " sources");
    }

    /**
     * A core of long shortest paths (a cycle of 300 with a few chords and tails): both kernels
     * against the reference; the default picks the scalar one, whose memory does not grow with the
     * number of levels.
     */
    @Test
    void longCyclesMatchTheReferenceWithBothKernels() {
        int n = 300;
        int[][] channels = new int[n + 6][];
        for (int i = 0; i < n; i++) {
            channels[i] = new int[] {i, (i + 1) % n};
        }
        channels[n] = new int[] {0, 150};
        channels[n + 1] = new int[] {0, 150};
        channels[n + 2] = new int[] {40, 41};
        channels[n + 3] = new int[] {77, 220};
        channels[n + 4] = new int[] {5, 300};
        channels[n + 5] = new int[] {300, 301};
        CsrGraph g = TestGraphs.of(n + 2, channels);
        assertTrue(new BatchedBrandes.Layout(new PendantReduction(Topology.of(g))).depthBound
                > Betweenness.BATCHED_DEPTH_LIMIT);
        double[] ref = ReferenceBetweenness.of(g);
        double[] byDefault = Betweenness.exact(g, 2);
        double[] batched = Betweenness.exact(g, 2, true);
        for (int v = 0; v < g.nodeCount(); v++) {
            double tol = 1e-12 + 1e-9 * ref[v];
            assertEquals(ref[v], byDefault[v], tol, "node " + v);
            assertEquals(ref[v], batched[v], tol, "batched, node " + v);
        }
    }

    @Test
    void exactMatchesReferenceOnTheLnd2019Snapshot() throws IOException {
        CsrGraph g = GraphReaders.describeGraph(SharedGraphs.require(SharedGraphs.LND_2019));
        double[] ref = ReferenceBetweenness.of(g);
        double[] one = Betweenness.exact(g, 1);
        double[] two = Betweenness.exact(g, 2);
        double[] scalar = Betweenness.exact(g, 2, false);
        for (int v = 0; v < g.nodeCount(); v++) {
            assertEquals(ref[v], one[v], 1e-15 + 1e-9 * ref[v], "node " + v);
            assertEquals(one[v], two[v], 1e-15 + 1e-9 * one[v], "threads disagree at node " + v);
            assertEquals(ref[v], scalar[v], 1e-15 + 1e-9 * ref[v], "scalar kernel, node " + v);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void approximationIsWithinEpsilonOnBothSnapshots(long seed) throws IOException {
        double eps = 0.005;
        for (String snap : new String[] {SharedGraphs.LND_2019, SharedGraphs.CLN_2021}) {
            CsrGraph g = GraphReaders.read(SharedGraphs.require(snap), new GraphReaders.Options(true, false));
            double[] exact = Betweenness.exact(g, 2);
            double[] approx = Betweenness.approximate(g, eps, 0.1, new SplittableRandom(seed), 2);
            double worst = 0;
            for (int v = 0; v < g.nodeCount(); v++) {
                worst = Math.max(worst, Math.abs(exact[v] - approx[v]));
            }
            assertTrue(worst <= eps, snap + ", seed " + seed + ": max error " + worst + " > " + eps);
        }
    }

    @Test
    void exactIsBitIdenticalAcrossRunsWithTheSameThreads() {
        CsrGraph g = BarabasiAlbert.generate(2000, 3, 11);
        assertArrayEquals(Betweenness.exact(g, 2), Betweenness.exact(g, 2), 0);
        assertArrayEquals(Betweenness.exact(g, 3), Betweenness.exact(g, 3), 0);
    }

    @Test
    void approximationIsReproducibleBySeedAndThreads() {
        CsrGraph g = BarabasiAlbert.generate(3000, 3, 5);
        double[] a = Betweenness.approximate(g, 0.02, 0.1, new SplittableRandom(9), 2);
        double[] b = Betweenness.approximate(g, 0.02, 0.1, new SplittableRandom(9), 2);
        assertArrayEquals(a, b, 0);
    }

    @Test
    void approximationIsCloseOnRandomMultigraphs() {
        for (long seed = 1; seed <= 6; seed++) {
            CsrGraph g = TestGraphs.randomMultigraph(seed, 60, 1.5);
            double[] exact = Betweenness.exact(g, 1);
            double[] approx = Betweenness.approximate(g, 0.02, 0.01, new SplittableRandom(seed), 1 + (int) (seed % 2));
            for (int v = 0; v < g.nodeCount(); v++) {
                assertEquals(exact[v], approx[v], 0.02, "seed " + seed + ", node " + v);
            }
        }
    }

    /** More than 2^20 draws in one worker: the sampler's stamps wrap and are cleared, and nothing leaks. */
    @Test
    void approximationStaysWithinEpsilonAcrossTheStampWrap() {
        CsrGraph g = TestGraphs.randomMultigraph(4, 40, 1.5);
        double[] exact = Betweenness.exact(g, 1);
        long[] last = new long[2];
        double[] approx = Betweenness.approximate(g, 0.001, 0.1, new SplittableRandom(8), 1,
                (done, total) -> {
                    last[0] = done;
                    last[1] = total;
                });
        assertEquals(last[1], last[0]);
        assertTrue(last[0] > (1 << 20), "drew only " + last[0] + " pairs");
        for (int v = 0; v < g.nodeCount(); v++) {
            assertEquals(exact[v], approx[v], 0.001, "node " + v);
        }
    }

    /**
     * On a graph whose largest b is far below 1/2 the pilot proves a much smaller main sample enough,
     * and the estimates are still within epsilon of the exact values.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void pilotShrinksTheSampleAndKeepsTheGuarantee(long seed) {
        CsrGraph g = BarabasiAlbert.generate(5000, 2, 17);
        double eps = 0.005;
        long cap = Betweenness.sampleSize(g, eps, 0.1);
        long[] total = new long[1];
        double[] approx = Betweenness.approximate(g, eps, 0.1, new SplittableRandom(seed), 2,
                (done, t) -> total[0] = t);
        assertTrue(total[0] < cap / 2, "seed " + seed + ": drew " + total[0] + " pairs, worst case " + cap);
        double[] exact = Betweenness.exact(g, 2);
        for (int v = 0; v < g.nodeCount(); v++) {
            assertEquals(exact[v], approx[v], eps, "seed " + seed + ", node " + v);
        }
    }

    /**
     * A star's centre has b near 1, so the pilot cannot prove anything below the worst case: the main
     * sample is the worst-case size, with path indicators, and still within epsilon.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void aCentreNearOneFallsBackOnTheWorstCase(long seed) {
        int leaves = 300;
        int[][] channels = new int[leaves][];
        for (int i = 0; i < leaves; i++) {
            channels[i] = new int[] {0, i + 1};
        }
        CsrGraph g = TestGraphs.of(leaves + 1, channels);
        double eps = 0.01;
        long cap = Betweenness.sampleSize(g, eps, 0.1);
        long[] last = new long[2];
        double[] approx = Betweenness.approximate(g, eps, 0.1, new SplittableRandom(seed), 2,
                (done, total) -> {
                    last[0] = done;
                    last[1] = total;
                });
        assertEquals(cap + cap / 64, last[1], "seed " + seed + ": the pilot and the worst case");
        assertEquals(last[1], last[0]);
        double[] exact = Betweenness.exact(g, 1);
        for (int v = 0; v < g.nodeCount(); v++) {
            assertEquals(exact[v], approx[v], eps, "seed " + seed + ", node " + v);
        }
    }

    @Test
    void badArgumentsAreRejected() {
        CsrGraph g = TestGraphs.of(3, new int[][] {{0, 1}, {1, 2}});
        SplittableRandom r = new SplittableRandom(1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Betweenness.approximate(g, 0, 0.1, r, 1))
                .getMessage().contains("epsilon must be in (0, 1), got 0.0"));
        assertThrows(IllegalArgumentException.class, () -> Betweenness.approximate(g, 1, 0.1, r, 1));
        assertThrows(IllegalArgumentException.class, () -> Betweenness.approximate(g, Double.NaN, 0.1, r, 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Betweenness.approximate(g, 0.1, 1.5, r, 1))
                .getMessage().contains("delta must be in (0, 1)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Betweenness.exact(g, 0))
                .getMessage().contains("threads must be at least 1"));
    }

    @Test
    void vertexDiameterBoundIsAnUpperBound() {
        // A path of 6 nodes has vertex diameter 6; the bound from its highest-degree node is at least that.
        CsrGraph g = TestGraphs.of(6, new int[][] {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}});
        int vd = Betweenness.vertexDiameterBound(g);
        assertTrue(vd >= 6 && vd <= 11, "bound " + vd);
    }
}
