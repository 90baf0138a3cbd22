package org.lnautopilot.heuristic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.MapGraph;
import org.lnautopilot.growth.BarabasiAlbert;
import org.lnautopilot.io.GraphReaders;
import org.lnautopilot.testing.SharedGraphs;
import org.lnautopilot.testing.Stats;
import org.lnautopilot.testing.TestKeys;

/** First-pick frequencies against (deg+1)^alpha / sum over eligible nodes, by chi-square, fixed seeds. */
class SelectDistributionTest {
    static final long BTC = 100_000_000L;

    static void checkFirstPick(CsrGraph g, Object graphForSelect, double alpha, long seed, int draws) {
        int n = g.nodeCount();
        double[] prob = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            prob[i] = g.isDialable(i) ? ConstrainedPrefAttachment.weight(g.degree(i), alpha) : 0;
            total += prob[i];
        }
        for (int i = 0; i < n; i++) {
            prob[i] /= total;
        }
        ConstrainedPrefAttachment p = new ConstrainedPrefAttachment(0, BTC, 5, 0.5, alpha, new SplittableRandom(seed));
        long[] obs = new long[n];
        org.lnautopilot.ChannelGraph sel = (org.lnautopilot.ChannelGraph) graphForSelect;
        for (int t = 0; t < draws; t++) {
            List<AttachmentDirective> d = p.select(TestKeys.key(424242), sel, BTC, 1, Set.of());
            obs[g.indexOf(d.get(0).peerKey())]++;
        }
        double pv = Stats.pValue(prob, obs);
        assertTrue(pv >= Stats.ALPHA, "chi-square p = " + pv + " for seed " + seed + ", alpha " + alpha);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void realSnapshot2019(long seed) throws IOException {
        CsrGraph g = GraphReaders.describeGraph(SharedGraphs.require(SharedGraphs.LND_2019));
        checkFirstPick(g, g, 1.0, seed, 300_000);
    }

    @ParameterizedTest(name = "n={0} m={1} alpha={2} seed={3}")
    @CsvSource({"2000, 2, 1.0, 11", "2000, 5, 1.0, 12", "5000, 3, 1.0, 13", "2000, 3, 0.5, 14", "2000, 3, 0.0, 15",
        "2000, 2, 1.5, 16"})
    void generatedGraphs(int n, int m, double alpha, long seed) {
        CsrGraph g = BarabasiAlbert.generate(n, m, seed);
        checkFirstPick(g, g, alpha, seed, 200_000);
    }

    @ParameterizedTest(name = "generic path seed {0}")
    @ValueSource(longs = {21, 22})
    void genericPathSameLaw(long seed) {
        CsrGraph g = BarabasiAlbert.generate(300, 2, seed);
        checkFirstPick(g, MapGraph.copyOf(g), 1.0, seed, 60_000);
    }
}
