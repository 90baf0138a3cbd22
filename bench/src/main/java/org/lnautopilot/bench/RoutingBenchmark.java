package org.lnautopilot.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.routing.LndRouteChoice;
import org.lnautopilot.routing.PaymentEvaluator;
import org.lnautopilot.routing.PaymentMetrics;
import org.lnautopilot.routing.RouteTrees;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * lnd's route choice: {@link #tree} is one route tree towards a receiver (lnd's backward search run
 * to every node, 100,000 sat, one thread; receivers cycle through a fixed draw by capacity),
 * {@link #treeForX} the same search with X in the graph, stopped once no later label can change X's
 * metrics (what the metrics run per receiver), {@link #drawnMetrics} X's metrics over 256 receivers
 * drawn by the demand on 2 threads (the cost of one round's draws, single shot), and
 * {@link #sampledMetrics} X's metrics sampled at {@link #epsilon} (default 0.001), delta 0.1 on 2
 * threads (single shot). The new node X is the simple rule: five 1,000,000 sat channels to
 * the largest nodes that share no channel, at the graph's median policy. Barabasi-Albert graphs get
 * mainnet-2024's policies ({@link BenchGraphs#withPolicies}).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RoutingBenchmark {
    @Param({"lnd-2019", "cln-2021", "mainnet-2024", "ba-1000000"})
    public String graph;

    /** {@link #sampledMetrics}' absolute epsilon on the routing share. */
    @Param({"0.001"})
    public double epsilon;

    CsrGraph g;
    GraphOverlay x;
    RouteTrees trees;
    RouteTrees treesForX;
    int[] receivers;
    int next;

    @Setup
    public void setup() throws Exception {
        g = BenchGraphs.withPolicies(graph);
        x = BenchGraphs.largestApart(g, 5);
        trees = new RouteTrees(new LndRouteChoice(), g);
        treesForX = new RouteTrees(new LndRouteChoice(), x);
        receivers = PaymentEvaluator.drawReceivers(g, 256, new SplittableRandom(1));
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public int tree() {
        return trees.tree(receivers[next++ & 255], 100_000_000L);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public int treeForX() {
        return treesForX.treeForX(receivers[next++ & 255], 100_000_000L);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    public PaymentMetrics drawnMetrics() {
        return new PaymentEvaluator().onReceivers(x, 100_000_000L, receivers, 2, null);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    public PaymentMetrics sampledMetrics() {
        return new PaymentEvaluator().sampled(x, 100_000_000L, epsilon, 0.1, new SplittableRandom(7), 2, null);
    }
}
