package org.lnautopilot.cli;

import org.lnautopilot.simulation.BalancePrior;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --balances} and {@code --own-payments}: the starting balances and the new node's own payments
 * of a simulation with balances (API.md part 4), shared by simulate-payments and evaluate --simulate.
 */
final class BalanceOptions {
    @Option(names = "--balances", paramLabel = "PRIOR", defaultValue = "bimodal", description = "Starting balances: "
            + "bimodal (near the ends, lnd's bimodal scale), uniform or half.")
    String balances;

    @Option(names = "--own-payments", paramLabel = "M", defaultValue = "0", description = "The new node also pays "
            + "M receivers drawn by capacity, at times drawn like the others' (on top of the network's payments), with "
            + "its own mission control; the summary adds its success, attempts and fees.")
    long ownPayments;

    /**
     * The prior, and a check of the own payments.
     *
     * @throws CommandLine.ParameterException (exit 2) for an unknown prior or own payments below 0
     */
    BalancePrior prior(CommandLine cl) {
        if (ownPayments < 0) {
            throw new CommandLine.ParameterException(cl, "--own-payments must be at least 0, got " + ownPayments);
        }
        try {
            return BalancePrior.parse(balances);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--balances: " + e.getMessage());
        }
    }

    /**
     * {@code --inbound}, the share of each of the new node's channels on the peer's side at the start.
     *
     * @throws CommandLine.ParameterException (exit 2) outside [0, 1]
     */
    static double inbound(CommandLine cl, double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new CommandLine.ParameterException(cl, "--inbound must lie in [0, 1], got " + share);
        }
        return share;
    }

    /**
     * {@code --inbound F|auto} as evaluate and recommend take it: a share, or auto (each channel's
     * share chosen by {@link org.lnautopilot.simulation.InboundPlan}, with {@code share} the
     * uniform share the plan starts from and greedy_flow checks at).
     *
     * @param auto  whether auto was given
     * @param share the share given, or {@link org.lnautopilot.heuristic.GreedyFlow#DEFAULT_INBOUND} for auto
     */
    record Inbound(boolean auto, double share) {
        /**
         * Parses {@code text}.
         *
         * @throws CommandLine.ParameterException (exit 2) for anything but a share in [0, 1] or auto
         */
        static Inbound parse(CommandLine cl, String text) {
            final String t = text.trim();
            if (t.equals("auto")) {
                return new Inbound(true, org.lnautopilot.heuristic.GreedyFlow.DEFAULT_INBOUND);
            }
            final double f;
            try {
                f = Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(cl, "--inbound must be a share in [0, 1] or auto, got '" + text
                        + "'");
            }
            if (!(f >= 0 && f <= 1)) {
                throw new CommandLine.ParameterException(cl, "--inbound must be a share in [0, 1] or auto, got " + text);
            }
            return new Inbound(false, f);
        }
    }
}
