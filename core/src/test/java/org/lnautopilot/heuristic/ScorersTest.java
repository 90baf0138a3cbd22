package org.lnautopilot.heuristic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lnautopilot.NodeId;
import org.lnautopilot.centrality.Betweenness;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.io.GraphFormatException;
import org.lnautopilot.testing.TestGraphs;

/** The scorers' laws, their bad input, and the heuristic names of the command line. */
class ScorersTest {
    /** A graph with channels of given capacities: {a, b, capacity}. */
    private static CsrGraph withCapacities(int n, long[][] ch) {
        CsrGraph.Builder b = CsrGraph.builder();
        for (int i = 0; i < n; i++) {
            b.declare(b.node(TestGraphs.key(i), 0));
        }
        for (int c = 0; c < ch.length; c++) {
            b.addChannel(c + 1, (int) ch[c][0], (int) ch[c][1], ch[c][2]);
        }
        return b.build();
    }

    @Test
    void preferentialMedianFilterChangesTheRanking() {
        // Node 0 has five tiny channels, node 1 three normal ones. By degree node 0 ranks first; with
        // lnd's filter (median of {10,10,10,10,10,1000,1000,1000} = 10, m/4 = 2): all count +1... so use
        // capacities where the median is large: five of 1 sat and six of 1000.
        CsrGraph g = withCapacities(9, new long[][] {
            {0, 2, 1}, {0, 3, 1}, {0, 4, 1}, {0, 5, 1}, {0, 6, 1},
            {1, 7, 1000}, {1, 8, 1000}, {1, 2, 1000}, {7, 8, 1000}, {3, 4, 1000}, {5, 6, 1000}});
        // Capacities sorted: 1,1,1,1,1,1000 x6: e = 11 (odd), median = 1000, threshold 250.
        assertEquals(1000, PrefAttachment.medianCapacity(g));
        double[] s = new PrefAttachment().scores(g);
        assertTrue(g.degree(0) > g.degree(1), "node 0 has more channels");
        assertEquals(0.0, s[0], 0, "five tiny channels count -5: never picked");
        assertEquals(1.0, s[1], 0, "three normal channels: the top count");
        // Node 2: one tiny (-1) and one normal (+1): 0.
        assertEquals(0.0, s[2], 0);
        // Node 7: two normal channels: 2/3.
        assertEquals(2.0 / 3, s[7], 1e-15);
    }

    @Test
    void preferentialMedianOfAnEvenCountTruncates() {
        CsrGraph g = withCapacities(3, new long[][] {{0, 1, 5}, {1, 2, 8}});
        assertEquals(6, PrefAttachment.medianCapacity(g), "(5 + 8) / 2 truncated");
        assertEquals(0, PrefAttachment.medianCapacity(TestGraphs.of(2, new int[0][])));
        assertArrayEquals(new double[] {0, 0}, new PrefAttachment().scores(TestGraphs.of(2, new int[0][])), 0);
    }

    @Test
    void topCentralityIsBetweennessOverItsMaximum() {
        CsrGraph g = TestGraphs.of(5, new int[][] {{0, 1}, {1, 2}, {2, 3}, {3, 4}});
        TopCentrality t = new TopCentrality();
        assertArrayEquals(new double[] {0, 0.75, 1, 0.75, 0}, t.scores(g), 1e-15);
        assertArrayEquals(Betweenness.exact(g, 1), t.betweenness(g), 1e-15);
        assertArrayEquals(new double[] {0, 0}, t.scores(TestGraphs.of(2, new int[][] {{0, 1}})), 0,
                "no node lies between others: all 0");
        // Above the exact limit it approximates; on a path the middle still wins.
        TopCentrality approx = new TopCentrality(3, 0.01, 0.1, new SplittableRandom(3), 2);
        double[] s = approx.scores(g);
        assertEquals(1.0, s[2], 0);
        assertEquals(0.75, s[1], 0.05);
        assertThrows(IllegalArgumentException.class, () -> new TopCentrality(10, 0, 0.1, new SplittableRandom(1), 1));
        assertThrows(IllegalArgumentException.class, () -> new TopCentrality(10, 0.1, 1, new SplittableRandom(1), 1));
    }

    @Test
    void uniformScoresOne() {
        assertArrayEquals(new double[] {1, 1, 1}, new Uniform().scores(TestGraphs.of(3, new int[0][])), 0);
    }

    @Test
    void externalScoresSetReadAndRejectBadValues() throws IOException {
        CsrGraph g = TestGraphs.of(3, new int[][] {{0, 1}});
        ExternalScores e = new ExternalScores();
        NodeId n1 = NodeId.of(TestGraphs.key(1));
        long v0 = e.version();
        e.set(Map.of(n1, 0.5, NodeId.of(TestGraphs.key(77)), 1.0));
        assertNotEquals(v0, e.version());
        assertArrayEquals(new double[] {0, 0.5, 0}, e.scores(g), 0, "absent nodes score 0; unknown keys are ignored");
        Map<NodeId, Double> bad = new HashMap<>();
        bad.put(n1, 1.5);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.set(bad));
        assertTrue(ex.getMessage().contains(n1.toHex()) && ex.getMessage().contains("[0, 1]"), ex.getMessage());
        bad.put(n1, Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> e.set(bad));
        assertArrayEquals(new double[] {0, 0.5, 0}, e.scores(g), 0, "a rejected set changes nothing");

        String hex = n1.toHex();
        ExternalScores r = read("{\"" + hex + "\": 0.25}");
        assertArrayEquals(new double[] {0, 0.25, 0}, r.scores(g), 0);
        assertBad("[1, 2]", "expected a JSON object");
        assertBad("{\"" + hex + "\": 0.25", "truncated JSON");
        assertBad("{\"" + hex + "\": 2}", "must be in [0, 1]");
        assertBad("{\"" + hex + "\": \"high\"}", "must be a number");
        assertBad("{\"zz\": 0.1}", "bad node key \"zz\"");
        assertBad("{\"" + hex + "\": 0.1, \"" + hex + "\": 0.2}", "scored twice");
        assertBad("{\"" + hex + "\": 0.1,,}", "malformed JSON");
        assertBad("{} {}", "unexpected content");
    }

    private static ExternalScores read(String json) throws IOException {
        return ExternalScores.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "scores.json");
    }

    private static void assertBad(String json, String says) {
        GraphFormatException ex = assertThrows(GraphFormatException.class, () -> read(json), json);
        assertTrue(ex.getMessage().startsWith("scores.json: ") && ex.getMessage().contains(says), ex.getMessage());
    }

    @Test
    void weightedCombinationSumsAndAcceptsPointOnePointTwoPointSeven() {
        CsrGraph g = TestGraphs.of(5, new int[][] {{0, 1}, {1, 2}, {2, 3}, {3, 4}});
        ExternalScores ext = new ExternalScores();
        ext.set(Map.of(NodeId.of(TestGraphs.key(0)), 1.0));
        WeightedCombination w = new WeightedCombination(List.of(new WeightedCombination.Part(new Uniform(), 0.1),
                new WeightedCombination.Part(new TopCentrality(), 0.2), new WeightedCombination.Part(ext, 0.7)));
        assertArrayEquals(new double[] {0.1 + 0.7, 0.1 + 0.2 * 0.75, 0.1 + 0.2, 0.1 + 0.2 * 0.75, 0.1}, w.scores(g), 1e-12);
        long v = w.version();
        ext.set(Map.of());
        assertNotEquals(v, w.version(), "a part's new scores change the combination's version");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new WeightedCombination(List.of(
                new WeightedCombination.Part(new Uniform(), 0.5), new WeightedCombination.Part(new PrefAttachment(), 0.4))))
                .getMessage().contains("weights must sum to 1"));
        assertThrows(IllegalArgumentException.class, () -> new WeightedCombination.Part(new Uniform(), -0.1));
        assertThrows(IllegalArgumentException.class, () -> new WeightedCombination.Part(new Uniform(), Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new WeightedCombination(List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"constrained", "preferential", "top_centrality", "uniform", "greedy_centrality",
        "preferential:0.3,top_centrality:0.7", "uniform:0.1,preferential:0.2,top_centrality:0.7", " Uniform "})
    void specsParse(String s) {
        HeuristicSpec spec = HeuristicSpec.parse(s);
        assertTrue(HeuristicSpec.NAMES.contains(spec.name()) || spec.isCombination());
        assertTrue(spec.create(0, 1000, 5, 0.5, 1, new SplittableRandom(1), null, TopCentrality::new) != null);
    }

    @Test
    void badSpecsSayWhatIsValid() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HeuristicSpec.parse("random")).getMessage()
                .contains("unknown heuristic 'random': choose one of constrained, preferential, top_centrality, "
                        + "externalscore, uniform, greedy_centrality"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HeuristicSpec.parse("preferential:0.3,top_centrality:0.6"))
                .getMessage().contains("weights must sum to 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HeuristicSpec.parse("preferential:x,uniform:1"))
                .getMessage().contains("weight 'x' of preferential is not a number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HeuristicSpec.parse("greedy_centrality:1"))
                .getMessage().contains("cannot be combined"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HeuristicSpec.parse("uniform:0.5,uniform:0.5"))
                .getMessage().contains("given twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HeuristicSpec.parse("uniform:-1,preferential:2"))
                .getMessage().contains("non-negative"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HeuristicSpec.parse("externalscore")
                .create(0, 1000, 5, 0.5, 1, new SplittableRandom(1), null, TopCentrality::new))
                .getMessage().contains("needs a scores file"));
    }
}
