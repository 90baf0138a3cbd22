package org.lnautopilot.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lnautopilot.NodeId;
import org.lnautopilot.centrality.Betweenness;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.Progress;
import org.lnautopilot.heuristic.ScoredAttachment;
import org.lnautopilot.heuristic.Uniform;
import org.lnautopilot.testing.TestGraphs;
import org.lnautopilot.testing.WithNode;

/** A new node's metrics on hand-checkable graphs and against a graph rebuilt with the node in it. */
class EvaluationTest {
    private static final NodeId X = NodeId.of(TestGraphs.key(1 << 30));

    @Test
    void pathClosedIntoACycle() {
        // 0-1-2 and X joined to 0 and 2: the cycle 0-1-2-X. {0,2} has two paths, one through X: 1/2 of 6 pairs.
        NewNodeMetrics m = new Evaluation(TestGraphs.of(3, new int[][] {{0, 1}, {1, 2}}), 1).measure(new int[] {0, 2});
        assertEquals(1.0 / 12, m.betweenness(), 1e-15);
        assertEquals(1, m.rank(), "every node of the cycle has 1/12");
        assertEquals(4.0 / 3, m.meanHops(), 1e-15);
        assertEquals(1.0, m.reach2(), 0);
        assertEquals(1.0, m.reach3(), 0);
    }

    @Test
    void leafOfALeafOfAStar() {
        // Centre 0 with leaves 1..4; X joins leaf 1. X lies on no path; 0 and 1 do.
        NewNodeMetrics m = new Evaluation(TestGraphs.of(5, new int[][] {{0, 1}, {0, 2}, {0, 3}, {0, 4}}), 2)
                .measure(new int[] {1});
        assertEquals(0.0, m.betweenness(), 0);
        assertEquals(3, m.rank());
        assertEquals((1 + 2 + 3 * 3) / 5.0, m.meanHops(), 1e-15);
        assertEquals(2 / 5.0, m.reach2(), 0);
        assertEquals(1.0, m.reach3(), 0);
    }

    @Test
    void twoStarsJoinedByABridge() {
        // Centres 0 (leaves 1, 2) and 3 (leaves 4, 5), bridge 0-3; X joins leaves 1 and 4: only {1,4}
        // (2 hops through X against 3) crosses X, of C(7,2) = 21 pairs.
        CsrGraph g = TestGraphs.of(6, new int[][] {{0, 1}, {0, 2}, {3, 4}, {3, 5}, {0, 3}});
        NewNodeMetrics m = new Evaluation(g, 1).measure(new int[] {1, 4});
        assertEquals(1.0 / 21, m.betweenness(), 1e-15);
        // Hops from X: 1, 4 (1); 0, 3 (2); 2, 5 (3).
        assertEquals((2 * 1 + 2 * 2 + 2 * 3) / 6.0, m.meanHops(), 1e-15);
        assertEquals(4 / 6.0, m.reach2(), 1e-15);
        assertEquals(1.0, m.reach3(), 0);
        // Node 0 (and 3) carry more; leaves 1 and 4 each carry X's side of {X, 0}... rank from the reference.
        CsrGraph h = WithNode.rebuild(g, X, new int[] {1, 4});
        double[] b = Betweenness.exact(h, 1);
        int larger = 0;
        for (double v : b) {
            larger += v > b[h.indexOf(X)] ? 1 : 0;
        }
        assertEquals(1 + larger, m.rank());
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 16);
    }

    /** On random multigraphs (components, trees, parallel channels), against the graph rebuilt with X. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void matchesTheRebuiltGraph(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 10 + r.nextInt(90);
        CsrGraph g = TestGraphs.randomMultigraph(seed, n, 0.8 + r.nextDouble() * 2);
        int[] peers = new int[1 + r.nextInt(6)];
        for (int i = 0; i < peers.length; i++) {
            peers[i] = r.nextInt(n);
        }
        NewNodeMetrics m = new Evaluation(g, 1 + (int) (seed % 2)).measure(peers);
        CsrGraph h = WithNode.rebuild(g, X, peers);
        double[] b = Betweenness.exact(h, 1);
        int xi = h.indexOf(X);
        assertEquals(b[xi], m.betweenness(), 1e-12, "seed " + seed + ", peers " + Arrays.toString(peers));
        int larger = 0;
        for (double v : b) {
            larger += v > b[xi] + 1e-15 ? 1 : 0;
        }
        assertEquals(1 + larger, m.rank(), "seed " + seed);
    }

    @Test
    void trialsAreReproducibleBySeedAndShareMeasurements() {
        CsrGraph g = TestGraphs.randomMultigraph(7, 80, 2);
        Evaluation e = new Evaluation(g, 2);
        List<Evaluation.Trial> a = e.run(t -> new ScoredAttachment(new Uniform(), 0, 1000, 5, 1, new SplittableRandom(t)),
                X, 3, 1000, 6, Progress.NONE);
        List<Evaluation.Trial> b = new Evaluation(g, 2).run(t -> new ScoredAttachment(new Uniform(), 0, 1000, 5, 1,
                new SplittableRandom(t)), X, 3, 1000, 6, Progress.NONE);
        assertEquals(a, b, "same seeds and thread count: the same trials, to the last bit");
        List<Evaluation.Trial> one = new Evaluation(g, 1).run(t -> new ScoredAttachment(new Uniform(), 0, 1000, 5, 1,
                new SplittableRandom(t)), X, 3, 1000, 6, Progress.NONE);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).peers(), one.get(i).peers());
            assertEquals(a.get(i).metrics().betweenness(), one.get(i).metrics().betweenness(), 1e-15,
                    "another thread count changes only the summation order");
        }
        assertEquals(6, a.size());
        for (Evaluation.Trial t : a) {
            assertEquals(3, t.peers().size());
        }
        double[][] s = Evaluation.summary(a);
        assertTrue(s[0][1] <= s[0][0] && s[0][0] <= s[0][2], Arrays.toString(s[0]));
    }

    @Test
    void badArguments() {
        CsrGraph g = TestGraphs.of(3, new int[][] {{0, 1}, {1, 2}});
        Evaluation e = new Evaluation(g, 1);
        assertThrows(IllegalArgumentException.class, () -> e.run(t -> null, X, 0, 1000, 1, Progress.NONE));
        assertThrows(IllegalArgumentException.class, () -> e.run(t -> null, X, 1, 1000, 0, Progress.NONE));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> e.run(t -> null, g.nodeId(1), 1, 1000, 1,
                Progress.NONE)).getMessage().contains("already in the graph"));
        assertThrows(IllegalArgumentException.class, () -> new Evaluation(g, 0));
    }

    @Test
    void intervalsAreCutToEachColumnsRange() {
        // Two trials, 0 and 10 forwards: mean 5, t interval 5 +- 12.706 * 5 = [-58.53, 68.53].
        final double[][] rows = {{0, 0.0, 3}, {10, 1.0, 3}};
        final double[][] open = Evaluation.summary(rows, 3);
        assertEquals(5 - 12.706 * 5, open[0][1], 1e-9);
        assertEquals(5 + 12.706 * 5, open[0][2], 1e-9);
        final double inf = Double.POSITIVE_INFINITY;
        final double[][] cut = Evaluation.summary(rows, new double[] {0, 0, 1}, new double[] {inf, 1, inf});
        assertArrayEquals(new double[] {5, 0, 5 + 12.706 * 5}, cut[0], 1e-9, "a count: cut at 0 only");
        assertArrayEquals(new double[] {0.5, 0, 1}, cut[1], 1e-12, "a share: cut at both ends");
        assertArrayEquals(new double[] {3, 3, 3}, cut[2], 0, "no spread: the mean alone");
        final double[][] nan = Evaluation.summary(new double[][] {{Double.NaN}}, new double[] {0}, new double[] {1});
        assertTrue(Double.isNaN(nan[0][0]) && Double.isNaN(nan[0][1]) && Double.isNaN(nan[0][2]),
                "no value: NaN, not a range end");
        assertThrows(IllegalArgumentException.class, () -> Evaluation.summary(rows, new double[] {0, 0},
                new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Evaluation.summary(rows, new double[] {1, 0, 0},
                new double[] {0, 1, 1}));
    }

    @Test
    void metricIntervalsStayWithinWhatAMetricCanBe() {
        // Uniform picks on a sparse random graph spread the reach and the rank widely over three trials.
        CsrGraph g = TestGraphs.randomMultigraph(11, 60, 1);
        List<Evaluation.Trial> ts = new Evaluation(g, 1).run(t -> new ScoredAttachment(new Uniform(), 0, 1000, 2, 1,
                new SplittableRandom(t)), X, 2, 1000, 3, Progress.NONE);
        double[][] s = Evaluation.summary(ts);
        double[][] rows = new double[ts.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = ts.get(i).metrics().values();
        }
        double[][] open = Evaluation.summary(rows, NewNodeMetrics.NAMES.length);
        assertTrue(open[3][1] < 0 || open[1][1] < 1, "the trials spread beyond a range: " + Arrays.deepToString(open));
        double[] least = {0, 1, 1, 0, 0};
        double[] most = {1, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1, 1};
        for (int k = 0; k < s.length; k++) {
            if (!Double.isNaN(s[k][0])) {
                assertTrue(s[k][1] >= least[k] && s[k][2] <= most[k] && s[k][1] <= s[k][0] && s[k][0] <= s[k][2],
                        NewNodeMetrics.NAMES[k] + ": " + Arrays.toString(s[k]));
            }
        }
    }

    @Test
    void studentQuantiles() {
        assertEquals(2.093, Evaluation.tQuantile975(19), 0);
        assertEquals(2.021, Evaluation.tQuantile975(40), 0.002);
    }
}
