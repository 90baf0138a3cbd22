package org.lnautopilot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How much goes into channels and in how many: the heuristic's limits, shared by recommend and run. */
final class BudgetOptions {
    @Option(names = "--allocation", defaultValue = "0.6", description = "Fraction of all funds to keep in channels.")
    double allocation;

    @Option(names = "--max-channels", defaultValue = "5", description = "Most channels to hold.")
    int maxChannels;

    @Option(names = "--min-chan-size", paramLabel = "SAT", defaultValue = "20000", description = "Smallest channel; "
            + "the on-chain fee is paid on top, never taken from it.")
    long minChanSize;

    @Option(names = "--max-chan-size", paramLabel = "SAT", defaultValue = "16777215", description = "Largest channel.")
    long maxChanSize;

    /** @throws CommandLine.ParameterException (exit 2) for a negative channel count */
    void check(CommandLine cl) {
        if (maxChannels < 0) {
            throw new CommandLine.ParameterException(cl, "--max-channels must be non-negative, got " + maxChannels);
        }
    }
}
