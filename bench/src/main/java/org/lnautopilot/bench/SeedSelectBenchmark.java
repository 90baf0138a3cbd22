package org.lnautopilot.bench;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.lnautopilot.AttachmentDirective;
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

/**
 * The seed's algorithm ({@link SeedSelect}) on the same graphs, seeds and arguments as
 * {@link SelectBenchmark}: the reference the engine is measured against, in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SeedSelectBenchmark {
    @Param({"ba-10000", "ba-100000", "ba-1000000", "lnd-2019"})
    public String graph;

    @Param({"5", "20"})
    public int k;

    CsrGraph g;
    SeedSelect seedSelect;
    NodeId self;

    @Setup
    public void setup() throws Exception {
        g = BenchGraphs.graph(graph);
        self = g.nodeId(0);
        seedSelect = new SeedSelect(20_000, 16_777_215, BenchGraphs.SEED);
    }

    @Benchmark
    public List<AttachmentDirective> seed() {
        return seedSelect.select(self, g, 100 * SelectBenchmark.BTC, k, Set.of());
    }
}
