package org.lnautopilot.heuristic;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.AttachmentHeuristic;
import org.lnautopilot.Channel;
import org.lnautopilot.ChannelEdge;
import org.lnautopilot.ChannelGraph;
import org.lnautopilot.ChannelNeed;
import org.lnautopilot.Node;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.sample.AliasTable;
import org.lnautopilot.sample.EpochMarks;
import org.lnautopilot.sample.IndexWeights;
import org.lnautopilot.sample.WithoutReplacement;

/**
 * The seed's constrained preferential attachment: keep a fraction {@code allocation} of all funds in
 * at most {@code chanLimit} channels, and open new ones to nodes picked in proportion to their
 * degree.
 *
 * <h2>NeedMoreChans</h2>
 * No more channels once {@code chanLimit} are open or pending. Otherwise, with {@code inChans} the
 * sum of their capacities and {@code total = balance + inChans}: more channels only when
 * {@code inChans / total < allocation} (so 0/0, which is NaN, and equality both say no); then
 * {@code chanLimit - chans} channels with the budget {@code (long) (total * allocation) - inChans}.
 *
 * <h2>Select</h2>
 * Up to {@code n} picks, each without replacement: node {@code i} is eligible unless it is
 * {@code self}, in {@code skip}, or picked already; it is picked with probability
 * {@code w_i / sum of eligible w_j}, where {@code w_i = (deg_i + 1)^alpha} and {@code deg_i} counts
 * parallel channels. Fewer picks, or none, when nothing eligible is left. Then the sizing: with
 * {@code n'} picks, if {@code funds >= n' * maxChanSize} every channel gets {@code maxChanSize};
 * otherwise, in pick order and while {@code funds > minChanSize}, each gets
 * {@code min(maxChanSize, funds)}, and picks left without an amount are dropped.
 *
 * <p>The attachment exponent {@code alpha}: the seed's Go code weighs by {@code deg + 1}, which is
 * {@code alpha = 1} (linear preferential attachment, shifted by one so that nodes without channels
 * can be chosen), the default. The seed's own prose calls the heuristic "non-linear", favouring
 * high degree "but less so than regular linear preferential attachment": that reading is
 * {@code alpha < 1} (sub-linear attachment, Krapivsky, Redner and Leyvraz 2000), which yields
 * fewer and smaller hubs.
 *
 * <h2>Which nodes, and cost</h2>
 * On a {@link CsrGraph}, nodes that advertise no address cannot be dialled and are never picked
 * unless the graph says addressless nodes are eligible ({@link CsrGraph#addresslessEligible()}).
 * An {@link AliasTable} of the weights is built once per snapshot, lazily and under a lock, and
 * reused while later calls pass the same snapshot (the heuristic caches one snapshot, weakly); a
 * call then costs O(k + |skip|) expected, plus the directives it returns. Exclusions are kept in a
 * per-thread epoch-stamped mark array (see {@link WithoutReplacement} for the exact law and its
 * O(n) fallback). Each thread also keeps, for the last snapshot it was called on, the last
 * directive it made for each node, and hands it out again when a later call gives that node the
 * same amount (directives are immutable): from the second call on a snapshot, one reference per
 * node of the snapshot (4 MB at 10^6 nodes) plus the directives made, so a steady call allocates
 * little beyond the returned list. On any other {@link ChannelGraph} every visited node is a candidate (the graph
 * decides what it shows, as lnd's database graph did) and a call makes one {@code forEachNode}
 * pass collecting weights into primitive arrays, then samples the same way.
 *
 * <h2>Threads and randomness</h2>
 * Instances are immutable but for the cache and are safe for concurrent use. All calls share the
 * one {@link RandomGenerator} given at construction: the draws of one call are made while holding
 * that generator's monitor, so a seeded generator and the same sequence of calls give the same
 * directives, and concurrent calls serialize only for their O(k) draws.
 */
public final class ConstrainedPrefAttachment implements AttachmentHeuristic {
    private final ChannelBudget budget;
    private final double alpha;
    private final RandomGenerator rng;
    private final SnapshotCache<AliasTable> tables = new SnapshotCache<>(g -> buildTable(g, alpha()));
    private final ThreadLocal<SelectScratch> scratch = ThreadLocal.withInitial(SelectScratch::new);

    /** With a generator seeded from {@link SecureRandom} and {@code alpha = 1}. */
    public ConstrainedPrefAttachment(long minChanSizeSat, long maxChanSizeSat, int chanLimit, double allocation) {
        this(minChanSizeSat, maxChanSizeSat, chanLimit, allocation, new SplittableRandom(new SecureRandom().nextLong()));
    }

    /** With {@code alpha = 1}, the seed's law. */
    public ConstrainedPrefAttachment(long minChanSizeSat, long maxChanSizeSat, int chanLimit, double allocation,
            RandomGenerator rng) {
        this(minChanSizeSat, maxChanSizeSat, chanLimit, allocation, 1.0, rng);
    }

    /**
     * @param minChanSizeSat smallest channel, non-negative
     * @param maxChanSizeSat largest channel, positive and at least {@code minChanSizeSat}
     * @param chanLimit      most channels to hold, non-negative
     * @param allocation     fraction of all funds to keep in channels, in [0, 1]
     * @param alpha          attachment exponent, finite and non-negative (1 = the seed)
     * @param rng            the source of randomness, shared by all calls (see the class comment)
     * @throws IllegalArgumentException naming the first bad argument
     */
    public ConstrainedPrefAttachment(long minChanSizeSat, long maxChanSizeSat, int chanLimit, double allocation,
            double alpha, RandomGenerator rng) {
        this.budget = new ChannelBudget(minChanSizeSat, maxChanSizeSat, chanLimit, allocation);
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite and non-negative, got " + alpha);
        }
        this.alpha = alpha;
        this.rng = Objects.requireNonNull(rng, "rng");
    }

    /** The attachment weight of a node with {@code degree} channels: {@code (degree + 1)^alpha}. */
    static double weight(int degree, double alpha) {
        return alpha == 1.0 ? degree + 1.0 : Math.pow(degree + 1.0, alpha);
    }

    /** Smallest channel size. */
    public long minChanSizeSat() {
        return budget.minChanSizeSat;
    }

    /** Largest channel size. */
    public long maxChanSizeSat() {
        return budget.maxChanSizeSat;
    }

    /** Channel limit. */
    public int chanLimit() {
        return budget.chanLimit;
    }

    /** Fraction of funds to keep in channels. */
    public double allocation() {
        return budget.allocation;
    }

    /** Attachment exponent. */
    public double alpha() {
        return alpha;
    }

    /**
     * The seed's NeedMoreChans (see the class comment). O(chans).
     *
     * @throws ArithmeticException if the capacities and balance overflow a {@code long}
     */
    @Override
    public ChannelNeed needMoreChans(List<Channel> chans, long balanceSat) {
        return budget.needMoreChans(chans, balanceSat);
    }

    /**
     * The seed's Select (see the class comment). O(k + |skip|) expected on a {@link CsrGraph} whose
     * table is built, O(n + e) on the first call for a snapshot and on other graphs.
     */
    @Override
    public List<AttachmentDirective> select(NodeId self, ChannelGraph graph, long amtToUseSat, int numNewChans,
            Set<NodeId> skipNodes) {
        if (!budget.worthSelecting(self, graph, amtToUseSat, numNewChans, skipNodes)) {
            return List.of();
        }
        if (graph instanceof CsrGraph) {
            return selectCsr(self, (CsrGraph) graph, amtToUseSat, numNewChans, skipNodes);
        }
        return selectGeneric(self, graph, amtToUseSat, numNewChans, skipNodes);
    }

    /**
     * The alias table of {@code g}'s weights, built at most once per snapshot while it stays cached;
     * null when no node may be picked. Thread-safe.
     */
    AliasTable tableFor(CsrGraph g) {
        return tables.get(g, 0);
    }

    /**
     * Builds and caches the sampler for snapshot {@code g} now, so that the first {@code select}
     * does not pay for it. O(n); thread-safe.
     *
     * @return the number of nodes that may be picked (those with positive weight)
     */
    public int prepare(CsrGraph g) {
        AliasTable t = tableFor(g);
        if (t == null) {
            return 0;
        }
        int eligible = 0;
        for (int i = 0, n = g.nodeCount(); i < n; i++) {
            eligible += g.isDialable(i) ? 1 : 0;
        }
        return eligible;
    }

    /** The alias table of {@code g}'s weights, or null when no node may be picked. O(n). */
    public static AliasTable buildTable(CsrGraph g, double alpha) {
        int n = g.nodeCount();
        DegreeWeights w = new DegreeWeights(g, alpha);
        boolean any = false;
        for (int i = 0; i < n && !any; i++) {
            any = g.isDialable(i);
        }
        return any ? AliasTable.of(n, w) : null;
    }

    private List<AttachmentDirective> selectCsr(NodeId self, CsrGraph g, long funds, int want, Set<NodeId> skip) {
        final AliasTable table = tableFor(g);
        if (table == null) {
            return List.of();
        }
        return scratch.get().select(g, table, new DegreeWeights(g, alpha), self, false, skip, funds, want, rng,
                budget);
    }

    private List<AttachmentDirective> selectGeneric(NodeId self, ChannelGraph graph, long funds, int want,
            Set<NodeId> skip) {
        Collector c = new Collector(self, skip, alpha);
        graph.forEachNode(c);
        final int n = c.nodes.size();
        if (n == 0) {
            return List.of();
        }
        final double[] w = Arrays.copyOf(c.weights, n);
        final IndexWeights weights = IndexWeights.of(w);
        final AliasTable table = AliasTable.of(n, weights);
        final int k = Math.min(want, n);
        final int[] picks = new int[k];
        final int got;
        synchronized (rng) {
            got = WithoutReplacement.pick(table, weights, new EpochMarks(n), 0.0, k, rng, picks);
        }
        final long[] amounts = new long[got];
        final int sized = size(got, funds, amounts);
        final List<AttachmentDirective> out = new ArrayList<>(sized);
        for (int j = 0; j < sized; j++) {
            Node node = c.nodes.get(picks[j]);
            out.add(new AttachmentDirective(node.pubKey(), amounts[j], node.addrs()));
        }
        return out;
    }

    /** One forEachNode pass: candidates and their weights, self and skipped nodes left out. */
    private static final class Collector implements Consumer<Node> {
        final NodeId self;
        final Set<NodeId> skip;
        final double alpha;
        final List<Node> nodes = new ArrayList<>();
        double[] weights = new double[64];
        final DegreeCounter counter = new DegreeCounter();

        Collector(NodeId self, Set<NodeId> skip, double alpha) {
            this.self = self;
            this.skip = skip;
            this.alpha = alpha;
        }

        @Override
        public void accept(Node node) {
            NodeId id = node.pubKey();
            if (id.equals(self) || skip.contains(id)) {
                return;
            }
            counter.count = 0;
            node.forEachChannel(counter);
            if (nodes.size() == weights.length) {
                weights = Arrays.copyOf(weights, weights.length * 2);
            }
            weights[nodes.size()] = weight(counter.count, alpha);
            nodes.add(node);
        }
    }

    private static final class DegreeCounter implements Consumer<ChannelEdge> {
        int count;

        @Override
        public void accept(ChannelEdge e) {
            count++;
        }
    }

    /** The seed's sizing (see {@link ChannelBudget#size}). */
    int size(int picked, long funds, long[] amounts) {
        return budget.size(picked, funds, amounts);
    }

    @Override
    public String toString() {
        return "ConstrainedPrefAttachment[" + budget + ", alpha=" + alpha + "]";
    }
}
