package org.lnautopilot.node.lnd;

import java.nio.file.Files;
import java.nio.file.Path;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.io.GraphReaders;
import org.lnautopilot.testing.TestKeys;

/**
 * Runs {@link FakeLnd} as a process, for measuring {@code autopilot run} from the outside (time to
 * the first decision, heap): {@code FakeLndMain GRAPH DIR [BALANCE]} serves GRAPH (either dump format;
 * nodes without an address get one), writes its certificate and macaroon into DIR, prints
 * {@code --lnd HOST:PORT --tlscert FILE --macaroon FILE} and serves until stdin closes.
 */
public final class FakeLndMain {
    private FakeLndMain() {
    }

    public static void main(String[] args) throws Exception {
        final CsrGraph g = GraphReaders.read(Path.of(args[0]), new GraphReaders.Options(true, false));
        final Path dir = Files.createDirectories(Path.of(args[1]));
        final long balance = args.length > 2 ? Long.parseLong(args[2]) : 10_000_000L;
        try (FakeLnd fake = new FakeLnd(dir, g, TestKeys.key(424242), balance, true)) {
            System.out.println("--lnd " + fake.target() + " --tlscert " + fake.certs.cert + " --macaroon "
                    + fake.macaroonFile);
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until stdin closes
            }
        }
    }
}
