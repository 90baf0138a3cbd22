package org.lnautopilot.sample;

import java.util.random.RandomGenerator;

/** The exact linear reference: a uniform point in [0, total) located by a scan of the weights. O(n) a draw. */
final class LinearSampler {
    private final double[] w;
    private final double total;

    LinearSampler(double[] w) {
        this.w = w.clone();
        double t = 0;
        for (double x : w) {
            t += x;
        }
        this.total = t;
    }

    int sample(RandomGenerator rng) {
        double u = rng.nextDouble() * total;
        int last = -1;
        for (int i = 0; i < w.length; i++) {
            if (w[i] > 0) {
                last = i;
                if (u < w[i]) {
                    return i;
                }
                u -= w[i];
            }
        }
        return last;
    }
}
