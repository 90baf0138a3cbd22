package org.lnautopilot.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lnautopilot.testing.Stats;

/**
 * Both dynamic samplers, after random growth, draw node i with probability (deg_i + 1)^alpha / sum,
 * checked by chi-square against the exact weights.
 */
class DynamicAttachmentSamplerContractTest {
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (long seed : new long[] {1, 2, 3}) {
            out.add(Arguments.of("UniformEndSampler", 1.0, seed));
            out.add(Arguments.of("DegreeClassSampler", 1.0, seed));
            out.add(Arguments.of("DegreeClassSampler", 0.5, seed));
            out.add(Arguments.of("DegreeClassSampler", 1.7, seed));
            out.add(Arguments.of("DegreeClassSampler", 0.0, seed));
        }
        return out.stream();
    }

    static DynamicAttachmentSampler make(String name, double alpha) {
        return name.equals("UniformEndSampler") ? new UniformEndSampler(4, 4) : new DegreeClassSampler(alpha, 4);
    }

    @ParameterizedTest(name = "{0} alpha={1} seed={2}")
    @MethodSource("cases")
    void drawsFollowExactWeights(String impl, double alpha, long seed) {
        DynamicAttachmentSampler s = make(impl, alpha);
        SplittableRandom r = new SplittableRandom(seed);
        // Random growth: nodes and channels between random nodes, degrees tracked independently.
        List<Integer> deg = new ArrayList<>();
        for (int step = 0; step < 3000; step++) {
            if (deg.size() < 2 || r.nextInt(3) == 0) {
                deg.add(0);
                assertEquals(deg.size() - 1, s.addNode());
            } else {
                int a = r.nextInt(deg.size());
                int b = r.nextInt(deg.size() - 1);
                b = b >= a ? b + 1 : b;
                if (r.nextInt(4) == 0) {
                    a = r.nextInt(Math.min(5, deg.size())); // hubs
                    b = a == 0 ? 1 : 0;
                }
                s.addChannel(a, b);
                deg.set(a, deg.get(a) + 1);
                deg.set(b, deg.get(b) + 1);
            }
        }
        int n = deg.size();
        double[] prob = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            assertEquals((int) deg.get(i), s.degree(i));
            prob[i] = Math.pow(deg.get(i) + 1.0, alpha);
            assertEquals(prob[i], s.weight(i), 1e-9 * prob[i]);
            total += prob[i];
        }
        for (int i = 0; i < n; i++) {
            prob[i] /= total;
        }
        long[] obs = new long[n];
        for (int d = 0; d < 400_000; d++) {
            obs[s.sample(r)]++;
        }
        double p = Stats.pValue(prob, obs);
        assertTrue(p >= Stats.ALPHA, impl + " alpha " + alpha + ": chi-square p = " + p + " for seed " + seed);
    }
}
