package org.lnautopilot.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.graph.Progress;
import org.lnautopilot.heuristic.GreedyFlow;
import org.lnautopilot.heuristic.GreedyRouting;
import org.lnautopilot.simulation.BalancePrior;
import org.lnautopilot.simulation.NewNodeSimulation;
import org.lnautopilot.simulation.PoissonPayments;

/**
 * {@code greedy_flow} against a plain reference written from its rule: greedy_routing's set S on the
 * generator's receiver draw, greedy_routing again on the same draw without S's first pick, then
 * without its second (and, on half the seeds, without its third: every pick left out), each a
 * separate {@link GreedyRouting} given the same generator state and the pick as a skipped node,
 * every distinct set simulated on the same two check runs, the set of most fee income over both
 * (or, with the other yardstick, of most first attempts through X), ties broken by the other count,
 * then to the earlier, for a new node and for a node of the graph that builds on its own channels;
 * on the hand-made islands (every receiver) one pick in each island, as greedy_routing's.
 */
class GreedyFlowTest {
    static final long AMT = GreedyRoutingTest.AMT;
    static final long CHAN = GreedyRoutingTest.CHAN;
    static final FeeSettings FEES = GreedyRoutingTest.FEES;
    static final int LIMIT = 10;
    static final int RECEIVERS = 6;
    static final long CHECK = 300;
    static final int VARIANTS = 3;
    static final int RUNS = 2;

    static GreedyFlow flow(SplittableRandom rng, int exactLimit, int threads) {
        return new GreedyFlow(20_000, CHAN, 5, 1.0, rng, AMT, FEES, 0.5, VARIANTS, RUNS, CHECK, exactLimit, RECEIVERS,
                threads);
    }

    /** The candidate sets by the rule, sorted, in order: S, then S without its first pick, then without its second. */
    static List<int[]> candidates(CsrGraph g, NodeId self, long seed, int k, int exactLimit) {
        return candidates(g, self, seed, k, exactLimit, VARIANTS);
    }

    /** {@link #candidates(CsrGraph, NodeId, long, int, int)} with S without each of its first {@code variants - 1} picks. */
    static List<int[]> candidates(CsrGraph g, NodeId self, long seed, int k, int exactLimit, int variants) {
        final int[] first = new GreedyRouting(20_000, CHAN, 5, 1.0, new SplittableRandom(seed), AMT, FEES, exactLimit,
                RECEIVERS, 1).pick(g, self, k, Set.of());
        final List<int[]> sets = new ArrayList<>();
        sets.add(sorted(first));
        for (int v = 1; v < variants && v <= first.length; v++) {
            final int[] picks = new GreedyRouting(20_000, CHAN, 5, 1.0, new SplittableRandom(seed), AMT, FEES,
                    exactLimit, RECEIVERS, 1).pick(g, self, k, Set.of(g.nodeId(first[v - 1])));
            final int[] sorted = sorted(picks);
            if (picks.length > 0 && sets.stream().noneMatch(s -> Arrays.equals(s, sorted))) {
                sets.add(sorted);
            }
        }
        return sets;
    }

    /**
     * The reference's choice among {@link #candidates}: the check seeds follow the draw's on the
     * generator; X is {@code self} with its own channels (on the graph without them) and a channel of
     * the largest size to each pick.
     */
    static int[] expected(CsrGraph g, NodeId self, long seed, List<int[]> sets, int exactLimit) {
        return expected(g, self, seed, sets, exactLimit, GreedyFlow.Yardstick.INCOME);
    }

    /** {@link #expected(CsrGraph, NodeId, long, List, int)} comparing the sets by {@code by}. */
    static int[] expected(CsrGraph g, NodeId self, long seed, List<int[]> sets, int exactLimit,
            GreedyFlow.Yardstick by) {
        return expected(g, self, seed, sets, exactLimit, by, GreedyFlow.Check.ALL);
    }

    /**
     * {@link #expected(CsrGraph, NodeId, long, List, int, GreedyFlow.Yardstick)} where only the
     * {@code keep} sets that rank highest on the first run count in the end (every set is simulated
     * on every run here; a set's runs do not depend on the others').
     */
    static int[] expected(CsrGraph g, NodeId self, long seed, List<int[]> sets, int exactLimit,
            GreedyFlow.Yardstick by, int keep) {
        if (sets.size() == 1) {
            return sets.get(0);
        }
        final SplittableRandom ref = new SplittableRandom(seed);
        if (g.nodeCount() > exactLimit) {
            ref.nextLong(); // the receiver draw's seed
        }
        final ChannelPolicy p = FEES.resolve(g);
        final int n = sets.size();
        final long[][] first = new long[RUNS][n];
        final long[][] income = new long[RUNS][n];
        for (int r = 0; r < RUNS; r++) {
            final NewNodeSimulation.Settings s = new NewNodeSimulation.Settings(CHECK, 0, AMT,
                    PoissonPayments.DEFAULT_RATE_PER_HOUR, BalancePrior.BIMODAL, 0.5, ref.nextLong());
            for (int i = 0; i < n; i++) {
                final NewNodeSimulation.Result res = NewNodeSimulation.run(x(g, self, sets.get(i), p), s,
                        Progress.NONE);
                first[r][i] = res.firstAttemptsThroughX();
                income[r][i] = res.feeIncomeMsat();
            }
        }
        // Rank by (yardstick, other count, earlier set): sort the indexes, best first.
        final boolean byIncome = by == GreedyFlow.Yardstick.INCOME;
        final List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        // After the first run only its `keep` best go on (every set when RUNS is 1).
        final List<Integer> kept = new ArrayList<>(order);
        if (RUNS > 1 && keep < n) {
            kept.sort((a, b) -> compare(byIncome ? income[0] : first[0], byIncome ? first[0] : income[0], a, b));
            kept.subList(keep, n).clear();
        }
        final long[] primary = new long[n];
        final long[] secondary = new long[n];
        for (int r = 0; r < RUNS; r++) {
            for (int i = 0; i < n; i++) {
                primary[i] += byIncome ? income[r][i] : first[r][i];
                secondary[i] += byIncome ? first[r][i] : income[r][i];
            }
        }
        kept.sort((a, b) -> compare(primary, secondary, a, b));
        return sets.get(kept.get(0));
    }

    /** Orders sets best first: more of {@code primary}, then of {@code secondary}, then the earlier. */
    private static int compare(long[] primary, long[] secondary, int a, int b) {
        if (primary[a] != primary[b]) {
            return Long.compare(primary[b], primary[a]);
        }
        if (secondary[a] != secondary[b]) {
            return Long.compare(secondary[b], secondary[a]);
        }
        return Integer.compare(a, b);
    }

    /** X for {@code picks}: {@link NewNodeSimulation#overlay}'s, or self's channels then the picks. */
    static GraphOverlay x(CsrGraph g, NodeId self, int[] picks, ChannelPolicy p) {
        final int si = g.indexOf(self);
        if (si < 0 || g.degree(si) == 0) {
            return NewNodeSimulation.overlay(g, picks, CHAN, p);
        }
        final List<Integer> peers = new ArrayList<>();
        final List<Long> caps = new ArrayList<>();
        for (int s = g.slotStart(si); s < g.slotEnd(si); s++) {
            peers.add(g.neighbour(s));
            caps.add(g.capacitySat(g.endOfSlot(s) >> 1));
        }
        for (int c : picks) {
            peers.add(c);
            caps.add(CHAN);
        }
        return new GraphOverlay(g.withoutChannelsOf(si), peers.stream().mapToInt(Integer::intValue).toArray(),
                caps.stream().mapToLong(Long::longValue).toArray(), p);
    }

    static int[] sorted(int[] a) {
        final int[] s = a.clone();
        Arrays.sort(s);
        return s;
    }

    @Test
    void onTheIslandsItPicksOneNodeInEachIslandByTheRule() {
        final CsrGraph g = GreedyRoutingTest.islands();
        final int[] picks = flow(new SplittableRandom(1), 2_000, 1).pick(g, GreedyRoutingTest.SELF, 2, Set.of());
        assertEquals(2, picks.length);
        assertTrue(picks[0] / 4 != picks[1] / 4, "one pick in each island: " + Arrays.toString(picks));
        final NodeId self = GreedyRoutingTest.SELF;
        assertArrayEquals(expected(g, self, 1, candidates(g, self, 1, 2, 2_000), 2_000), sorted(picks));
    }

    /** Counts seeds whose variants gave more than one set, so that the check was exercised. */
    static int checked;
    /** Counts checks that dropped sets after the first run. */
    static int halved;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void thePicksAreTheVariantOfMostSimulatedIncomeOrFirstAttempts(long seed) {
        final int k = 3;
        // Three variants (the first two picks left out), and every pick left out (variants k + 1, and
        // EVERY_PICK, which must mean the same).
        final int variants = seed <= 4 ? VARIANTS : seed <= 6 ? k + 1 : GreedyFlow.EVERY_PICK;
        for (int limit : new int[] {LIMIT, 2_000}) {
            final CsrGraph g = RoutingGraphs.random(seed, 40, 110, false);
            // A new node, and (odd seeds) a node of the graph with its channels.
            final NodeId self = seed % 2 == 0 ? GreedyRoutingTest.SELF : g.nodeId((int) seed);
            assertTrue(seed % 2 == 0 || g.degree((int) seed) > 0, "node " + seed + " has channels");
            final List<int[]> sets = candidates(g, self, seed, k, limit, Math.min(variants, k + 1));
            if (sets.size() > 1) {
                checked++;
            }
            for (GreedyFlow.Yardstick by : GreedyFlow.Yardstick.values()) {
                // Every set on every run, and (successive halving) only the first run's best one or two after it.
                for (int keep : new int[] {GreedyFlow.Check.ALL, 2, 1}) {
                    final int[] got = new GreedyFlow(20_000, CHAN, 5, 1.0, new SplittableRandom(seed), AMT, FEES,
                            0.5, new GreedyFlow.Check(variants, RUNS, CHECK, by, keep), limit, RECEIVERS,
                            1 + (int) (seed % 2)).pick(g, self, k, Set.of());
                    assertArrayEquals(expected(g, self, seed, sets, limit, by, keep), sorted(got),
                            "seed " + seed + ", exact limit " + limit + ", " + variants + " variants, "
                                    + sets.size() + " distinct sets, by " + by + ", keep " + keep);
                    if (keep < sets.size()) {
                        halved++;
                    }
                }
            }
        }
        if (seed == 8) {
            assertTrue(checked >= 8, "the variants gave one set on most seeds; the check was tried on " + checked);
            assertTrue(halved >= 8, "successive halving dropped sets in only " + halved + " checks");
        }
    }

    @Test
    void badArgumentsAndAGraphWithoutPoliciesAreRefused() {
        final SplittableRandom r = new SplittableRandom(1);
        assertThrows(IllegalArgumentException.class,
                () -> new GreedyFlow(20_000, CHAN, 5, 1.0, r, AMT, FEES, 1.5, 3, 2, CHECK, LIMIT, RECEIVERS, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new GreedyFlow(20_000, CHAN, 5, 1.0, r, AMT, FEES, 0.5, 0, 2, CHECK, LIMIT, RECEIVERS, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new GreedyFlow(20_000, CHAN, 5, 1.0, r, AMT, FEES, 0.5, 3, 0, CHECK, LIMIT, RECEIVERS, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new GreedyFlow(20_000, CHAN, 5, 1.0, r, AMT, FEES, 0.5, 3, 2, 0, LIMIT, RECEIVERS, 1));
        final CsrGraph.Builder b = CsrGraph.builder().addresslessEligible(true);
        for (int i = 0; i < 3; i++) {
            b.node(org.lnautopilot.testing.TestKeys.key(i + 1));
        }
        b.addChannel(1, 0, 1, 1_000_000);
        b.addChannel(2, 1, 2, 1_000_000);
        final CsrGraph bare = b.build();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> flow(r, LIMIT, 1).pick(bare, GreedyRoutingTest.SELF, 2, Set.of()));
        assertTrue(e.getMessage().contains("greedy_flow needs channel policies"), e.getMessage());
        assertThrows(NullPointerException.class,
                () -> new GreedyFlow(20_000, CHAN, 5, 1.0, r, AMT, FEES, 0.5, (GreedyFlow.Check) null));
    }

    @Test
    void theNamedChecksAreQuickAndThorough() {
        assertEquals(GreedyFlow.Check.QUICK, GreedyFlow.Check.named("quick"));
        assertEquals(GreedyFlow.Check.THOROUGH, GreedyFlow.Check.named(" Thorough "));
        assertEquals(new GreedyFlow.Check(3, 2, 10_000, GreedyFlow.Yardstick.INCOME), GreedyFlow.Check.QUICK);
        assertEquals(new GreedyFlow.Check(GreedyFlow.EVERY_PICK, 3, 100_000, GreedyFlow.Yardstick.FIRST_ATTEMPTS, 3),
                GreedyFlow.Check.THOROUGH);
        assertEquals(GreedyFlow.Check.ALL, GreedyFlow.Check.QUICK.keep());
        assertEquals("custom", new GreedyFlow.Check(GreedyFlow.EVERY_PICK, 3, 100_000,
                GreedyFlow.Yardstick.FIRST_ATTEMPTS).name());
        assertThrows(IllegalArgumentException.class,
                () -> new GreedyFlow.Check(3, 2, 10_000, GreedyFlow.Yardstick.INCOME, 0));
        assertEquals("quick", GreedyFlow.Check.QUICK.name());
        assertEquals("thorough", GreedyFlow.Check.named(" THOROUGH").name());
        assertEquals("custom", new GreedyFlow.Check(3, 2, 10_000, GreedyFlow.Yardstick.FIRST_ATTEMPTS).name());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GreedyFlow.Check.named("fast"));
        assertEquals("must be quick or thorough, got fast", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GreedyFlow.Check(1, 0, 1, GreedyFlow.Yardstick.INCOME));
        assertThrows(NullPointerException.class, () -> new GreedyFlow.Check(1, 1, 1, null));
        final GreedyFlow f = new GreedyFlow(20_000, CHAN, 5, 1.0, new SplittableRandom(1), AMT, FEES, 0.5,
                GreedyFlow.Check.THOROUGH);
        assertEquals(GreedyFlow.Check.THOROUGH, f.check());
        assertTrue(f.toString().contains("every pick left out, 3 checks of 100000 payments by first attempts, the "
                + "first check's best 3 go on"), f.toString());
        assertEquals(GreedyFlow.Check.QUICK, new GreedyFlow(20_000, CHAN, 5, 1.0, new SplittableRandom(1), AMT, FEES,
                0.5).check());
    }

    /** A check run's result with only what the check reads: X's fee income and first attempts through X. */
    private static NewNodeSimulation.Result run(long incomeMsat, long firstAttempts) {
        return new NewNodeSimulation.Result(1_000, 0, 0, incomeMsat, 0, firstAttempts, 0, 0, 0, 0);
    }

    @Test
    void theCheckChoosesByItsYardstickThenTheOtherCountThenTheEarlierSet() {
        // Five sets, two runs (rs[r * 5 + i]); totals (income, first attempts) per set:
        // 0: (500, 10)  1: (400, 12)  2: (400, 12)  3: (300, 12)  4: (500, 11).
        final NewNodeSimulation.Result[] rs = {
            run(500, 4), run(0, 0), run(400, 12), run(100, 2), run(250, 11),
            run(0, 6), run(400, 12), run(0, 0), run(200, 10), run(250, 0)};
        // By income: 0 and 4 tie at 500, and 4 has more first attempts.
        assertEquals(4, new GreedyFlow.Check(5, 2, 1, GreedyFlow.Yardstick.INCOME).choose(rs, 5));
        // By first attempts: 1, 2 and 3 tie at 12; 1 and 2 tie on income too, and 1 is the earlier.
        assertEquals(1, new GreedyFlow.Check(5, 2, 1, GreedyFlow.Yardstick.FIRST_ATTEMPTS).choose(rs, 5));
        assertEquals(0, GreedyFlow.Check.QUICK.choose(new NewNodeSimulation.Result[] {run(0, 0)}, 1));
        // Successive halving: the first run's best go on, in index order.
        final NewNodeSimulation.Result[] firstRun = Arrays.copyOf(rs, 5); // income 500, 0, 400, 100, 250
        assertArrayEquals(new int[] {0, 2}, new GreedyFlow.Check(5, 2, 1, GreedyFlow.Yardstick.INCOME, 2)
                .survivors(firstRun, 5));
        // First attempts 4, 0, 12, 2, 11.
        assertArrayEquals(new int[] {2, 4}, new GreedyFlow.Check(5, 2, 1, GreedyFlow.Yardstick.FIRST_ATTEMPTS, 2)
                .survivors(firstRun, 5));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, GreedyFlow.Check.QUICK.survivors(firstRun, 5));
        // One run: nothing comes after it, so every set is compared.
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, new GreedyFlow.Check(5, 1, 1, GreedyFlow.Yardstick.INCOME, 2)
                .survivors(firstRun, 5));
        assertTrue(GreedyFlow.Check.THOROUGH.drops(6));
        assertFalse(GreedyFlow.Check.THOROUGH.drops(3));
        assertFalse(GreedyFlow.Check.QUICK.drops(3));
        // Ties: sets 1 and 2 equal on both counts, so the earlier goes on.
        final NewNodeSimulation.Result[] tied = {run(1, 1), run(5, 5), run(5, 5)};
        assertArrayEquals(new int[] {1}, new GreedyFlow.Check(3, 2, 1, GreedyFlow.Yardstick.INCOME, 1)
                .survivors(tied, 3));
        assertThrows(IllegalArgumentException.class, () -> GreedyFlow.Check.THOROUGH.survivors(rs, 5));
        assertThrows(IllegalArgumentException.class, () -> GreedyFlow.Check.QUICK.choose(rs, 3));
        assertThrows(IllegalArgumentException.class, () -> GreedyFlow.Check.QUICK.choose(rs, 0));
    }
}
