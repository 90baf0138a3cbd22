package org.lnautopilot.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.graph.Progress;
import org.lnautopilot.routing.Policies;
import org.lnautopilot.simulation.BalancePrior;
import org.lnautopilot.simulation.NewNodeSimulation;
import org.lnautopilot.simulation.PoissonPayments;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code evaluate --simulate}'s simulations of many peer sets on the same payments and balances:
 * {@link NewNodeSimulation#runAll}, which makes them as one run of the network without X that each
 * peer set leaves when its X first changes a route, against what a user would otherwise run, each
 * peer set's {@link NewNodeSimulation#run} one after the other. Both on one thread, so the ratio is
 * the work saved. Ten peer sets of five, as the random heuristics pick them: odd ones uniform over
 * the nodes with channels, even ones by degree (a random channel end), from a fixed seed;
 * {@link #payments} payments of 100,000 sat, bimodal balances, inbound 0.5, channels of 1,000,000
 * sat at the graph's median policy. Single shot.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PeerSetsBenchmark {
    @Param({"mainnet-2024"})
    public String graph;

    /** Payments per run. */
    @Param({"20000"})
    public long payments;

    GraphOverlay[] xs;
    NewNodeSimulation.Settings[] settings;

    @Setup
    public void peerSets() throws Exception {
        final CsrGraph g = BenchGraphs.withPolicies(graph);
        final SplittableRandom r = new SplittableRandom(BenchGraphs.SEED);
        xs = new GraphOverlay[10];
        settings = new NewNodeSimulation.Settings[xs.length];
        final NewNodeSimulation.Settings s = new NewNodeSimulation.Settings(payments, 0, 100_000_000L,
                PoissonPayments.DEFAULT_RATE_PER_HOUR, BalancePrior.BIMODAL, 0.5, 1);
        final ChannelPolicy median = Policies.graphMedian(g);
        for (int i = 0; i < xs.length; i++) {
            final int[] peers = new int[5];
            for (int k = 0; k < peers.length; ) {
                final int v;
                if (i % 2 == 0) {
                    final int e = r.nextInt(2 * g.channelCount());
                    v = g.endpoint(e >> 1, e & 1);
                } else {
                    v = r.nextInt(g.nodeCount());
                }
                if (g.degree(v) > 0 && !contains(peers, k, v)) {
                    peers[k++] = v;
                }
            }
            xs[i] = NewNodeSimulation.overlay(g, peers, 1_000_000, median);
            settings[i] = s;
        }
    }

    private static boolean contains(int[] a, int len, int v) {
        for (int i = 0; i < len; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    /** One run of the network shared until each X matters ({@link NewNodeSimulation#runAll}, one thread). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    public long shared() {
        long fees = 0;
        for (NewNodeSimulation.Result res : NewNodeSimulation.runAll(xs, settings, 1, Progress.NONE)) {
            fees += res.feeIncomeMsat();
        }
        return fees;
    }

    /** Each peer set's run on its own, one after the other. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    public long alone() {
        long fees = 0;
        for (int i = 0; i < xs.length; i++) {
            fees += NewNodeSimulation.run(xs[i], settings[i], Progress.NONE).feeIncomeMsat();
        }
        return fees;
    }
}
