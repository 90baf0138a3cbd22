package org.lnautopilot.bench;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.heuristic.ConstrainedPrefAttachment;
import org.lnautopilot.heuristic.PrefAttachment;
import org.lnautopilot.heuristic.ScoredAttachment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link ConstrainedPrefAttachment#select} on generated and real graphs: steady state (the alias
 * table built once per snapshot, as the agent uses it) and cold (a new heuristic, so the call builds
 * the table first, as on a new snapshot); and {@link ScoredAttachment#select} in steady state.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SelectBenchmark {
    @Param({"ba-10000", "ba-100000", "ba-1000000", "lnd-2019"})
    public String graph;

    @Param({"5", "20"})
    public int k;

    static final long BTC = 100_000_000L;
    CsrGraph g;
    ConstrainedPrefAttachment warm;
    ScoredAttachment scored;
    /** A node not in the graph: ScoredAttachment excludes self's neighbours, and a newcomer has none. */
    NodeId newcomer;
    NodeId self;
    final Set<NodeId> skip = Set.of();
    long seed;

    @Setup
    public void setup() throws Exception {
        g = BenchGraphs.graph(graph);
        self = g.nodeId(0);
        warm = new ConstrainedPrefAttachment(20_000, 16_777_215, 100, 0.6, new SplittableRandom(BenchGraphs.SEED));
        warm.prepare(g);
        // lnd's preferential scores: the scorer and table are cached per snapshot, as in steady state.
        scored = new ScoredAttachment(new PrefAttachment(), 20_000, 16_777_215, 100, 0.6,
                new SplittableRandom(BenchGraphs.SEED));
        scored.prepare(g);
        byte[] key = new byte[33];
        key[0] = 3;
        key[32] = 1;
        newcomer = NodeId.of(key);
    }

    /** Steady state of {@link ScoredAttachment} (lnd's chooseN law over preferential scores). */
    @Benchmark
    public List<AttachmentDirective> scoredSteady() {
        return scored.select(newcomer, g, 100 * BTC, k, skip);
    }

    /** Steady state: the table is built, a call costs O(k) plus its directives. */
    @Benchmark
    public List<AttachmentDirective> steady() {
        return warm.select(self, g, 100 * BTC, k, skip);
    }

    /** Cold: the first call on a snapshot, alias table build included. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<AttachmentDirective> cold() {
        ConstrainedPrefAttachment fresh = new ConstrainedPrefAttachment(20_000, 16_777_215, 100, 0.6,
                new SplittableRandom(++seed));
        return fresh.select(self, g, 100 * BTC, k, skip);
    }
}
