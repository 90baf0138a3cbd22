package org.lnautopilot.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.util.concurrent.Callable;
import org.lnautopilot.node.cln.ClnPlugin;
import picocli.CommandLine.Command;

/**
 * {@code autopilot cln-plugin}: the autopilot as a Core Lightning plugin on stdin/stdout
 * ({@link ClnPlugin}). Register it with lightningd, e.g. {@code plugin=/path/to/autopilot-cln-plugin}
 * in its config, where that file runs {@code exec java -jar autopilot.jar cln-plugin}.
 */
@Command(name = "cln-plugin", mixinStandardHelpOptions = true,
        description = "Run as a Core Lightning plugin: lightningd starts it and talks JSON-RPC on stdin/stdout; "
                + "options are autopilot-<flag> in lightningd's config (autopilot-execute to open channels).")
final class ClnPluginCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        // The raw descriptors: nothing but the plugin's own JSON-RPC may reach stdout.
        return new ClnPlugin(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out)).run();
    }
}
