package org.lnautopilot.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The required {@code --graph FILE} of the commands that describe a dump. */
final class GraphFileOption {
    @Option(names = "--graph", paramLabel = "FILE", required = true,
            description = "lnd describegraph or Core Lightning listchannels JSON, .gz or not.")
    Path graph;
}
