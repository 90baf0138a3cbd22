package org.lnautopilot.heuristic;

import java.util.List;
import java.util.Objects;

import org.lnautopilot.graph.CsrGraph;

/**
 * A weighted sum of scorers ({@code weightedcomb}, lnd's {@code WeightedCombAttachment}): score =
 * sum of {@code weight * score}. Weights are finite, non-negative and sum to 1 within 1e-9 (lnd
 * demands float equality and so rejects 0.1 + 0.2 + 0.7, whose double sum is 0.9999999999999999).
 *
 * <p>Cost: the parts' own plus O(n) per part. Immutable; thread-safe when its parts are.
 */
public final class WeightedCombination implements NodeScorer {
    /** How far from 1 the weights' sum may be. */
    public static final double WEIGHT_SUM_TOLERANCE = 1e-9;

    /** One scorer and its weight. */
    public record Part(NodeScorer scorer, double weight) {
        /** @throws IllegalArgumentException if the weight is not finite and non-negative */
        public Part {
            Objects.requireNonNull(scorer, "scorer");
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("weight of " + scorer.name() + " must be finite and non-negative, got "
                        + weight);
            }
        }
    }

    private final List<Part> parts;

    /**
     * @throws IllegalArgumentException if there are no parts or the weights do not sum to 1 within
     *                                  {@link #WEIGHT_SUM_TOLERANCE}
     */
    public WeightedCombination(List<Part> parts) {
        this.parts = List.copyOf(Objects.requireNonNull(parts, "parts"));
        if (this.parts.isEmpty()) {
            throw new IllegalArgumentException("a weighted combination needs at least one part");
        }
        double sum = 0;
        for (Part p : this.parts) {
            sum += p.weight();
        }
        if (!(Math.abs(sum - 1.0) <= WEIGHT_SUM_TOLERANCE)) {
            throw new IllegalArgumentException("weights must sum to 1, got " + sum + " (" + describe() + ")");
        }
    }

    /** The parts, in order. */
    public List<Part> parts() {
        return parts;
    }

    @Override
    public String name() {
        return "weightedcomb";
    }

    @Override
    public long version() {
        // Versions only grow, so the sum changes whenever a part's does.
        long v = 0;
        for (Part p : parts) {
            v += p.scorer().version();
        }
        return v;
    }

    @Override
    public double[] scores(CsrGraph graph) {
        final double[] s = new double[graph.nodeCount()];
        for (Part p : parts) {
            final double w = p.weight();
            if (w == 0) {
                continue;
            }
            final double[] part = p.scorer().scores(graph);
            for (int i = 0; i < s.length; i++) {
                s[i] += w * part[i];
            }
        }
        // Rounding may push a sum of scores of 1 a hair above it.
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.min(1.0, s[i]);
        }
        return s;
    }

    private String describe() {
        StringBuilder b = new StringBuilder();
        for (Part p : parts) {
            b.append(b.length() == 0 ? "" : ",").append(p.scorer().name()).append(':').append(p.weight());
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return name() + "[" + describe() + "]";
    }
}
