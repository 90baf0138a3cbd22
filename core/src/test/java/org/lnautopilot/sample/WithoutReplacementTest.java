package org.lnautopilot.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lnautopilot.testing.SetLawCounter;
import org.lnautopilot.testing.Stats;

/**
 * The rejection path, the exact fallback and the default policy all give the sequential
 * without-replacement law, checked against exact enumeration of every ordered pick sequence.
 */
class WithoutReplacementTest {
    enum Path {
        REJECTION(2.0, 1_000), FALLBACK(0.0, 0), DEFAULT(WithoutReplacement.DEFAULT_FALLBACK_FRACTION, -1);

        final double fraction;
        final long maxRejections;

        Path(double fraction, long maxRejections) {
            this.fraction = fraction;
            this.maxRejections = maxRejections;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        double[][] ws = {{1, 2, 3, 4, 5, 6}, {10, 1, 1, 1, 1}, {3, 0, 2, 7}, {1, 1, 1, 1, 1, 1}};
        for (Path path : Path.values()) {
            for (double[] w : ws) {
                for (int k = 1; k <= 3; k++) {
                    out.add(Arguments.of(path, w, new boolean[w.length], k, 11L * k));
                    boolean[] ex = new boolean[w.length];
                    ex[0] = true;
                    ex[w.length - 1] = true;
                    out.add(Arguments.of(path, w, ex, k, 13L * k));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} k={3} seed={4}")
    @MethodSource("cases")
    void setFrequenciesMatchExactLaw(Path path, double[] w, boolean[] excluded, int k, long seed) {
        SetLawCounter counter = new SetLawCounter(Stats.exactSetLaw(w, excluded, k), path + " seed " + seed);
        AliasTable table = AliasTable.of(w);
        IndexWeights weights = IndexWeights.of(w);
        EpochMarks marks = new EpochMarks(w.length);
        SplittableRandom rng = new SplittableRandom(seed);
        double excludedWeight = 0;
        int[] out = new int[k];
        int trials = 60_000;
        for (int t = 0; t < trials; t++) {
            marks.reset(w.length);
            excludedWeight = 0;
            for (int i = 0; i < w.length; i++) {
                if (excluded[i]) {
                    marks.mark(i);
                    excludedWeight += w[i];
                }
            }
            int got = path == Path.DEFAULT
                    ? WithoutReplacement.pick(table, weights, marks, excludedWeight, k, rng, out)
                    : WithoutReplacement.pick(table, weights, marks, excludedWeight, k, rng, out, path.fraction,
                            path.maxRejections);
            long mask = 0;
            for (int j = 0; j < got; j++) {
                assertTrue(!excluded[out[j]] && w[out[j]] > 0, "picked an excluded or zero-weight index");
                assertEquals(0, mask >>> out[j] & 1, "repeat");
                mask |= 1L << out[j];
            }
            counter.record(mask);
        }
        counter.assertFits();
    }

    @Test
    void everythingMarkedReturnsNothingWithoutSpinning() {
        double[] w = {1, 2, 3};
        AliasTable table = AliasTable.of(w);
        EpochMarks marks = new EpochMarks(3);
        for (int i = 0; i < 3; i++) {
            marks.mark(i);
        }
        int[] out = new int[3];
        assertEquals(0, WithoutReplacement.pick(table, IndexWeights.of(w), marks, 0.0, 3, new SplittableRandom(1), out),
                "even with the marked weight under-reported, the rejection bound ends the call");
    }

    @Test
    void fallbackOrderFollowsTheLawOfTheFirstPick() {
        double[] w = {1, 2, 3, 4};
        long[] first = new long[4];
        SplittableRandom rng = new SplittableRandom(3);
        EpochMarks marks = new EpochMarks(4);
        int[] out = new int[4];
        for (int t = 0; t < 50_000; t++) {
            marks.reset(4);
            WithoutReplacement.fallback(4, IndexWeights.of(w), marks, 4, rng, out, 0);
            first[out[0]]++;
        }
        double p = Stats.pValue(new double[] {0.1, 0.2, 0.3, 0.4}, first);
        assertTrue(p >= Stats.ALPHA, "p = " + p);
    }
}
