package org.lnautopilot.sample;

import java.util.random.RandomGenerator;

/**
 * A sampler over a growing graph's nodes with weight {@code (deg + 1)^alpha} that stays exact as
 * nodes are added and degrees grow: O(1) or O(log n) per draw and per change, never a rebuild.
 *
 * <p>Used by {@link org.lnautopilot.growth.GrowthSimulation}. Not thread-safe.
 */
public interface DynamicAttachmentSampler {
    /** Adds a node of degree 0; returns its index (nodes are numbered 0, 1, 2, ...). */
    int addNode();

    /** Adds a channel between nodes {@code a} and {@code b}, raising both degrees by one. */
    void addChannel(int a, int b);

    /** Draws a node with probability {@code weight(i) / sum of weights}. */
    int sample(RandomGenerator rng);

    /** Number of nodes. */
    int size();

    /** Degree of node {@code i}. */
    int degree(int i);

    /** The current weight of node {@code i}. */
    double weight(int i);

    /**
     * The sampler for {@code alpha}: {@link UniformEndSampler} for 1, {@link DegreeClassSampler}
     * otherwise.
     */
    static DynamicAttachmentSampler forAlpha(double alpha, int expectedNodes, long expectedChannels) {
        return alpha == 1.0 ? new UniformEndSampler(expectedNodes, expectedChannels)
                : new DegreeClassSampler(alpha, expectedNodes);
    }
}
