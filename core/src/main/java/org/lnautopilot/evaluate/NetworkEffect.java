package org.lnautopilot.evaluate;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.AttachmentHeuristic;
import org.lnautopilot.NodeId;
import org.lnautopilot.centrality.Betweenness;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.Progress;

/**
 * The network-level question: if every newcomer used this heuristic, would the network centralise?
 * {@code N} new nodes join one after another, each opening {@code K} channels to the peers the
 * heuristic picks on the graph as it has grown so far; the degree Gini coefficient and the share of
 * all betweenness held by the top 1% of nodes are measured before and after.
 *
 * <p>Each newcomer advertises one address (an unresolved {@code newcomer-i.invalid} host) so that
 * later newcomers may pick it, and costs one O(n + e) rebuild of the snapshot plus the heuristic's
 * own cost on it. Betweenness is exact up to {@link #EXACT_LIMIT} nodes and approximate
 * (epsilon 1e-3, delta 0.1) above. Static; thread-safe.
 */
public final class NetworkEffect {
    /** Largest graph whose betweenness is computed exactly here. */
    public static final int EXACT_LIMIT = 50_000;

    private NetworkEffect() {
    }

    /** How concentrated a graph is. */
    public record Concentration(double degreeGini, double top1Share) {
    }

    /**
     * Before and after the newcomers joined.
     *
     * @param newcomers how many joined
     * @param exact     whether betweenness was exact (else approximate, epsilon 1e-3)
     */
    public record Result(Concentration before, Concentration after, int newcomers, boolean exact, CsrGraph grown) {
    }

    /**
     * The degree Gini coefficient ({@code sum_i (2i - n - 1) x_i / (n sum x)} over degrees sorted
     * ascending; 0 for no channels) and the top 1% betweenness share ({@code ceil(n / 100)} nodes).
     * O(betweenness) + O(n log n).
     */
    public static Concentration measure(CsrGraph g, long seed, int threads) {
        final int n = g.nodeCount();
        final double[] deg = new double[n];
        for (int i = 0; i < n; i++) {
            deg[i] = g.degree(i);
        }
        final double[] b = n <= EXACT_LIMIT ? Betweenness.exact(g, threads)
                : Betweenness.approximate(g, 1e-3, 0.1, new SplittableRandom(seed), threads);
        return new Concentration(gini(deg), topShare(b, 0.01));
    }

    /** The Gini coefficient of non-negative values (0 when they sum to 0). O(n log n). */
    static double gini(double[] values) {
        final double[] x = values.clone();
        Arrays.sort(x);
        final int n = x.length;
        double sum = 0;
        double weighted = 0;
        for (int i = 0; i < n; i++) {
            sum += x[i];
            weighted += (2.0 * (i + 1) - n - 1) * x[i];
        }
        return sum == 0 ? 0 : weighted / (n * sum);
    }

    /** The share of the total held by the largest {@code ceil(fraction * n)} values (0 when the total is 0). */
    static double topShare(double[] values, double fraction) {
        final double[] x = values.clone();
        Arrays.sort(x);
        final int top = (int) Math.ceil(fraction * x.length);
        double total = 0;
        double head = 0;
        for (int i = 0; i < x.length; i++) {
            total += x[i];
            if (i >= x.length - top) {
                head += x[i];
            }
        }
        return total == 0 ? 0 : head / total;
    }

    /**
     * Lets {@code newcomers} new nodes join {@code g} one after another, newcomer {@code i} choosing
     * with {@code heuristicFor.apply(i)}: {@code k} channels with funds of {@code k} maximal channels.
     *
     * @throws IllegalArgumentException if {@code k < 1} or {@code newcomers < 0}
     */
    public static Result grow(CsrGraph g, LongFunction<AttachmentHeuristic> heuristicFor, int k, long maxChanSizeSat,
            int newcomers, long seed, int threads, Progress progress) {
        Objects.requireNonNull(g, "g");
        if (k < 1) {
            throw new IllegalArgumentException("channels per newcomer must be at least 1, got " + k);
        }
        if (newcomers < 0) {
            throw new IllegalArgumentException("newcomers must be non-negative, got " + newcomers);
        }
        final Concentration before = measure(g, seed, threads);
        final SplittableRandom keys = new SplittableRandom(seed ^ 0x6e657763L);
        CsrGraph cur = g;
        for (int i = 0; i < newcomers; i++) {
            final NodeId self = freshKey(cur, keys);
            final List<AttachmentDirective> ds = heuristicFor.apply(i).select(self, cur, Math.multiplyExact(k,
                    maxChanSizeSat), k, Set.of());
            final CsrGraph.Builder b = CsrGraph.builderFrom(cur);
            final int x = b.node(self);
            b.declare(x);
            b.addAddress(x, InetSocketAddress.createUnresolved("newcomer-" + i + ".invalid", 9735));
            for (int j = 0; j < ds.size(); j++) {
                final AttachmentDirective d = ds.get(j);
                b.addChannel(Long.MAX_VALUE - 64L * i - j, x, b.node(d.peerKey()), d.chanAmtSat());
            }
            cur = b.build();
            progress.update(i + 1, newcomers);
        }
        return new Result(before, measure(cur, seed, threads), newcomers, cur.nodeCount() <= EXACT_LIMIT, cur);
    }

    /** A key with a valid prefix that is not in {@code g} (not necessarily on the curve: it only names a newcomer). */
    private static NodeId freshKey(CsrGraph g, SplittableRandom r) {
        final byte[] key = new byte[NodeId.LENGTH];
        for (;;) {
            r.nextBytes(key);
            key[0] = (byte) (2 + (key[1] & 1));
            final NodeId id = NodeId.of(key);
            if (g.indexOf(id) < 0) {
                return id;
            }
        }
    }
}
