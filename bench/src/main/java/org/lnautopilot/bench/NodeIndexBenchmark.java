package org.lnautopilot.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** {@code indexOf} on 2^20 random keys in the graph (hits) and as many that are not (misses): a probe set far larger than the caches. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NodeIndexBenchmark {
    @Param({"1000000"})
    public int nodes;

    static final int PROBES = 1 << 20;
    CsrGraph g;
    byte[] hits;
    byte[] misses;
    int cursor;

    @Setup
    public void setup() {
        g = org.lnautopilot.growth.BarabasiAlbert.generate(nodes, 1, BenchGraphs.SEED);
        SplittableRandom r = new SplittableRandom(3);
        hits = new byte[PROBES * NodeId.LENGTH];
        misses = new byte[PROBES * NodeId.LENGTH];
        for (int i = 0; i < PROBES; i++) {
            g.copyKey(r.nextInt(nodes), hits, i * NodeId.LENGTH);
            g.copyKey(r.nextInt(nodes), misses, i * NodeId.LENGTH);
            misses[i * NodeId.LENGTH + 20] ^= 0x5a;
        }
    }

    @Benchmark
    public int hit() {
        int i = cursor++ & (PROBES - 1);
        return g.indexOf(hits, i * NodeId.LENGTH);
    }

    @Benchmark
    public int miss() {
        int i = cursor++ & (PROBES - 1);
        return g.indexOf(misses, i * NodeId.LENGTH);
    }
}
