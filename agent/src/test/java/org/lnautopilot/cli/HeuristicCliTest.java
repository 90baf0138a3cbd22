package org.lnautopilot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnautopilot.testing.SharedGraphs;

/** {@code recommend --heuristic}, {@code --scores} and {@code autopilot scores}, end to end through picocli. */
class HeuristicCliTest {
    @Test
    void everyHeuristicRecommendsOnTheSnapshot(@TempDir Path dir) throws IOException {
        Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        Path scores = dir.resolve("scores.json");
        Files.writeString(scores, "{\"0331f80652fb840239df8dc99205792bba2e559a05469915804c08420230e23c7c\": 1}");
        for (String h : new String[] {"preferential", "top_centrality", "uniform", "greedy_centrality",
            "preferential:0.3,top_centrality:0.7", "externalscore"}) {
            Cli.Run r = Cli.run("recommend", "--graph", file.toString(), "--seed", "3", "--heuristic", h, "--scores",
                    scores.toString(), "--json");
            assertEquals(0, r.code(), h + ": " + r.err());
            assertTrue(r.out().contains("\"directives\":[{"), h + " opens something: " + r.out());
        }
        Cli.Run ext = Cli.run("recommend", "--graph", file.toString(), "--seed", "3", "--heuristic", "externalscore",
                "--scores", scores.toString());
        assertTrue(ext.out().contains("0331f80652fb840239df8dc99205792bba2e559a05469915804c08420230e23c7c"),
                "the one scored node is the one pick: " + ext.out());
    }

    @Test
    void badHeuristicsAreOneLineAndExitTwo() {
        Cli.Run r = Cli.run("recommend", "--heuristic", "random");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("autopilot: --heuristic: unknown heuristic 'random': choose one of constrained, "
                + "preferential, top_centrality, externalscore, uniform, greedy_centrality"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        Cli.Run w = Cli.run("recommend", "--heuristic", "preferential:0.5,uniform:0.4");
        assertEquals(2, w.code());
        assertTrue(w.err().contains("weights must sum to 1"), w.err());
        Cli.Run e = Cli.run("recommend", "--heuristic", "externalscore");
        assertEquals(2, e.code());
        assertTrue(e.err().contains("needs --scores FILE"), e.err());
    }

    @Test
    void scoresListsTheMostCentralNodes() {
        Path file = SharedGraphs.require(SharedGraphs.CLN_2021);
        Cli.Run r = Cli.run("scores", "--graph", file.toString(), "--top", "3", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"heuristic\":\"top_centrality\""), r.out());
        assertTrue(r.out().contains("\"node\":\"023d70f2f76d283c6c4e58109ee3a2816eb9d8feb40b23d62469060a2b2867b77f\",\"score\":1"),
                "the most central node scores 1: " + r.out());
        Cli.Run g = Cli.run("scores", "--graph", file.toString(), "--heuristic", "greedy_centrality");
        assertEquals(2, g.code());
        assertTrue(g.err().contains("has no per-node scores"), g.err());
    }
}
