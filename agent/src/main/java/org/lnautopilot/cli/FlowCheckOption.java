package org.lnautopilot.cli;

import org.lnautopilot.heuristic.GreedyFlow;
import org.lnautopilot.node.AutopilotOptions;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --flow-check quick|thorough}: how much {@code greedy_flow} checks its candidate sets
 * ({@link GreedyFlow.Check}). Shared by evaluate, recommend, run and simulate-payments; name, default,
 * description and check are {@link AutopilotOptions}'.
 */
final class FlowCheckOption {
    @Option(names = "--" + AutopilotOptions.FLOW_CHECK, paramLabel = "quick|thorough",
            defaultValue = AutopilotOptions.FLOW_CHECK_DEFAULT, description = AutopilotOptions.FLOW_CHECK_HELP)
    String name = AutopilotOptions.FLOW_CHECK_DEFAULT;

    /**
     * The check named.
     *
     * @throws CommandLine.ParameterException (exit 2) for a name other than quick or thorough
     */
    GreedyFlow.Check check(CommandLine cl) {
        try {
            return AutopilotOptions.flowCheck(AutopilotOptions.cli(AutopilotOptions.FLOW_CHECK), name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }
}
