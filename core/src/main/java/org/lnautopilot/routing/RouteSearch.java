package org.lnautopilot.routing;

import java.util.Arrays;
import org.lnautopilot.graph.CsrGraph;

/**
 * lnd's backward route search (routing/pathfind.go, {@code findPath}) on int indexes and primitive
 * arrays: one label per node, a 4-ary heap ordered by distance, zero allocation per step. One
 * instance per thread; {@link #search} reuses its arrays (an epoch stamp, not a clear, resets them).
 *
 * <p>The route rules are lnd's and live in {@link PathfindRules}, which reads against pathfind.go
 * and unified_edges.go: this class applies them and decides nothing of its own. From the target
 * outwards, a popped node v with label (amount A it must receive, weight W, probability P,
 * accumulated time lock T, hops H) offers each neighbour u with a direction u -> v the label of "u
 * forwards to v" over their unified edge ({@link PathfindRules#unify},
 * {@link PathfindRules#extendAt}); u keeps the better label ({@link PathfindRules#better}). The
 * sender's own hop is {@link PathfindRules#unifyLocal} and {@link PathfindRules#localLabel}.
 *
 * <p>Beside lnd's loop, speed-ups that leave every label as lnd's loop makes it, each explained at
 * its code: lower-bound tests that skip offers u would refuse ({@link #expand},
 * {@link #refusedAtBest}); offers beyond the source's label dropped ({@link #sourceBound});
 * expansions deferred in the heap until they can matter ({@link #expansionKey}); leaves settled
 * without the heap ({@link #settleLeaves}); a fixed rule for exact ties ({@link #tie}); for a
 * sender with history, offers to nodes it has history from split from the others
 * ({@link #defer}); and, for many senders on one tree, every node's sender-side label computed once
 * and each sender's best neighbour found before its channels are read ({@link #prepareChoices}).
 * {@link #searchForX}'s early stop for a new node X is {@link NewNodeStop}.
 *
 * <p>With {@code source = -1} the search labels every node (a route tree towards the target);
 * {@link #choose} then gives any sender's route from its neighbours' labels: lnd's search from that
 * sender pops exactly the same labels before it pops the sender (the sender's own label, with no fee
 * and probability 0.95, is never worse than the one it has as a forwarding node), so one tree
 * serves every sender, up to exact ties in distance.
 *
 * <p>Cost: O((n + e) log n) per search, plus O(degree) per {@link #choose}. Not thread-safe.
 */
final class RouteSearch {
    private static final long INFINITY = PathfindRules.INFINITY;

    private final LndRouteChoice p;
    final RouteGraph rg;
    private final CsrGraph g;
    final int[] inOff;
    final int[] inFrom;
    /** lnd's route rules: unified edges, hop probability, labels, distances ({@link PathfindRules}). */
    final PathfindRules lnd;
    /** The early stop of {@link #searchForX} ({@link NewNodeStop}). */
    private final NewNodeStop stop;
    /** The usable directions of the current search's amount ({@link RouteGraph.Usable}): per node, by the node they leave. */
    private int[] usableOff;
    private int[] usableFrom;
    /** The sender's neighbours in the current search, stamped with the epoch ({@link NewNodeStop} reuses it). */
    final long[] srcMark;

    // Labels, valid where the stamp of v (distStamp[2v + 1]) is the epoch.
    final long[] amt;
    final long[] weight;
    /**
     * Per node its distance at {@code 2v} and the stamp of its label at {@code 2v + 1}: the epoch
     * (a multiple of 4) with {@link #POPPED} and {@link #DESC} in its low bits, so that
     * {@link #searchForX}'s marks share the distance's cache line. The two
     * things every direction's test reads, in one cache line.
     */
    final long[] distStamp;
    final double[] prob;
    final int[] cltv;
    final int[] hops;
    /** The next node towards the target, and the channel taken: c >= 0, or -1 - j for X's channel j. */
    final int[] next;
    final int[] chan;
    /** The fee the node charges for forwarding on its label's channel. */
    final long[] fee;
    /** The current search's stamp: a multiple of 4, the low two bits left for the flags. */
    long epoch;
    /** Stamp flag ({@link #searchForX} only): the node was popped. */
    static final long POPPED = 2;
    /** Stamp flag ({@link #searchForX} only): the node's current label descends from X (X included). */
    static final long DESC = 1;
    static final long FLAGS = POPPED | DESC;

    /**
     * A 4-ary min-heap of (distance, node) entries with lazy deletion: a better label pushes a new
     * entry and the old one is skipped when popped (its key is no longer the node's distance), so no
     * position array is updated as entries move. It also holds deferred expansions ({@link #expansionKey}),
     * as {@code -2 - v}. Grows as needed.
     */
    private int[] heap;
    private long[] heapKey;
    private int heapSize;
    /**
     * Nodes in the order their labels became final: popped (a node popped twice appears twice), or
     * a leaf settled right after the pivot that labelled it ({@link #settleLeaves}). A node's next
     * hop always comes before it; distance order holds after {@link #searchInPopOrder}.
     */
    int[] order;
    int orderSize;

    int target;
    private int source;
    private double attemptCost;

    // Early stop for X's metrics (searchForX): see there.
    private boolean trackX;
    /**
     * Whether a leaf ({@link RouteGraph#leaf}) is settled when it is labelled, without the heap:
     * its one neighbour is the pivot that labels it, and every offer its own expansion would make
     * goes back to that popped pivot, which refuses it (the expansion's lower bound exceeds the
     * pivot's distance whenever the attempt cost over the a-priori probability adds at least one
     * msat, as under lnd's defaults). The labels are the same; {@link #order} then lists a leaf
     * right after its neighbour's other offers instead of in distance order. Off when a source
     * stops the search and for {@link #searchInPopOrder}.
     */
    private boolean settleLeaves;
    /** {@link #searchBelow}'s bound; Long.MAX_VALUE otherwise. */
    private long stopAbove = Long.MAX_VALUE;
    /**
     * The highest probability any network hop can have in this search: lnd's a-priori hop
     * probability, or with a {@link #sender}'s history the larger of it and the sender's bound.
     */
    private double maxHop;
    /** Whether the current search's sender holds any pair result ({@link #searchFor}). */
    private boolean senderHistory;
    /**
     * A search towards a source: the source's current distance (Long.MAX_VALUE before it has a
     * label). An offer beyond it is dropped: its node would be popped after the source, where the
     * search ends, so no popped label depends on it.
     */
    private long sourceBound = Long.MAX_VALUE;
    /** Whether every offer's distance exceeds its pivot's ({@link #run}), so popped labels are final. */
    boolean offersGrow;
    /**
     * Whether a popped node's expansion waits in the heap ({@link #expansionKey}): on when offers
     * grow and the search may stop early by its own rule ({@link #searchForX}, {@link #searchBelow}).
     */
    boolean deferExpansion;
    /** Whether the last search stopped before labelling every node it could. */
    boolean stoppedEarly;

    /**
     * The sender's own knowledge in {@link #searchFor} (API.md part 4): its mission control and its
     * channels' balances; null in every other search (part 3: no history, capacities as bandwidth).
     */
    private SenderState sender;
    /** Per node: stamped with the epoch when the sender holds pair results from it ({@link #hasHistory}). */
    private long[] historyMark;

    // The sender's choice of the last choose call.
    int chosenHop;
    int chosenChan;
    long chosenDist;
    double chosenProb;

    RouteSearch(LndRouteChoice p, RouteGraph rg) {
        this.p = p;
        this.rg = rg;
        this.g = rg.g;
        this.inOff = rg.in.off;
        this.inFrom = rg.in.from;
        this.lnd = new PathfindRules(p, rg);
        final int n = rg.nodes;
        amt = new long[n];
        weight = new long[n];
        distStamp = new long[2 * n];
        srcMark = new long[n];
        prob = new double[n];
        cltv = new int[n];
        hops = new int[n];
        next = new int[n];
        chan = new int[n];
        fee = new long[n];
        heap = new int[Math.max(16, n)];
        heapKey = new long[Math.max(16, n)];
        order = new int[n + 4];
        stop = new NewNodeStop(this);
    }

    /**
     * Whether node v's label in the last search is final: every labelled node after a full search,
     * the popped ones after a {@link #searchForX} that stopped early, those within the bound after
     * a {@link #searchBelow} that did.
     */
    boolean settled(int v) {
        if (!labelled(v)) {
            return false;
        }
        if (!stoppedEarly) {
            return true;
        }
        return trackX ? (distStamp[2 * v + 1] & POPPED) != 0 : distStamp[2 * v] <= stopAbove;
    }

    /** Whether node {@code v} has a label from the last search. */
    boolean labelled(int v) {
        return (distStamp[2 * v + 1] & ~FLAGS) == epoch;
    }

    /**
     * Runs lnd's search towards {@code target} for {@code amountMsat}; stops when {@code source} is
     * popped, or labels every node when {@code source} is -1.
     */
    void search(int target, int source, long amountMsat) {
        trackX = false;
        stopAbove = Long.MAX_VALUE;
        run(target, source, amountMsat, true);
    }

    /**
     * lnd's search from {@code source} to {@code target} for a sender with history and balances
     * (API.md part 4): as {@link #search}, except that a hop u -> v whose node u the sender holds
     * pair results from takes its probability from {@link SenderState#pairProbability} (lnd's
     * mission control), and the sender's own channels are usable when they are enabled in its
     * direction, their HTLC range holds the amount and their local balance can pay it
     * ({@link SenderState#bandwidthMsat}, lnd's bandwidth hints). A null {@code state} is
     * {@link #search}. Cost as {@link #search}, plus O(nodes with history) to mark them.
     */
    void searchFor(int target, int source, long amountMsat, SenderState state) {
        sender = state;
        try {
            search(target, source, amountMsat);
        } finally {
            sender = null;
            lnd.clearSender();
        }
    }

    /** The full route tree as {@link #search}, with {@link #order} in distance order (leaves included). */
    void searchInPopOrder(int target, long amountMsat) {
        trackX = false;
        stopAbove = Long.MAX_VALUE;
        run(target, -1, amountMsat, false);
    }

    /**
     * The route tree towards {@code target} as far as distance {@code bound}: it stops before the
     * first pivot whose distance exceeds the bound, so every node of final distance at most the
     * bound has its full tree's label, and every other node has none or one above the bound (final
     * distances only grow from an unpopped label's). A sender-side offer over a new channel to an
     * unpopped node is then above the bound too. Sets {@link #stoppedEarly}. Cost as {@link #search}
     * at most.
     */
    void searchBelow(int target, long amountMsat, long bound) {
        trackX = false;
        stopAbove = bound;
        run(target, -1, amountMsat, true);
    }

    /**
     * The route tree towards {@code target} as far as it can concern X (the graph's new node): the
     * labels it pops are those of the full tree ({@code search(target, -1, a)}), and it stops once
     * no later label can change X's metrics, so that {@link #order}, the marks of the paths through
     * X ({@link #descendsFromX}), {@link #choose} for X, and for every sender next to such a path
     * whether its choice passes X (and if so the choice itself) are the full tree's.
     * {@link NewNodeStop} states the stop rule and why it keeps those answers. Without X it runs to
     * the end. Same cost bound as {@link #search}; usually far less, since X's paths end close to X.
     * {@link #stoppedEarly} says which.
     */
    void searchForX(int target, long amountMsat) {
        searchForX(target, amountMsat, Integer.MAX_VALUE);
    }

    /**
     * {@link #searchForX} that pauses instead once {@code popLimit} labels are final, before the
     * next pivot (only where offers grow, so that a popped label is never replaced; otherwise it runs
     * as {@link #searchForX}): {@link #paused} is then true, the labels popped so far are the full tree's (and
     * {@link #settled}), every other label is at least the next pivot's distance, and
     * {@link #resumeUntilChosen} can go on with the same search.
     */
    void searchForX(int target, long amountMsat, int popLimit) {
        this.popLimit = popLimit;
        trackX = rg.x >= 0;
        stopAbove = Long.MAX_VALUE;
        stop.reset();
        run(target, -1, amountMsat, true);
    }

    /** {@link #searchForX}'s pause: the number of final labels at which it pauses. */
    private int popLimit = Integer.MAX_VALUE;
    /** Whether the last {@link #searchForX} paused at its limit (its heap kept for {@link #resumeUntilChosen}). */
    boolean paused;

    /**
     * Goes on with a {@link #paused} search until sender {@code s}'s choice ({@link #choose}; X
     * for X's own) is the full tree's ({@link NewNodeStop#chosenBefore}). The choice is then in the
     * choice's fields, and the search stays paused for another sender. Cost: the pops needed, at
     * most the rest of the tree.
     *
     * @throws IllegalStateException if the last search did not pause
     */
    void resumeUntilChosen(int s) {
        if (!paused) {
            throw new IllegalStateException("the last search did not pause");
        }
        stop.resolveFor(s);
        loop();
        stop.resolveFor(-1);
        choose(s);
    }

    /**
     * Goes on with a {@link #paused} search until sender {@code s}'s choice ({@link #choose}; X
     * for X's own) is the full tree's: its current choice lies below the next pivot's distance K
     * (every label below K is final, and every other one ends at K or beyond), or every neighbour of
     * s is popped, or nothing is left to pop. The choice is then in the choice's fields, and the
     * search stays paused for another sender. The choice is looked at again when K passes its last
     * distance, or after 64 + degree(s) more pops, so the checks cost O(1) per pop amortized.
     * Cost: the pops needed, at most the rest of the tree.
     *
     * @throws IllegalStateException if the last search did not pause
     */

    /** Whether v's label in this {@link #searchForX} descends from X (X included). */
    boolean descendsFromX(int v) {
        return labelled(v) && (distStamp[2 * v + 1] & DESC) != 0;
    }

    private void run(int target, int source, long amountMsat, boolean leaves) {
        paused = false;
        stop.resolveFor(-1);
        stoppedEarly = false;
        heapSize = 0;
        epoch += 4;
        final RouteGraph.Usable us = rg.in.usable(amountMsat);
        usableOff = us.off;
        usableFrom = us.from;
        lnd.begin(amountMsat, us, sender);
        if (source >= 0 && source < rg.n) {
            for (int sl = g.slotStart(source), se = g.slotEnd(source); sl < se; sl++) {
                srcMark[g.neighbour(sl)] = epoch;
            }
        }
        if (sender != null) {
            markHistory();
        }
        this.target = target;
        this.source = source;
        this.sourceBound = Long.MAX_VALUE;
        this.attemptCost = lnd.attemptCost();
        this.senderHistory = sender != null && sender.historyCount() > 0;
        this.maxHop = senderHistory ? Math.max(p.aprioriHopProbability, sender.maxPairProbability())
                : p.aprioriHopProbability;
        this.offersGrow = attemptCost * (1 / maxHop - 1) >= 1;
        if (!trackX || !offersGrow) {
            popLimit = Integer.MAX_VALUE; // a pause needs popped labels to be final
        }
        this.settleLeaves = leaves && source < 0 && offersGrow;
        // A full tree expands every popped node anyway: deferring would only add heap entries.
        // A search towards a source stops at it: deferring saves the expansions beyond its distance.
        this.deferExpansion = offersGrow && (source >= 0 || trackX || stopAbove != Long.MAX_VALUE);
        orderSize = 0;
        final int t = target;
        distStamp[2 * t + 1] = epoch;
        amt[t] = amountMsat;
        weight[t] = 0;
        distStamp[2 * t] = 0;
        prob[t] = 1;
        cltv[t] = 0;
        hops[t] = 0;
        next[t] = -1;
        chan[t] = 0;
        fee[t] = 0;
        if (trackX) {
            stop.markPopped(t);
        }
        if (deferExpansion && source >= 0) {
            // Towards a source, even the target's own offers wait: a sender next to it often stops
            // the search before any other label is needed.
            expand(t, SENDER);
            defer(t);
        } else {
            expandTracked(t, ALL);
        }
        loop();
    }

    /** Stamps the nodes the current sender holds pair results from. O(their number). */
    private void markHistory() {
        long[] mark = historyMark;
        if (mark == null) {
            mark = new long[rg.nodes];
            historyMark = mark;
        }
        final SenderState st = sender;
        final long ep = epoch;
        for (int i = 0, k = st.historyCount(); i < k; i++) {
            mark[st.historyNode(i)] = ep;
        }
    }

    /**
     * Whether the sender of the last {@link #searchFor} holds pair results from node u: valid after
     * it until the next search (false after a search without a sender). O(1).
     */
    boolean historyMarked(int u) {
        final long[] mark = historyMark;
        return mark != null && u < mark.length && mark[u] == epoch;
    }

    /** Whether the current search's sender holds pair results from node u (never outside {@link #searchFor}). */
    private boolean hasHistory(int u) {
        final long[] mark = historyMark;
        return sender != null && mark[u] == epoch;
    }

    /** The search's main loop, from the heap as it stands; returns at the end, a stop or a pause. */
    private void loop() {
        final int source = this.source;
        for (;;) {
            final int e = popLive();
            if (e == EMPTY) {
                break;
            }
            final int v; // the node to expand now: one call site keeps the expansion inlined once
            final int parts; // which of v's offers to make now
            if (e < 0) {
                final int d = -2 - e;
                if (d >= rg.nodes) { // a deferred expansion's offers to nodes the sender has history from
                    expand(d - rg.nodes, HISTORY);
                    continue;
                }
                v = d;
                parts = senderHistory ? PLAIN : PLAIN | HISTORY;
            } else {
                final boolean resolving = stop.resolving();
                if (orderSize >= popLimit && (!resolving || stop.chosenBefore(distStamp[2 * e]))) {
                    pause(e);
                    return;
                }
                if (!resolving && trackX && stop.popTracked(e) || distStamp[2 * e] > stopAbove) {
                    stoppedEarly = true;
                    heapSize = 0;
                    break;
                }
                if (resolving) {
                    stop.markPopped(e);
                }
                appendOrder(e);
                if (e == source) {
                    heapSize = 0;
                    break;
                }
                if (deferExpansion && !(trackX && stop.mattersForX(e))) {
                    if (source >= 0) {
                        expand(e, SENDER); // the source's label is what the search waits on
                    }
                    defer(e);
                    continue;
                }
                if (trackX) {
                    stop.expandsLater(e);
                }
                v = e;
                parts = ALL;
            }
            expandTracked(v, parts);
        }
    }

    /**
     * The heap key of popped node v's expansion when it is deferred: one below the lowest distance
     * any of its offers can have, {@code distance(W, P * apriori)} (fees and time locks only add
     * weight, a hop's probability is at most the a-priori one, or {@link #maxHop} with a sender's
     * history, and offers to a source are made at the pop, not deferred). Every node that v's expansion could label or relabel is therefore popped
     * after it, and a search that stops first never pays for it: on large graphs most popped nodes
     * are near the stop, and their offers, all beyond it, are never made. The labels are those of
     * expanding at the pop, since offers grow (an offer's distance exceeds its pivot's, so no tie
     * with a label popped in between can arise). O(1).
     */
    private long expansionKey(int v, double top) {
        final long lower = PathfindRules.distance(weight[v], prob[v] * top, attemptCost);
        return lower == INFINITY ? INFINITY : lower - 1;
    }

    /**
     * Defers popped node v's offers to the network ({@link #expansionKey}). With a sender that has
     * history, in two entries: the offers to nodes it has history from may have any probability up
     * to {@link #maxHop} and wait on that bound; the others, at most the a-priori probability, wait
     * on the a-priori bound, which is far later (at 0.95 against 0.6 most of a search's deferred
     * expansions would come due before the source). X's channels go with the first. O(log heap).
     */
    private void defer(int v) {
        if (senderHistory) {
            push(-2 - (rg.nodes + v), expansionKey(v, maxHop));
        }
        push(-2 - v, expansionKey(v, p.aprioriHopProbability));
    }

    /** Parts of an expansion ({@link #expand}): offers to the source over its own channels. */
    private static final int SENDER = 1;
    /** Offers to nodes the sender has no history from (every node when it has none). */
    private static final int PLAIN = 2;
    /** Offers to nodes the sender has history from, and over X's channels when it has any history. */
    private static final int HISTORY = 4;
    private static final int ALL = SENDER | PLAIN | HISTORY;

    /** {@link #expand} and, for {@link #searchForX}, its count of expanded peers and paths through X. */
    private void expandTracked(int v, int parts) {
        expand(v, parts);
        if (trackX) {
            stop.expanded(v);
        }
    }


    /** Puts the pivot back and leaves the heap as it is: the search is {@link #paused}. */
    private void pause(int pivot) {
        push(pivot, distStamp[2 * pivot]);
        stoppedEarly = true;
        paused = true;
    }


    /**
     * Offers v's label to every node with a direction into v. A group is skipped before its policies
     * are read when its node u already has a label of lower distance than
     * {@code lower = distance(W, P * apriori)}: fees and time locks only add weight and the hop
     * probability is at most the a-priori one, so every offer from v is at least {@code lower} and u
     * would refuse it. (With lnd's attempt cost this also skips every popped u: {@code lower} exceeds
     * v's distance by at least {@code cost * (1 / 0.6 - 1)}.) The outcome is the same as without the
     * test.
     */
    private void expand(int v, int parts) {
        final int h = hops[v];
        if (h >= p.maxHops) {
            return;
        }
        final double pv = prob[v];
        final boolean network = pv * maxHop >= p.minProbability;
        final int src = source;
        if (!network && src < 0) {
            return;
        }
        final long a = amt[v];
        if ((parts & SENDER) != 0 && src >= 0 && v < rg.n && srcMark[v] == epoch) {
            expandSource(v, a);
        }
        if (network && (parts & (PLAIN | HISTORY)) != 0) {
            if ((parts & PLAIN) == 0) {
                expandHistory(v, a, pv);
            } else {
                expandNetwork(v, a, pv, (parts & HISTORY) != 0 || !senderHistory);
            }
        }
        if (rg.x >= 0) {
            expandNewNode(v, a, (parts & SENDER) != 0, (parts & (senderHistory ? HISTORY : PLAIN)) != 0);
        }
    }

    /** The usable network directions into v, each group after the lower-bound test. */
    private void expandNetwork(int v, long a, double pv, boolean withHistory) {
        final int src = source;
        if (sourceBound != INFINITY && PathfindRules.distance(weight[v], pv * (withHistory ? maxHop : p.aprioriHopProbability),
                attemptCost) > sourceBound) {
            return; // every offer from v lies beyond the source's label: all would be dropped
        }
        final long lower = PathfindRules.distance(weight[v], pv * p.aprioriHopProbability, attemptCost);
        final int[] from = usableFrom;
        final long[] lab = distStamp;
        final long ep = epoch;
        final int t = target;
        final int kEnd = v < rg.n ? usableOff[v + 1] : 0;
        for (int k = v < rg.n ? usableOff[v] : 0, end = kEnd; k < end; ) {
            final int u = from[k];
            final int kk = groupEnd(from, k, end);
            if (u != t && u != src && (hasHistory(u) ? withHistory
                    : (lab[2 * u + 1] & ~FLAGS) != ep || lab[2 * u] >= lower)) {
                lnd.unify(k, kk, a);
                if (lnd.uFound) {
                    relax(u, v);
                }
            }
            k = kk;
        }
    }

    /**
     * The {@link #HISTORY} part of v's network offers: to each node u the sender has history from
     * with a usable direction into v, found by binary search in v's list (sorted by u), or by a
     * sweep of the list when H binary searches would read more. O(min(H log degree, degree)).
     */
    private void expandHistory(int v, long a, double pv) {
        if (v >= rg.n || sourceBound != INFINITY && PathfindRules.distance(weight[v], pv * maxHop, attemptCost) > sourceBound) {
            return;
        }
        final int[] from = usableFrom;
        final int lo = usableOff[v];
        final int hi = usableOff[v + 1];
        final SenderState st = sender;
        final int count = st.historyCount();
        if ((long) count * (33 - Integer.numberOfLeadingZeros(hi - lo)) > hi - lo) {
            for (int k = lo; k < hi; ) {
                final int kk = groupEnd(from, k, hi);
                relaxHistory(from[k], v, k, kk, a);
                k = kk;
            }
            return;
        }
        for (int i = 0; i < count; i++) {
            final int u = st.historyNode(i);
            int l = lo;
            int h = hi;
            while (l < h) { // the first direction leaving a node >= u
                final int mid = (l + h) >>> 1;
                if (from[mid] < u) {
                    l = mid + 1;
                } else {
                    h = mid;
                }
            }
            if (l < hi && from[l] == u) {
                relaxHistory(u, v, l, groupEnd(from, l, hi), a);
            }
        }
    }

    /** u's usable directions {@code k..kk)} into v, when the sender has history from u. */
    private void relaxHistory(int u, int v, int k, int kk, long a) {
        if (u != target && u != source && hasHistory(u)) {
            lnd.unify(k, kk, a);
            if (lnd.uFound) {
                relax(u, v);
            }
        }
    }

    /** The sender's own channels into v (v a neighbour of the sender), from the full lists. */
    private void expandSource(int v, long a) {
        final int[] from = inFrom;
        final int src = source;
        for (int k = inOff[v], end = inOff[v + 1]; k < end; k++) {
            if (from[k] == src) {
                lnd.unifyLocal(k, groupEnd(from, k, end), a, 0);
                if (lnd.uFound) {
                    relaxLocal(src, v);
                }
                return;
            }
        }
    }

    /** X's channels into v (v a peer), or the peers' channels into X (v = X). */
    private void expandNewNode(int v, long a, boolean senderSide, boolean rest) {
        final RouteGraph r = rg;
        final int x = r.x;
        if (v == x) {
            final int[] peers = r.peers;
            for (int j = 0; j < peers.length; ) {
                final int u = peers[j];
                final int jj = groupEnd(peers, j, peers.length);
                if (u != target) {
                    if (u == source) {
                        if (senderSide) {
                            lnd.unifyLocalVirtual(j, jj, a, false);
                            if (lnd.uFound) {
                                relaxLocal(u, v);
                            }
                        }
                    } else if (rest) {
                        lnd.unifyVirtual(j, jj, a, false);
                        if (lnd.uFound) {
                            relax(u, v);
                        }
                    }
                }
                j = jj;
            }
            return;
        }
        final int j0 = r.firstChannelTo(v);
        if (j0 < 0 || x == target) {
            return;
        }
        final int jj = groupEnd(r.peers, j0, r.peers.length);
        if (x == source) {
            if (senderSide) {
                lnd.unifyLocalVirtual(j0, jj, a, true);
                if (lnd.uFound) {
                    relaxLocal(x, v);
                }
            }
        } else if (rest) {
            lnd.unifyVirtual(j0, jj, a, true);
            if (lnd.uFound) {
                relax(x, v);
            }
        }
    }

    // ---- labels: lnd's rules are PathfindRules'; here, which offers are made and kept -------------

    /** Offers u the label "u forwards to v" over the unified edge. */
    private void relax(int u, int v) {
        final long a = amt[v];
        if (refusedAtBest(u, v, a)) {
            return;
        }
        if (lnd.extendOver(u, v, a, weight[v], prob[v], cltv[v], hasHistory(u))) {
            offer(u, v, lnd.extAmt, lnd.extWeight, lnd.extProb, lnd.extLock, lnd.uFee);
        }
    }

    /**
     * Whether u would refuse (or the search drop) the offer over the unified edge even at the
     * hop's highest possible probability: its distance with the fee and time lock added and the
     * probability {@code prob[v] * apriori} (or the sender's bound where it has history from u)
     * already exceeds u's label or the source's ({@link #sourceBound}). The offer's true distance
     * is at least that (a lower probability only adds), so the outcome is the same; most offers
     * are refused, and this skips their capacity factor's exponential. O(1).
     */
    private boolean refusedAtBest(int u, int v, long a) {
        final long cur = (distStamp[2 * u + 1] & ~FLAGS) == epoch ? distStamp[2 * u] : INFINITY;
        final long bound = Math.min(cur, sourceBound);
        if (bound == INFINITY || lnd.uFee > PathfindRules.MAX_MSAT - a) {
            return false;
        }
        final double top = prob[v] * (hasHistory(u) ? maxHop : p.aprioriHopProbability);
        final long w = weight[v] + lnd.uFee + PathfindRules.lockPenalty(a, lnd.uLock, p.riskFactorBillionths);
        return PathfindRules.distance(w, top, attemptCost) > bound;
    }

    /** Node v's distance in the last search (valid where {@link #labelled}). */
    long dist(int v) {
        return distStamp[2 * v];
    }

    /** Offers the sender u the label "u pays over its own channel to v" (lnd's local hop). */
    private void relaxLocal(int u, int v) {
        if (lnd.localLabel(weight[v], prob[v], hops[v])) {
            offer(u, v, amt[v], weight[v], lnd.offerProb, cltv[v], 0);
        }
    }

    /** Offers u the label (a, w, pr, lock, fee f) over v; u keeps the better of it and its own ({@link PathfindRules#better}). */
    private void offer(int u, int v, long a, long w, double pr, int lock, long f) {
        final long d = PathfindRules.distance(w, pr, attemptCost);
        if (d > sourceBound) {
            return; // u would pop after the source, where the search ends: its label cannot matter
        }
        if ((distStamp[2 * u + 1] & ~FLAGS) == epoch) {
            final long cur = distStamp[2 * u];
            if (!PathfindRules.better(d, pr, cur, prob[u])) {
                if (d == cur && pr == prob[u] && poppedBefore(v, next[u])) {
                    tie(u, v, a, w, d, pr, lock, f);
                }
                return;
            }
        } else {
            distStamp[2 * u + 1] = epoch;
        }
        label(u, v, a, w, d, pr, lock, f);
        if (settleLeaves && rg.leaf[u]) {
            settleLeaf(u);
        } else {
            push(u, d);
        }
    }

    /** Whether pivot v comes before pivot o in the tie rule ({@link #tie}): lower distance, or equal and lower index. O(1). */
    private boolean poppedBefore(int v, int o) {
        final long dv = distStamp[2 * v];
        final long dO = distStamp[2 * o];
        return dv < dO || dv == dO && v < o;
    }

    /**
     * An offer equal to u's label in distance and probability, from a pivot of lower (distance,
     * index) than the one that made u's label: it replaces u's label. lnd keeps the first of equal
     * labels, which depends on the order its heap pops equal distances; a fixed rule instead makes
     * every label the least offer in one total order (distance, then probability, then the pivot's
     * distance and index), the same whatever the order of the expansions ({@link #expansionKey}).
     * u keeps its heap entry (same key). Rare: exact ties only. (Ordering the heap itself by node
     * on equal distances cost 20% of a tree on mainnet-2024.)
     */
    private void tie(int u, int v, long a, long w, long d, double pr, int lock, long f) {
        label(u, v, a, w, d, pr, lock, f);
    }

    /** Sets u's label "u forwards to v" (or pays v, as the sender). */
    private void label(int u, int v, long a, long w, long d, double pr, int lock, long f) {
        if (trackX) {
            stop.trackOffer(u, v);
        }
        if (u == source) {
            sourceBound = d;
        }
        amt[u] = a;
        weight[u] = w;
        distStamp[2 * u] = d;
        prob[u] = pr;
        cltv[u] = lock;
        hops[u] = hops[v] + 1;
        next[u] = v;
        chan[u] = lnd.uChan;
        fee[u] = f;
    }

    /** A leaf's first label is final ({@link #settleLeaves}): it joins {@link #order} without the heap. */
    private void settleLeaf(int u) {
        appendOrder(u);
        if (trackX) {
            stop.markPopped(u);
        }
    }

    /** Appends v to {@link #order}, growing it when full (a node popped twice appears twice). */
    private void appendOrder(int v) {
        if (orderSize == order.length) {
            order = Arrays.copyOf(order, 2 * order.length);
        }
        order[orderSize++] = v;
    }

    /**
     * The route lnd would pick from sender {@code s} in the last full search: over s's neighbours v
     * with a label, s's own channel to v (the largest that holds v's amount), probability
     * {@code prob[v] * 0.95}, weight {@code weight[v]}; the lowest distance, ties to the higher
     * probability. Sets {@link #chosenHop} (-1 when s has no route), {@link #chosenChan},
     * {@link #chosenDist} and {@link #chosenProb}. O(degree of s).
     */
    void choose(int s) {
        chosenHop = -1;
        chosenDist = INFINITY;
        chosenProb = 0;
        final RouteGraph r = rg;
        if (s == r.x) {
            final int[] peers = r.peers;
            for (int j = 0; j < peers.length; ) {
                final int v = peers[j];
                final int jj = groupEnd(peers, j, peers.length);
                if (improves(v)) {
                    lnd.unifyLocalVirtual(j, jj, amt[v], true);
                    take(v);
                }
                j = jj;
            }
            return;
        }
        if (localsEpoch != epoch || !chooseFromLocals(s)) {
            final int[] from = inFrom;
            for (int k = inOff[s], end = inOff[s + 1]; k < end; ) {
                final int v = from[k];
                final int kk = groupEnd(from, k, end);
                if (improves(v)) {
                    lnd.unifyLocal(k, kk, amt[v], 1);
                    take(v);
                }
                k = kk;
            }
        }
        final int x = r.x;
        if (x >= 0 && labelled(x)) {
            // A peer's own channels to X: the peer's median policy, never disabled.
            final int j0 = r.firstChannelTo(s);
            if (j0 >= 0 && improves(x)) {
                lnd.unifyLocalVirtual(j0, groupEnd(r.peers, j0, r.peers.length), amt[x], false);
                take(x);
            }
        }
    }

    /** The end of the run of equal values starting at {@code a[i]}, before {@code end}. */
    static int groupEnd(int[] a, int i, int end) {
        final int v = a[i];
        int k = i + 1;
        while (k < end && a[k] == v) {
            k++;
        }
        return k;
    }

    /**
     * Whether v is labelled and the sender's label over it ({@link #localLabel}) would beat the best so
     * far: its distance lower, or equal with a higher probability. Tested before the sender's channels
     * to v are read, since most neighbours fail it; the same choice as reading them first.
     */
    private boolean improves(int v) {
        if (localsEpoch == epoch) {
            return improvesPrepared(v);
        }
        return labelled(v) && localLabel(v)
                && PathfindRules.better(lnd.offerDist, lnd.offerProb, chosenDist, chosenProb);
    }

    /** After {@link #improves} and a local unify towards v: v is the choice when a channel holds its amount. */
    private void take(int v) {
        if (lnd.uFound) {
            chosenDist = lnd.offerDist;
            chosenProb = lnd.offerProb;
            chosenHop = v;
            chosenChan = lnd.uChan;
        }
    }

    /**
     * The sender's label over its own channel to the labelled node v ({@link PathfindRules#localLabel}
     * of v's label), into {@code lnd.offerDist} and {@code lnd.offerProb}; false when lnd drops it.
     */
    boolean localLabel(int v) {
        return lnd.localLabel(weight[v], prob[v], hops[v]);
    }

    /**
     * A new channel of {@code capMsat} from the sender to the labelled node v (minimum HTLC 1,000
     * msat, maximum the capacity, as X's channels): whether it carries v's amount and lnd keeps the
     * label; sets {@code lnd.offerDist} and {@code lnd.offerProb}.
     */
    boolean newChannelLabel(int v, long capMsat) {
        return PathfindRules.newChannelHolds(amt[v], capMsat) && localLabel(v);
    }

    // ---- speed-up beside choose: one tree, many senders ---------------------------------------------

    /**
     * Per node v, its {@link #localLabel} in the search of {@link #localsEpoch}: at {@code 2v} the
     * distance, or -1 where v has no label or lnd drops the sender's (distances are never negative);
     * at {@code 2v + 1} the probability's bits. Side by side, so that a neighbour costs one cache line.
     * null until first {@link #prepareChoices}.
     */
    private long[] locals;
    /** The epoch {@link #locals} was filled for, or -1: then {@link #improves} computes each label. */
    private long localsEpoch = -1;

    /**
     * Before {@link #choose} for many senders on the last full search: every labelled node's local
     * label, computed once here instead of once per sender beside it (its distance divides by the
     * probability: the dearest step of choose). Valid until {@link #endChoices} or the next search;
     * the same choices. O(n).
     */
    void prepareChoices() {
        final int n = rg.nodes;
        if (locals == null) {
            locals = new long[2 * n];
        }
        final long[] l = locals;
        for (int v = 0; v < n; v++) {
            if (labelled(v) && localLabel(v)) {
                l[2 * v] = lnd.offerDist;
                l[2 * v + 1] = Double.doubleToRawLongBits(lnd.offerProb);
            } else {
                l[2 * v] = -1;
            }
        }
        localsEpoch = epoch;
    }

    /** Ends {@link #prepareChoices}' labels: {@link #choose} computes each again. */
    void endChoices() {
        localsEpoch = -1;
    }

    /** How often {@link #chooseFromLocals} fell back to choose's own loop (tests read it). */
    long chooseFallbacks;

    /**
     * choose's loop over the sender's network neighbours, from {@link #prepareChoices}' labels: the
     * first neighbour of the best label in choose's order, then its channels; when one of them holds
     * the amount that is choose's answer (no neighbour before it has a label as good, none after a
     * better one), and it is taken. False, with nothing taken, when none holds it: then choose's own
     * loop decides. Reads the channels of one neighbour instead of every improving one.
     */
    private boolean chooseFromLocals(int s) {
        final int[] from = inFrom;
        final long[] l = locals;
        long bestD = INFINITY;
        double bestPr = 0;
        int bestK = -1;
        int bestKK = -1;
        for (int k = inOff[s], end = inOff[s + 1]; k < end; ) {
            final int v = from[k];
            final int kk = groupEnd(from, k, end);
            final long d = l[2 * v];
            if (d >= 0 && d <= bestD) {
                final double pr = Double.longBitsToDouble(l[2 * v + 1]);
                if (PathfindRules.better(d, pr, bestD, bestPr)) {
                    bestD = d;
                    bestPr = pr;
                    bestK = k;
                    bestKK = kk;
                }
            }
            k = kk;
        }
        if (bestK < 0) {
            return true;
        }
        final int v = from[bestK];
        lnd.unifyLocal(bestK, bestKK, amt[v], 1);
        if (!lnd.uFound) {
            chooseFallbacks++;
            return false;
        }
        lnd.offerDist = bestD;
        lnd.offerProb = bestPr;
        take(v);
        return true;
    }

    /** {@link #improves} from {@link #prepareChoices}' labels. */
    private boolean improvesPrepared(int v) {
        final long[] l = locals;
        final long d = l[2 * v];
        if (d < 0 || d > chosenDist) {
            return false;
        }
        final double pr = Double.longBitsToDouble(l[2 * v + 1]);
        lnd.offerDist = d;
        lnd.offerProb = pr;
        return PathfindRules.better(d, pr, chosenDist, chosenProb);
    }

    // ---- heap ---------------------------------------------------------------------------------------

    private void push(int u, long key) {
        if (heapSize == heap.length) {
            heap = Arrays.copyOf(heap, 2 * heapSize);
            heapKey = Arrays.copyOf(heapKey, 2 * heapSize);
        }
        final int[] h = heap;
        final long[] hk = heapKey;
        int i = heapSize++;
        while (i > 0) {
            final int parent = (i - 1) >>> 2;
            final long pk = hk[parent];
            if (pk <= key) {
                break;
            }
            h[i] = h[parent];
            hk[i] = pk;
            i = parent;
        }
        h[i] = u;
        hk[i] = key;
    }

    /** {@link #popLive}'s answer for an empty heap. */
    private static final int EMPTY = Integer.MIN_VALUE;

    /**
     * The smallest live entry: a node v (its label's distance is the key), a deferred expansion
     * {@code -2 - v} ({@link #expansionKey}), or {@link #EMPTY}; stale node entries are dropped.
     */
    private int popLive() {
        final long[] lab = distStamp;
        while (heapSize > 0) {
            final int top = heap[0];
            final long key = heapKey[0];
            removeTop();
            if (top < 0 || lab[2 * top] == key) {
                return top;
            }
        }
        return EMPTY;
    }

    private void removeTop() {
        final int[] h = heap;
        final long[] hk = heapKey;
        final int size = --heapSize;
        if (size == 0) {
            return;
        }
        final int u = h[size];
        final long key = hk[size];
        int i = 0;
        for (;;) {
            final int first = 4 * i + 1;
            if (first >= size) {
                break;
            }
            int best = first;
            long bk = hk[first];
            final int last = Math.min(first + 4, size);
            for (int c = first + 1; c < last; c++) {
                final long ck = hk[c];
                if (ck < bk) {
                    bk = ck;
                    best = c;
                }
            }
            if (bk >= key) {
                break;
            }
            h[i] = h[best];
            hk[i] = bk;
            i = best;
        }
        h[i] = u;
        hk[i] = key;
    }
}
