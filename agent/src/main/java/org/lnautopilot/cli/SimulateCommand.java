package org.lnautopilot.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.lnautopilot.growth.GrowthSimulation;
import org.lnautopilot.growth.PowerLawFit;
import org.lnautopilot.growth.RateEquation;
import org.lnautopilot.node.JsonText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code autopilot simulate}: grows a network in which every newcomer opens its channels by the
 * heuristic's law, and compares the degree distribution with the rate-equation theory.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "What does the heuristic do to a network when everyone uses it? Grows a network newcomer by "
                + "newcomer and compares its degree distribution with theory.")
final class SimulateCommand implements Callable<Integer> {
    static final int SHOWN = 10;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--nodes", defaultValue = "1000000", description = "Nodes to grow to.")
    int nodes;

    @Option(names = "--chans", defaultValue = "5", description = "Channels each newcomer opens (M).")
    int chans;

    @Option(names = "--alpha", defaultValue = "1", description = "Attachment exponent: weight (degree + 1)^alpha.")
    double alpha;

    @Option(names = "--seed", description = "Random seed (default: random, and printed).")
    Long seed;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Write a log-log plot of the degree distribution.")
    Path plot;

    @Override
    public Integer call() throws Exception {
        if (chans < 1) {
            throw new ParameterException(spec.commandLine(), "--chans must be at least 1, got " + chans);
        }
        if (nodes < chans + 1) {
            throw new ParameterException(spec.commandLine(), "--nodes must be at least --chans + 1 = " + (chans + 1)
                    + ", got " + nodes);
        }
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new ParameterException(spec.commandLine(), "--alpha must be finite and non-negative, got " + alpha);
        }
        final long runSeed = seed != null ? seed : new SecureRandom().nextLong();
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        GrowthSimulation.Result r = GrowthSimulation.run(nodes, chans, alpha, new SplittableRandom(runSeed),
                common.json ? (d, t) -> { } : new ConsoleProgress(err, "growing"));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        PowerLawFit.Fit fit = PowerLawFit.fit(r.degreeCounts());
        double[] theory = alpha <= 1 ? RateEquation.fractions(chans, alpha, SHOWN) : null;
        Double theoryGamma = RateEquation.asymptoticExponent(chans, alpha);
        if (plot != null) {
            DegreePlot.write(plot, r, fit, chans, alpha);
        }
        if (common.json) {
            spec.commandLine().getOut().println(JsonText.object(j -> {
                j.writeNumberField("nodes", nodes);
                j.writeNumberField("chans", chans);
                j.writeNumberField("alpha", alpha);
                j.writeNumberField("seed", runSeed);
                FitOutput.json(j, fit);
                if (theoryGamma == null) {
                    j.writeNullField("theoryGamma");
                } else {
                    j.writeNumberField("theoryGamma", theoryGamma);
                }
                j.writeNumberField("maxDegree", r.maxDegree());
                j.writeObjectFieldStart("fractions");
                for (int i = 0; i < SHOWN; i++) {
                    j.writeNumberField(Integer.toString(chans + i), r.fraction(chans + i));
                }
                j.writeEndObject();
                if (theory == null) {
                    j.writeNullField("theoryFractions");
                } else {
                    j.writeObjectFieldStart("theoryFractions");
                    for (int i = 0; i < SHOWN; i++) {
                        j.writeNumberField(Integer.toString(chans + i), theory[i]);
                    }
                    j.writeEndObject();
                }
                j.writeNumberField("millis", millis);
            }));
            return 0;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("grew %,d nodes and %,d channels, M = %d, alpha = %s, in %,d ms (seed %d)%n", nodes, r.channels(),
                chans, alpha, millis, runSeed);
        out.printf("max degree: %,d%n%n", r.maxDegree());
        out.printf("%6s  %10s  %10s%n", "degree", "observed", "theory");
        for (int i = 0; i < SHOWN; i++) {
            int k = chans + i;
            out.printf("%6d  %10.5f  %10s%n", k, r.fraction(k), theory == null ? "-" : String.format("%.5f", theory[i]));
        }
        if (theory == null) {
            out.println("(alpha > 1: no stationary degree distribution; a few hubs gather a finite share of all channels)");
        }
        out.println();
        FitOutput.text(out, fit);
        if (theoryGamma != null) {
            out.printf("theory: gamma -> 3 + 1/M = %.3f (Dorogovtsev, Mendes, Samukhin 2000). The law is a power law%n"
                    + "  shifted by one, and a pure power-law fit underestimates its exponent at finite size.%n",
                    theoryGamma);
        } else if (alpha < 1) {
            out.println("theory: alpha < 1 gives a stretched-exponential tail, not a power law (Krapivsky, Redner, "
                    + "Leyvraz 2000);\n  the fitted exponent only describes the range it was fitted on.");
        }
        if (plot != null) {
            out.println("plot written to " + plot);
        }
        return 0;
    }
}
