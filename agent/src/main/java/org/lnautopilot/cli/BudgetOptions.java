package org.lnautopilot.cli;

import org.lnautopilot.node.AutopilotOptions;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How much goes into channels and in how many: the heuristic's limits, shared by recommend and run;
 * names, defaults, descriptions and checks are {@link AutopilotOptions}'.
 */
final class BudgetOptions {
    @Option(names = "--" + AutopilotOptions.ALLOCATION, defaultValue = AutopilotOptions.ALLOCATION_DEFAULT,
            description = AutopilotOptions.ALLOCATION_HELP)
    double allocation;

    @Option(names = "--" + AutopilotOptions.MAX_CHANNELS, defaultValue = AutopilotOptions.MAX_CHANNELS_DEFAULT,
            description = AutopilotOptions.MAX_CHANNELS_HELP)
    int maxChannels;

    @Option(names = "--" + AutopilotOptions.MIN_CHAN_SIZE, paramLabel = "SAT",
            defaultValue = AutopilotOptions.MIN_CHAN_SIZE_DEFAULT, description = AutopilotOptions.MIN_CHAN_SIZE_HELP)
    long minChanSize;

    @Option(names = "--" + AutopilotOptions.MAX_CHAN_SIZE, paramLabel = "SAT",
            defaultValue = AutopilotOptions.MAX_CHAN_SIZE_DEFAULT, description = AutopilotOptions.MAX_CHAN_SIZE_HELP)
    long maxChanSize;

    /** @throws CommandLine.ParameterException (exit 2) for a negative channel count */
    void check(CommandLine cl) {
        try {
            AutopilotOptions.maxChannels(AutopilotOptions.cli(AutopilotOptions.MAX_CHANNELS), maxChannels);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }
}
