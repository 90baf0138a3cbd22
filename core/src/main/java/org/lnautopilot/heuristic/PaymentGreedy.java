package org.lnautopilot.heuristic;

import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.routing.DrawnReceivers;
import org.lnautopilot.routing.LndRouteChoice;
import org.lnautopilot.routing.PaymentEvaluator;

/**
 * What the greedy heuristics on payments share ({@link GreedyReach}, {@link GreedyRouting},
 * {@link GreedyFlow}): the
 * payment amount, lnd's route choice, the receivers (every one on graphs of at most
 * {@code exactLimit} nodes, else {@code receivers} draws by capacity from the generator, once per
 * call), the threads; the refusal of a graph without policies, and the rule that a peer must have an
 * enabled channel able to carry the amount (API.md part 3). Safe for concurrent use when the
 * subclass is (calls share only the generator, held while a call draws).
 */
abstract class PaymentGreedy extends GreedyHeuristic {
    final RandomGenerator rng;
    final long amountMsat;
    final int exactLimit;
    final int receivers;
    final int threads;
    final LndRouteChoice choice = new LndRouteChoice();

    /** @throws IllegalArgumentException naming the first bad argument */
    PaymentGreedy(long minChanSizeSat, long maxChanSizeSat, int chanLimit, double allocation, RandomGenerator rng,
            long amountMsat, int exactLimit, int receivers, int threads) {
        super(minChanSizeSat, maxChanSizeSat, chanLimit, allocation);
        this.rng = Objects.requireNonNull(rng, "rng");
        if (amountMsat <= 0) {
            throw new IllegalArgumentException("amountMsat must be positive, got " + amountMsat);
        }
        if (receivers < 2 || threads < 1 || exactLimit < 0) {
            throw new IllegalArgumentException("receivers must be at least 2, threads at least 1, exactLimit "
                    + "non-negative");
        }
        this.amountMsat = amountMsat;
        this.exactLimit = exactLimit;
        this.receivers = receivers;
        this.threads = threads;
    }

    /**
     * Refuses a graph without policies, then {@link #choose} among {@link GreedyCentrality#eligible}'s
     * nodes that have an enabled channel able to carry the amount.
     *
     * @throws IllegalArgumentException if the graph has no policies
     */
    @Override
    final int[] compute(CsrGraph g, NodeId self, int k, Set<NodeId> skipNodes) {
        if (!g.hasPolicies()) {
            throw new IllegalArgumentException(name() + " needs channel policies (fees, HTLC limits), and this graph "
                    + "has none");
        }
        final int selfIdx = g.indexOf(self);
        final boolean[] eligible = GreedyCentrality.eligible(g, selfIdx, skipNodes);
        carriers(g, eligible, amountMsat);
        return nothingToPick(k, eligible) ? new int[0] : choose(g, selfIdx, k, eligible);
    }

    /** The picks among {@code eligible} (some node is), {@code self} at {@code selfIdx} (-1 when not in g). */
    abstract int[] choose(CsrGraph g, int selfIdx, int k, boolean[] eligible);

    /**
     * A node already in the graph as the new node: the graph without its channels ({@code base}; g
     * itself when it has none), and its channels as the new node's first ones, to {@code peers} at
     * {@code capsSat}, in slot order. What greedy_routing's engine and greedy_flow's check start from.
     */
    record Own(CsrGraph base, int[] peers, long[] capsSat) {
        /** {@code self} at {@code selfIdx} (-1 when not in g). O(n + e) when it has channels, else O(1). */
        static Own of(CsrGraph g, int selfIdx) {
            if (selfIdx < 0 || g.degree(selfIdx) == 0) {
                return new Own(g, new int[0], new long[0]);
            }
            final int d = g.degree(selfIdx);
            final int[] peers = new int[d];
            final long[] caps = new long[d];
            for (int j = 0, s = g.slotStart(selfIdx); j < d; j++, s++) {
                peers[j] = g.neighbour(s);
                caps[j] = g.capacitySat(g.endOfSlot(s) >> 1);
            }
            return new Own(g.withoutChannelsOf(selfIdx), peers, caps);
        }
    }

    /** Whether every receiver is used on {@code g}. */
    final boolean everyReceiver(CsrGraph g) {
        return g.nodeCount() <= exactLimit;
    }

    /** {@code receivers} draws by the demand's receiver marginal, from a seed the generator gives. O(n + draws). */
    final int[] drawReceivers(CsrGraph g) {
        return PaymentEvaluator.drawReceivers(g, receivers, new SplittableRandom(nextSeed()));
    }

    /** A seed from the shared generator, held while drawing. */
    final long nextSeed() {
        synchronized (rng) {
            return rng.nextLong();
        }
    }

    /**
     * Draws by the demand's receiver marginal until {@code receivers} distinct receivers are drawn (at
     * most 20 times as many draws; {@link DrawnReceivers#drawUntilDistinct}), from a seed the generator
     * gives: a fixed number of route trees per pass. O(n + draws).
     */
    final int[] drawDistinctReceivers(CsrGraph g) {
        return DrawnReceivers.drawUntilDistinct(g, receivers, 20 * receivers, new SplittableRandom(nextSeed()));
    }

    /** The draws of {@link #drawReceivers}, collapsed. */
    final DrawnReceivers drawnReceivers(CsrGraph g) {
        return DrawnReceivers.collapse(drawReceivers(g), g.nodeCount());
    }
}
