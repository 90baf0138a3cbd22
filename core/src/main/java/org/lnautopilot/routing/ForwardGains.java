package org.lnautopilot.routing;

import java.util.Arrays;
import java.util.Objects;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.graph.Progress;
import org.lnautopilot.graph.Workers;

/**
 * The engine of {@code greedy_routing}: how much a new channel to each candidate would raise a new
 * node X's {@code routingShare} (the demand-weighted fraction of the network's payments whose lnd
 * route forwards through X), estimated for every candidate at once from one route tree per receiver.
 * After Ersoy, Roos and Erkin (FC 2020), with lnd's route choice instead of fee-weighted shortest
 * paths.
 *
 * <p><b>The decomposition.</b> Take the route tree towards a receiver t on the graph with X and its
 * current peers P ({@link RouteSearch}, every node labelled), and for every node v the weight
 * {@code sub(v)} of the senders whose route passes v and not yet X (each sender's route by
 * {@link RouteSearch#choose}, summed up the tree in reverse pop order). A channel X-c changes the
 * tree in two ways, and a payment through X enters from one peer and leaves to another:
 * <ul>
 *   <li><b>c as an exit.</b> X's label becomes the better of its own and "X forwards to c" (c's label
 *       extended by X's hop at X's policy). Where that is better, each peer p whose label is beaten by
 *       "p forwards to X" on the new label takes X's route, and with it the senders of {@code sub(p)};
 *       p as a sender takes it when its own channel to X now beats its route.</li>
 *   <li><b>c as an entry.</b> c's label "c forwards to X" (X's label extended by c's hop at c's median
 *       policy) beats c's own label: the senders of {@code sub(c)} now pass X, and so does c as a
 *       sender when its new channel beats its route.</li>
 * </ul>
 * The estimate counts the senders whose route already passes the node that switches; it leaves out
 * senders that would newly turn towards that node, and the small shift of labels that fees cause. It
 * is a screening estimate: {@link PaymentEvaluator} gives the metrics of the picks.
 *
 * <p><b>The first pick.</b> With no peer X forwards nothing, so every single channel gains 0. The
 * first pass then scores pairs: each of the {@code screen} eligible nodes of largest capacity as one
 * end, every eligible node as the other, both ways (exit c2 and entry c1: c1's label over X over c2
 * beats c1's; and the reverse), on the trees of the graph without X; the pick is the screened end of
 * the best pair, and {@link #partner} its other end, which the next pass would pick. A pair's gain
 * does not depend on which other nodes are eligible, so greedy runs on the same receivers that differ
 * only by a few ineligible nodes can share one pair pass ({@link #pairTable}, {@link #usePairs}).
 *
 * <p>Receivers: every node of positive capacity, each tree weighted by {@code w_t / Z} (exact), or a
 * sample drawn by the demand's receiver marginal {@code w_t (W - w_t)}, each draw weighted by
 * {@code 1 / (N (W - w_t))} (unbiased for {@code routingShare}) and scored by a lower confidence
 * bound ({@link #sampled}); the gains are in the units of {@code routingShare}. Workers take fixed
 * blocks of receivers, so the same thread count gives the same gains.
 *
 * <p>Cost per pass: R route trees, O((n + e) log n) each, plus O(n + e) for the senders and
 * O(n |P|) for the candidates; the pair pass adds O(screen n) per tree. Memory O(n) per thread,
 * plus {@code 2 screen n} doubles per thread in the pair pass (a sample keeps second moments too). Not
 * thread-safe (one greedy run); a {@link Pairs} table is immutable and may be shared.
 */
public final class ForwardGains {
    /** The most screened first ends of the pair pass; fewer on graphs so large that the table would pass 2^22 entries. */
    public static final int MAX_SCREEN = 16;

    private final LndRouteChoice choice;
    private final CsrGraph g;
    private final Demand demand;
    private final long amountMsat;
    private final long capMsat;
    private final ChannelPolicy policy;
    private final int[] receivers;
    /**
     * Per receiver i the weight of its tree's gains in the mean ({@code 2i}) and of their squares in the
     * second moment ({@code 2i + 1}, 0 for every receiver).
     */
    private final double[] scale;
    private final int threads;
    /** The number of draws of a sample, scored by a lower confidence bound (0: every receiver, exact). */
    private final int draws;
    /** How many standard errors a sampled gain's score lies below its mean. */
    static final double Z = 1.0;
    /** Each node's field-wise median policy: what it would charge on a channel to X. */
    private final long[] medBase;
    private final long[] medRate;
    private final int[] medLock;
    private int[] peers;
    private long[] peerCapSat;
    private int partner = -1;

    /**
     * @param g          the graph without X (with policies)
     * @param chanCapSat the capacity of each new channel
     * @param policy     X's policy on its channels
     * @param peers      X's peers already (for a node in the graph: its neighbours, its channels removed from
     *                   {@code g})
     * @param peerCapSat their channels' capacities
     * @param receivers  receiver indexes
     * @param scale      per receiver i its tree's weight in the mean ({@code 2i}) and in the second moment
     *                   ({@code 2i + 1})
     * @param draws      the draws of a sample, or 0 for every receiver
     * @throws IllegalArgumentException naming the first bad argument
     */
    private ForwardGains(LndRouteChoice choice, CsrGraph g, long amountMsat, long chanCapSat, ChannelPolicy policy,
            int[] peers, long[] peerCapSat, int[] receivers, double[] scale, int draws, int threads) {
        this.choice = Objects.requireNonNull(choice, "choice");
        this.g = Objects.requireNonNull(g, "g");
        this.policy = Objects.requireNonNull(policy, "policy");
        LndRouteChoice.checkAmount(amountMsat);
        if (!g.hasPolicies()) {
            throw new IllegalArgumentException("the graph has no channel policies, so payments cannot be routed on it");
        }
        if (2 * receivers.length != scale.length || peers.length != peerCapSat.length || threads < 1 || chanCapSat < 0) {
            throw new IllegalArgumentException("one scale per receiver, one capacity per peer, at least one thread "
                    + "and a non-negative channel size");
        }
        final int n = g.nodeCount();
        for (int t : receivers) {
            Objects.checkIndex(t, n);
        }
        this.demand = Demand.byCapacity(g);
        this.amountMsat = amountMsat;
        this.capMsat = chanCapSat * 1000;
        this.receivers = receivers.clone();
        this.scale = scale.clone();
        this.threads = threads;
        this.draws = draws;
        this.peers = peers.clone();
        this.peerCapSat = peerCapSat.clone();
        medBase = new long[n];
        medRate = new long[n];
        medLock = new int[n];
        for (int v = 0; v < n; v++) {
            final long[] m = Policies.nodeMedian(g, v);
            medBase[v] = m[0];
            medRate[v] = m[1];
            medLock[v] = (int) m[2];
        }
    }

    /** Every receiver of positive capacity, each tree weighted by {@code w_t / Z}. O(n + e). */
    public static ForwardGains everyReceiver(LndRouteChoice choice, CsrGraph g, long amountMsat, long chanCapSat,
            ChannelPolicy policy, int[] peers, long[] peerCapSat, int threads) {
        final Demand d = Demand.byCapacity(g);
        final int[] t = new int[d.positiveCount()];
        final double[] s = new double[2 * t.length];
        final double z = d.pairWeight();
        for (int i = 0, k = 0; i < d.nodeCount(); i++) {
            if (d.weight(i) > 0) {
                t[k] = i;
                s[2 * k++] = d.weight(i) / z;
            }
        }
        return new ForwardGains(choice, g, amountMsat, chanCapSat, policy, peers, peerCapSat, t, s, 0, threads);
    }

    /**
     * Receivers drawn by the demand's receiver marginal {@code w_t (W - w_t)} ({@link PaymentEvaluator#drawReceivers}
     * or {@link DrawnReceivers#drawUntilDistinct}; N draws). A draw of t estimates a candidate's gain by
     * {@code v = G_t / (W - w_t)}, G_t the sender weight its tree says would switch to X; the gain is
     * the mean of v over the draws, and a receiver drawn several times gets one tree (on mainnet-2024,
     * 1,000 draws are 337 receivers). A candidate's score is that mean less {@link #Z} standard errors
     * (from the draws' second moment), so a gain that few receivers carry (a channel straight to a
     * receiver the sample happens to favour) does not win on luck: on the 2019 snapshot one draw of 685
     * picked a first pair worth 8.6e-5 over one worth 6.1e-4 on the mean alone.
     *
     * @throws IllegalArgumentException if there are fewer than 2 draws, or as the other factory
     */
    public static ForwardGains sampled(LndRouteChoice choice, CsrGraph g, long amountMsat, long chanCapSat,
            ChannelPolicy policy, int[] peers, long[] peerCapSat, int[] drawn, int threads) {
        final int count = drawn.length;
        if (count < 2) {
            throw new IllegalArgumentException("at least two receivers, got " + count);
        }
        final Demand d = Demand.byCapacity(g);
        final DrawnReceivers r = DrawnReceivers.collapse(drawn, g.nodeCount());
        final double[] s = new double[2 * r.size()];
        for (int i = 0; i < count; i++) {
            final int k = r.slotOfDraw[i];
            final double rest = d.total() - d.weight(r.nodes[k]);
            s[2 * k] += 1.0 / (count * rest);
            s[2 * k + 1] += 1.0 / (count * rest * rest);
        }
        return new ForwardGains(choice, g, amountMsat, chanCapSat, policy, peers, peerCapSat, r.nodes, s, count,
                threads);
    }

    /** X is now joined to {@code c} by a channel of the new channels' size. */
    public void connect(int c) {
        Objects.checkIndex(c, g.nodeCount());
        final int k = peers.length;
        peers = Arrays.copyOf(peers, k + 1);
        peerCapSat = Arrays.copyOf(peerCapSat, k + 1);
        peers[k] = c;
        peerCapSat[k] = capMsat / 1000;
    }

    /**
     * One pass: the candidate among {@code eligible} whose new channel most raises X's routing share
     * (estimated as the class comment says), or -1 when none raises it. With no peer yet, the pair
     * pass's pick (from the shared table of {@link #usePairs} when one is set and applies). Fills
     * {@code gain} (per node; in the pair pass, a screened node's best pair) when not null.
     */
    public int bestCandidate(boolean[] eligible, double[] gain, Progress progress) {
        final int n = g.nodeCount();
        if (eligible.length != n) {
            throw new IllegalArgumentException("one eligibility flag per node");
        }
        if (peers.length == 0) {
            final Pairs t = shared != null && shared.serves(eligible) ? shared
                    : pairs(eligible, screenSize(), progress);
            return bestPair(t, eligible, gain);
        }
        final double[] total = pass(eligible, null, n, progress);
        if (gain != null) {
            Arrays.fill(gain, 0);
            for (int c = 0; c < n; c++) {
                if (total[c] > gain[c]) {
                    gain[c] = total[c];
                }
            }
        }
        partner = -1;
        return choice(total, eligible);
    }

    /**
     * A pass's pick from its gains (per node): the eligible node of largest positive gain, ties to the
     * lower index; -1 when none gains. What {@link #bestCandidate} returns, and what a caller that
     * reuses a pass's {@code gain} with fewer nodes eligible gets from it (a candidate's gain does not
     * depend on which other nodes are eligible). O(n).
     */
    public static int choice(double[] gain, boolean[] eligible) {
        int best = -1;
        double bestGain = 0;
        for (int c = 0; c < gain.length; c++) {
            if (eligible[c] && gain[c] > bestGain) {
                bestGain = gain[c];
                best = c;
            }
        }
        return best;
    }

    /**
     * The pair pass's table for {@code eligible} with {@code spare} more screened ends than a pass
     * uses, so that it also serves every greedy run on these receivers whose eligible nodes are these
     * less at most {@code spare} of them ({@link #usePairs}): each pair's gain does not depend on which
     * other nodes are eligible, and the screened ends of such a run are among these. What
     * {@code greedy_flow}'s variants share. O(one pair pass with {@code screen + spare} ends).
     *
     * @throws IllegalArgumentException if X already has peers (no pair pass), spare is negative, or
     *                                  eligible has the wrong length
     */
    public Pairs pairTable(boolean[] eligible, int spare, Progress progress) {
        if (peers.length != 0 || spare < 0 || eligible.length != g.nodeCount()) {
            throw new IllegalArgumentException("a pair table needs a new node without peers, a non-negative spare "
                    + "and one eligibility flag per node");
        }
        return pairs(eligible.clone(), screenSize() + spare, progress);
    }

    /**
     * The pair pass of this greedy run reads {@code t} instead of running its own wherever {@code t}
     * serves its eligible nodes ({@link #pairTable}); the picks are the same. {@code t} must come from
     * a {@link ForwardGains} on the same graph, receivers, amount, channel size and policy (checked
     * where cheap: the node count and the receivers). Null: run the pass. O(r).
     *
     * @throws IllegalArgumentException if t was built on other receivers or another graph
     */
    public void usePairs(Pairs t) {
        if (t != null && (t.n != g.nodeCount() || !Arrays.equals(t.receivers, receivers))) {
            throw new IllegalArgumentException("the pair table was built on another graph or other receivers");
        }
        shared = t;
    }

    /** A shared pair table, or null. */
    private Pairs shared;

    /**
     * The pair pass's scored gains: entry {@code i n + c} is the pair (screened end {@code screen[i]},
     * other end c) for the eligible nodes it was built with. Immutable; safe to share between threads.
     */
    public static final class Pairs {
        final int[] screen;
        final int used;
        /** Whether the screen holds every node eligible in the table (there were no more to screen). */
        final boolean complete;
        final boolean[] eligible;
        final int[] receivers;
        final int n;
        final double[] total;

        Pairs(int[] screen, int used, boolean complete, boolean[] eligible, int[] receivers, int n, double[] total) {
            this.screen = screen;
            this.used = used;
            this.complete = complete;
            this.eligible = eligible;
            this.receivers = receivers;
            this.n = n;
            this.total = total;
        }

        /**
         * Whether a pass with {@code el} eligible would screen only ends of this table: el within the
         * table's eligible nodes, and its {@code used} ends of largest capacity all screened here (at
         * least {@code used} of the table's ends still eligible, or the table screened every eligible
         * node). O(n).
         */
        boolean serves(boolean[] el) {
            for (int c = 0; c < n; c++) {
                if (el[c] && !eligible[c]) {
                    return false;
                }
            }
            int kept = 0;
            for (int c : screen) {
                kept += el[c] ? 1 : 0;
            }
            return kept >= used || complete;
        }
    }

    /**
     * The best pair of {@code t} among {@code eligible}: screened ends the first {@code t.used} eligible
     * ones of the table's in its order (a pass's own screen), other ends eligible; {@link #partner} set
     * to its other end. Fills {@code gain} as {@link #bestCandidate} says. O(used n).
     */
    private int bestPair(Pairs t, boolean[] eligible, double[] gain) {
        final int n = t.n;
        final double[] total = t.total;
        if (gain != null) {
            Arrays.fill(gain, 0);
        }
        int best = -1;
        double bestGain = 0;
        partner = -1;
        for (int i = 0, ends = 0; i < t.screen.length && ends < t.used; i++) {
            final int c = t.screen[i];
            if (!eligible[c]) {
                continue;
            }
            ends++;
            for (int c2 = 0, base = i * n; c2 < n; c2++) {
                final double v = total[base + c2];
                if (!eligible[c2] || v <= 0) {
                    continue;
                }
                if (gain != null && v > gain[c]) {
                    gain[c] = v;
                }
                if (v > bestGain) {
                    bestGain = v;
                    best = c;
                    partner = c2;
                }
            }
        }
        return best;
    }

    /** The pair pass over the {@code m} screened ends of largest capacity among {@code eligible}, as a table. */
    private Pairs pairs(boolean[] eligible, int m, Progress progress) {
        final int n = g.nodeCount();
        final int[] screen = screen(eligible, m);
        final double[] total = pass(eligible, screen, screen.length * n, progress);
        return new Pairs(screen, screenSize(), screen.length < m, eligible, receivers, n, total);
    }

    /**
     * Every receiver's tree over the workers: the scored gains per candidate ({@code screen} null) or per
     * pair (screened end {@code i}, other end c at {@code i n + c}). With a sample, each is the mean less
     * {@link #Z} standard errors.
     */
    private double[] pass(boolean[] eligible, int[] screen, int width, Progress progress) {
        final RouteGraph rg = new RouteGraph(new GraphOverlay(g, peers, peerCapSat, policy));
        final double[][] sums = new double[threads][];
        final int r = receivers.length;
        final boolean sample = draws > 0;
        final int groups = sample ? 2 : 1; // the mean, and with a sample the second moment
        Workers.run(threads, w -> (done, stop) -> {
            final Pass pass = new Pass(rg, eligible, screen, width, groups);
            sums[w] = pass.gain;
            final int from = (int) ((long) r * w / threads);
            final int to = (int) ((long) r * (w + 1) / threads);
            for (int i = from; i < to && !stop.requested(); i++) {
                pass.tree(receivers[i], scale[2 * i], scale[2 * i + 1]);
                done.add(1);
            }
        }, r, progress == null ? Progress.NONE : progress);
        final double[] total = new double[groups * width];
        for (double[] s : sums) {
            for (int i = 0; i < total.length; i++) {
                total[i] += s[i];
            }
        }
        if (sample) {
            // The mean per draw less Z standard errors of it.
            final double draws = this.draws;
            for (int i = 0; i < width; i++) {
                final double var = Math.max(0, total[width + i] - total[i] * total[i]);
                total[i] -= Z * Math.sqrt(var / draws);
            }
        }
        return groups == 1 ? total : Arrays.copyOf(total, width);
    }

    /**
     * After a pair pass (the first, with no peer), the other end of the best pair: the candidate the next
     * pass would pick, since with the first end as X's only peer its two terms are the pair's. -1 after
     * any other pass or when no pair gains.
     */
    public int partner() {
        return partner;
    }

    /**
     * How many screened first ends a pair pass uses: {@link #MAX_SCREEN}, fewer where {@code screen * n}
     * would pass 2^22, at least 2. O(1).
     */
    private int screenSize() {
        return Math.max(2, Math.min(MAX_SCREEN, (1 << 22) / Math.max(1, g.nodeCount())));
    }

    /**
     * The screened first ends of the pair pass: the {@code m} eligible nodes of largest capacity (ties to
     * the lower index), in that order; fewer when fewer are eligible. O(m n).
     */
    private int[] screen(boolean[] eligible, int m) {
        final int n = g.nodeCount();
        final boolean[] taken = new boolean[n];
        final int[] out = new int[m];
        int k = 0;
        for (; k < m; k++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (eligible[i] && !taken[i] && (best < 0 || demand.weight(i) > demand.weight(best))) {
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            taken[best] = true;
            out[k] = best;
        }
        return Arrays.copyOf(out, k);
    }

    /** One worker's search, sender sums and gains. */
    private final class Pass {
        final RouteSearch s;
        final RouteGraph rg;
        final boolean[] eligible;
        final int[] screen;
        /** The gains' weighted sums, then (with a sample) their squares'. */
        final double[] gain;
        final int width;
        /** The current tree's weights: of its gains, and of their squares. */
        double scA;
        double scB;
        /** Per node: the sender weight whose route passes it, and of that, already through X. */
        final double[] acc;
        final double[] accX;
        /** Per node: whether its label passes X. */
        final boolean[] on;
        /** Per sender: whether it has a route, whether it passes X, its distance and probability. */
        final boolean[] routed;
        final boolean[] sOnX;
        final long[] sDist;
        final double[] sProb;
        final int[] mark;
        int stamp;
        final int maxHops;
        final double local;
        final double minProb;

        Pass(RouteGraph rg, boolean[] eligible, int[] screen, int width, int groups) {
            this.rg = rg;
            this.s = choice.newSearch(rg);
            this.eligible = eligible;
            this.screen = screen;
            final int nodes = rg.nodes;
            this.width = width;
            this.gain = new double[groups * width];
            acc = new double[nodes];
            accX = new double[nodes];
            on = new boolean[nodes];
            routed = new boolean[nodes];
            sOnX = new boolean[nodes];
            sDist = new long[nodes];
            sProb = new double[nodes];
            mark = new int[nodes];
            maxHops = choice.maxHops;
            local = choice.localProbability;
            minProb = choice.minProbability;
        }

        void tree(int t, double a, double b) {
            scA = a;
            scB = b;
            s.searchInPopOrder(t, amountMsat); // the pair pass walks the order by distance
            senders(t);
            if (screen == null) {
                candidates(t);
            } else {
                pairs(t);
            }
        }

        /** The tree towards t, every sender's route, and the sums {@code acc}, {@code accX} up the tree. */
        private void senders(int t) {
            final RouteSearch se = s;
            final int[] order = se.order;
            final int m = se.orderSize;
            final int[] next = se.next;
            final int x = rg.x;
            final boolean[] onX = on;
            onX[t] = false;
            for (int i = 0; i < m; i++) {
                final int v = order[i];
                onX[v] = v == x || onX[next[v]];
            }
            final double[] a = acc;
            final double[] ax = accX;
            Arrays.fill(a, 0);
            Arrays.fill(ax, 0);
            final Demand d = demand;
            se.prepareChoices();
            for (int u = 0, n = rg.n; u < n; u++) {
                final double w = d.weight(u);
                routed[u] = false;
                sOnX[u] = false;
                if (w <= 0 || u == t) {
                    continue;
                }
                se.choose(u);
                final int h = se.chosenHop;
                if (h < 0) {
                    continue;
                }
                routed[u] = true;
                sDist[u] = se.chosenDist;
                sProb[u] = se.chosenProb;
                a[h] += w;
                if (onX[h]) {
                    ax[h] += w;
                    sOnX[u] = true;
                }
            }
            se.endChoices();
            // Children pop after their parents: in reverse pop order a node's sum is complete when it is passed up.
            for (int i = m - 1; i >= 0; i--) {
                final int v = order[i];
                final int nx = next[v];
                a[nx] += a[v];
                ax[nx] += ax[v];
            }
        }

        /** Every eligible candidate's gain on the tree towards t. */
        private void candidates(int t) {
            final RouteSearch se = s;
            final int x = rg.x;
            final boolean xl = se.labelled(x);
            final long cap = capMsat;
            final int st = ++stamp;
            if (xl) {
                for (int v = x; v != t; ) {
                    v = se.next[v];
                    mark[v] = st;
                }
            }
            final long ax = xl ? se.amt[x] : 0;
            final long wx = xl ? se.weight[x] : 0;
            final double px = xl ? se.prob[x] : 0;
            final int lx = xl ? se.cltv[x] : 0;
            final boolean xHolds = xl && se.hops[x] < maxHops && PathfindRules.newChannelHolds(ax, cap);
            final double hopX = xHolds ? se.lnd.hopProbability(ax, cap) : 0;
            final double costX = xHolds && px * hopX > 0 ? se.lnd.costOver(px * hopX) : 0;
            final long sendX = xHolds ? senderDistance(wx, px) : Long.MAX_VALUE;
            final long dx = xl ? se.dist(x) : Long.MAX_VALUE;
            final boolean[] el = eligible;
            for (int c = 0, n = rg.n; c < n; c++) {
                if (!el[c]) {
                    continue;
                }
                final boolean lc = se.labelled(c);
                double sum = 0;
                // c as an entry: c -> X -> (X's route).
                if (xHolds && c != t && mark[c] != st && !(lc && on[c])) {
                    sum += switchGain(c, t, ax, wx, px, lx, hopX, costX, sendX);
                }
                // c as an exit: (peers) -> X -> c -> (c's route).
                if (lc && !on[c] && se.hops[c] + 1 < maxHops && PathfindRules.newChannelHolds(se.amt[c], cap)
                        && se.lnd.extend(se.amt[c], se.weight[c], se.prob[c], se.cltv[c],
                                ChannelPolicy.fee(rg.xBase, rg.xRate, se.amt[c]), rg.xLock, cap)) {
                    final long oa = se.lnd.extAmt;
                    final long ow = se.lnd.extWeight;
                    final double op = se.lnd.extProb;
                    final long od = se.lnd.distance(ow, op);
                    if (!xl || od < dx || od == dx && op > px) {
                        sum += entries(t, oa, ow, op, se.lnd.extLock);
                    }
                }
                if (sum > 0) {
                    add(c, sum);
                }
            }
        }

        /** Adds a gain of the current tree to entry i, and its square to the second moment. */
        private void add(int i, double sum) {
            if (scA != 0) {
                gain[i] += scA * sum;
            }
            if (scB != 0) {
                gain[width + i] += scB * sum * sum;
            }
        }

        /** The distance of a sender's route over its own channel to X, X's label (w, p); MAX when lnd drops it. */
        private long senderDistance(long w, double p) {
            final double pr = p * local;
            return pr < minProb ? Long.MAX_VALUE : s.lnd.distance(w, pr);
        }

        /** What X's peers gain from X's new label (a, w, p, lock): each one's switch. */
        private double entries(int t, long a, long w, double p, int lock) {
            final int[] ps = rg.peers;
            final long send = senderDistance(w, p);
            double sum = 0;
            for (int j = 0; j < ps.length; j++) {
                final int v = ps[j];
                if (v == t || j > 0 && ps[j - 1] == v || s.labelled(v) && on[v]) {
                    continue;
                }
                final long capV = rg.capMsat[j];
                if (PathfindRules.newChannelHolds(a, capV)) {
                    sum += switchGain(v, t, a, w, p, lock, s.lnd.hopProbability(a, capV), send);
                }
            }
            return sum;
        }

        /**
         * The sender weight that node v (not on X's route) brings to X when X's label is (a, w, p, lock) and v
         * has a channel to X that holds a, of hop probability {@code hop}: v's own senders when "v forwards
         * to X" beats v's label, plus v as a sender when its route over X ({@code send}, from
         * {@link #senderDistance}) beats its route.
         */
        private double switchGain(int v, int t, long a, long w, double p, int lock, double hop, long send) {
            final RouteSearch se = s;
            final double pp = p * hop;
            return switchGain(v, t, a, w, p, lock, hop, pp > 0 ? se.lnd.costOver(pp) : 0, send);
        }

        /** {@link #switchGain(int, int, long, long, double, int, double, long)} with {@code cost / (p hop)} given. */
        private double switchGain(int v, int t, long a, long w, double p, int lock, double hop, double costOverP,
                long send) {
            final RouteSearch se = s;
            double sum = 0;
            if (se.labelled(v) && acc[v] > accX[v]
                    && se.lnd.extendAt(a, w, p, lock, ChannelPolicy.fee(medBase[v], medRate[v], a), medLock[v], hop)) {
                final long d = PathfindRules.distanceOf(se.lnd.extWeight, costOverP);
                final long dv = se.dist(v);
                if (d < dv || d == dv && se.lnd.extProb > se.prob[v]) {
                    sum += acc[v] - accX[v];
                }
            }
            if (send != Long.MAX_VALUE && v != t && !sOnX[v] && (!routed[v] || send < sDist[v]
                    || send == sDist[v] && p * local > sProb[v])) {
                sum += demand.weight(v);
            }
            return sum;
        }

        /** The pair pass on the tree towards t (X has no channel): every screened end with every other. */
        private void pairs(int t) {
            final RouteSearch se = s;
            final long cap = capMsat;
            final int n = rg.n;
            final int[] order = se.order;
            final int m = se.orderSize;
            for (int i = 0; i < screen.length; i++) {
                final int c1 = screen[i];
                final int base = i * n;
                // Exit over c1, entry over c2.
                final boolean l1 = se.labelled(c1);
                if (l1 && se.hops[c1] + 1 < maxHops && PathfindRules.newChannelHolds(se.amt[c1], cap)
                        && se.lnd.extend(se.amt[c1], se.weight[c1], se.prob[c1], se.cltv[c1],
                                ChannelPolicy.fee(rg.xBase, rg.xRate, se.amt[c1]), rg.xLock, cap)
                        && PathfindRules.newChannelHolds(se.lnd.extAmt, cap)) {
                    final long oa = se.lnd.extAmt;
                    final long ow = se.lnd.extWeight;
                    final double op = se.lnd.extProb;
                    final int ol = se.lnd.extLock;
                    final double hop = se.lnd.hopProbability(oa, cap);
                    final double costOverP = op * hop > 0 ? se.lnd.costOver(op * hop) : 0;
                    final long send = senderDistance(ow, op);
                    for (int c2 = 0; c2 < n; c2++) {
                        if (eligible[c2] && c2 != c1 && c2 != t) {
                            final double add = switchGain(c2, t, oa, ow, op, ol, hop, costOverP, send);
                            if (add > 0) {
                                add(base + c2, add);
                            }
                        }
                    }
                }
                // Entry over c1, exit over c2: only nodes closer to t than c1 (its label or its route) can help.
                if (c1 == t) {
                    continue;
                }
                long limit = l1 ? se.dist(c1) : Long.MIN_VALUE;
                if (routed[c1]) {
                    limit = Math.max(limit, sDist[c1]);
                } else if (demand.weight(c1) > 0) {
                    limit = Long.MAX_VALUE;
                }
                for (int k = -1; k < m; k++) {
                    final int c2 = k < 0 ? t : order[k];
                    if (k >= 0 && se.dist(c2) >= limit) {
                        break;
                    }
                    if (!eligible[c2] || c2 == c1 || se.hops[c2] + 1 >= maxHops
                            || !PathfindRules.newChannelHolds(se.amt[c2], cap)
                            || !se.lnd.extend(se.amt[c2], se.weight[c2], se.prob[c2], se.cltv[c2],
                                    ChannelPolicy.fee(rg.xBase, rg.xRate, se.amt[c2]), rg.xLock, cap)
                            || !PathfindRules.newChannelHolds(se.lnd.extAmt, cap)) {
                        continue;
                    }
                    final long oa = se.lnd.extAmt;
                    final long ow = se.lnd.extWeight;
                    final double op = se.lnd.extProb;
                    final double add = switchGain(c1, t, oa, ow, op, se.lnd.extLock, se.lnd.hopProbability(oa, cap),
                            senderDistance(ow, op));
                    if (add > 0) {
                        add(base + c2, add);
                    }
                }
            }
        }
    }
}
