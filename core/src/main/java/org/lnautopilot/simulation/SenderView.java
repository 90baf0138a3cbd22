package org.lnautopilot.simulation;

import org.lnautopilot.routing.SenderState;

/**
 * One sender's knowledge at one moment, as lnd's route search reads it: its mission control's
 * pair probabilities at the payment's time, and its own channels' spendable balances as bandwidth
 * hints. Reused for every attempt ({@link #at}); not thread-safe.
 */
final class SenderView implements SenderState {
    private final MissionControl mc;
    private final Balances balances;
    /** Where X's channels' balances are read: {@link #balances}, or a fork's own ({@link ForkingRuns}). */
    private final Balances newChannels;
    private final int m;
    private MissionControl.History history;
    private double nowS;

    SenderView(MissionControl mc, Balances balances, int graphChannels) {
        this(mc, balances, balances, graphChannels);
    }

    /** A view whose new node's channels are read from {@code newChannels} (X's balances beside a run without X). */
    SenderView(MissionControl mc, Balances balances, Balances newChannels, int graphChannels) {
        this.mc = mc;
        this.balances = balances;
        this.newChannels = newChannels;
        this.m = graphChannels;
    }

    /** This view for {@code sender} at {@code nowS}. O(1). */
    SenderView at(int sender, double nowS) {
        this.history = mc.history(sender);
        this.nowS = nowS;
        return this;
    }

    @Override
    public int historyCount() {
        return history == null ? 0 : history.fromCount;
    }

    @Override
    public int historyNode(int i) {
        return history.fromNodes[i];
    }

    @Override
    public double pairProbability(int from, int to, long amountMsat, double apriori) {
        return mc.pairProbability(history, from, to, amountMsat, apriori, nowS);
    }

    @Override
    public double maxPairProbability() {
        return MissionControl.PREV_SUCCESS_PROBABILITY;
    }

    @Override
    public long bandwidthMsat(int channel, int side) {
        return balances.spendableMsat(channel, side);
    }

    @Override
    public long newChannelBandwidthMsat(int j, boolean xSide) {
        return newChannels.spendableMsat(m + j, xSide ? 0 : 1);
    }
}
