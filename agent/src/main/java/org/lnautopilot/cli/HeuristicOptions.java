package org.lnautopilot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.lnautopilot.heuristic.ExternalScores;
import org.lnautopilot.heuristic.GreedyFlow;
import org.lnautopilot.heuristic.HeuristicSpec;
import org.lnautopilot.heuristic.TopCentrality;
import org.lnautopilot.node.AutopilotOptions;
import org.lnautopilot.routing.FeeSettings;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --heuristic SPEC}, {@code --amount}, the fees, {@code --scores FILE} and {@code --flow-check}, shared by the commands that pick or
 * score peers; names, defaults, descriptions and checks are {@link AutopilotOptions}'.
 */
final class HeuristicOptions {
    @Option(names = "--" + AutopilotOptions.HEURISTIC, paramLabel = "SPEC", defaultValue = AutopilotOptions.HEURISTIC_DEFAULT,
            description = AutopilotOptions.HEURISTIC_HELP)
    String heuristic;

    @Option(names = "--" + AutopilotOptions.AMOUNT, paramLabel = "SAT", defaultValue = AutopilotOptions.AMOUNT_DEFAULT,
            description = AutopilotOptions.AMOUNT_HELP)
    long amountSat = HeuristicSpec.DEFAULT_AMOUNT_MSAT / 1000;

    @Mixin
    FeeOptions fees = new FeeOptions();

    @Option(names = "--" + AutopilotOptions.SCORES, paramLabel = "FILE", description = AutopilotOptions.SCORES_HELP)
    Path scores;

    @Mixin
    FlowCheckOption flowCheck = new FlowCheckOption();

    /**
     * The parsed specification, its external scores read when it needs them.
     *
     * @throws CommandLine.ParameterException (exit 2) for a bad specification or a missing --scores
     */
    Parsed parse(CommandLine cl) throws IOException {
        final HeuristicSpec spec;
        try {
            spec = AutopilotOptions.heuristic(AutopilotOptions.cli(AutopilotOptions.HEURISTIC), heuristic);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        return new Parsed(spec, externalScores(cl, "--heuristic", List.of(spec), scores), amountMsat(cl, amountSat),
                fees.settings(cl), flowCheck.check(cl));
    }

    /**
     * {@code --amount} in msat, shared by every command that takes it.
     *
     * @throws CommandLine.ParameterException (exit 2) for an amount that is not positive or past 21 million BTC
     */
    static long amountMsat(CommandLine cl, long amountSat) {
        try {
            return AutopilotOptions.amountMsat(AutopilotOptions.cli(AutopilotOptions.AMOUNT), amountSat);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    /**
     * Refuses, with one line (exit 2), a heuristic that routes payments on a graph without policies.
     *
     * @throws CommandLine.ParameterException naming the heuristic
     */
    static void requirePolicies(CommandLine cl, HeuristicSpec spec, org.lnautopilot.graph.CsrGraph g) {
        requirePolicies(cl, spec, g.hasPolicies(), "this graph has none");
    }

    /**
     * As {@link #requirePolicies(CommandLine, HeuristicSpec, org.lnautopilot.graph.CsrGraph)} before a
     * graph is loaded: with no {@code --graph}, the embedded default (a Barabasi-Albert graph, no
     * policies) would be built for seconds only to be refused, so refuse first.
     */
    static void requirePoliciesBeforeLoad(CommandLine cl, HeuristicSpec spec, java.nio.file.Path graph) {
        if (graph == null) {
            requirePolicies(cl, spec, false, "the embedded default graph has none");
        }
    }

    private static void requirePolicies(CommandLine cl, HeuristicSpec spec, boolean has, String why) {
        if (spec.needsPolicies() && !has) {
            throw new CommandLine.ParameterException(cl, spec + " routes payments, so it needs a graph with channel "
                    + "policies (fees, HTLC limits), and " + why + ": give --graph a describegraph or "
                    + "listchannels dump");
        }
    }

    /** The largest channel of {@code g}, satoshis (0 without channels). O(e). */
    static long largestChannelSat(org.lnautopilot.graph.CsrGraph g) {
        long largest = 0;
        for (int c = 0; c < g.channelCount(); c++) {
            largest = Math.max(largest, g.capacitySat(c));
        }
        return largest;
    }

    /**
     * The external scores the given heuristics need, read once from {@code scores}; null when none
     * needs them.
     *
     * @throws CommandLine.ParameterException (exit 2) naming {@code option} when one needs them and no file was given
     */
    static ExternalScores externalScores(CommandLine cl, String option, List<HeuristicSpec> specs, Path scores)
            throws IOException {
        for (HeuristicSpec s : specs) {
            if (s.needsExternalScores()) {
                if (scores == null) {
                    throw new CommandLine.ParameterException(cl, option + " " + s + " needs --scores FILE");
                }
                return ExternalScores.fromJson(scores);
            }
        }
        return null;
    }

    /** A specification, its external scores (or null), the amount, the new node's fees and greedy_flow's check. */
    record Parsed(HeuristicSpec spec, ExternalScores external, long amountMsat, FeeSettings fees,
            GreedyFlow.Check flowCheck) {
        /**
         * The heuristic, its progress on {@code cl}'s stderr.
         *
         * @throws CommandLine.ParameterException (exit 2) naming the option that is out of range
         */
        org.lnautopilot.AttachmentHeuristic create(CommandLine cl, BudgetOptions b, double alpha, long seed) {
            return create(cl, b, alpha, seed, GreedyFlow.DEFAULT_INBOUND);
        }

        /**
         * As {@link #create(CommandLine, BudgetOptions, double, long)}, with the inbound share of greedy_flow's check.
         *
         * @throws CommandLine.ParameterException (exit 2) naming the option that is out of range
         */
        org.lnautopilot.AttachmentHeuristic create(CommandLine cl, BudgetOptions b, double alpha, long seed,
                double inbound) {
            try {
                return spec.create(b.minChanSize, b.maxChanSize, b.maxChannels, b.allocation, alpha,
                        new java.util.SplittableRandom(seed), external, centrality(cl.getErr()), amountMsat, fees,
                        inbound, flowCheck);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, e.getMessage().replace("minChanSizeSat", "--min-chan-size")
                        .replace("maxChanSizeSat", "--max-chan-size").replace("chanLimit", "--max-channels")
                        .replace("allocation", "--allocation").replace("alpha", "--alpha"));
            }
        }

        /** Makes the betweenness scorer, reporting progress on stderr. */
        Supplier<TopCentrality> centrality(PrintWriter err) {
            return () -> new TopCentrality().progress(new ConsoleProgress(err, "computing betweenness"));
        }
    }
}
