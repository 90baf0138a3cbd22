package org.lnautopilot.bench;

import java.util.concurrent.TimeUnit;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.graph.Progress;
import org.lnautopilot.routing.LndRouteChoice;
import org.lnautopilot.simulation.AttemptListener;
import org.lnautopilot.simulation.BalancePrior;
import org.lnautopilot.simulation.Balances;
import org.lnautopilot.simulation.MissionControl;
import org.lnautopilot.simulation.PaymentSimulator;
import org.lnautopilot.simulation.PoissonPayments;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The payment loop of API.md part 4 ({@link PaymentSimulator}): {@link #payments} payments of
 * 100,000 sat drawn by the demand (Poisson at 3,600 per hour), bimodal balances, lnd's retries and
 * mission control, with the new node X of the goal (five 1,000,000 sat channels to the
 * largest nodes that share no channel, inbound 0.5, the graph's median policy). Single shot: each
 * iteration starts from the same balances and an empty mission control, so the figure is the time
 * for the whole run; payments per second are {@code payments / time}. Barabasi-Albert graphs get
 * mainnet-2024's policies ({@link BenchGraphs#withPolicies}).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SimulationBenchmark {
    @Param({"mainnet-2024", "ba-1000000"})
    public String graph;

    /** Payments per run. */
    @Param({"10000"})
    public long payments;

    CsrGraph g;
    GraphOverlay x;
    PaymentSimulator sim;
    PoissonPayments stream;

    @Setup(Level.Trial)
    public void graph() throws Exception {
        g = BenchGraphs.withPolicies(graph);
        x = BenchGraphs.largestApart(g, 5);
    }

    @Setup(Level.Iteration)
    public void fresh() {
        sim = new PaymentSimulator(g, x, Balances.draw(x, BalancePrior.BIMODAL, 1, 0.5), new LndRouteChoice(),
                new MissionControl());
        stream = new PoissonPayments(g, PoissonPayments.DEFAULT_RATE_PER_HOUR, 100_000_000L, payments, 2);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    public long simulate() {
        sim.run(stream, AttemptListener.NONE, Progress.NONE, payments);
        return sim.succeeded();
    }
}
