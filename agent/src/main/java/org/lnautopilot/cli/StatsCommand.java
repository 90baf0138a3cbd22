package org.lnautopilot.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.growth.PowerLawFit;
import org.lnautopilot.node.JsonText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autopilot stats}: what a channel graph looks like. */
@Command(name = "stats", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Describes a channel graph: size, capacity, degrees, the best-connected nodes and a power-law fit.")
final class StatsCommand implements Callable<Integer> {
    static final int TOP = 10;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    GraphFileOption graphFile;

    @Override
    public Integer call() throws Exception {
        GraphSource src = GraphSource.load(graphFile.graph, false, spec.commandLine().getErr());
        CsrGraph g = src.graph;
        int n = g.nodeCount();
        long withAddr = 0;
        long capacity = 0;
        int[] degrees = new int[n];
        for (int i = 0; i < n; i++) {
            withAddr += g.hasAddress(i) ? 1 : 0;
            degrees[i] = g.degree(i);
        }
        for (int c = 0; c < g.channelCount(); c++) {
            capacity += g.capacitySat(c);
        }
        double mean = n == 0 ? Double.NaN : 2.0 * g.channelCount() / n;
        int[] sorted = degrees.clone();
        Arrays.sort(sorted);
        double median = n == 0 ? Double.NaN
                : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> degrees[b] != degrees[a] ? Integer.compare(degrees[b], degrees[a])
                : g.nodeId(a).compareTo(g.nodeId(b)));
        int top = Math.min(TOP, n);
        PowerLawFit.Fit fit = PowerLawFit.fit(PowerLawFit.degreeCounts(g));
        final long nodesWithAddresses = withAddr;
        final long totalCapacity = capacity;
        if (common.json) {
            spec.commandLine().getOut().println(JsonText.object(j -> {
                j.writeNumberField("nodes", n);
                j.writeNumberField("channels", g.channelCount());
                j.writeNumberField("nodesWithAddresses", nodesWithAddresses);
                j.writeNumberField("totalCapacitySat", totalCapacity);
                j.writeNumberField("maxDegree", g.maxDegree());
                Json.number(j, "meanDegree", mean);
                Json.number(j, "medianDegree", median);
                j.writeArrayFieldStart("top");
                for (int i = 0; i < top; i++) {
                    j.writeStartObject();
                    j.writeStringField("node", g.nodeId(order[i]).toHex());
                    j.writeNumberField("degree", degrees[order[i]]);
                    j.writeEndObject();
                }
                j.writeEndArray();
                FitOutput.json(j, fit);
            }));
            return 0;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("graph:               %s (read in %,d ms)%n", src.description, src.millis);
        out.printf("nodes:               %,d%n", n);
        out.printf("channels:            %,d%n", g.channelCount());
        out.printf("nodes with address:  %,d%n", withAddr);
        out.printf("total capacity:      %,d sat (%.2f BTC)%n", capacity, capacity / 1e8);
        out.printf("degree:              max %,d, mean %.2f, median %s%n%n", g.maxDegree(), mean, median);
        out.printf("top %d nodes by degree:%n", top);
        for (int i = 0; i < top; i++) {
            out.printf("  %2d. %s  %,6d channels%n", i + 1, g.nodeId(order[i]).toHex(), degrees[order[i]]);
        }
        out.println();
        FitOutput.text(out, fit);
        return 0;
    }
}
