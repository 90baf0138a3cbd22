package org.lnautopilot.routing;

import java.util.Arrays;
import java.util.Objects;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;

/**
 * lnd's route choice on int indexes for one payment attempt after another: what the simulator
 * (API.md part 4) asks before every attempt. {@link #find} runs lnd's backward search from the
 * receiver until the sender's label is final, with the sender's mission control and local balances
 * ({@link SenderState}) or, without one, as {@link LndRouteChoice#route} does (part 3); the route
 * is then read hop by hop with no objects made.
 *
 * <p>Before searching, {@link #find} asks whether a route can exist at all ({@link RouteReach}: a
 * first hop the sender can pay over, and a path from it to the receiver over the directions that
 * could carry the amount); where none can, lnd's search would label every node that reaches the
 * receiver and find nothing, so it is skipped, with the same answer.
 *
 * <p>Cost: O((n + e) log n) per {@link #find} at worst, usually far less (the search stops at the
 * sender; one without a route is mostly caught by the reach test); no allocation per call once the
 * route's arrays have grown, beyond O(n + e) once per amount smaller than any before. O(n + e) memory. Not
 * thread-safe: one router per thread; routers on one graph share its read-only lists.
 */
public final class PaymentRouter {
    private final RouteSearch rs;
    /** The test that spares a search with no route to find ({@link RouteReach}). */
    private final RouteReach reach;
    private final int nodes;
    private int[] path = new int[8];
    private long[] carried = new long[8];
    private int hops;
    private long amount;
    private double probability;
    /** Whether the last {@link #find} ran the search (the reach test let it), so its labels are the search's. */
    private boolean searched;

    /**
     * A router on a graph with policies.
     *
     * @throws IllegalArgumentException if the graph has no policies
     */
    public PaymentRouter(LndRouteChoice choice, CsrGraph g) {
        Objects.requireNonNull(choice, "choice");
        if (!g.hasPolicies()) {
            throw new IllegalArgumentException("lnd's route choice needs a graph with channel policies");
        }
        RouteGraph rg = new RouteGraph(g);
        this.rs = choice.newSearch(rg);
        this.reach = new RouteReach(rg);
        this.nodes = rg.nodes;
    }

    /**
     * A router on a graph with one new node X ({@link GraphOverlay}: X's index is the base's node
     * count, its channel j named {@code -1 - j} where a channel is reported).
     *
     * @throws IllegalArgumentException if the base graph has no policies or the overlay none for X
     */
    public PaymentRouter(LndRouteChoice choice, GraphOverlay x) {
        Objects.requireNonNull(choice, "choice");
        if (!x.base().hasPolicies()) {
            throw new IllegalArgumentException("lnd's route choice needs a graph with channel policies");
        }
        RouteGraph rg = new RouteGraph(x);
        this.rs = choice.newSearch(rg);
        this.reach = new RouteReach(rg);
        this.nodes = rg.nodes;
    }

    /**
     * Searches the route lnd would take to pay {@code amountMsat} from {@code source} to
     * {@code target}, for a sender that knows {@code state} (null: no history, its channels'
     * capacities as bandwidth). True when there is one; then {@link #hops}, {@link #node} and
     * {@link #carried} describe it until the next call.
     *
     * @throws IllegalArgumentException if the amount is not in (0, 21 million BTC]
     * @throws IndexOutOfBoundsException if a node is not in the graph
     */
    public boolean find(int source, int target, long amountMsat, SenderState state) {
        LndRouteChoice.checkAmount(amountMsat);
        Objects.checkIndex(source, nodes);
        Objects.checkIndex(target, nodes);
        hops = 0;
        amount = amountMsat;
        probability = 0;
        searched = false;
        if (source == target) {
            return false;
        }
        if (!reach.mayRoute(source, target, amountMsat, state)) {
            return false; // the search would label every node that reaches the target and find none
        }
        final RouteSearch s = rs;
        searched = true;
        s.searchFor(target, source, amountMsat, state);
        if (!s.labelled(source)) {
            return false;
        }
        int v = source;
        int h = 0;
        path[0] = v;
        while (v != target) {
            v = s.next[v];
            if (h + 1 >= path.length) {
                grow();
            }
            carried[h] = s.amt[v];
            path[++h] = v;
            if (h > nodes) {
                throw new IllegalStateException("route labels form a cycle");
            }
        }
        hops = h;
        probability = s.prob[source];
        return true;
    }

    /** Whether the last {@link #find} ran lnd's search (false: the sender was the receiver, or no route could exist). */
    boolean searched() {
        return searched;
    }

    /**
     * After a {@link #find} that its reach test answered without a search: runs lnd's search for the
     * same question anyway (it finds no route, and labels every node that reaches the receiver), so
     * that a {@link NewNodeShadow} can read its labels. The route found stays none. Cost: a full search.
     */
    void searchAnyway(int source, int target, long amountMsat, SenderState state) {
        if (!searched && source != target) {
            searched = true;
            rs.searchFor(target, source, amountMsat, state);
        }
    }

    /** The search of the last {@link #find}, its labels valid until the next ({@link NewNodeShadow} reads them). */
    RouteSearch search() {
        return rs;
    }

    private void grow() {
        path = Arrays.copyOf(path, 2 * path.length);
        carried = Arrays.copyOf(carried, 2 * carried.length);
    }

    /**
     * Whether end {@code end} ({@code 2c + side}) of {@code g} may carry {@code amountMsat} by its
     * policy, whatever its balance: it has a policy, is enabled, and its HTLC range holds the amount.
     * The rule the search applies to a sender's own channels (API.md part 4), for a simulator's walk
     * to apply to every hop. O(1).
     */
    public static boolean directionCarries(CsrGraph g, int end, long amountMsat) {
        final int r = g.policyRow(end);
        return r >= 0 && !g.rowDisabled(r) && PathfindRules.htlcRangeHolds(g, end, r, amountMsat);
    }

    /**
     * Whether one of the new node's channels of {@code capMsat} carries {@code amountMsat}: minimum
     * HTLC 1,000 msat, maximum the capacity (API.md part 3), both ways. O(1).
     */
    public static boolean newChannelCarries(long amountMsat, long capMsat) {
        return PathfindRules.newChannelHolds(amountMsat, capMsat);
    }

    /** The last route's number of hops (0 when {@link #find} found none). */
    public int hops() {
        return hops;
    }

    /** The last route's node {@code i}: 0 the sender, {@link #hops} the receiver. */
    public int node(int i) {
        Objects.checkIndex(i, hops + 1);
        return path[i];
    }

    /**
     * What hop {@code i} (from {@code node(i)} to {@code node(i + 1)}) carries, msat: what
     * {@code node(i + 1)} must receive, the amount plus the fees of the nodes from {@code node(i + 1)}
     * on. {@code carried(hops() - 1)} is the amount.
     */
    public long carried(int i) {
        Objects.checkIndex(i, hops);
        return carried[i];
    }

    /** The fee node {@code i} keeps for forwarding (0 for the sender and the receiver), msat. */
    public long fee(int i) {
        Objects.checkIndex(i, hops + 1);
        return i == 0 || i == hops ? 0 : carried[i - 1] - carried[i];
    }

    /** The fees the sender pays on top of the amount, msat. */
    public long feeMsat() {
        return hops == 0 ? 0 : carried[0] - amount;
    }

    /** The probability lnd's search assigned to the last route (its own channel's 0.95 included). */
    public double probability() {
        return probability;
    }

    /** The nodes a route may name, the new node included. */
    public int nodeCount() {
        return nodes;
    }
}
