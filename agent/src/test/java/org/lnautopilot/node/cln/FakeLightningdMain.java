package org.lnautopilot.node.cln;

import java.nio.file.Files;
import java.nio.file.Path;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.io.GraphReaders;
import org.lnautopilot.testing.TestKeys;

/**
 * Runs {@link FakeLightningd} as a process, for measuring {@code autopilot run --cln-rpc} and the
 * plugin from the outside: {@code FakeLightningdMain GRAPH DIR [BALANCE]} serves GRAPH (either dump
 * format) on DIR/lightning-rpc, prints the socket's path and serves until stdin closes.
 */
public final class FakeLightningdMain {
    private FakeLightningdMain() {
    }

    public static void main(String[] args) throws Exception {
        final CsrGraph g = GraphReaders.read(Path.of(args[0]), GraphReaders.Options.DEFAULT);
        final Path dir = Files.createDirectories(Path.of(args[1]));
        final long balance = args.length > 2 ? Long.parseLong(args[2]) : 10_000_000L;
        try (FakeLightningd fake = new FakeLightningd(dir.resolve("lightning-rpc"), g, TestKeys.key(434343), balance)) {
            System.out.println(fake.socket);
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until stdin closes
            }
        }
    }
}
