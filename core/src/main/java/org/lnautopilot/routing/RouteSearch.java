package org.lnautopilot.routing;

import java.util.Arrays;
import org.lnautopilot.graph.CsrGraph;

/**
 * lnd's backward route search (routing/pathfind.go, {@code findPath}) on int indexes and primitive
 * arrays: one label per node, a 4-ary heap ordered by distance, zero allocation per step. One
 * instance per thread; {@link #search} reuses its arrays (an epoch stamp, not a clear, resets them).
 *
 * <p>From the target outwards, a popped node v with label (amount A it must receive, weight W,
 * probability P, accumulated time lock T, hops H) offers each neighbour u with a direction u -> v
 * the label of "u forwards to v": parallel channels u -> v are unified first ({@link #unify}: over
 * the enabled ones whose HTLC range and capacity hold A, the highest fee on A, the longest time
 * lock, the largest capacity); then u's fee F on A, hop probability {@code apriori *
 * capacityFactor(A, capacity)}, weight {@code F + A * timeLock * 15 / 10^9}, and distance
 * {@code (long) (W' + attemptCost / P')}. A label replaces u's only if its distance is lower, or equal
 * with a higher probability, as in lnd. Labels of probability below the minimum, of more than the
 * maximum hops, or past the CLTV limit are not offered. The sender is different: its own channel
 * costs nothing, adds no time lock and has probability 0.95, and among its parallel channels enabled
 * in its direction the one of largest capacity (lnd: bandwidth) that holds the amount is taken
 * ({@link #unifyLocal}).
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
    private static final long INFINITY = Long.MAX_VALUE;
    /** No amount can exceed 21 million BTC in msat; a label beyond it is not offered. */
    static final long MAX_MSAT = 21_000_000L * 100_000_000L * 1000L;

    private final LndRouteChoice p;
    final RouteGraph rg;
    private final CsrGraph g;
    private final int[] inOff;
    private final int[] inFrom;
    private final int[] inEnd;
    /** The usable directions of the current search's amount ({@link RouteGraph.Usable}). */
    private int[] usableOff;
    private int[] usableFrom;
    private int[] usableChan;
    private int[] usableRow;
    private long[] usableCap;
    private long[] usableMax;
    /** The sender's neighbours in the current search, stamped with the epoch. */
    private final long[] srcMark;

    // Labels, valid where the stamp of v (distStamp[2v + 1]) is the epoch.
    final long[] amt;
    final long[] weight;
    /**
     * Per node its distance at {@code 2v} and the stamp of its label at {@code 2v + 1}: the epoch
     * (a multiple of 4) with {@link #POPPED} and {@link #DESC} in its low bits, so that
     * {@link #searchForX}'s marks share the distance's cache line. The two
     * things every direction's test reads, in one cache line.
     */
    private final long[] distStamp;
    final double[] prob;
    final int[] cltv;
    final int[] hops;
    /** The next node towards the target, and the channel taken: c >= 0, or -1 - j for X's channel j. */
    final int[] next;
    final int[] chan;
    /** The fee the node charges for forwarding on its label's channel. */
    final long[] fee;
    /** The current search's stamp: a multiple of 4, the low two bits left for the flags. */
    private long epoch;
    /** Stamp flag ({@link #searchForX} only): the node was popped. */
    private static final long POPPED = 2;
    /** Stamp flag ({@link #searchForX} only): the node's current label descends from X (X included). */
    private static final long DESC = 1;
    private static final long FLAGS = POPPED | DESC;

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

    private int target;
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
    /** Unpopped nodes whose current label descends from X. */
    private int xLive;
    private boolean xPopped;
    /** A popped label was replaced (possible only with an a-priori probability of 1): no early stop. */
    private boolean replacedPopped;
    /** X's peers expanded so far, and how many distinct peers X has. */
    private int peersExpanded;
    private final int distinctPeers;
    /** Per peer (its first index in {@link RouteGraph#peers}): the epoch it was last expanded in. */
    private final long[] peerExpanded;
    /** Popped nodes whose label descends from X and which are not expanded yet. */
    private int xUnexpanded;
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
    private boolean offersGrow;
    /**
     * Whether a popped node's expansion waits in the heap ({@link #expansionKey}): on when offers
     * grow and the search may stop early by its own rule ({@link #searchForX}, {@link #searchBelow}).
     */
    private boolean deferExpansion;
    /**
     * {@link #searchForX}'s senders next to a path through X whose choice is not yet known to be the
     * full tree's ({@link #resolved}); filled once the paths through X are final ({@link #pathsFinal}).
     */
    private int[] open = new int[16];
    private int openCount;
    private boolean openBuilt;
    /** The largest distance of an open sender's best option through X. */
    private long openMaxThruX;
    /** The {@link #orderSize} at which the open senders are checked again. */
    private int openRecheckAt;
    /** Whether the last search stopped before labelling every node it could. */
    boolean stoppedEarly;

    /**
     * The sender's own knowledge in {@link #searchFor} (API.md part 4): its mission control and its
     * channels' balances; null in every other search (part 3: no history, capacities as bandwidth).
     */
    private SenderState sender;
    /** Per node: stamped with the epoch when the sender holds pair results from it ({@link #hasHistory}). */
    private long[] historyMark;

    // The unified edge of the last unify call.
    private boolean uFound;
    private long uFee;
    private int uLock;
    private long uCap;
    private int uChan;

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
        this.inEnd = rg.in.end;
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
        int d = 0;
        for (int j = 0; j < rg.peers.length; j = groupEnd(rg.peers, j, rg.peers.length)) {
            d++;
        }
        distinctPeers = d;
        peerExpanded = new long[rg.peers.length];
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
     * X, {@link #choose} for X, and for every sender next to such a path whether its choice passes X
     * (and if so the choice itself) are the full tree's. It stops at the next pivot, of distance K,
     * when
     * <ol>
     * <li>the paths through X are final ({@link #pathsFinal}): X has been popped and no unpopped
     *     node holds a label that descends from X (labels descend from X only by offers of popped
     *     nodes that do, and those are all expanded); or every peer of X has been popped before X
     *     and offers only grow, so that X's label is final and its offers will all be refused, and
     *     no path but X's own will pass X;</li>
     * <li>every sender s next to a node of such a path is resolved ({@link #resolved}): s's
     *     choice over the current labels does not pass X (labels only fall, and none through X can
     *     come, so its full-tree choice does not pass X either); or it passes X at a distance below
     *     K with X popped, so that no unpopped neighbour, whose final distance is at least K and
     *     whose sender-side distance is at least its distance, can beat it later;</li>
     * <li>X's own choice ({@link #choose} for X) is below K, or every peer of X is popped.</li>
     * </ol>
     * The first way out of rule 2 is what stops most searches early on large graphs: X's peers are
     * usually better served by their own neighbours, known long before K passes X's distance. The
     * open senders are checked again as the search goes on, each time the search has popped about
     * a sixteenth of their degrees' sum since the last check, so the checks cost at most a small share
     * of the search. Without X (or when X is never labelled and some peer never popped) it runs to
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
        xLive = 0;
        xPopped = false;
        replacedPopped = false;
        peersExpanded = 0;
        xUnexpanded = 0;
        openBuilt = false;
        openCount = 0;
        run(target, -1, amountMsat, true);
    }

    /** {@link #searchForX}'s pause: the number of final labels at which it pauses. */
    private int popLimit = Integer.MAX_VALUE;
    /** Whether the last {@link #searchForX} paused at its limit (its heap kept for {@link #resumeUntilChosen}). */
    boolean paused;
    /** {@link #resumeUntilChosen}'s sender, -1 otherwise; its last choice's distance and when to look again. */
    private int resolveFor = -1;
    private long resolveDist;
    private int resolveCheckAt;

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
    void resumeUntilChosen(int s) {
        if (!paused) {
            throw new IllegalStateException("the last search did not pause");
        }
        resolveFor = s;
        resolveDist = Long.MAX_VALUE;
        resolveCheckAt = orderSize;
        loop();
        resolveFor = -1;
        choose(s);
    }

    /** Whether {@link #resumeUntilChosen}'s sender has its full-tree choice before a pivot of distance d. */
    private boolean chosenBefore(long d) {
        final int s = resolveFor;
        if (d <= resolveDist && orderSize < resolveCheckAt) {
            return false;
        }
        choose(s);
        if (chosenHop >= 0 && chosenDist < d) {
            return true;
        }
        resolveDist = chosenHop >= 0 ? chosenDist : Long.MAX_VALUE;
        final int degree = s == rg.x ? rg.peers.length : inOff[s + 1] - inOff[s];
        resolveCheckAt = orderSize + 64 + degree;
        return everyNeighbourPopped(s);
    }

    /** Whether every neighbour of s (X's peers for X; X too for a peer) is popped. O(degree). */
    private boolean everyNeighbourPopped(int s) {
        if (s == rg.x) {
            for (int v : rg.peers) {
                if (!popped(v)) {
                    return false;
                }
            }
            return true;
        }
        for (int k = inOff[s], end = inOff[s + 1]; k < end; k++) {
            if (!popped(inFrom[k])) {
                return false;
            }
        }
        return !rg.isPeer(s) || popped(rg.x);
    }

    /** Whether v's label is final in this {@link #searchForX}: popped, or the target. */
    private boolean popped(int v) {
        return (distStamp[2 * v + 1] & ~DESC) == (epoch | POPPED);
    }

    /** Whether v's label in this {@link #searchForX} descends from X (X included). */
    boolean descendsFromX(int v) {
        return labelled(v) && (distStamp[2 * v + 1] & DESC) != 0;
    }

    private void run(int target, int source, long amountMsat, boolean leaves) {
        paused = false;
        resolveFor = -1;
        stoppedEarly = false;
        heapSize = 0;
        epoch += 4;
        final RouteGraph.Usable us = rg.in.usable(amountMsat);
        usableOff = us.off;
        usableFrom = us.from;
        usableChan = us.chan;
        usableRow = us.row;
        usableCap = us.capMsat;
        usableMax = us.maxHtlc;
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
        this.attemptCost = (double) (p.attemptCostMsat + amountMsat * p.attemptCostPpm / 1_000_000L);
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
            markPopped(t);
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
                if (orderSize >= popLimit && (resolveFor < 0 || chosenBefore(distStamp[2 * e]))) {
                    pause(e);
                    return;
                }
                if (resolveFor < 0 && trackX && popTracked(e) || distStamp[2 * e] > stopAbove) {
                    stoppedEarly = true;
                    heapSize = 0;
                    break;
                }
                if (resolveFor >= 0) {
                    markPopped(e);
                }
                appendOrder(e);
                if (e == source) {
                    heapSize = 0;
                    break;
                }
                if (deferExpansion && !(trackX && mattersForX(e))) {
                    if (source >= 0) {
                        expand(e, SENDER); // the source's label is what the search waits on
                    }
                    defer(e);
                    continue;
                }
                if (trackX && (distStamp[2 * e + 1] & DESC) != 0) {
                    xUnexpanded++;
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
        final long lower = distance(weight[v], prob[v] * top, attemptCost);
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

    /**
     * Whether {@link #searchForX}'s stop waits on v's expansion, which is then never deferred: a
     * peer's expansion offers X its label, and one through X offers labels through X. Deferring the
     * others only delays tentative labels, never a final one. O(log peers).
     */
    private boolean mattersForX(int v) {
        return (distStamp[2 * v + 1] & DESC) != 0 || rg.isPeer(v);
    }

    /** {@link #expand} and, for {@link #searchForX}, its count of expanded peers and paths through X. */
    private void expandTracked(int v, int parts) {
        expand(v, parts);
        if (trackX) {
            if ((distStamp[2 * v + 1] & DESC) != 0) {
                xUnexpanded--;
            }
            final int j = v < rg.n ? rg.firstChannelTo(v) : -1;
            if (j >= 0 && peerExpanded[j] != epoch) { // a node popped twice (equal distances) counts once
                peerExpanded[j] = epoch;
                peersExpanded++;
            }
        }
    }

    /** Puts the pivot back and leaves the heap as it is: the search is {@link #paused}. */
    private void pause(int pivot) {
        push(pivot, distStamp[2 * pivot]);
        stoppedEarly = true;
        paused = true;
    }

    /**
     * {@link #searchForX}'s bookkeeping for the next pivot: true when the search can stop before it
     * (the pivot then stays unpopped); else marks it popped.
     */
    private boolean popTracked(int pivot) {
        final long d = distStamp[2 * pivot];
        if (!replacedPopped && pathsFinal() && sendersResolved(d) && ownChoiceBelow(d)) {
            return true;
        }
        markPopped(pivot);
        return false;
    }

    /**
     * Whether no later label can pass X: X popped with no unpopped label descending from it, or
     * every peer popped before X while offers grow (X's label is then final, and its expansion will
     * offer only to popped peers, which refuse). O(1).
     */
    private boolean pathsFinal() {
        return xPopped ? xLive == 0 && xUnexpanded == 0 : offersGrow && peersExpanded == distinctPeers;
    }

    /**
     * Rule 2 of {@link #searchForX} before a pivot of distance d. The first call lists the senders
     * next to a path through X (O(pops) plus their degrees) and keeps the unresolved ones; later
     * calls check them again when K has passed all their options through X, or when the search has
     * done enough work since the last check.
     */
    private boolean sendersResolved(long d) {
        if (!openBuilt) {
            openBuilt = true;
            listOpenSenders();
            recheckOpen(d);
        } else if (openCount > 0 && (xPopped && d > openMaxThruX || orderSize >= openRecheckAt)) {
            recheckOpen(d);
        }
        return openCount == 0;
    }

    /** The senders next to the nodes whose labels descend from X (X's peers for X), the target excluded. */
    private void listOpenSenders() {
        final long ep = epoch;
        final int x = rg.x;
        final int[] ord = order;
        openCount = 0;
        if (labelled(x)) {
            for (int j = 0; j < rg.peers.length; j++) {
                addOpen(rg.peers[j], ep);
            }
        }
        for (int i = 0, m = orderSize; i < m; i++) {
            final int v = ord[i];
            if (v != x && (distStamp[2 * v + 1] & DESC) != 0) {
                for (int k = inOff[v], end = inOff[v + 1]; k < end; k++) {
                    addOpen(inFrom[k], ep);
                }
            }
        }
    }

    private void addOpen(int u, long ep) {
        if (u != target && srcMark[u] != ep) { // srcMark is free: searchForX has no source
            srcMark[u] = ep;
            if (openCount == open.length) {
                open = Arrays.copyOf(open, 2 * openCount);
            }
            open[openCount++] = u;
        }
    }

    /** Drops the open senders now {@link #resolved} and schedules the next check. O(their degrees). */
    private void recheckOpen(long d) {
        int kept = 0;
        long max = Long.MIN_VALUE;
        long degrees = 0;
        final int[] o = open;
        for (int i = 0, m = openCount; i < m; i++) {
            final int s = o[i];
            if (!resolved(s, d)) {
                o[kept++] = s;
                max = Math.max(max, resolvedThruX);
                degrees += inOff[s + 1] - inOff[s];
            }
        }
        openCount = kept;
        openMaxThruX = max;
        openRecheckAt = orderSize + (int) Math.min(Integer.MAX_VALUE / 2, Math.max(16, degrees >> 4));
    }

    /** {@link #resolved}'s best distance through X for a sender it left open. */
    private long resolvedThruX;

    /**
     * Whether sender s's full-tree choice, as far as X is concerned, is known before a pivot of
     * distance d (rule 2 of {@link #searchForX}). A label not yet popped only falls to its final
     * value, and a label that descends from X is final (rule 1), so: if s's choice over the current
     * labels does not pass X, its full-tree choice does not either (it is at most as far, and no
     * label through X can come); if it passes X at a distance below d with X popped, no neighbour
     * can still beat it (every unpopped one ends at d or beyond, and a sender-side distance is at
     * least the label's distance). Otherwise s stays open: a neighbour's label may still fall below
     * the route through X. Sets the choice's fields. O(degree of s).
     */
    private boolean resolved(int s, long d) {
        choose(s);
        if (chosenHop < 0 || (distStamp[2 * chosenHop + 1] & DESC) == 0) {
            return true;
        }
        resolvedThruX = chosenDist;
        return xPopped && chosenDist < d;
    }

    /** {@link #searchForX}'s marks for a node whose label is now final. */
    private void markPopped(int v) {
        final long stamp = distStamp[2 * v + 1];
        if ((stamp & POPPED) == 0) {
            distStamp[2 * v + 1] = stamp | POPPED;
            if ((stamp & DESC) != 0) {
                xLive--;
                if (v == rg.x) {
                    xPopped = true;
                } else {
                    // A node forwards through X: the search will run until X's subtree is popped,
                    // usually most of the graph, where deferring only adds heap entries.
                    deferExpansion = false;
                }
            }
        }
    }

    /** Whether X's own choice is final before a pivot of distance d: below d, or every peer popped. O(peers). */
    private boolean ownChoiceBelow(long d) {
        choose(rg.x);
        return chosenHop >= 0 && chosenDist < d || everyNeighbourPopped(rg.x);
    }

    /** {@link #searchForX}: u's label is replaced by one over v; keeps {@link #xLive} and the marks. */
    private void trackOffer(int u, int v) {
        final long stamp = distStamp[2 * u + 1]; // u is labelled: offer stamped it
        if ((stamp & POPPED) != 0) {
            replacedPopped = true;
        }
        final boolean was = (stamp & DESC) != 0;
        final boolean now = u == rg.x || (distStamp[2 * v + 1] & DESC) != 0;
        if (was != now) {
            if (now) {
                distStamp[2 * u + 1] = stamp | DESC;
                xLive++;
            } else {
                distStamp[2 * u + 1] = stamp & ~DESC;
                xLive--;
            }
        }
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
        if (sourceBound != INFINITY && distance(weight[v], pv * (withHistory ? maxHop : p.aprioriHopProbability),
                attemptCost) > sourceBound) {
            return; // every offer from v lies beyond the source's label: all would be dropped
        }
        final long lower = distance(weight[v], pv * p.aprioriHopProbability, attemptCost);
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
                unify(k, kk, a);
                if (uFound) {
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
        if (v >= rg.n || sourceBound != INFINITY && distance(weight[v], pv * maxHop, attemptCost) > sourceBound) {
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
            unify(k, kk, a);
            if (uFound) {
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
                unifyLocal(k, groupEnd(from, k, end), a, 0);
                if (uFound) {
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
                            unifyLocalVirtual(j, jj, a, false);
                            if (uFound) {
                                relaxLocal(u, v);
                            }
                        }
                    } else if (rest) {
                        unifyVirtual(j, jj, a, false);
                        if (uFound) {
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
                unifyLocalVirtual(j0, jj, a, true);
                if (uFound) {
                    relaxLocal(x, v);
                }
            }
        } else if (rest) {
            unifyVirtual(j0, jj, a, true);
            if (uFound) {
                relax(x, v);
            }
        }
    }

    // ---- unified edges (lnd's unified_edges.go) -------------------------------------------------

    /** Network edge over the usable directions {@code k..kk)} (one node u into v) for amount {@code a}. */
    private void unify(int k, int kk, long a) {
        final CsrGraph gr = g;
        final int[] rows = usableRow;
        final long[] caps = usableCap;
        final long[] maxs = usableMax;
        uFound = false;
        long bestFee = Long.MIN_VALUE;
        int maxLock = 0;
        long maxCap = 0;
        for (int j = k; j < kk; j++) {
            final int r = rows[j]; // a usable direction: it has a policy and is enabled
            final long cap = caps[j];
            if (!inRange(a, cap, maxs[j], gr.rowMinHtlcMsat(r))) {
                continue;
            }
            maxCap = Math.max(maxCap, cap);
            maxLock = Math.max(maxLock, gr.rowTimeLockDelta(r));
            final long f = org.lnautopilot.ChannelPolicy.fee(gr.rowBaseFeeMsat(r), gr.rowFeeRatePpm(r), a);
            if (f < bestFee) {
                continue;
            }
            bestFee = f;
            uChan = usableChan[j];
            uFound = true;
        }
        uFee = bestFee;
        uLock = maxLock;
        uCap = maxCap;
    }

    /** X's virtual channels {@code j..jj)}: X -> peer ({@code fromX}) or peer -> X. */
    private void unifyVirtual(int j, int jj, long a, boolean fromX) {
        final RouteGraph r = rg;
        uFound = false;
        long bestFee = Long.MIN_VALUE;
        int maxLock = 0;
        long maxCap = 0;
        for (int i = j; i < jj; i++) {
            final long cap = r.capMsat[i];
            if (!inRange(a, cap, cap, RouteGraph.NEW_CHANNEL_MIN_HTLC_MSAT)) {
                continue;
            }
            final int lock = fromX ? r.xLock : r.peerLock[i];
            maxCap = Math.max(maxCap, cap);
            maxLock = Math.max(maxLock, lock);
            final long f = fromX ? org.lnautopilot.ChannelPolicy.fee(r.xBase, r.xRate, a)
                    : org.lnautopilot.ChannelPolicy.fee(r.peerBase[i], r.peerRate[i], a);
            if (f < bestFee) {
                continue;
            }
            bestFee = f;
            uChan = -1 - i;
            uFound = true;
        }
        uFee = bestFee;
        uLock = maxLock;
        uCap = maxCap;
    }

    /**
     * The sender's own channels among {@code inEnd[k..kk) ^ flip} (flip 0: the directions u -> v into
     * the pivot, u the sender; flip 1: their reverse, the sender's channels to one neighbour):
     * enabled in the sender's direction (one its owner disabled means the link is down, and a live
     * lnd's bandwidth hint is then 0), the largest capacity that holds a (lnd's bandwidth). With a
     * {@link #sender} (part 4), {@link #senderBandwidth} instead.
     */
    private void unifyLocal(int k, int kk, long a, int flip) {
        final CsrGraph gr = g;
        uFound = false;
        long best = -1;
        for (int i = k; i < kk; i++) {
            final int e = inEnd[i] ^ flip;
            final int r = gr.policyRow(e);
            if (r < 0 || gr.rowDisabled(r)) {
                continue;
            }
            final long bandwidth;
            if (sender != null) {
                bandwidth = senderBandwidth(e, r, a);
                if (bandwidth < 0) {
                    continue;
                }
            } else {
                final long cap = gr.capacitySat(e >> 1) * 1000;
                if (!inRange(a, cap, gr.maxHtlcMsat(e), gr.rowMinHtlcMsat(r))) {
                    continue;
                }
                bandwidth = cap > 0 ? cap : Long.MAX_VALUE;
            }
            if (bandwidth < best) {
                continue;
            }
            best = bandwidth;
            uChan = e >> 1;
            uFound = true;
        }
    }

    /**
     * The sender's (part 4) bandwidth on its own enabled end {@code e} (policy row r) for amount a:
     * lnd's bandwidth hint, the local balance it can spend, when the HTLC range holds a and the
     * balance covers it; else -1. O(1).
     */
    private long senderBandwidth(int e, int r, long a) {
        if (!htlcRangeHolds(g, e, r, a)) {
            return -1;
        }
        final long b = sender.bandwidthMsat(e >> 1, e & 1);
        return b >= a ? b : -1;
    }

    /** Whether end e's HTLC range (policy row r) holds a: lnd's {@code amtInRange} without the capacity. O(1). */
    static boolean htlcRangeHolds(CsrGraph g, int e, int r, long a) {
        return a <= g.maxHtlcMsat(e) && a >= g.rowMinHtlcMsat(r);
    }

    /**
     * The sender's own new channels {@code j..jj)} (X -> peer when {@code xSide}, else peer -> X):
     * the largest capacity that holds a, or with a {@link #sender} the largest local balance.
     */
    private void unifyLocalVirtual(int j, int jj, long a, boolean xSide) {
        final RouteGraph r = rg;
        uFound = false;
        long best = -1;
        for (int i = j; i < jj; i++) {
            final long cap = r.capMsat[i];
            if (!inRange(a, cap, cap, RouteGraph.NEW_CHANNEL_MIN_HTLC_MSAT)) {
                continue;
            }
            final long bandwidth = sender != null ? sender.newChannelBandwidthMsat(i, xSide) : cap > 0 ? cap : Long.MAX_VALUE;
            if (bandwidth < best || sender != null && bandwidth < a) {
                continue;
            }
            best = bandwidth;
            uChan = -1 - i;
            uFound = true;
        }
    }

    /** lnd's {@code amtInRange}: the capacity (when known), the maximum and the minimum HTLC hold a. */
    private static boolean inRange(long a, long capMsat, long maxHtlc, long minHtlc) {
        return !(capMsat > 0 && a > capMsat) && a <= maxHtlc && a >= minHtlc;
    }

    // ---- labels -----------------------------------------------------------------------------------

    /** Offers u the label "u forwards to v" over the unified edge. */
    private void relax(int u, int v) {
        final long a = amt[v];
        if (refusedAtBest(u, v, a)) {
            return;
        }
        double edgeProb = hopProbability(a, uCap);
        if (hasHistory(u)) {
            edgeProb = sender.pairProbability(u, v, a, edgeProb);
        }
        if (extendAt(a, weight[v], prob[v], cltv[v], uFee, uLock, edgeProb)) {
            offer(u, v, extAmt, extWeight, extProb, extLock, uFee);
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
        if (bound == INFINITY || uFee > MAX_MSAT - a) {
            return false;
        }
        final double top = prob[v] * (hasHistory(u) ? maxHop : p.aprioriHopProbability);
        final long w = weight[v] + uFee + lockPenalty(a, uLock, p.riskFactorBillionths);
        return distance(w, top, attemptCost) > bound;
    }

    /** The label of the last successful {@link #extend}. */
    long extAmt;
    long extWeight;
    double extProb;
    int extLock;

    /**
     * The label "a node forwards, charging {@code f} with time lock {@code timeLock} over a channel of
     * {@code capMsat}, to a node of label (a, w, pv, lockV)": amount {@code a + f}, weight
     * {@code w + f + a * timeLock * risk / 10^9}, probability {@code pv * apriori * capacityFactor},
     * time lock {@code lockV + timeLock}, into {@link #extAmt} and its neighbours. False when lnd would
     * not offer it (probability 0 or below the minimum, past the CLTV limit, an amount past 21 million
     * BTC). The caller checks the hop count and the HTLC range. The one rule both the search and
     * {@link ForwardGains}' what-if labels use. O(1).
     */
    boolean extend(long a, long w, double pv, int lockV, long f, int timeLock, long capMsat) {
        return extendAt(a, w, pv, lockV, f, timeLock, hopProbability(a, capMsat));
    }

    /** lnd's a-priori probability of a hop carrying {@code a} over a channel of {@code capMsat}. */
    double hopProbability(long a, long capMsat) {
        if (capMsat == 0 || a <= capMsat / 25 * 2) {
            return p.aprioriHopProbability * p.capacityFactor(a, capMsat); // no exponential there
        }
        return p.aprioriHopProbability * memoFactor(a, capMsat);
    }

    /** The amount {@link #memoCap} holds factors for, or -1. */
    private long memoAmount = -1;
    /** A direct-mapped memo of capacity factors for {@link #memoAmount}, keyed by capacity (-1: empty). */
    private final long[] memoCap = new long[64];
    private final double[] memoFactor = new double[64];

    /**
     * {@link LndRouteChoice#capacityFactor} through a 64-entry memo for the current amount: a pivot
     * offers one amount over all its channels, and capacities repeat (round sizes), so most of its
     * exponentials ({@link StrictMath#exp}, the dearest step of an offer) are already known. The
     * same values. O(1).
     */
    private double memoFactor(long a, long capMsat) {
        final long[] caps = memoCap;
        if (a != memoAmount) {
            memoAmount = a;
            Arrays.fill(caps, -1);
        }
        final int i = (int) ((capMsat * 0x9E3779B97F4A7C15L) >>> 58);
        if (caps[i] == capMsat) {
            return memoFactor[i];
        }
        final double f = p.capacityFactor(a, capMsat);
        caps[i] = capMsat;
        memoFactor[i] = f;
        return f;
    }

    /** {@link #extend} with the hop's probability given ({@link #hopProbability}), for callers that reuse it. */
    boolean extendAt(long a, long w, double pv, int lockV, long f, int timeLock, double edgeProb) {
        final LndRouteChoice c = p;
        if (edgeProb == 0 || f > MAX_MSAT - a) {
            return false;
        }
        final int lock = lockV + timeLock;
        if (lock > c.cltvLimit) {
            return false;
        }
        final double pr = pv * edgeProb;
        if (pr < c.minProbability) {
            return false;
        }
        extAmt = a + f;
        extWeight = w + f + lockPenalty(a, timeLock, c.riskFactorBillionths);
        extProb = pr;
        extLock = lock;
        return true;
    }

    /** lnd's distance of a label of weight w and probability pr in the current search. */
    long distance(long w, double pr) {
        return distance(w, pr, attemptCost);
    }

    /** Node v's distance in the last search (valid where {@link #labelled}). */
    long dist(int v) {
        return distStamp[2 * v];
    }

    /** lnd's {@code amtInRange} for X's new channels (minimum HTLC 1,000 msat, maximum the capacity). */
    static boolean newChannelHolds(long a, long capMsat) {
        return inRange(a, capMsat, capMsat, RouteGraph.NEW_CHANNEL_MIN_HTLC_MSAT);
    }

    /** Offers the sender u the label "u pays over its own channel to v". */
    private void relaxLocal(int u, int v) {
        final LndRouteChoice c = p;
        final double pr = prob[v] * c.localProbability;
        if (pr < c.minProbability) {
            return;
        }
        offer(u, v, amt[v], weight[v], pr, cltv[v], 0);
    }

    private void offer(int u, int v, long a, long w, double pr, int lock, long f) {
        final long d = distance(w, pr, attemptCost);
        if (d > sourceBound) {
            return; // u would pop after the source, where the search ends: its label cannot matter
        }
        if ((distStamp[2 * u + 1] & ~FLAGS) == epoch) {
            final long cur = distStamp[2 * u];
            if (d > cur || d == cur && pr <= prob[u]) {
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
            trackOffer(u, v);
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
        chan[u] = uChan;
        fee[u] = f;
    }

    /** A leaf's first label is final ({@link #settleLeaves}): it joins {@link #order} without the heap. */
    private void settleLeaf(int u) {
        appendOrder(u);
        if (trackX) {
            markPopped(u);
        }
    }

    /** Appends v to {@link #order}, growing it when full (a node popped twice appears twice). */
    private void appendOrder(int v) {
        if (orderSize == order.length) {
            order = Arrays.copyOf(order, 2 * order.length);
        }
        order[orderSize++] = v;
    }

    /** lnd's {@code getProbabilityBasedDist}: {@code (long) (weight + cost / probability)}, capped. */
    static long distance(long w, double pr, double cost) {
        if (pr == 0) {
            return INFINITY;
        }
        return distanceOf(w, cost / pr);
    }

    /** {@link #distance} with {@code cost / probability} given, for callers that reuse it over many weights. */
    static long distanceOf(long w, double costOverProb) {
        final double d = (double) w + costOverProb;
        return d > 9e18 ? INFINITY : (long) d;
    }

    /** The current search's attempt cost over {@code pr} (positive), for {@link #distanceOf}. */
    double costOver(double pr) {
        return attemptCost / pr;
    }

    /** {@code a * timeLock * risk / 10^9} in integer arithmetic, exact for every a (lnd's int64 wraps past 9.4e12 msat). */
    static long lockPenalty(long a, int timeLock, long risk) {
        final long k = timeLock * risk;
        if (a < 9_000_000_000_000L) {
            return a * k / 1_000_000_000L;
        }
        return (a / 1_000_000_000L) * k + (a % 1_000_000_000L) * k / 1_000_000_000L;
    }

    // ---- the sender -------------------------------------------------------------------------------

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
                if (labelled(v) && improves(v)) {
                    unifyLocalVirtual(j, jj, amt[v], true);
                    take(v);
                }
                j = jj;
            }
            return;
        }
        final int[] from = inFrom;
        for (int k = inOff[s], end = inOff[s + 1]; k < end; ) {
            final int v = from[k];
            final int kk = groupEnd(from, k, end);
            if (labelled(v) && improves(v)) {
                unifyLocal(k, kk, amt[v], 1);
                take(v);
            }
            k = kk;
        }
        final int x = r.x;
        if (x >= 0 && labelled(x)) {
            // A peer's own channels to X: the peer's median policy, never disabled.
            final int j0 = r.firstChannelTo(s);
            if (j0 >= 0 && improves(x)) {
                unifyLocalVirtual(j0, groupEnd(r.peers, j0, r.peers.length), amt[x], false);
                take(x);
            }
        }
    }

    /** The end of the run of equal values starting at {@code a[i]}, before {@code end}. */
    private static int groupEnd(int[] a, int i, int end) {
        final int v = a[i];
        int k = i + 1;
        while (k < end && a[k] == v) {
            k++;
        }
        return k;
    }

    /**
     * Whether the sender's label over neighbour v ({@link #localLabel}) would beat the best so far:
     * its distance lower, or equal with a higher probability. Tested before the sender's channels to v
     * are read, since most neighbours fail it; the same choice as reading them first.
     */
    private boolean improves(int v) {
        return localLabel(v) && (offerDist < chosenDist || offerDist == chosenDist && offerProb > chosenProb);
    }

    /** After {@link #improves} and a local unify towards v: v is the choice when a channel holds its amount. */
    private void take(int v) {
        if (uFound) {
            chosenDist = offerDist;
            chosenProb = offerProb;
            chosenHop = v;
            chosenChan = uChan;
        }
    }

    /** The last {@link #localLabel}'s distance and probability. */
    long offerDist;
    double offerProb;

    /**
     * The sender's label over its own channel to the labelled node v, given the channel holds v's
     * amount: probability {@code prob[v] * 0.95}, v's weight, one hop more. Sets {@link #offerDist}
     * and {@link #offerProb}; false when lnd would drop it (below the minimum probability, or too
     * many hops).
     */
    boolean localLabel(int v) {
        final LndRouteChoice c = p;
        final double pr = prob[v] * c.localProbability;
        if (pr < c.minProbability || hops[v] >= c.maxHops) {
            return false;
        }
        offerDist = distance(weight[v], pr, attemptCost);
        offerProb = pr;
        return true;
    }

    /**
     * A new channel of {@code capMsat} from the sender to the labelled node v (minimum HTLC 1,000
     * msat, maximum the capacity, as X's channels): whether it carries v's amount and lnd keeps the
     * label; sets {@link #offerDist} and {@link #offerProb}.
     */
    boolean newChannelLabel(int v, long capMsat) {
        return newChannelHolds(amt[v], capMsat) && localLabel(v);
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
