package org.lnautopilot.routing;

import java.util.Arrays;

/**
 * The early stop of {@link RouteSearch#searchForX}: the route tree towards a search.target as far as it
 * can concern X (the graph's new node), one of the shortcuts beside lnd's search. The labels the
 * search pops are those of the full tree ({@code search(search.target, -1, a)}), and it stops once no later
 * label can change X's metrics, so that {@link RouteSearch#order}, the marks of the paths through
 * X, {@link RouteSearch#choose} for X, and for every sender next to such a path whether its choice
 * passes X (and if so the choice itself) are the full tree's. It stops at the next pivot, of
 * distance K, when
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
 * <li>X's own choice ({@link RouteSearch#choose} for X) is below K, or every peer of X is popped.</li>
 * </ol>
 * The first way out of rule 2 is what stops most searches early on large graphs: X's peers are
 * usually better served by their own neighbours, known long before K passes X's distance. The
 * open senders are checked again as the search goes on, each time the search has popped about
 * a sixteenth of their degrees' sum since the last check, so the checks cost at most a small share
 * of the search.
 *
 * <p>It also serves {@link RouteSearch#resumeUntilChosen}: when a paused search has one sender's
 * full-tree choice ({@link #chosenBefore}).
 *
 * <p>It keeps its marks in the search's label stamps ({@link RouteSearch#POPPED},
 * {@link RouteSearch#DESC}) and reads the search's labels; it changes no label. O(1) per pop and
 * offer, plus the checks above. One per {@link RouteSearch}: not thread-safe.
 */
final class NewNodeStop {
    private static final long POPPED = RouteSearch.POPPED;
    private static final long DESC = RouteSearch.DESC;

    private final RouteSearch search;
    private final RouteGraph rg;
    private final int[] inOff;
    private final int[] inFrom;

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
     * {@link RouteSearch#searchForX}'s senders next to a path through X whose choice is not yet known to be the
     * full tree's ({@link #resolved}); filled once the paths through X are final ({@link #pathsFinal}).
     */
    private int[] open = new int[16];
    private int openCount;
    private boolean openBuilt;
    /** The largest distance of an open sender's best option through X. */
    private long openMaxThruX;
    /** The {@link RouteSearch#orderSize} at which the open senders are checked again. */
    private int openRecheckAt;

    /** {@link RouteSearch#resumeUntilChosen}'s sender, -1 otherwise; its last choice's distance and when to look again. */
    private int resolveFor = -1;
    private long resolveDist;
    private int resolveCheckAt;

    NewNodeStop(RouteSearch search) {
        this.search = search;
        this.rg = search.rg;
        this.inOff = search.inOff;
        this.inFrom = search.inFrom;
        final int[] peers = rg.peers;
        int d = 0;
        for (int j = 0; j < peers.length; j = RouteSearch.groupEnd(peers, j, peers.length)) {
            d++;
        }
        distinctPeers = d;
        peerExpanded = new long[peers.length];
    }

    /** Clears the counts for a new {@link RouteSearch#searchForX}. O(1). */
    void reset() {
        xLive = 0;
        xPopped = false;
        replacedPopped = false;
        peersExpanded = 0;
        xUnexpanded = 0;
        openBuilt = false;
        openCount = 0;
    }

    /** Sets the sender whose choice a paused search resumes for ({@link RouteSearch#resumeUntilChosen}), -1 for none. */
    void resolveFor(int s) {
        resolveFor = s;
        resolveDist = Long.MAX_VALUE;
        resolveCheckAt = search.orderSize;
    }

    /** Whether a paused search is resuming for one sender's choice. */
    boolean resolving() {
        return resolveFor >= 0;
    }

    /** A pivot whose label descends from X will be expanded when popped: one more to wait for. */
    void expandsLater(int v) {
        if ((search.distStamp[2 * v + 1] & DESC) != 0) {
            xUnexpanded++;
        }
    }

    /** After v's expansion: one fewer path through X to wait for, and one more peer expanded. */
    void expanded(int v) {
        if ((search.distStamp[2 * v + 1] & DESC) != 0) {
            xUnexpanded--;
        }
        final int j = v < rg.n ? rg.firstChannelTo(v) : -1;
        if (j >= 0 && peerExpanded[j] != search.epoch) { // a node popped twice (equal distances) counts once
            peerExpanded[j] = search.epoch;
            peersExpanded++;
        }
    }

    /** Whether {@link RouteSearch#resumeUntilChosen}'s sender has its full-tree choice before a pivot of distance d. */
    boolean chosenBefore(long d) {
        final int s = resolveFor;
        if (d <= resolveDist && search.orderSize < resolveCheckAt) {
            return false;
        }
        search.choose(s);
        if (search.chosenHop >= 0 && search.chosenDist < d) {
            return true;
        }
        resolveDist = search.chosenHop >= 0 ? search.chosenDist : Long.MAX_VALUE;
        final int degree = s == rg.x ? rg.peers.length : inOff[s + 1] - inOff[s];
        resolveCheckAt = search.orderSize + 64 + degree;
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

    /** Whether v's label is final in this {@link RouteSearch#searchForX}: popped, or the target. */
    private boolean popped(int v) {
        return (search.distStamp[2 * v + 1] & ~DESC) == (search.epoch | POPPED);
    }

    /**
     * Whether {@link RouteSearch#searchForX}'s stop waits on v's expansion, which is then never deferred: a
     * peer's expansion offers X its label, and one through X offers labels through X. Deferring the
     * others only delays tentative labels, never a final one. O(log peers).
     */
    boolean mattersForX(int v) {
        return (search.distStamp[2 * v + 1] & DESC) != 0 || rg.isPeer(v);
    }

    /**
     * {@link RouteSearch#searchForX}'s bookkeeping for the next pivot: true when the search can stop before it
     * (the pivot then stays unpopped); else marks it popped.
     */
    boolean popTracked(int pivot) {
        final long d = search.distStamp[2 * pivot];
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
        return xPopped ? xLive == 0 && xUnexpanded == 0 : search.offersGrow && peersExpanded == distinctPeers;
    }

    /**
     * Rule 2 of {@link RouteSearch#searchForX} before a pivot of distance d. The first call lists the senders
     * next to a path through X (O(pops) plus their degrees) and keeps the unresolved ones; later
     * calls check them again when K has passed all their options through X, or when the search has
     * done enough work since the last check.
     */
    private boolean sendersResolved(long d) {
        if (!openBuilt) {
            openBuilt = true;
            listOpenSenders();
            recheckOpen(d);
        } else if (openCount > 0 && (xPopped && d > openMaxThruX || search.orderSize >= openRecheckAt)) {
            recheckOpen(d);
        }
        return openCount == 0;
    }

    /** The senders next to the nodes whose labels descend from X (X's peers for X), the search.target excluded. */
    private void listOpenSenders() {
        final long ep = search.epoch;
        final int x = rg.x;
        final int[] ord = search.order;
        openCount = 0;
        if (search.labelled(x)) {
            for (int j = 0; j < rg.peers.length; j++) {
                addOpen(rg.peers[j], ep);
            }
        }
        for (int i = 0, m = search.orderSize; i < m; i++) {
            final int v = ord[i];
            if (v != x && (search.distStamp[2 * v + 1] & DESC) != 0) {
                for (int k = inOff[v], end = inOff[v + 1]; k < end; k++) {
                    addOpen(inFrom[k], ep);
                }
            }
        }
    }

    private void addOpen(int u, long ep) {
        if (u != search.target && search.srcMark[u] != ep) { // search.srcMark is free: searchForX has no source
            search.srcMark[u] = ep;
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
        openRecheckAt = search.orderSize + (int) Math.min(Integer.MAX_VALUE / 2, Math.max(16, degrees >> 4));
    }

    /** {@link #resolved}'s best distance through X for a sender it left open. */
    private long resolvedThruX;

    /**
     * Whether sender s's full-tree choice, as far as X is concerned, is known before a pivot of
     * distance d (rule 2 of {@link RouteSearch#searchForX}). A label not yet popped only falls to its final
     * value, and a label that descends from X is final (rule 1), so: if s's choice over the current
     * labels does not pass X, its full-tree choice does not either (it is at most as far, and no
     * label through X can come); if it passes X at a distance below d with X popped, no neighbour
     * can still beat it (every unpopped one ends at d or beyond, and a sender-side distance is at
     * least the label's distance). Otherwise s stays open: a neighbour's label may still fall below
     * the route through X. Sets the choice's fields. O(degree of s).
     */
    private boolean resolved(int s, long d) {
        search.choose(s);
        if (search.chosenHop < 0 || (search.distStamp[2 * search.chosenHop + 1] & DESC) == 0) {
            return true;
        }
        resolvedThruX = search.chosenDist;
        return xPopped && search.chosenDist < d;
    }

    /** {@link RouteSearch#searchForX}'s marks for a node whose label is now final. */
    void markPopped(int v) {
        final long stamp = search.distStamp[2 * v + 1];
        if ((stamp & POPPED) == 0) {
            search.distStamp[2 * v + 1] = stamp | POPPED;
            if ((stamp & DESC) != 0) {
                xLive--;
                if (v == rg.x) {
                    xPopped = true;
                } else {
                    // A node forwards through X: the search will run until X's subtree is popped,
                    // usually most of the graph, where deferring only adds heap entries.
                    search.deferExpansion = false;
                }
            }
        }
    }

    /** Whether X's own choice is final before a pivot of distance d: below d, or every peer popped. O(peers). */
    private boolean ownChoiceBelow(long d) {
        search.choose(rg.x);
        return search.chosenHop >= 0 && search.chosenDist < d || everyNeighbourPopped(rg.x);
    }

    /** {@link RouteSearch#searchForX}: u's label is replaced by one over v; keeps {@link #xLive} and the marks. */
    void trackOffer(int u, int v) {
        final long stamp = search.distStamp[2 * u + 1]; // u is labelled: offer stamped it
        if ((stamp & POPPED) != 0) {
            replacedPopped = true;
        }
        final boolean was = (stamp & DESC) != 0;
        final boolean now = u == rg.x || (search.distStamp[2 * v + 1] & DESC) != 0;
        if (was != now) {
            if (now) {
                search.distStamp[2 * u + 1] = stamp | DESC;
                xLive++;
            } else {
                search.distStamp[2 * u + 1] = stamp & ~DESC;
                xLive--;
            }
        }
    }
}
