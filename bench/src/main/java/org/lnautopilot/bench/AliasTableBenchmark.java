package org.lnautopilot.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lnautopilot.sample.AliasTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Alias table build (divide by {@code n} for ns per weight) and draw. Weights: a power law, like degrees. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
public class AliasTableBenchmark {
    @Param({"1000000", "10000000"})
    public int n;

    double[] weights;
    AliasTable table;
    final SplittableRandom rng = new SplittableRandom(BenchGraphs.SEED);

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        weights = new double[n];
        for (int i = 0; i < n; i++) {
            // Pareto-like degrees + 1: many small, a few huge.
            weights[i] = 1 + Math.floor(5 / Math.pow(1 - r.nextDouble(), 0.5));
        }
        table = AliasTable.of(weights);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public AliasTable build() {
        return AliasTable.of(weights);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int draw() {
        return table.sample(rng);
    }
}
