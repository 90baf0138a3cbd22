package org.lnautopilot.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.heuristic.NodeScorer;
import org.lnautopilot.node.JsonText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code autopilot scores}: the best-scored nodes of a graph under a scoring heuristic (lnd's {@code QueryScores}). */
@Command(name = "scores", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Lists the best-scored nodes of a channel graph under a scoring heuristic (lnd's QueryScores).")
final class ScoresCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    GraphFileOption graphFile;

    @Option(names = "--heuristic", paramLabel = "SPEC", defaultValue = "top_centrality",
            description = "preferential, top_centrality, externalscore (needs --scores), uniform, or a weighted "
                    + "combination such as preferential:0.3,top_centrality:0.7.")
    String heuristic;

    @Option(names = "--scores", paramLabel = "FILE", description = "External scores for externalscore.")
    Path scores;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20", description = "How many nodes to list.")
    int top;

    @Override
    public Integer call() throws Exception {
        if (top < 1) {
            throw new ParameterException(spec.commandLine(), "--top must be at least 1, got " + top);
        }
        HeuristicOptions opts = new HeuristicOptions();
        opts.heuristic = heuristic;
        opts.scores = scores;
        HeuristicOptions.Parsed parsed = opts.parse(spec.commandLine());
        if (!parsed.spec().hasScorer()) {
            throw new ParameterException(spec.commandLine(), "--heuristic " + parsed.spec()
                    + " has no per-node scores: choose preferential, top_centrality, externalscore, uniform or a "
                    + "weighted combination of them");
        }
        PrintWriter err = spec.commandLine().getErr();
        GraphSource src = GraphSource.load(graphFile.graph, true, err);
        CsrGraph g = src.graph;
        NodeScorer scorer = parsed.spec().scorer(parsed.external(), parsed.centrality(err));
        long t0 = System.nanoTime();
        double[] s = scorer.scores(g);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Integer[] order = new Integer[g.nodeCount()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> s[a] != s[b] ? Double.compare(s[b], s[a]) : Integer.compare(a, b));
        int shown = Math.min(top, order.length);
        if (common.json) {
            spec.commandLine().getOut().println(JsonText.object(j -> {
                j.writeObjectFieldStart("graph");
                j.writeNumberField("nodes", g.nodeCount());
                j.writeNumberField("channels", g.channelCount());
                j.writeEndObject();
                j.writeStringField("heuristic", parsed.spec().toString());
                j.writeArrayFieldStart("nodes");
                for (int r = 0; r < shown; r++) {
                    int i = order[r];
                    j.writeStartObject();
                    j.writeStringField("node", g.nodeId(i).toHex());
                    Json.number(j, "score", s[i]);
                    j.writeNumberField("degree", g.degree(i));
                    j.writeBooleanField("hasAddress", g.hasAddress(i));
                    j.writeEndObject();
                }
                j.writeEndArray();
                j.writeNumberField("millis", millis);
            }));
            return 0;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("graph:     %s%n           %,d nodes, %,d channels%n", src.description, g.nodeCount(), g.channelCount());
        out.printf("heuristic: %s (scored in %,d ms)%n%n", parsed.spec(), millis);
        out.printf("%-4s  %-66s  %10s  %6s  %s%n", "#", "node", "score", "degree", "address");
        for (int r = 0; r < shown; r++) {
            int i = order[r];
            out.printf("%-4d  %-66s  %10.6f  %6d  %s%n", r + 1, g.nodeId(i).toHex(), s[i], g.degree(i),
                    g.hasAddress(i) ? "yes" : "no");
        }
        return 0;
    }
}
