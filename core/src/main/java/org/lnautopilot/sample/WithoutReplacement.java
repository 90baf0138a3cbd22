package org.lnautopilot.sample;

import java.util.random.RandomGenerator;

/**
 * Draws up to {@code k} distinct indexes, sequentially without replacement: each pick is index
 * {@code i} with probability {@code w_i / sum of w_j over indexes not excluded and not picked yet}.
 * This is the law of the seed's {@code Select}.
 *
 * <p>Two paths give that same law; only their cost differs.
 * <ol>
 * <li><b>Rejection</b> against the full {@link AliasTable}: draw, and redraw while the index is
 * marked (excluded or picked). Conditioning a draw from {@code w/sum(w)} on landing outside the
 * marked set gives exactly the law above, and the number of redraws is independent of the index
 * finally accepted. O(1) expected per pick while the marked weight is at most half the total. The
 * missing picks are drawn a round at a time and then tested in draw order, which accepts the same
 * draws as testing each as it is drawn.</li>
 * <li><b>Exact fallback</b>, used for the remaining picks once the marked weight passes
 * {@code fallbackFraction} of the total or the redraws pass {@code 16 + 8k} (tested at the start and
 * after each rejected draw): one O(n log k) pass
 * giving every unmarked index with positive weight the key {@code E_i / w_i}, {@code E_i}
 * exponential with mean 1, and taking the smallest keys in increasing order (Efraimidis and
 * Spirakis, "Weighted random sampling with a reservoir", IPL 2006, in its exponential-race form: the
 * smallest of independent {@code Exp(w_i)} is {@code i} with probability {@code w_i / sum w}, and by
 * memorylessness the rest follow the same law on what remains).</li>
 * </ol>
 * Switching paths depends only on rejected draws, never on which index is accepted, so the output
 * law is the same whichever path ran. Nothing spins: when every index is marked, the fallback
 * finds nothing and the call returns fewer picks.
 *
 * <p>Stateless; thread-safe if the caller's arguments are not shared with other threads.
 */
public final class WithoutReplacement {
    /** Marked weight above which the fallback runs: half the total. */
    public static final double DEFAULT_FALLBACK_FRACTION = 0.5;

    private WithoutReplacement() {
    }

    /**
     * Picks up to {@code k} indexes into {@code out[0..]} with the default fallback threshold.
     *
     * @param table          the table over {@code weights}
     * @param weights        the weights the table was built from
     * @param marks          indexes that must not be picked; picked indexes are marked too
     * @param markedWeight   the total weight of the indexes already marked
     * @return how many indexes were picked: {@code k}, or fewer when nothing eligible is left
     */
    public static int pick(AliasTable table, IndexWeights weights, EpochMarks marks, double markedWeight, int k,
            RandomGenerator rng, int[] out) {
        return pick(table, weights, marks, markedWeight, k, rng, out, DEFAULT_FALLBACK_FRACTION, 16 + 8L * k);
    }

    /**
     * As {@link #pick(AliasTable, IndexWeights, EpochMarks, double, int, RandomGenerator, int[])},
     * with the switch to the exact fallback set explicitly (0 forces the fallback, a fraction above 1
     * and a huge {@code maxRejections} force rejection). O(k) expected on the rejection path.
     */
    public static int pick(AliasTable table, IndexWeights weights, EpochMarks marks, double markedWeight, int k,
            RandomGenerator rng, int[] out, double fallbackFraction, long maxRejections) {
        final double limit = table.totalWeight() * fallbackFraction;
        if (markedWeight >= limit) {
            return fallback(table.size(), weights, marks, k, rng, out, 0);
        }
        // Rounds: draw every missing pick into out[got..k) first, then accept them in draw order.
        // The accepted draws are those of one draw at a time (the same draws in the same order), but
        // the draws of a round, and then its mark tests, are independent loads that the processor
        // overlaps: on a large graph each is a cache miss. The marked weight is summed only after a
        // rejection, the one event after which the switch to the fallback can be due.
        double marked = markedWeight;
        int summed = 0;
        long rejections = 0;
        int got = 0;
        while (got < k) {
            for (int j = got; j < k; j++) {
                out[j] = table.sample(rng);
            }
            for (int j = got; j < k; j++) {
                final int i = out[j];
                if (marks.mark(i)) {
                    out[got++] = i;
                    continue;
                }
                rejections++;
                for (; summed < got; summed++) {
                    marked += weights.weight(out[summed]);
                }
                if (marked >= limit || rejections > maxRejections) {
                    return got + fallback(table.size(), weights, marks, k - got, rng, out, got);
                }
            }
        }
        return got;
    }

    /** The exponential race over the unmarked indexes; writes up to {@code r} picks from {@code out[at]}. */
    static int fallback(int n, IndexWeights weights, EpochMarks marks, int r, RandomGenerator rng, int[] out, int at) {
        // Max-heap of the r smallest keys seen so far.
        final double[] hk = new double[r];
        final int[] hi = new int[r];
        int size = 0;
        for (int i = 0; i < n; i++) {
            if (marks.isMarked(i)) {
                continue;
            }
            final double w = weights.weight(i);
            if (w <= 0) {
                continue;
            }
            final double key = rng.nextExponential() / w;
            if (size < r) {
                siftUp(hk, hi, size++, key, i);
            } else if (key < hk[0]) {
                siftDown(hk, hi, size, key, i);
            }
        }
        // Pop largest first, filling the output from the back: increasing key order.
        final int got = size;
        while (size > 0) {
            final int top = hi[0];
            size--;
            if (size > 0) {
                siftDown(hk, hi, size, hk[size], hi[size]);
            }
            out[at + size] = top;
            marks.mark(top);
        }
        return got;
    }

    private static void siftUp(double[] hk, int[] hi, int pos, double key, int idx) {
        while (pos > 0) {
            final int parent = (pos - 1) >>> 1;
            if (hk[parent] >= key) {
                break;
            }
            hk[pos] = hk[parent];
            hi[pos] = hi[parent];
            pos = parent;
        }
        hk[pos] = key;
        hi[pos] = idx;
    }

    private static void siftDown(double[] hk, int[] hi, int size, double key, int idx) {
        int pos = 0;
        for (;;) {
            int child = 2 * pos + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && hk[child + 1] > hk[child]) {
                child++;
            }
            if (hk[child] <= key) {
                break;
            }
            hk[pos] = hk[child];
            hi[pos] = hi[child];
            pos = child;
        }
        hk[pos] = key;
        hi[pos] = idx;
    }
}
