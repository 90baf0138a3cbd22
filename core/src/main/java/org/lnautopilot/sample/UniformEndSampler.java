package org.lnautopilot.sample;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Exact O(1) sampling with weight {@code deg + 1} (linear preferential attachment shifted by one,
 * {@code alpha = 1}) on a growing graph. With {@code n} nodes and {@code e} channels the total
 * weight is {@code 2e + n}; a draw picks a uniform node with probability {@code n / (2e + n)} and
 * otherwise a uniform element of the list of all channel ends, which is a node in proportion to its
 * degree. Together: {@code (deg_i + 1) / (2e + n)}. Memory: one int per channel end and per node.
 * Not thread-safe.
 */
public final class UniformEndSampler implements DynamicAttachmentSampler {
    private int[] ends;
    private long endCount;
    private int[] degree;
    private int n;

    /** Sized for about {@code nodes} nodes and {@code channels} channels (it grows as needed). */
    public UniformEndSampler(int nodes, long channels) {
        ends = new int[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, 2 * channels))];
        degree = new int[Math.max(16, nodes)];
    }

    @Override
    public int addNode() {
        if (n == degree.length) {
            degree = Arrays.copyOf(degree, n * 2);
        }
        return n++;
    }

    @Override
    public void addChannel(int a, int b) {
        if (endCount + 2 > ends.length) {
            ends = Arrays.copyOf(ends, (int) Math.min(Integer.MAX_VALUE - 8, ends.length * 2L));
        }
        ends[(int) endCount++] = a;
        ends[(int) endCount++] = b;
        degree[a]++;
        degree[b]++;
    }

    @Override
    public int sample(RandomGenerator rng) {
        final long total = endCount + n;
        final long r = rng.nextLong(total);
        return r < n ? (int) r : ends[(int) (r - n)];
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public int degree(int i) {
        return degree[i];
    }

    @Override
    public double weight(int i) {
        return degree[i] + 1.0;
    }
}
