package org.lnautopilot.centrality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.testing.Stats;
import org.lnautopilot.testing.TestGraphs;

/**
 * {@link PathSampler} against exact enumeration: its paths are uniform over the shortest paths of a
 * pair (parallel channels are distinct paths), and its fractions average to each node's share of
 * them. Pairs are drawn interleaved from one sampler, so a draw that left marks behind would show.
 */
class PathSamplerTest {
    private static final int DRAWS = 30_000;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 8);
    }

    /** A pair with its shortest-path law: inner node sequence to probability, and each node's share. */
    private record Pair(int s, int t, int length, Map<String, Double> law, double[] share) {
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void pathsAreUniformAndFractionsAverageToTheShares(long seed) {
        CsrGraph g = TestGraphs.randomMultigraph(seed, 14 + (int) seed, 1.6);
        List<Pair> pairs = richestPairs(g, 3);
        assertFalse(pairs.isEmpty(), "seed " + seed + ": no pair with several shortest paths");
        PathSampler sampler = new PathSampler(new PathSampler.Adjacency(g));
        SplittableRandom rng = new SplittableRandom(seed);
        int n = g.nodeCount();
        List<Map<String, Long>> seen = new ArrayList<>();
        double[][] sums = new double[pairs.size()][n];
        for (int p = 0; p < pairs.size(); p++) {
            seen.add(new HashMap<>());
        }
        double[] merged = new double[n];
        for (int d = 0; d < DRAWS; d++) {
            for (int p = 0; p < pairs.size(); p++) {
                Pair pair = pairs.get(p);
                assertTrue(sampler.draw(pair.s, pair.t, rng), "seed " + seed);
                seen.get(p).merge(key(sampler.inner, sampler.innerCount, pair, g), 1L, Long::sum);
                Arrays.fill(merged, 0);
                for (int j = 0; j < sampler.fracCount; j++) {
                    merged[sampler.fracNode[j]] += sampler.fracWeight[j];
                }
                checkOneDraw(g, pair, merged, seed);
                for (int v = 0; v < n; v++) {
                    sums[p][v] += merged[v];
                }
            }
        }
        // Hoeffding for a mean of values in [0, 1], every node of every pair at once, at 1e-6.
        double tolerance = Math.sqrt(Math.log(2.0 * n * pairs.size() / Stats.ALPHA) / (2.0 * DRAWS));
        for (int p = 0; p < pairs.size(); p++) {
            Pair pair = pairs.get(p);
            List<String> keys = new ArrayList<>(pair.law.keySet());
            double[] prob = new double[keys.size()];
            long[] observed = new long[keys.size()];
            for (int i = 0; i < keys.size(); i++) {
                prob[i] = pair.law.get(keys.get(i));
                observed[i] = seen.get(p).getOrDefault(keys.get(i), 0L);
            }
            long total = Arrays.stream(observed).sum();
            assertEquals(DRAWS, total, "seed " + seed + ": a drawn path is not a shortest path: " + seen.get(p));
            double pv = Stats.pValue(prob, observed);
            assertTrue(pv > Stats.ALPHA, "seed " + seed + ", pair " + pair.s + "-" + pair.t + ": p = " + pv);
            for (int v = 0; v < n; v++) {
                double mean = sums[p][v] / DRAWS;
                assertEquals(pair.share[v], mean, tolerance,
                        "seed " + seed + ", pair " + pair.s + "-" + pair.t + ", node " + v);
            }
        }
    }

    @Test
    void unreachablePairsGiveNothingAndLeaveNoMarks() {
        // Two components: the path 0-1-2-3 and the triangle 4-5-6 with a tail 6-7.
        CsrGraph g = TestGraphs.of(8, new int[][] {{0, 1}, {1, 2}, {2, 3}, {4, 5}, {5, 6}, {6, 4}, {6, 7}});
        PathSampler sampler = new PathSampler(new PathSampler.Adjacency(g));
        SplittableRandom rng = new SplittableRandom(1);
        for (int round = 0; round < 3; round++) {
            assertFalse(sampler.draw(0, 7, rng));
            assertEquals(0, sampler.innerCount);
            assertEquals(0, sampler.fracCount);
            assertTrue(sampler.draw(0, 3, rng));
            assertEquals(2, sampler.innerCount);
            assertEquals(2, sampler.fracCount);
            assertTrue(sampler.draw(4, 7, rng));
            assertEquals(1, sampler.innerCount);
            assertEquals(6, sampler.inner[0]);
            assertTrue(sampler.draw(5, 4, rng));
            assertEquals(0, sampler.innerCount);
            assertEquals(0, sampler.fracCount);
        }
    }

    /**
     * Every fraction is in (0, 1] and belongs to a node strictly inside a shortest path; at every
     * distance from {@code s} strictly between the ends the fractions add up to 1 (one node of every
     * path lies there).
     */
    private static void checkOneDraw(CsrGraph g, Pair pair, double[] merged, long seed) {
        int[] ds = distances(g, pair.s);
        double[] perLevel = new double[pair.length + 1];
        for (int v = 0; v < merged.length; v++) {
            if (merged[v] != 0) {
                assertTrue(merged[v] > 0 && merged[v] <= 1 + 1e-12, "seed " + seed + ": fraction " + merged[v]);
                assertTrue(pair.share[v] > 0, "seed " + seed + ": node " + v + " is on no shortest path");
                perLevel[ds[v]] += merged[v];
            }
        }
        for (int level = 1; level < pair.length; level++) {
            assertEquals(1.0, perLevel[level], 1e-9, "seed " + seed + ", distance " + level);
        }
    }

    /** The inner nodes of a drawn path in order from {@code s}, as a key. */
    private static String key(int[] inner, int count, Pair pair, CsrGraph g) {
        int[] ds = distances(g, pair.s);
        int[] ordered = new int[pair.length - 1];
        Arrays.fill(ordered, -1);
        for (int i = 0; i < count; i++) {
            int v = inner[i];
            if (ds[v] < 1 || ds[v] >= pair.length || ordered[ds[v] - 1] >= 0) {
                return "bad " + Arrays.toString(Arrays.copyOf(inner, count));
            }
            ordered[ds[v] - 1] = v;
        }
        return Arrays.toString(ordered);
    }

    /** Up to {@code max} connected pairs at distance at least 3 with the most shortest paths. */
    private static List<Pair> richestPairs(CsrGraph g, int max) {
        int n = g.nodeCount();
        List<Pair> all = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            int[] ds = distances(g, s);
            for (int t = 0; t < n; t++) {
                if (t != s && ds[t] >= 3) {
                    all.add(enumerate(g, s, t, ds[t]));
                }
            }
        }
        all.sort((a, b) -> Integer.compare(b.law.size(), a.law.size()));
        return all.subList(0, Math.min(max, all.size()));
    }

    /** Every shortest path from {@code s} to {@code t}, channel by channel, by depth-first search. */
    private static Pair enumerate(CsrGraph g, int s, int t, int length) {
        int[] dt = distances(g, t);
        Map<String, Double> counts = new HashMap<>();
        double[] through = new double[g.nodeCount()];
        int[] path = new int[length + 1];
        path[0] = s;
        double total = walk(g, dt, path, 0, length, counts, through);
        counts.replaceAll((k, c) -> c / total);
        for (int v = 0; v < through.length; v++) {
            through[v] /= total;
        }
        return new Pair(s, t, length, counts, through);
    }

    private static double walk(CsrGraph g, int[] dt, int[] path, int depth, int length, Map<String, Double> counts,
            double[] through) {
        int v = path[depth];
        if (depth == length) {
            counts.merge(Arrays.toString(Arrays.copyOfRange(path, 1, length)), 1.0, Double::sum);
            for (int i = 1; i < length; i++) {
                through[path[i]]++;
            }
            return 1;
        }
        double found = 0;
        for (int k = g.slotStart(v); k < g.slotEnd(v); k++) {
            int w = g.neighbour(k);
            if (dt[w] == length - depth - 1) {
                path[depth + 1] = w;
                found += walk(g, dt, path, depth + 1, length, counts, through);
            }
        }
        return found;
    }

    private static int[] distances(CsrGraph g, int from) {
        int n = g.nodeCount();
        int[] dist = new int[n];
        Arrays.fill(dist, -1);
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        queue[tail++] = from;
        dist[from] = 0;
        while (head < tail) {
            int v = queue[head++];
            for (int k = g.slotStart(v); k < g.slotEnd(v); k++) {
                int w = g.neighbour(k);
                if (dist[w] < 0) {
                    dist[w] = dist[v] + 1;
                    queue[tail++] = w;
                }
            }
        }
        return dist;
    }
}
