package org.lnautopilot.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts selected sets (bit masks) against their exact law from {@link Stats#exactSetLaw} and tests
 * the counts by chi-square. A set the law gives probability 0 fails at once, naming the seed.
 */
public final class SetLawCounter {
    private final List<Long> sets;
    private final Map<Long, Integer> bin = new HashMap<>();
    private final double[] prob;
    private final long[] obs;
    private final String label;

    /** Counts for {@code law}; {@code label} (with the seed) goes into failure messages. */
    public SetLawCounter(Map<Long, Double> law, String label) {
        this.sets = new ArrayList<>(law.keySet());
        this.prob = new double[sets.size()];
        this.obs = new long[sets.size()];
        this.label = label;
        for (int i = 0; i < sets.size(); i++) {
            bin.put(sets.get(i), i);
            prob[i] = law.get(sets.get(i));
        }
    }

    /** Records one selected set. */
    public void record(long mask) {
        Integer b = bin.get(mask);
        if (b == null) {
            throw new AssertionError(label + ": impossible set " + Long.toBinaryString(mask));
        }
        obs[b]++;
    }

    /** Fails unless the chi-square p-value is at least {@link Stats#ALPHA}. */
    public void assertFits() {
        double p = Stats.pValue(prob, obs);
        if (!(p >= Stats.ALPHA)) {
            throw new AssertionError(label + ": chi-square p = " + p);
        }
    }
}
