package org.lnautopilot.bench;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lnautopilot.NodeId;
import org.lnautopilot.centrality.Betweenness;
import org.lnautopilot.graph.CsrGraph;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Timeout;

/**
 * Betweenness of every node: {@link Betweenness#exact} and lnd's own algorithm
 * ({@link LndBetweenness}, a faithful port) on the same graph and thread count, and
 * {@link Betweenness#approximate} (epsilon 0.001, delta 0.1). One call is one whole computation, so
 * the mode is single-shot. The default graphs of {@code exact} and {@code lndPort} are the two
 * snapshots: on {@code ba-100000} one shot of {@code exact} at 2 threads runs past JMH's default
 * 10-minute limit (a BA graph has no pendant trees to fold, so its core is all 100,000 nodes and
 * 10^6 entries), and at 10^6 nodes they would run for days. Pass {@code -p graph=ba-100000} to run
 * them anyway; the time limit is raised to 2 hours per shot.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Timeout(time = 2, timeUnit = TimeUnit.HOURS)
public class BetweennessBenchmark {
    /** Graph and threads for the exact algorithms. */
    @State(Scope.Benchmark)
    public static class Exact {
        @Param({"lnd-2019", "cln-2021"})
        public String graph;

        @Param({"1", "2"})
        public int threads;

        CsrGraph g;

        @Setup
        public void setup() throws Exception {
            g = BenchGraphs.graph(graph);
        }
    }

    /** Graph and threads for the approximation. */
    @State(Scope.Benchmark)
    public static class Approximate {
        @Param({"lnd-2019", "cln-2021", "ba-100000", "ba-1000000"})
        public String graph;

        @Param({"1", "2"})
        public int threads;

        CsrGraph g;
        long seed;

        @Setup
        public void setup() throws Exception {
            g = BenchGraphs.graph(graph);
        }
    }

    @Benchmark
    public double[] exact(Exact s) {
        return Betweenness.exact(s.g, s.threads);
    }

    @Benchmark
    public Map<NodeId, Double> lndPort(Exact s) throws InterruptedException {
        return LndBetweenness.refresh(s.g, s.threads);
    }

    @Benchmark
    public double[] approximate(Approximate s) {
        return Betweenness.approximate(s.g, 0.001, 0.1, new SplittableRandom(++s.seed), s.threads);
    }
}
