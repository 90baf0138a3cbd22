package org.lnautopilot.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.growth.BarabasiAlbert;
import org.lnautopilot.heuristic.ConstrainedPrefAttachment;
import org.lnautopilot.sample.AliasTable;

/**
 * Memory of a {@link CsrGraph} plus its alias table at 10^6 nodes and 5 x 10^6 channels, two ways:
 * the heap in use after full GCs before and after building them (the generator's temporaries are
 * gone by then), and the sum of the snapshot's own arrays. Run:
 * {@code java -XX:+UseSerialGC -Xmx8g -cp bench/target/benchmarks.jar org.lnautopilot.bench.FootprintReport [nodes]}
 * (G1 rounds each humongous array up to whole regions, which inflates the heap delta by about 15 MB).
 */
public final class FootprintReport {
    private FootprintReport() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        // Load the classes and let BouncyCastle build its generator tables first, so the delta is the graph's.
        ConstrainedPrefAttachment.buildTable(BarabasiAlbert.generate(1000, 5, 1), 1.0);
        long before = usedAfterGc();
        CsrGraph g = BarabasiAlbert.generate(nodes, 5, BenchGraphs.SEED);
        AliasTable t = ConstrainedPrefAttachment.buildTable(g, 1.0);
        long after = usedAfterGc();
        long[] own = g.footprintBytes();
        long tableBytes = t.footprintBytes();
        int n = g.nodeCount();
        long e = g.channelCount();
        long heap = after - before - own[1];
        System.out.printf("nodes %,d, channels %,d%n", n, e);
        System.out.printf("heap delta after GC, addresses excluded: %,d bytes%n", heap);
        System.out.printf("arrays: graph %,d + alias table %,d = %,d bytes (addresses %,d bytes more)%n", own[0],
                tableBytes, own[0] + tableBytes, own[1]);
        long budget = 64L * n + 32L * e;
        System.out.printf("budget 64 B/node + 32 B/channel = %,d bytes: heap delta is %.1f%% of it%n", budget,
                100.0 * heap / budget);
        // Per-channel arrays are exactly 32 B/channel (two adjacency ints, two endpoint ints, id, capacity);
        // the rest is per node.
        System.out.printf("per channel: 32.0 B; per node: %.1f B (keys 33, offsets 4, index table, alias 12)%n",
                (heap - 32.0 * e) / n);
        // The same graph with policies (each direction drawn from mainnet-2024's): what they add.
        final long beforePolicies = usedAfterGc();
        final CsrGraph gp = org.lnautopilot.routing.SyntheticPolicies.assign(g, BenchGraphs.graph("mainnet-2024"),
                new java.util.SplittableRandom(BenchGraphs.SEED));
        final long afterPolicies = usedAfterGc();
        final long[] withPolicies = gp.footprintBytes();
        System.out.printf("with policies: arrays %,d bytes more, %.1f B per channel (%,d distinct policy rows); "
                + "heap delta of the second graph %,d bytes%n", withPolicies[0] - own[0],
                (double) (withPolicies[0] - own[0]) / e, gp.policyRowCount(), afterPolicies - beforePolicies);
        if (g.nodeCount() < 0 || t.size() < 0 || gp.nodeCount() < 0) {
            throw new AssertionError(); // keep all reachable until here
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return mx.getHeapMemoryUsage().getUsed();
    }
}
