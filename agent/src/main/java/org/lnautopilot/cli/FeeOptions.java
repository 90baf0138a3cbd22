package org.lnautopilot.cli;

import org.lnautopilot.routing.FeeSettings;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --fee-base}, {@code --fee-ppm} and {@code --cltv-delta}: the new node's policy for the payment
 * metrics and {@code greedy_routing}, each left to the graph's median when absent. Shared by evaluate,
 * recommend and run.
 */
final class FeeOptions {
    @Option(names = "--fee-base", paramLabel = "MSAT", description = "The new node's base fee (default: the graph's "
            + "median).")
    Long feeBase;

    @Option(names = "--fee-ppm", paramLabel = "PPM", description = "The new node's fee rate (default: the graph's "
            + "median).")
    Long feePpm;

    @Option(names = "--cltv-delta", paramLabel = "N", description = "The new node's time lock delta (default: the "
            + "graph's median).")
    Integer cltvDelta;

    /**
     * The settings given.
     *
     * @throws CommandLine.ParameterException (exit 2) naming the flag out of range
     */
    FeeSettings settings(CommandLine cl) {
        if (feeBase != null && (feeBase < 0 || feeBase > org.lnautopilot.ChannelPolicy.MAX_U32)) {
            throw new CommandLine.ParameterException(cl, "--fee-base must be in [0, 2^32) msat, got " + feeBase);
        }
        if (feePpm != null && (feePpm < 0 || feePpm > org.lnautopilot.ChannelPolicy.MAX_U32)) {
            throw new CommandLine.ParameterException(cl, "--fee-ppm must be in [0, 2^32), got " + feePpm);
        }
        if (cltvDelta != null && (cltvDelta < 0 || cltvDelta > 0xFFFF)) {
            throw new CommandLine.ParameterException(cl, "--cltv-delta must be in [0, 65535], got " + cltvDelta);
        }
        return new FeeSettings(feeBase != null ? feeBase : FeeSettings.MEDIAN,
                feePpm != null ? feePpm : FeeSettings.MEDIAN, cltvDelta != null ? cltvDelta : FeeSettings.MEDIAN);
    }
}
