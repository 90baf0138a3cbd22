package org.lnautopilot.routing;

/**
 * What one sender knows beyond the graph when lnd searches a route for it (API.md part 4): its
 * mission control (pair probabilities learnt from earlier attempts) and its own channels' local
 * balances (lnd's bandwidth hints). {@link PaymentRouter} reads it; the simulator's
 * {@code org.lnautopilot.simulation.MissionControl} and balances supply it.
 *
 * <p>Nodes are the route graph's indexes (the new node X, when there is one, is the base graph's
 * node count); channels are the base graph's indexes. Implementations are read by one search at a
 * time and must not change during it.
 */
public interface SenderState {
    /**
     * The number of nodes u for which the sender holds a result of some pair u -&gt; w. A search
     * asks {@link #pairProbability} only for hops leaving those nodes; every other hop has lnd's
     * a-priori probability. O(1).
     */
    int historyCount();

    /** The {@code i}-th node with results, {@code 0 <= i < historyCount()}, each once. O(1). */
    int historyNode(int i);

    /**
     * lnd's probability that the hop {@code from -> to} carries {@code amountMsat}, given the
     * a-priori probability of that hop ({@code apriori}: lnd's a-priori hop probability times its
     * capacity factor): mission control's pair probability at the current time. Asked only for a
     * {@code from} among {@link #historyNode}s. O(results from {@code from}).
     */
    double pairProbability(int from, int to, long amountMsat, double apriori);

    /** An upper bound on every {@link #pairProbability} (lnd: the larger of 0.95 and the a-priori probability). */
    double maxPairProbability();

    /**
     * What the sender can spend on its own channel {@code channel}, whose end {@code side} it is:
     * its balance less the channel's reserve, msat (negative when it cannot spend). O(1).
     */
    long bandwidthMsat(int channel, int side);

    /**
     * What the sender can spend on the new node's channel {@code j}: on X's side when
     * {@code xSide} (X is the sender), else on the peer's. O(1).
     */
    long newChannelBandwidthMsat(int j, boolean xSide);
}
