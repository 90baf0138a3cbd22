package org.lnautopilot.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongFunction;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.AttachmentHeuristic;
import org.lnautopilot.NodeId;
import org.lnautopilot.centrality.Betweenness;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.graph.Progress;

/**
 * Which heuristic should a new node use? Trials in which a new node {@code X} (not in the graph)
 * opens {@code K} channels to the peers a heuristic picks, each measured exactly
 * ({@link NewNodeMetrics}).
 *
 * <p>A trial asks the heuristic's {@code select} for {@code K} peers with funds of {@code K} maximal
 * channels and nothing skipped, adds {@code X} and one channel per peer as a {@link GraphOverlay}
 * (the graph is not copied), runs one exact betweenness pass over the {@code n + 1} nodes
 * ({@link Betweenness#exact(GraphOverlay, int, Progress)}) and one breadth-first search from
 * {@code X}. Trials that pick the same peer set share one measurement. Cost per distinct peer set:
 * one exact betweenness computation. Instances are not shared between threads; the work inside
 * uses {@code threads} workers.
 */
public final class Evaluation {
    private final CsrGraph graph;
    private final int threads;
    private final Map<String, NewNodeMetrics> measured = new HashMap<>();

    /**
     * @param graph   the graph the new node joins
     * @param threads workers for each betweenness pass, at least 1
     */
    public Evaluation(CsrGraph graph, int threads) {
        this.graph = Objects.requireNonNull(graph, "graph");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
    }

    /** One trial: the peers picked, and what they give {@code X}. */
    public record Trial(List<NodeId> peers, NewNodeMetrics metrics) {
    }

    /**
     * Runs {@code trials} trials of one heuristic. {@code heuristicForTrial} makes the heuristic of
     * trial {@code t} (seed it from {@code t} for reproducible runs).
     *
     * @param self the new node's key, not in the graph
     * @param k    channels per trial, at least 1
     * @param maxChanSizeSat the heuristic's largest channel: funds are {@code k} of them
     * @throws IllegalArgumentException if {@code k < 1}, {@code trials < 1} or {@code self} is in the graph
     */
    public List<Trial> run(LongFunction<AttachmentHeuristic> heuristicForTrial, NodeId self, int k, long maxChanSizeSat,
            int trials, Progress progress) {
        if (k < 1) {
            throw new IllegalArgumentException("channels per trial must be at least 1, got " + k);
        }
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be at least 1, got " + trials);
        }
        if (graph.indexOf(self) >= 0) {
            throw new IllegalArgumentException("the new node " + self + " is already in the graph");
        }
        final long funds = Math.multiplyExact(k, maxChanSizeSat);
        final List<Trial> out = new ArrayList<>(trials);
        for (int t = 0; t < trials; t++) {
            final AttachmentHeuristic h = heuristicForTrial.apply(t);
            final List<AttachmentDirective> ds = h.select(self, graph, funds, k, Set.of());
            final int[] peers = new int[ds.size()];
            final List<NodeId> ids = new ArrayList<>(ds.size());
            for (int i = 0; i < peers.length; i++) {
                ids.add(ds.get(i).peerKey());
                peers[i] = graph.indexOf(ds.get(i).peerKey());
            }
            out.add(new Trial(List.copyOf(ids), measure(peers)));
            progress.update(t + 1, trials);
        }
        return out;
    }

    /**
     * The metrics of a new node joined to {@code peers} (node indexes; a repeated peer means parallel
     * channels), computed once per distinct peer set and cached. One exact betweenness pass and one
     * BFS.
     */
    public NewNodeMetrics measure(int[] peers) {
        final int[] sorted = peers.clone();
        Arrays.sort(sorted);
        return measured.computeIfAbsent(Arrays.toString(sorted), key -> compute(sorted));
    }

    private NewNodeMetrics compute(int[] peers) {
        final GraphOverlay o = new GraphOverlay(graph, peers);
        final double[] b = Betweenness.exact(o, threads, Progress.NONE);
        final int x = o.newNode();
        int larger = 0;
        for (int v = 0; v < b.length; v++) {
            larger += b[v] > b[x] ? 1 : 0;
        }
        final long[] hops = hopCounts(o, x);
        final int n = graph.nodeCount();
        long reached = 0;
        long sum = 0;
        for (int h = 1; h < hops.length; h++) {
            reached += hops[h];
            sum += h * hops[h];
        }
        final long within2 = hops.length > 1 ? hops[1] + (hops.length > 2 ? hops[2] : 0) : 0;
        final long within3 = within2 + (hops.length > 3 ? hops[3] : 0);
        return new NewNodeMetrics(b[x], 1 + larger, reached == 0 ? Double.NaN : (double) sum / reached,
                n == 0 ? 0 : (double) within2 / n, n == 0 ? 0 : (double) within3 / n);
    }

    /** How many nodes lie at each hop count from {@code x} (index = hops). O(n + e). */
    static long[] hopCounts(GraphOverlay o, int x) {
        final int n = o.nodeCount();
        final int[] dist = new int[n];
        Arrays.fill(dist, -1);
        final int[] queue = new int[n];
        long[] counts = new long[8];
        int tail = 0;
        queue[tail++] = x;
        dist[x] = 0;
        for (int head = 0; head < tail; head++) {
            final int v = queue[head];
            final int dv = dist[v];
            if (dv >= counts.length) {
                counts = Arrays.copyOf(counts, counts.length * 2);
            }
            counts[dv]++;
            for (int j = 0, d = o.degree(v); j < d; j++) {
                final int w = o.neighbour(v, j);
                if (dist[w] < 0) {
                    dist[w] = dv + 1;
                    queue[tail++] = w;
                }
            }
        }
        int last = counts.length;
        while (last > 1 && counts[last - 1] == 0) {
            last--;
        }
        return Arrays.copyOf(counts, last);
    }

    /**
     * Mean and 95% confidence interval (Student's t, two-sided) of each metric over the trials:
     * {@code [metric][mean, low, high]}, in the order of {@link NewNodeMetrics#NAMES}, each interval
     * cut to the values the metric can take (betweenness and reach in [0, 1], rank and mean hops at
     * least 1; see {@link #summary(double[][], double[], double[])}). NaN values (a node that reaches
     * nobody has no mean hop count) are left out. O(trials).
     */
    public static double[][] summary(List<Trial> trials) {
        final double[][] rows = new double[trials.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = trials.get(i).metrics().values();
        }
        final double inf = Double.POSITIVE_INFINITY;
        return summary(rows, new double[] {0, 1, 1, 0, 0}, new double[] {1, inf, inf, 1, 1});
    }

    /**
     * Mean and 95% confidence interval (Student's t, two-sided) of each of {@code m} columns over
     * the rows ({@code rows[trial][metric]}): {@code [metric][mean, low, high]}; NaN values are left out.
     * O(rows m).
     */
    public static double[][] summary(double[][] rows, int m) {
        final double[] least = new double[m];
        final double[] most = new double[m];
        Arrays.fill(least, Double.NEGATIVE_INFINITY);
        Arrays.fill(most, Double.POSITIVE_INFINITY);
        return summary(rows, least, most);
    }

    /**
     * As {@link #summary(double[][], int)} for {@code least.length} columns, each interval cut to its
     * column's range {@code [least[k], most[k]]}, the values a trial can give: the mean of values in a
     * range lies in it, so the cut interval covers the mean whenever the t interval does, and it
     * prints no impossible value (a negative count, a share above 1) when few trials spread widely.
     * The mean itself is not changed. O(rows m).
     *
     * @throws IllegalArgumentException when the two ranges differ in length or a range is empty
     */
    public static double[][] summary(double[][] rows, double[] least, double[] most) {
        final int m = least.length;
        if (most.length != m) {
            throw new IllegalArgumentException("one range per column: " + m + " lower ends, " + most.length
                    + " upper ends");
        }
        for (int k = 0; k < m; k++) {
            if (!(least[k] <= most[k])) {
                throw new IllegalArgumentException("column " + k + "'s range [" + least[k] + ", " + most[k]
                        + "] is empty");
            }
        }
        final double[][] out = new double[m][3];
        for (int k = 0; k < m; k++) {
            double sum = 0;
            int c = 0;
            for (double[] row : rows) {
                final double v = row[k];
                if (!Double.isNaN(v)) {
                    sum += v;
                    c++;
                }
            }
            final double mean = c == 0 ? Double.NaN : sum / c;
            double ss = 0;
            for (double[] row : rows) {
                final double v = row[k];
                if (!Double.isNaN(v)) {
                    ss += (v - mean) * (v - mean);
                }
            }
            final double half = c > 1 ? tQuantile975(c - 1) * Math.sqrt(ss / (c - 1) / c) : 0;
            out[k][0] = mean;
            out[k][1] = Math.max(least[k], mean - half);
            out[k][2] = Math.min(most[k], mean + half);
        }
        return out;
    }

    /** The 0.975 quantile of Student's t with {@code df} degrees of freedom (a table to 30, then 1.96 + 2.4/df). */
    static double tQuantile975(int df) {
        final double[] t = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
            2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052,
            2.048, 2.045, 2.042};
        return df <= 30 ? t[df - 1] : 1.96 + 2.4 / df;
    }
}
