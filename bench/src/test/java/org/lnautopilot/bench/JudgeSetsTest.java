package org.lnautopilot.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.Progress;
import org.lnautopilot.io.GraphReaders;
import org.lnautopilot.routing.FeeSettings;
import org.lnautopilot.simulation.BalancePrior;
import org.lnautopilot.simulation.NewNodeSimulation;
import org.lnautopilot.simulation.PoissonPayments;

/**
 * JudgeSets: its subsets and seed lists by hand, and its shared runs against one plain
 * {@link NewNodeSimulation#run} per set and seed on the 2019 snapshot (skipped without ../shared/graphs).
 */
class JudgeSetsTest {
    @Test
    void subsetsComeInLexicographicOrder() {
        final List<int[]> s = JudgeSets.subsets(new int[] {10, 11, 12, 13, 14}, 3);
        assertEquals(10, s.size());
        assertArrayEquals(new int[] {10, 11, 12}, s.get(0));
        assertArrayEquals(new int[] {10, 11, 13}, s.get(1));
        assertArrayEquals(new int[] {10, 13, 14}, s.get(5));
        assertArrayEquals(new int[] {12, 13, 14}, s.get(9));
        assertEquals(1, JudgeSets.subsets(new int[] {4, 5}, 2).size());
        assertThrows(IllegalArgumentException.class, () -> JudgeSets.subsets(new int[] {4, 5}, 3));
        assertThrows(IllegalArgumentException.class, () -> JudgeSets.subsets(new int[] {4, 5}, 0));
    }

    @Test
    void seedsAreAListOrARange() {
        assertArrayEquals(new long[] {101, 102, 103}, JudgeSets.seeds("101-103"));
        assertArrayEquals(new long[] {7, 9}, JudgeSets.seeds("7, 9"));
        assertArrayEquals(new long[] {5}, JudgeSets.seeds("5"));
        assertThrows(IllegalArgumentException.class, () -> JudgeSets.seeds("5-3"));
    }

    @Test
    void sharedRunsEqualEachSetRunAlone() throws IOException {
        final Path file;
        try {
            file = BenchGraphs.snapshot("lnd_describegraph_2019-03-09.json.gz");
        } catch (IOException e) {
            Assumptions.assumeTrue(false, "skipped: " + e.getMessage());
            return;
        }
        final CsrGraph g = GraphReaders.read(file, new GraphReaders.Options(true, false));
        final IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> JudgeSets.peers(g, "02" + "00".repeat(32)));
        assertTrue(bad.getMessage().contains("is not in the graph"), bad.getMessage());
        // The four nodes of most channels, and every pair of them.
        final int[] top = new int[4];
        final boolean[] taken = new boolean[g.nodeCount()];
        for (int t = 0; t < top.length; t++) {
            int best = -1;
            for (int v = 0; v < g.nodeCount(); v++) {
                if (!taken[v] && (best < 0 || g.degree(v) > g.degree(best))) {
                    best = v;
                }
            }
            taken[best] = true;
            top[t] = best;
        }
        final List<int[]> sets = new ArrayList<>(JudgeSets.subsets(top, 2));
        final long[] seeds = {3, 4};
        final long payments = 3_000;
        final long[][] f = JudgeSets.forwards(g, sets, seeds, payments, 2, false);
        long any = 0;
        for (int i = 0; i < sets.size(); i++) {
            for (int e = 0; e < seeds.length; e++) {
                final NewNodeSimulation.Result alone = NewNodeSimulation.run(
                        NewNodeSimulation.overlay(g, sets.get(i), FlowCheckGrid.CHAN_SAT, FeeSettings.GRAPH_MEDIAN.resolve(g)),
                        new NewNodeSimulation.Settings(payments, 0, FlowCheckGrid.AMOUNT_MSAT,
                                PoissonPayments.DEFAULT_RATE_PER_HOUR, BalancePrior.BIMODAL, 0.5, seeds[e]),
                        Progress.NONE);
                assertEquals(alone.forwarded(), f[i][e], "set " + i + ", seed " + seeds[e]);
                any += f[i][e];
            }
        }
        assertTrue(any > 0, "the hubs' sets forwarded nothing: the comparison would be empty");
    }
}
