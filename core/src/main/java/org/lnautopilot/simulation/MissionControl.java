package org.lnautopilot.simulation;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.Int2ObjectMap;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.Arrays;

/**
 * lnd's mission control, one per sender, as routing/missioncontrol_state.go and
 * probability_apriori.go (lnd 2026) define it: per directed node pair the sender holds the last
 * success amount and the last failure amount and time, and turns them into hop probabilities with
 * the a-priori estimator. This class keeps every sender's state, sparsely: a sender with no result
 * costs nothing, and a sender's results are held per pair it has seen.
 *
 * <h2>Recording ({@code setLastPairResult})</h2>
 * <ul>
 * <li>A success at amount a: the success amount rises to a if a is larger; a failure amount at or
 *     below a (with a failure on record) moves up to a + 1.</li>
 * <li>A failure at amount a at time t: ignored when a is above the recorded failure amount and t is
 *     within the minimum failure relax interval (1 minute) of the recorded failure; else the
 *     failure becomes (a, t), and a success amount at or above a drops to a - 1 (to 0 for a = 0).</li>
 * </ul>
 *
 * <h2>Probabilities ({@code AprioriEstimator.PairProbability})</h2>
 * For a hop u -&gt; v carrying a with a-priori probability P (lnd's a-priori hop probability times
 * the capacity factor), at time now, over the results R(u) of pairs leaving u:
 * <ul>
 * <li>node probability: P when R(u) is empty; else the weighted mean of P with weight
 *     {@code f = 1 / (1 - w) - 1} (w the a-priori weight, 0.5: f = 1), 0.95 with weight 1 for each
 *     result with {@code a <= success amount}, and 0 with weight {@code 2^(-age / half-life)} for
 *     each result with a failure and {@code a >= failure amount};</li>
 * <li>pair probability: the node probability when u -&gt; v has no result; 0.95 when {@code a <=}
 *     its success amount; the node probability when it has no failure or {@code a <} its failure
 *     amount; else the node probability times {@code 1 - 2^(-age / half-life)}.</li>
 * </ul>
 *
 * <p>Times are seconds of simulated time (doubles); the half-life is 1 hour. Not thread-safe.
 */
public final class MissionControl {
    /** lnd's {@code DefaultAprioriWeight}. */
    public static final double DEFAULT_APRIORI_WEIGHT = 0.5;
    /** lnd's {@code DefaultPenaltyHalfLife}: one hour, in seconds. */
    public static final double DEFAULT_HALF_LIFE_S = 3600;
    /** lnd's {@code prevSuccessProbability}. */
    public static final double PREV_SUCCESS_PROBABILITY = 0.95;
    /** lnd's {@code DefaultMinFailureRelaxInterval}: one minute, in seconds. */
    public static final double MIN_FAILURE_RELAX_INTERVAL_S = 60;

    private final double aprioriWeight;
    private final double halfLifeS;
    private final Int2ObjectOpenHashMap<History> bySender = new Int2ObjectOpenHashMap<>();
    private long pairs;

    /** lnd's defaults. */
    public MissionControl() {
        this(DEFAULT_APRIORI_WEIGHT, DEFAULT_HALF_LIFE_S);
    }

    /**
     * Other settings, as lnd's configuration allows.
     *
     * @throws IllegalArgumentException for a weight outside [0, 1] or a half-life that is not positive
     */
    public MissionControl(double aprioriWeight, double halfLifeS) {
        if (!(aprioriWeight >= 0 && aprioriWeight <= 1)) {
            throw new IllegalArgumentException("a-priori weight must lie in [0, 1], got " + aprioriWeight);
        }
        if (!(halfLifeS > 0) || Double.isInfinite(halfLifeS)) {
            throw new IllegalArgumentException("half-life must be positive and finite, got " + halfLifeS);
        }
        this.aprioriWeight = aprioriWeight;
        this.halfLifeS = halfLifeS;
    }

    /** One sender's results: per pair (from, to) a slot; per from-node a list of its slots. */
    static final class History {
        final Long2IntOpenHashMap slotOf = new Long2IntOpenHashMap();
        final Int2IntOpenHashMap headOf = new Int2IntOpenHashMap();
        int[] fromNodes = new int[4];
        int fromCount;
        int[] to = new int[4];
        int[] next = new int[4];
        long[] successAmt = new long[4];
        long[] failAmt = new long[4];
        /** The failure's time, or NaN when the pair has none (lnd's zero {@code FailTime}). */
        double[] failTime = new double[4];
        int size;

        History() {
            slotOf.defaultReturnValue(-1);
            headOf.defaultReturnValue(-1);
        }

        /** A deep copy. O(size). */
        History copy() {
            final History h = new History();
            h.slotOf.putAll(slotOf);
            h.headOf.putAll(headOf);
            h.fromNodes = fromNodes.clone();
            h.fromCount = fromCount;
            h.to = to.clone();
            h.next = next.clone();
            h.successAmt = successAmt.clone();
            h.failAmt = failAmt.clone();
            h.failTime = failTime.clone();
            h.size = size;
            return h;
        }

        /** The slot of pair (from, to), made empty (no success, no failure) when new. */
        int slot(int from, int toNode) {
            final long key = (long) from << 32 | (toNode & 0xFFFFFFFFL);
            int s = slotOf.get(key);
            if (s >= 0) {
                return s;
            }
            s = size++;
            if (s == to.length) {
                final int cap = 2 * s;
                to = Arrays.copyOf(to, cap);
                next = Arrays.copyOf(next, cap);
                successAmt = Arrays.copyOf(successAmt, cap);
                failAmt = Arrays.copyOf(failAmt, cap);
                failTime = Arrays.copyOf(failTime, cap);
            }
            to[s] = toNode;
            successAmt[s] = 0;
            failAmt[s] = 0;
            failTime[s] = Double.NaN;
            final int head = headOf.get(from);
            if (head < 0) {
                if (fromCount == fromNodes.length) {
                    fromNodes = Arrays.copyOf(fromNodes, 2 * fromCount);
                }
                fromNodes[fromCount++] = from;
            }
            next[s] = head;
            headOf.put(from, s);
            slotOf.put(key, s);
            return s;
        }
    }

    /** A deep copy: every sender's results, for a run that goes on apart ({@link ForkingRuns}). O(pairs held). */
    MissionControl copy() {
        final MissionControl c = new MissionControl(aprioriWeight, halfLifeS);
        for (Int2ObjectMap.Entry<History> e : bySender.int2ObjectEntrySet()) {
            c.bySender.put(e.getIntKey(), e.getValue().copy());
        }
        c.pairs = pairs;
        return c;
    }

    /** The sender's history, or null when it has none. O(1). */
    History history(int sender) {
        return bySender.get(sender);
    }

    private History historyOrNew(int sender) {
        History h = bySender.get(sender);
        if (h == null) {
            h = new History();
            bySender.put(sender, h);
        }
        return h;
    }

    /** lnd's {@code setLastPairResult} for a success of {@code from -> to} at {@code amountMsat}. O(1). */
    public void recordSuccess(int sender, int from, int to, long amountMsat, double timeS) {
        final History h = historyOrNew(sender);
        final int before = h.size;
        final int s = h.slot(from, to);
        pairs += h.size - before;
        if (amountMsat > h.successAmt[s]) {
            h.successAmt[s] = amountMsat;
        }
        if (!Double.isNaN(h.failTime[s]) && amountMsat >= h.failAmt[s]) {
            h.failAmt[s] = amountMsat + 1;
        }
    }

    /**
     * lnd's {@code setLastPairResult} for a failure of {@code from -> to} at {@code amountMsat} at
     * {@code timeS} (a balance failure: the pair failed for this amount and larger). O(1).
     */
    public void recordFailure(int sender, int from, int to, long amountMsat, double timeS) {
        final History h = historyOrNew(sender);
        final int before = h.size;
        final int s = h.slot(from, to);
        pairs += h.size - before;
        final double last = h.failTime[s];
        if (amountMsat > h.failAmt[s] && !Double.isNaN(last) && timeS - last < MIN_FAILURE_RELAX_INTERVAL_S) {
            return;
        }
        h.failTime[s] = timeS;
        h.failAmt[s] = amountMsat;
        if (amountMsat == 0) {
            h.successAmt[s] = 0;
        } else if (amountMsat <= h.successAmt[s]) {
            h.successAmt[s] = amountMsat - 1;
        }
    }

    /**
     * lnd's pair probability of {@code from -> to} for {@code amountMsat} at {@code nowS}, given the
     * hop's a-priori probability, for {@code sender} (see the class comment). O(results from
     * {@code from}).
     */
    public double pairProbability(int sender, int from, int to, long amountMsat, double apriori, double nowS) {
        final History h = bySender.get(sender);
        return h == null ? apriori : pairProbability(h, from, to, amountMsat, apriori, nowS);
    }

    double pairProbability(History h, int from, int to, long amountMsat, double apriori, double nowS) {
        final int head = h.headOf.get(from);
        if (head < 0) {
            return apriori;
        }
        final double node = nodeProbability(h, head, amountMsat, apriori, nowS);
        final int s = h.slotOf.get((long) from << 32 | (to & 0xFFFFFFFFL));
        if (s < 0) {
            return node;
        }
        if (amountMsat <= h.successAmt[s]) {
            return PREV_SUCCESS_PROBABILITY;
        }
        final double ft = h.failTime[s];
        if (Double.isNaN(ft) || amountMsat < h.failAmt[s]) {
            return node;
        }
        return node * (1 - weight(nowS - ft));
    }

    /** lnd's {@code getNodeProbability} over the results in the list starting at {@code head}. */
    private double nodeProbability(History h, int head, long amountMsat, double apriori, double nowS) {
        if (aprioriWeight == 1) {
            return apriori;
        }
        final double factor = 1 / (1 - aprioriWeight) - 1;
        double total = apriori * factor;
        double weights = factor;
        for (int s = head; s >= 0; s = h.next[s]) {
            if (amountMsat <= h.successAmt[s]) {
                weights += 1;
                total += PREV_SUCCESS_PROBABILITY;
            } else if (!Double.isNaN(h.failTime[s]) && amountMsat >= h.failAmt[s]) {
                weights += weight(nowS - h.failTime[s]);
            }
        }
        return total / weights;
    }

    /** lnd's {@code getWeight}: {@code 2^(-age / half-life)}, 1 for a fresh result. */
    private double weight(double ageS) {
        return StrictMath.pow(2, -ageS / halfLifeS);
    }

    /** The number of senders with some result. */
    public int senders() {
        return bySender.size();
    }

    /** The number of (sender, pair) results held. */
    public long pairs() {
        return pairs;
    }

    /** Whether {@code sender} holds a result of some pair leaving {@code from}. O(1). */
    public boolean hasResultsFrom(int sender, int from) {
        final History h = bySender.get(sender);
        return h != null && h.headOf.get(from) >= 0;
    }
}
