package org.lnautopilot.heuristic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.lnautopilot.AttachmentHeuristic;
import org.lnautopilot.routing.FeeSettings;

/**
 * A heuristic named on the command line: {@code constrained} (the seed's law; the default),
 * {@code preferential}, {@code top_centrality}, {@code externalscore}, {@code uniform},
 * {@code greedy_centrality}, {@code greedy_reach}, {@code greedy_routing}, {@code greedy_flow}, or a weighted
 * combination of scorers
 * written {@code name:weight,...}
 * (for example {@code preferential:0.3,top_centrality:0.7}). Immutable; thread-safe.
 */
public final class HeuristicSpec {
    /** The names of single heuristics, in the order the help lists them. */
    public static final List<String> NAMES = List.of("constrained", "preferential", "top_centrality", "externalscore",
            "uniform", "greedy_centrality", "greedy_reach", "greedy_routing", "greedy_flow");
    /** The payment amount of {@code greedy_reach} and {@code greedy_routing} when none is given: 100,000 sat. */
    public static final long DEFAULT_AMOUNT_MSAT = 100_000_000L;
    /** The largest payment amount a command accepts: 21 million BTC, in satoshis. */
    public static final long MAX_AMOUNT_SAT = 2_100_000_000_000_000L;

    /** Whether {@code sat} is a payment amount a command accepts: positive and at most {@link #MAX_AMOUNT_SAT}. */
    public static boolean validAmountSat(long sat) {
        return sat > 0 && sat <= MAX_AMOUNT_SAT;
    }
    /** The names that may appear in a weighted combination. */
    public static final List<String> SCORER_NAMES = List.of("preferential", "top_centrality", "externalscore",
            "uniform");

    private final String text;
    private final String name;
    private final List<String> partNames;
    private final double[] weights;

    private HeuristicSpec(String text, String name, List<String> partNames, double[] weights) {
        this.text = text;
        this.name = name;
        this.partNames = partNames;
        this.weights = weights;
    }

    /**
     * Parses a specification. O(length).
     *
     * @throws IllegalArgumentException with one line naming the valid choices, for an unknown name, a
     *                                  bad or negative weight, a name given twice, or weights that do
     *                                  not sum to 1
     */
    public static HeuristicSpec parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        final String t = spec.trim().toLowerCase(Locale.ROOT);
        if (t.indexOf(':') < 0 && t.indexOf(',') < 0) {
            if (!NAMES.contains(t)) {
                throw new IllegalArgumentException("unknown heuristic '" + spec + "': choose one of "
                        + String.join(", ", NAMES) + ", or a weighted combination such as preferential:0.3,top_centrality:0.7");
            }
            return new HeuristicSpec(t, t, List.of(t), new double[] {1});
        }
        final String[] items = t.split(",", -1);
        final List<String> names = new ArrayList<>();
        final double[] w = new double[items.length];
        double sum = 0;
        for (int i = 0; i < items.length; i++) {
            final String item = items[i].trim();
            final int colon = item.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("bad weighted combination '" + spec + "': item '" + item
                        + "' must be name:weight, for example preferential:0.3,top_centrality:0.7");
            }
            final String n = item.substring(0, colon).trim();
            if (!SCORER_NAMES.contains(n)) {
                throw new IllegalArgumentException("bad weighted combination '" + spec + "': '" + n
                        + "' cannot be combined; choose among " + String.join(", ", SCORER_NAMES));
            }
            if (names.contains(n)) {
                throw new IllegalArgumentException("bad weighted combination '" + spec + "': " + n + " is given twice");
            }
            final String ws = item.substring(colon + 1).trim();
            try {
                w[i] = Double.parseDouble(ws);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad weighted combination '" + spec + "': weight '" + ws + "' of " + n
                        + " is not a number");
            }
            if (!(w[i] >= 0) || Double.isInfinite(w[i])) {
                throw new IllegalArgumentException("bad weighted combination '" + spec + "': weight of " + n
                        + " must be finite and non-negative, got " + ws);
            }
            names.add(n);
            sum += w[i];
        }
        if (!(Math.abs(sum - 1) <= WeightedCombination.WEIGHT_SUM_TOLERANCE)) {
            throw new IllegalArgumentException("bad weighted combination '" + spec + "': weights must sum to 1, got " + sum);
        }
        return new HeuristicSpec(t, "weightedcomb", List.copyOf(names), w);
    }

    /** The name: one of {@link #NAMES} or {@code weightedcomb}. */
    public String name() {
        return name;
    }

    /** Whether this is a weighted combination. */
    public boolean isCombination() {
        return name.equals("weightedcomb");
    }

    /** Whether this needs external scores ({@code externalscore}, alone or in a combination). */
    public boolean needsExternalScores() {
        return partNames.contains("externalscore");
    }

    /** Whether this heuristic scores nodes ({@link #scorer} works): every name but {@code constrained} and the greedy ones. */
    public boolean hasScorer() {
        return !name.equals("constrained") && !name.startsWith("greedy_");
    }

    /**
     * Whether this heuristic routes payments, so needs a graph with channel policies ({@code
     * greedy_reach}, {@code greedy_routing}, {@code greedy_flow}).
     */
    public boolean needsPolicies() {
        return name.equals("greedy_reach") || name.equals("greedy_routing") || name.equals("greedy_flow");
    }

    /**
     * The scorer of a scoring heuristic.
     *
     * @param external   the external scores, required when {@link #needsExternalScores()}
     * @param centrality makes the {@link TopCentrality} to use
     * @throws IllegalArgumentException if this heuristic has no scorer or external scores are missing
     */
    public NodeScorer scorer(ExternalScores external, Supplier<TopCentrality> centrality) {
        if (!hasScorer()) {
            throw new IllegalArgumentException(name + " picks peers without per-node scores; scoring heuristics are "
                    + String.join(", ", SCORER_NAMES) + " and weighted combinations of them");
        }
        if (needsExternalScores() && external == null) {
            throw new IllegalArgumentException("externalscore needs a scores file (--scores FILE)");
        }
        if (!isCombination()) {
            return single(name, external, centrality);
        }
        final List<WeightedCombination.Part> parts = new ArrayList<>();
        for (int i = 0; i < partNames.size(); i++) {
            parts.add(new WeightedCombination.Part(single(partNames.get(i), external, centrality), weights[i]));
        }
        return new WeightedCombination(parts);
    }

    private static NodeScorer single(String n, ExternalScores external, Supplier<TopCentrality> centrality) {
        switch (n) {
            case "preferential":
                return new PrefAttachment();
            case "top_centrality":
                return centrality.get();
            case "externalscore":
                return external;
            case "uniform":
                return new Uniform();
            default:
                throw new IllegalArgumentException("not a scorer: " + n);
        }
    }

    /**
     * The heuristic with the given budget.
     *
     * @param alpha      attachment exponent, for {@code constrained} only
     * @param external   external scores, required when {@link #needsExternalScores()}
     * @param centrality makes the {@link TopCentrality} to use (for {@code top_centrality} and the first pick of
     *                   {@code greedy_centrality})
     * @throws IllegalArgumentException naming the first bad argument
     */
    public AttachmentHeuristic create(long minChanSizeSat, long maxChanSizeSat, int chanLimit, double allocation,
            double alpha, RandomGenerator rng, ExternalScores external, Supplier<TopCentrality> centrality) {
        return create(minChanSizeSat, maxChanSizeSat, chanLimit, allocation, alpha, rng, external, centrality,
                DEFAULT_AMOUNT_MSAT);
    }

    /**
     * As {@link #create(long, long, int, double, double, RandomGenerator, ExternalScores, Supplier)},
     * with the payment amount of {@code greedy_reach} and {@code greedy_routing}; the new node's policy
     * the graph's median.
     */
    public AttachmentHeuristic create(long minChanSizeSat, long maxChanSizeSat, int chanLimit, double allocation,
            double alpha, RandomGenerator rng, ExternalScores external, Supplier<TopCentrality> centrality,
            long amountMsat) {
        return create(minChanSizeSat, maxChanSizeSat, chanLimit, allocation, alpha, rng, external, centrality,
                amountMsat, FeeSettings.GRAPH_MEDIAN);
    }

    /**
     * As {@link #create(long, long, int, double, double, RandomGenerator, ExternalScores, Supplier, long)},
     * with the new node's policy of {@code greedy_routing} ({@code --fee-base}, {@code --fee-ppm},
     * {@code --cltv-delta}).
     */
    public AttachmentHeuristic create(long minChanSizeSat, long maxChanSizeSat, int chanLimit, double allocation,
            double alpha, RandomGenerator rng, ExternalScores external, Supplier<TopCentrality> centrality,
            long amountMsat, FeeSettings fees) {
        return create(minChanSizeSat, maxChanSizeSat, chanLimit, allocation, alpha, rng, external, centrality,
                amountMsat, fees, GreedyFlow.DEFAULT_INBOUND);
    }

    /**
     * As {@link #create(long, long, int, double, double, RandomGenerator, ExternalScores, Supplier, long,
     * FeeSettings)}, with the inbound share of each new channel in {@code greedy_flow}'s simulated check.
     */
    public AttachmentHeuristic create(long minChanSizeSat, long maxChanSizeSat, int chanLimit, double allocation,
            double alpha, RandomGenerator rng, ExternalScores external, Supplier<TopCentrality> centrality,
            long amountMsat, FeeSettings fees, double inbound) {
        return create(minChanSizeSat, maxChanSizeSat, chanLimit, allocation, alpha, rng, external, centrality,
                amountMsat, fees, inbound, GreedyFlow.Check.QUICK);
    }

    /**
     * As {@link #create(long, long, int, double, double, RandomGenerator, ExternalScores, Supplier, long,
     * FeeSettings, double)}, with how much {@code greedy_flow} checks ({@code --flow-check}; other
     * heuristics ignore it).
     */
    public AttachmentHeuristic create(long minChanSizeSat, long maxChanSizeSat, int chanLimit, double allocation,
            double alpha, RandomGenerator rng, ExternalScores external, Supplier<TopCentrality> centrality,
            long amountMsat, FeeSettings fees, double inbound, GreedyFlow.Check check) {
        switch (name) {
            case "greedy_flow":
                return new GreedyFlow(minChanSizeSat, maxChanSizeSat, chanLimit, allocation, rng, amountMsat, fees,
                        inbound, check);
            case "greedy_routing":
                return new GreedyRouting(minChanSizeSat, maxChanSizeSat, chanLimit, allocation, rng, amountMsat, fees);
            case "greedy_reach":
                return new GreedyReach(minChanSizeSat, maxChanSizeSat, chanLimit, allocation, rng, amountMsat);
            case "constrained":
                return new ConstrainedPrefAttachment(minChanSizeSat, maxChanSizeSat, chanLimit, allocation, alpha, rng);
            case "greedy_centrality":
                return new GreedyCentrality(minChanSizeSat, maxChanSizeSat, chanLimit, allocation, rng,
                        GreedyCentrality.DEFAULT_ENDPOINTS, GreedyCentrality.DEFAULT_SCREEN, centrality.get());
            default:
                return new ScoredAttachment(scorer(external, centrality), minChanSizeSat, maxChanSizeSat, chanLimit,
                        allocation, rng);
        }
    }

    /** The specification as parsed (lower case, trimmed). */
    @Override
    public String toString() {
        return text;
    }
}
