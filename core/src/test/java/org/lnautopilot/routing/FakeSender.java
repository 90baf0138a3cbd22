package org.lnautopilot.routing;

/**
 * A sender's made-up knowledge for route-search tests: pair probabilities by a hash of the pair
 * (0, a fraction of the a-priori one, the a-priori one, between it and 0.95, 0.95) for the nodes of
 * its history, and spendable balances from tables (on the graph's channels, and on the new node's
 * channels from X's side, index 0, and from the peer's, index 1).
 */
public final class FakeSender implements SenderState {
    private final int[] history;
    private final long salt;
    private final long[][] spend;
    private final long[][] newSpend;

    /** No balance on any new channel. */
    public FakeSender(int[] history, long salt, long[][] spend) {
        this(history, salt, spend, new long[0][]);
    }

    public FakeSender(int[] history, long salt, long[][] spend, long[][] newSpend) {
        this.history = history.clone();
        this.salt = salt;
        this.spend = spend;
        this.newSpend = newSpend;
    }

    /** The probability the fake gives the pair from -> to, whether or not it has history from {@code from}. */
    public double of(int from, int to, double apriori) {
        final int k = (int) Math.floorMod((from * 31L + to) * 0x9E3779B97F4A7C15L ^ salt, 5L);
        return switch (k) {
            case 0 -> 0;
            case 1 -> apriori * 0.3;
            case 2 -> apriori;
            case 3 -> (apriori + 0.95) / 2;
            default -> 0.95;
        };
    }

    /** Whether the fake holds results from {@code from}. */
    public boolean has(int from) {
        for (int h : history) {
            if (h == from) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int historyCount() {
        return history.length;
    }

    @Override
    public int historyNode(int i) {
        return history[i];
    }

    @Override
    public double pairProbability(int from, int to, long amountMsat, double apriori) {
        return of(from, to, apriori);
    }

    @Override
    public double maxPairProbability() {
        return 0.95;
    }

    @Override
    public long bandwidthMsat(int channel, int side) {
        return spend[channel][side];
    }

    @Override
    public long newChannelBandwidthMsat(int j, boolean xSide) {
        return j < newSpend.length ? newSpend[j][xSide ? 0 : 1] : -1;
    }
}
