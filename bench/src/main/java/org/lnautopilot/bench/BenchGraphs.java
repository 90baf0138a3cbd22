package org.lnautopilot.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.GZIPInputStream;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.growth.BarabasiAlbert;
import org.lnautopilot.io.GraphReaders;
import org.lnautopilot.routing.Demand;
import org.lnautopilot.routing.Policies;
import org.lnautopilot.routing.SyntheticPolicies;

/**
 * The graphs the benchmarks run on, named by a {@code @Param} string: {@code ba-N} is a
 * Barabasi-Albert graph of N nodes with m = 5 from a fixed seed; {@code lnd-2019} is the real
 * describegraph snapshot, {@code cln-2021} the real listchannels snapshot and {@code mainnet-2024} Core
 * Lightning's 2024 gossmap in listchannels form (every node eligible in both),
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
        if (name.equals("mainnet-2024")) {
            return GraphReaders.read(snapshot(MAINNET_2024), new GraphReaders.Options(true, false));
        }
        if (name.equals("cln-2021")) {
            // listchannels carries no addresses: every node is eligible, as with --include-addressless.
            return GraphReaders.read(snapshot("cln_listchannels_2021-04-16.json.gz"),
                    new GraphReaders.Options(true, false));
        }
        throw new IllegalArgumentException("unknown graph '" + name + "': use ba-N, lnd-2019, cln-2021 or mainnet-2024");
    }

    /** Core Lightning's 2024-09-22 gossmap in listchannels form, called mainnet-2024. */
    static final String MAINNET_2024 = "cln_gossmap_2024-09-22.json.gz";

    /**
     * The graph with channel policies: the snapshots' own; for {@code ba-N}, each direction's policy
     * drawn with the fixed seed from mainnet-2024's directions ({@link SyntheticPolicies}).
     */
    static CsrGraph withPolicies(String name) throws IOException {
        final CsrGraph g = graph(name);
        if (g.hasPolicies()) {
            return g;
        }
        return SyntheticPolicies.assign(g, graph("mainnet-2024"), new java.util.SplittableRandom(SEED));
    }

    /**
     * The simple rule: X joins, with 1,000,000 sat each, the {@code k} nodes of largest
     * capacity that share no channel with one another; X at the graph's median policy.
     */
    static GraphOverlay largestApart(CsrGraph g, int k) {
        final Demand d = Demand.byCapacity(g);
        final Integer[] order = new Integer[g.nodeCount()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(d.weight(b), d.weight(a)));
        final int[] peers = new int[k];
        final long[] caps = new long[k];
        int m = 0;
        for (int i = 0; i < order.length && m < k; i++) {
            final int v = order[i];
            boolean apart = true;
            for (int s = g.slotStart(v); s < g.slotEnd(v) && apart; s++) {
                for (int j = 0; j < m; j++) {
                    apart &= g.neighbour(s) != peers[j];
                }
            }
            if (apart) {
                peers[m] = v;
                caps[m++] = 1_000_000;
            }
        }
        return new GraphOverlay(g, java.util.Arrays.copyOf(peers, m), java.util.Arrays.copyOf(caps, m),
                Policies.graphMedian(g));
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
