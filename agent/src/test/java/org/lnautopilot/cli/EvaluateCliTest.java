package org.lnautopilot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnautopilot.testing.SharedGraphs;

/** {@code autopilot evaluate} end to end through picocli. */
class EvaluateCliTest {
    @Test
    @SuppressWarnings("unchecked")
    void jsonHasEveryHeuristicAndTrialAndTheSameSeedRepeats(@TempDir Path dir) throws IOException {
        Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        Path png = dir.resolve("eval.png");
        String[] args = {"evaluate", "--graph", file.toString(), "--trials", "2", "--chans", "3", "--seed", "5",
            "--heuristics", "uniform,preferential:0.3,top_centrality:0.7,greedy_centrality", "--json", "--plot", png.toString()};
        Cli.Run r = Cli.run(args);
        assertEquals(0, r.code(), r.err());
        Map<String, Object> o = r.json();
        assertEquals(3648.0, Cli.num(((Map<String, Object>) o.get("graph")).get("nodes")));
        assertEquals(3.0, Cli.num(o.get("chans")));
        assertEquals(2.0, Cli.num(o.get("trials")));
        assertEquals(5.0, Cli.num(o.get("seed")));
        List<Object> results = (List<Object>) o.get("results");
        assertEquals(3, results.size(), "uniform, one weighted combination, greedy");
        Map<String, Object> greedy = (Map<String, Object>) results.get(2);
        assertEquals("greedy_centrality", greedy.get("heuristic"));
        List<Object> trials = (List<Object>) greedy.get("trials");
        assertEquals(2, trials.size());
        Map<String, Object> t0 = (Map<String, Object>) trials.get(0);
        assertEquals(3, ((List<Object>) t0.get("peers")).size());
        for (String k : new String[] {"betweenness", "rank", "meanHops", "reach2", "reach3"}) {
            assertTrue(t0.containsKey(k), k);
            assertTrue(((Map<String, Object>) greedy.get("mean")).containsKey(k), k);
        }
        Map<String, Object> uniform = (Map<String, Object>) results.get(0);
        assertTrue(Cli.num(((Map<String, Object>) greedy.get("mean")).get("betweenness"))
                > Cli.num(((Map<String, Object>) uniform.get("mean")).get("betweenness")), "greedy buys more than uniform");
        assertTrue(Files.size(png) > 10_000, "a PNG was written");
        Cli.Run again = Cli.run(args);
        assertEquals(r.out(), again.out(), "same seed, same output");
    }

    @Test
    @SuppressWarnings("unchecked")
    void newcomersReportConcentrationBeforeAndAfter() throws IOException {
        Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        Cli.Run r = Cli.run("evaluate", "--graph", file.toString(), "--trials", "1", "--seed", "2", "--heuristics",
                "constrained,uniform", "--newcomers", "4", "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> nc = (Map<String, Object>) r.json().get("newcomers");
        assertEquals(4.0, Cli.num(nc.get("count")));
        assertEquals("exact", nc.get("betweenness"));
        List<Object> rs = (List<Object>) nc.get("results");
        assertEquals(2, rs.size());
        for (Object o : rs) {
            Map<String, Object> m = (Map<String, Object>) o;
            double before = Cli.num(((Map<String, Object>) m.get("before")).get("degreeGini"));
            double after = Cli.num(((Map<String, Object>) m.get("after")).get("degreeGini"));
            assertTrue(before > 0.5 && before < 1 && after > 0.5 && after < 1, m.toString());
            assertTrue(Cli.num(((Map<String, Object>) m.get("after")).get("top1Share")) > 0, m.toString());
        }
        Cli.Run text = Cli.run("evaluate", "--graph", file.toString(), "--trials", "1", "--seed", "2", "--heuristics",
                "uniform", "--newcomers", "2");
        assertTrue(text.out().contains("network: 2 newcomers join one after another"), text.out());
        Cli.Run bad = Cli.run("evaluate", "--graph", file.toString(), "--newcomers", "-1");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--newcomers must be non-negative"), bad.err());
    }

    @Test
    void badInputIsOneLine() {
        Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        Cli.Run h = Cli.run("evaluate", "--graph", file.toString(), "--heuristics", "uniform,bogus");
        assertEquals(2, h.code());
        assertTrue(h.err().startsWith("autopilot: --heuristics: unknown heuristic 'bogus'"), h.err());
        Cli.Run k = Cli.run("evaluate", "--graph", file.toString(), "--chans", "0");
        assertEquals(2, k.code());
        assertTrue(k.err().contains("--chans must be at least 1, got 0"), k.err());
        Cli.Run t = Cli.run("evaluate", "--graph", file.toString(), "--trials", "0");
        assertEquals(2, t.code());
        assertTrue(t.err().contains("--trials must be at least 1"), t.err());
        Cli.Run missing = Cli.run("evaluate", "--graph", "/nonexistent/graph.json");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no such file: /nonexistent/graph.json"), missing.err());
        Cli.Run ext = Cli.run("evaluate", "--graph", file.toString(), "--heuristics", "uniform,externalscore");
        assertEquals(2, ext.code());
        assertTrue(ext.err().contains("--heuristics externalscore needs --scores FILE"), ext.err());
        Cli.Run noGraph = Cli.run("evaluate");
        assertEquals(2, noGraph.code());
        for (Cli.Run x : List.of(h, k, t, missing, ext, noGraph)) {
            assertEquals(1, x.err().strip().lines().filter(l -> l.startsWith("autopilot:")).count(), x.err());
        }
    }

    @Test
    void splittingKeepsCombinationsTogether() {
        assertEquals(List.of("uniform", "preferential:0.3,top_centrality:0.7", "greedy_centrality"),
                EvaluateCommand.splitHeuristics("uniform,preferential:0.3,top_centrality:0.7,greedy_centrality"));
    }
}
