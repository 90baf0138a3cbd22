package org.lnautopilot.cli;

import org.lnautopilot.node.AutopilotOptions;
import org.lnautopilot.routing.FeeSettings;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --fee-base}, {@code --fee-ppm} and {@code --cltv-delta}: the new node's policy for the payment
 * metrics and {@code greedy_routing}, each left to the graph's median when absent. Shared by evaluate,
 * recommend, run and simulate-payments; names, descriptions and checks are {@link AutopilotOptions}'.
 */
final class FeeOptions {
    @Option(names = "--" + AutopilotOptions.FEE_BASE, paramLabel = "MSAT", description = AutopilotOptions.FEE_BASE_HELP)
    Long feeBase;

    @Option(names = "--" + AutopilotOptions.FEE_PPM, paramLabel = "PPM", description = AutopilotOptions.FEE_PPM_HELP)
    Long feePpm;

    @Option(names = "--" + AutopilotOptions.CLTV_DELTA, paramLabel = "N", description = AutopilotOptions.CLTV_DELTA_HELP)
    Integer cltvDelta;

    /**
     * The settings given.
     *
     * @throws CommandLine.ParameterException (exit 2) naming the flag out of range
     */
    FeeSettings settings(CommandLine cl) {
        try {
            return AutopilotOptions.fees("--", feeBase, feePpm, cltvDelta == null ? null : (long) cltvDelta);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }
}
