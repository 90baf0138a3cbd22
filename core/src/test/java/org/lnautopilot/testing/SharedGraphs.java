package org.lnautopilot.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/** Locates the real mainnet snapshots in ../shared/graphs; tests that need them skip without them. */
public final class SharedGraphs {
    /** lnd describegraph, 2019-03-09: 3,648 nodes, 31,124 channels. */
    public static final String LND_2019 = "lnd_describegraph_2019-03-09.json.gz";
    /** Core Lightning listchannels, 2021-04-16: 8,827 nodes, 37,454 channels. */
    public static final String CLN_2021 = "cln_listchannels_2021-04-16.json.gz";
    /** Core Lightning gossmap as listchannels, 2024-09-22: 18,212 nodes, 59,428 channels, policies per direction. */
    public static final String MAINNET_2024 = "cln_gossmap_2024-09-22.json.gz";

    private SharedGraphs() {
    }

    /** The folder, from the {@code lnautopilot.graphs} property or ../shared/graphs searched upwards. */
    public static Path dir() {
        String prop = System.getProperty("lnautopilot.graphs");
        if (prop != null && Files.isDirectory(Paths.get(prop))) {
            return Paths.get(prop);
        }
        Path d = Paths.get("").toAbsolutePath();
        while (d != null) {
            Path c = d.resolve("../shared/graphs").normalize();
            if (Files.isDirectory(c)) {
                return c;
            }
            d = d.getParent();
        }
        return null;
    }

    private static final java.util.Map<String, org.lnautopilot.graph.CsrGraph> LOADED = new java.util.HashMap<>();

    /**
     * The snapshot read with default options (either format), once per JVM; skips the calling test
     * when it is absent.
     */
    public static synchronized org.lnautopilot.graph.CsrGraph load(String name) throws java.io.IOException {
        org.lnautopilot.graph.CsrGraph g = LOADED.get(name);
        if (g == null) {
            g = org.lnautopilot.io.GraphReaders.read(require(name), org.lnautopilot.io.GraphReaders.Options.DEFAULT);
            LOADED.put(name, g);
        }
        return g;
    }

    /** The snapshot's path; skips the calling test with a clear message when it is absent. */
    public static Path require(String name) {
        Path d = dir();
        Path f = d == null ? null : d.resolve(name);
        Assumptions.assumeTrue(f != null && Files.isRegularFile(f),
                "skipped: real graph snapshot " + name + " not found (expected in ../shared/graphs beside the repo)");
        return f;
    }
}
