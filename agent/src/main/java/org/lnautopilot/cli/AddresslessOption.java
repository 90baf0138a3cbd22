package org.lnautopilot.cli;

import picocli.CommandLine.Option;

/** {@code --include-addressless}, for the commands that pick peers. */
final class AddresslessOption {
    @Option(names = "--include-addressless", description = "Let nodes that advertise no address be picked "
            + "(listchannels dumps carry no addresses).")
    boolean includeAddressless;
}
