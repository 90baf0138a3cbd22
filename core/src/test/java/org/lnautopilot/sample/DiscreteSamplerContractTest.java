package org.lnautopilot.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lnautopilot.testing.Stats;

/** One contract for {@link AliasTable} and the exact linear reference: draws follow w / sum(w). */
class DiscreteSamplerContractTest {
    interface Sampler {
        int sample(RandomGenerator rng);
    }

    static final List<String> IMPLS = List.of("AliasTable", "LinearSampler");

    static Function<double[], Sampler> impl(String name) {
        if (name.equals("AliasTable")) {
            return w -> AliasTable.of(w)::sample;
        }
        return w -> new LinearSampler(w)::sample;
    }

    static final long[] SEEDS = {1, 2, 3, 0x5eedL, 987654321L};

    static Stream<Arguments> cases() {
        SplittableRandom gen = new SplittableRandom(77);
        List<double[]> weights = new ArrayList<>();
        weights.add(new double[] {1, 1, 1, 1});
        weights.add(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        weights.add(new double[] {0, 5, 0, 1, 0, 0.5});
        weights.add(new double[] {1e-3, 1, 1e3});
        double[] power = new double[300];
        for (int i = 0; i < power.length; i++) {
            power[i] = 1.0 / Math.pow(i + 1, 1.5) + (gen.nextInt(5) == 0 ? 0 : 0);
        }
        weights.add(power);
        double[] random = new double[1000];
        for (int i = 0; i < random.length; i++) {
            random[i] = gen.nextInt(4) == 0 ? 0 : gen.nextDouble() * 100;
        }
        weights.add(random);
        List<Arguments> out = new ArrayList<>();
        for (String impl : IMPLS) {
            for (double[] w : weights) {
                for (long seed : SEEDS) {
                    out.add(Arguments.of(impl, w, seed));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} n={1} seed={2}")
    @MethodSource("cases")
    void drawsFollowTheWeights(String impl, double[] w, long seed) {
        Sampler s = impl(impl).apply(w);
        SplittableRandom rng = new SplittableRandom(seed);
        double total = 0;
        for (double x : w) {
            total += x;
        }
        double[] prob = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            prob[i] = w[i] / total;
        }
        int draws = 200_000;
        long[] obs = new long[w.length];
        for (int d = 0; d < draws; d++) {
            int i = s.sample(rng);
            if (w[i] == 0) {
                throw new AssertionError(impl + " drew index " + i + " of weight 0 (seed " + seed + ")");
            }
            obs[i]++;
        }
        double p = Stats.pValue(prob, obs);
        assertTrue(p >= Stats.ALPHA, impl + ": chi-square p = " + p + " for seed " + seed);
    }

    @Test
    void aliasTableProbabilitiesAreExactlyTheWeights() {
        SplittableRandom gen = new SplittableRandom(5);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + gen.nextInt(2000);
            double[] w = new double[n];
            double total = 0;
            for (int i = 0; i < n; i++) {
                w[i] = gen.nextInt(3) == 0 ? 0 : gen.nextInt(1, 2000);
                total += w[i];
            }
            if (total == 0) {
                w[0] = 1;
                total = 1;
            }
            double[] p = AliasTable.of(w).probabilities();
            for (int i = 0; i < n; i++) {
                assertEquals(w[i] / total, p[i], 1e-12, "index " + i + " of trial " + trial);
                if (w[i] == 0) {
                    assertEquals(0.0, p[i], "zero weight, zero probability");
                }
            }
        }
    }

    @Test
    void aliasTableRejectsBadWeights() {
        assertMessage(() -> AliasTable.of(new double[0]), "at least one");
        assertMessage(() -> AliasTable.of(new double[] {0, 0}), "all 2 weights are zero");
        assertMessage(() -> AliasTable.of(new double[] {1, -1}), "weight 1 must be finite and non-negative");
        assertMessage(() -> AliasTable.of(new double[] {Double.NaN}), "weight 0");
        assertMessage(() -> AliasTable.of(new double[] {1, Double.POSITIVE_INFINITY}), "weight 1");
        assertMessage(() -> AliasTable.of(new double[] {Double.MAX_VALUE, Double.MAX_VALUE}), "overflows");
        assertMessage(() -> AliasTable.of(new long[] {3, -2}), "weight 1 is negative");
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable e, String fragment) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(fragment), x.getMessage());
    }

    @Test
    void singleWeightAlwaysDrawn() {
        AliasTable t = AliasTable.of(new long[] {0, 0, 7, 0});
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(2, t.sample(rng));
        }
    }
}
