package org.lnautopilot.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.GZIPInputStream;
import org.lnautopilot.graph.BarabasiAlbert;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.io.GraphReaders;

/**
 * The graphs the benchmarks run on, named by a {@code @Param} string: {@code ba-N} is a
 * Barabasi-Albert graph of N nodes with m = 5 from a fixed seed; {@code lnd-2019} is the real
 * describegraph snapshot and {@code cln-2021} the real listchannels snapshot (every node eligible),
 * read from {@code ../shared/graphs} (or the {@code lnautopilot.graphs} system property).
 */
final class BenchGraphs {
    /** Seed of every generated graph. */
    static final long SEED = 42;

    private BenchGraphs() {
    }

    static CsrGraph graph(String name) throws IOException {
        if (name.startsWith("ba-")) {
            return BarabasiAlbert.generate(Integer.parseInt(name.substring(3)), 5, SEED);
        }
        if (name.equals("lnd-2019")) {
            return GraphReaders.describeGraph(snapshot("lnd_describegraph_2019-03-09.json.gz"));
        }
        if (name.equals("cln-2021")) {
            // listchannels carries no addresses: every node is eligible, as with --include-addressless.
            return GraphReaders.read(snapshot("cln_listchannels_2021-04-16.json.gz"),
                    new GraphReaders.Options(true, false));
        }
        throw new IllegalArgumentException("unknown graph '" + name + "': use ba-N, lnd-2019 or cln-2021");
    }

    static Path snapshot(String file) throws IOException {
        String dir = System.getProperty("lnautopilot.graphs");
        Path d = dir != null ? Paths.get(dir) : null;
        if (d == null) {
            Path here = Paths.get("").toAbsolutePath();
            while (here != null && d == null) {
                Path c = here.resolve("../shared/graphs").normalize();
                d = Files.isDirectory(c) ? c : null;
                here = here.getParent();
            }
        }
        if (d == null || !Files.isRegularFile(d.resolve(file))) {
            throw new IOException("snapshot " + file + " not found: run from the repo (with ../shared/graphs beside it) "
                    + "or pass -Dlnautopilot.graphs=DIR");
        }
        return d.resolve(file);
    }

    /** The uncompressed bytes of a gzip snapshot. */
    static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 24);
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
