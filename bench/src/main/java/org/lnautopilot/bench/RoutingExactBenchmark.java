package org.lnautopilot.bench;

import java.util.concurrent.TimeUnit;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.routing.PaymentEvaluator;
import org.lnautopilot.routing.PaymentMetrics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The exact payment metrics of one new node (every receiver's route tree, 2 threads, single shot),
 * X as in {@link RoutingBenchmark}. Snapshots only: at 10^6 nodes it would be 10^6 trees.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RoutingExactBenchmark {
    @Param({"lnd-2019", "cln-2021", "mainnet-2024"})
    public String graph;

    @Param({"2"})
    public int threads;

    GraphOverlay x;

    @Setup
    public void setup() throws Exception {
        x = BenchGraphs.largestApart(BenchGraphs.withPolicies(graph), 5);
    }

    @Benchmark
    public PaymentMetrics exactMetrics() {
        return new PaymentEvaluator().exact(x, 100_000_000L, threads);
    }
}
