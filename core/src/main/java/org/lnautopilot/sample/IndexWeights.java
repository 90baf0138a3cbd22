package org.lnautopilot.sample;

/**
 * Non-negative weights of the indexes {@code 0..n-1}, computed on demand, so that a sampler over a
 * million nodes needs no {@code double[]} of its own.
 */
@FunctionalInterface
public interface IndexWeights {
    /** The weight of index {@code i}: finite and non-negative. */
    double weight(int i);

    /** Weights held in an array (not copied). */
    static IndexWeights of(double[] w) {
        return new ArrayWeights(w);
    }
}

/** {@link IndexWeights} over an array. */
final class ArrayWeights implements IndexWeights {
    private final double[] w;

    ArrayWeights(double[] w) {
        this.w = w;
    }

    @Override
    public double weight(int i) {
        return w[i];
    }
}
