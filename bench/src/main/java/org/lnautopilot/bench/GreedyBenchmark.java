package org.lnautopilot.bench;

import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.heuristic.GreedyCentrality;
import org.lnautopilot.heuristic.GreedyFlow;
import org.lnautopilot.heuristic.GreedyReach;
import org.lnautopilot.heuristic.GreedyRouting;
import org.lnautopilot.routing.FeeSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link GreedyCentrality}, {@link GreedyReach}, {@link GreedyRouting} and {@link GreedyFlow} choosing 5 peers for a
 * new node, from scratch: a
 * new heuristic each call, so the endpoint searches or route trees, the betweenness of the first
 * pick and every pick's evaluation are included (nothing is cached between calls). Single-shot: one
 * call is one whole decision. {@code greedyReach} routes 100,000 sat payments on 1,000 receivers
 * drawn by capacity (its default above 2,000 nodes), 2 threads; {@code greedyRouting} routes them
 * on draws by the demand until 340 receivers are distinct (its default above 2,000 nodes), the new node at the graph's
 * median policy, 2 threads; {@code greedyFlow} runs greedyRouting's greedy on one receiver draw, then
 * again without its first pick and without its second, and simulates each distinct set twice over
 * 10,000 payments with balances (inbound 0.5), 2 threads ({@code --flow-check quick});
 * {@code greedyFlowEveryPickLeftOut} the same with k + 1 candidates (greedy_routing's set without each
 * of its picks); {@code greedyFlowThorough} {@code --flow-check thorough} (k + 1 candidates, three runs
 * of 100,000 payments each).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GreedyBenchmark {
    @Param({"cln-2021", "lnd-2019", "mainnet-2024"})
    public String graph;

    @Param({"5"})
    public int k;

    /**
     * Payments of each of greedyFlowThorough's check runs: {@link GreedyFlow.Check#THOROUGH}'s 100,000 (the
     * smoke run passes fewer, so that it only checks that the benchmark starts).
     */
    @Param({"100000"})
    public long thoroughPayments;

    /**
     * Distinct receivers of greedyRouting's and greedy_flow's draws: their default,
     * {@link GreedyRouting#DEFAULT_RECEIVERS} (bench/README.md measures 600 to 1,000 for greedy_flow).
     */
    @Param({"340"})
    public int receivers;

    CsrGraph g;
    NodeId self;
    long seed;

    @Setup
    public void setup() throws Exception {
        g = BenchGraphs.withPolicies(graph);
        // A key not in the graph: the node that joins.
        byte[] key = new byte[33];
        key[0] = 2;
        key[32] = 7;
        self = NodeId.of(key);
    }

    @Benchmark
    public int[] greedy() {
        GreedyCentrality gc = new GreedyCentrality(20_000, 16_777_215, k, 0.6, new SplittableRandom(++seed));
        return gc.pick(g, self, k, Set.of());
    }

    @Benchmark
    public int[] greedyReach() {
        GreedyReach gr = new GreedyReach(20_000, 16_777_215, k, 0.6, new SplittableRandom(++seed), 100_000_000L,
                GreedyReach.DEFAULT_EXACT_LIMIT, GreedyReach.DEFAULT_RECEIVERS, 2);
        return gr.pick(g, self, k, Set.of());
    }

    @Benchmark
    public int[] greedyRouting() {
        GreedyRouting gr = new GreedyRouting(20_000, 1_000_000, k, 0.6, new SplittableRandom(++seed), 100_000_000L,
                FeeSettings.GRAPH_MEDIAN, GreedyRouting.DEFAULT_EXACT_LIMIT, receivers, 2);
        return gr.pick(g, self, k, Set.of());
    }

    @Benchmark
    public int[] greedyFlow() {
        return flow(GreedyFlow.Check.QUICK);
    }

    /**
     * greedyFlow with every pick left out: k + 1 candidate sets ({@code GreedyRouting.chooseLeavingOut}
     * shares S's passes with the runs without its later picks), each checked as greedyFlow's.
     */
    @Benchmark
    public int[] greedyFlowEveryPickLeftOut() {
        final GreedyFlow.Check q = GreedyFlow.Check.QUICK;
        return flow(new GreedyFlow.Check(k + 1, q.runs(), q.payments(), q.by(), q.keep()));
    }

    /** greedy_flow with {@code --flow-check thorough} ({@link GreedyFlow.Check#THOROUGH} at the default parameter). */
    @Benchmark
    public int[] greedyFlowThorough() {
        final GreedyFlow.Check t = GreedyFlow.Check.THOROUGH;
        return flow(new GreedyFlow.Check(t.variants(), t.runs(), thoroughPayments, t.by(), t.keep()));
    }

    /** One greedy_flow decision with the given check, the other settings greedy_flow's defaults. */
    private int[] flow(GreedyFlow.Check check) {
        GreedyFlow gf = new GreedyFlow(20_000, 1_000_000, k, 0.6, new SplittableRandom(++seed), 100_000_000L,
                FeeSettings.GRAPH_MEDIAN, GreedyFlow.DEFAULT_INBOUND, check, GreedyRouting.DEFAULT_EXACT_LIMIT,
                receivers, 2);
        return gf.pick(g, self, k, Set.of());
    }
}
