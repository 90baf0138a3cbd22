package org.lnautopilot.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lnautopilot.centrality.Betweenness;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.Progress;
import org.lnautopilot.heuristic.ConstrainedPrefAttachment;
import org.lnautopilot.heuristic.ScoredAttachment;
import org.lnautopilot.heuristic.Uniform;
import org.lnautopilot.testing.TestGraphs;

/** Gini, top-share and growth by newcomers. */
class NetworkEffectTest {
    @Test
    void giniOfEqualAndOfConcentratedValues() {
        assertEquals(0.0, NetworkEffect.gini(new double[] {3, 3, 3, 3}), 1e-15);
        // One holder of everything among four: (n - 1) / n.
        assertEquals(0.75, NetworkEffect.gini(new double[] {0, 0, 0, 8}), 1e-15);
        // {1, 2, 3}: sum_i (2i - 4) x_i / (3 * 6) = (-2 + 0 + 6) / 18.
        assertEquals(4.0 / 18, NetworkEffect.gini(new double[] {3, 1, 2}), 1e-15);
        assertEquals(0.0, NetworkEffect.gini(new double[] {0, 0}), 0);
    }

    @Test
    void topShareTakesTheCeilingOfOnePercent() {
        double[] v = new double[150];
        v[7] = 5;
        v[9] = 3;
        v[11] = 2;
        // ceil(1.5) = 2 nodes: (5 + 3) / 10.
        assertEquals(0.8, NetworkEffect.topShare(v, 0.01), 1e-15);
        assertEquals(0.0, NetworkEffect.topShare(new double[10], 0.01), 0);
    }

    @Test
    void measureOnAStar() {
        CsrGraph star = TestGraphs.of(5, new int[][] {{0, 1}, {0, 2}, {0, 3}, {0, 4}});
        NetworkEffect.Concentration c = NetworkEffect.measure(star, 1, 1);
        // Degrees {1,1,1,1,4}: sum_i (2i - 6) x_i / (5 * 8) = (-4 - 2 + 0 + 2 + 16) / 40.
        assertEquals(12.0 / 40, c.degreeGini(), 1e-15);
        assertEquals(1.0, c.top1Share(), 0, "the centre holds all betweenness");
    }

    @Test
    void newcomersJoinOneAfterAnotherAndAreReproducible() {
        CsrGraph g = TestGraphs.randomMultigraph(3, 120, 2);
        NetworkEffect.Result a = NetworkEffect.grow(g, i -> new ConstrainedPrefAttachment(0, 1000, 5, 1,
                new SplittableRandom(i)), 3, 1000, 10, 42, 2, Progress.NONE);
        NetworkEffect.Result b = NetworkEffect.grow(g, i -> new ConstrainedPrefAttachment(0, 1000, 5, 1,
                new SplittableRandom(i)), 3, 1000, 10, 42, 1, Progress.NONE);
        assertEquals(130, a.grown().nodeCount());
        assertEquals(g.channelCount() + 30, a.grown().channelCount(), "three channels per newcomer");
        // Thread counts agree up to summation order (Betweenness.exact's contract).
        assertEquals(a.before().degreeGini(), b.before().degreeGini(), 0);
        assertEquals(a.before().top1Share(), b.before().top1Share(), 1e-12);
        assertEquals(a.after().degreeGini(), b.after().degreeGini(), 0);
        assertEquals(a.after().top1Share(), b.after().top1Share(), 1e-12);
        assertTrue(a.exact());
        // The last newcomer may pick earlier ones: they advertise an address.
        assertTrue(a.grown().hasAddress(a.grown().nodeCount() - 1));
        double[] bt = Betweenness.exact(a.grown(), 1);
        assertEquals(NetworkEffect.topShare(bt, 0.01), a.after().top1Share(), 1e-12);
    }

    @Test
    void uniformNewcomersSpreadDegreeMoreThanTheyConcentrateIt() {
        // A star: uniform newcomers attach mostly to leaves, so the degree Gini falls.
        int[][] ch = new int[40][];
        for (int i = 0; i < 40; i++) {
            ch[i] = new int[] {0, i + 1};
        }
        CsrGraph star = TestGraphs.of(41, ch);
        NetworkEffect.Result r = NetworkEffect.grow(star, i -> new ScoredAttachment(new Uniform(), 0, 1000, 5, 1,
                new SplittableRandom(i)), 2, 1000, 30, 7, 2, Progress.NONE);
        assertTrue(r.after().degreeGini() < r.before().degreeGini(), r.toString());
    }

    @Test
    void badArguments() {
        CsrGraph g = TestGraphs.of(3, new int[][] {{0, 1}});
        assertThrows(IllegalArgumentException.class, () -> NetworkEffect.grow(g, i -> null, 0, 1000, 1, 1, 1,
                Progress.NONE));
        assertThrows(IllegalArgumentException.class, () -> NetworkEffect.grow(g, i -> null, 1, 1000, -1, 1, 1,
                Progress.NONE));
    }
}
