package org.lnautopilot.heuristic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.Channel;
import org.lnautopilot.ChannelGraph;
import org.lnautopilot.ChannelNeed;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;

/**
 * The seed's budget rules, shared by every heuristic: NeedMoreChans (how much to put into how many
 * new channels) and the sizing of picked channels. Immutable; thread-safe.
 *
 * <h2>NeedMoreChans</h2>
 * No more channels once {@code chanLimit} are open or pending. Otherwise, with {@code inChans} the
 * sum of their capacities and {@code total = balance + inChans}: more channels only when
 * {@code inChans / total < allocation} (so 0/0, which is NaN, and equality both say no); then
 * {@code chanLimit - chans} channels with the budget {@code (long) (total * allocation) - inChans}.
 *
 * <h2>Sizing</h2>
 * With {@code n'} picks, if {@code funds >= n' * maxChanSize} every channel gets {@code maxChanSize};
 * otherwise, in pick order and while {@code funds > minChanSize}, each gets
 * {@code min(maxChanSize, funds)}, and picks left without an amount are dropped.
 */
final class ChannelBudget {
    final long minChanSizeSat;
    final long maxChanSizeSat;
    final int chanLimit;
    final double allocation;

    /** @throws IllegalArgumentException naming the first bad argument */
    ChannelBudget(long minChanSizeSat, long maxChanSizeSat, int chanLimit, double allocation) {
        if (minChanSizeSat < 0) {
            throw new IllegalArgumentException("minChanSizeSat must be non-negative, got " + minChanSizeSat);
        }
        if (maxChanSizeSat <= 0 || maxChanSizeSat < minChanSizeSat) {
            throw new IllegalArgumentException("maxChanSizeSat must be positive and at least minChanSizeSat ("
                    + minChanSizeSat + "), got " + maxChanSizeSat);
        }
        if (chanLimit < 0) {
            throw new IllegalArgumentException("chanLimit must be non-negative, got " + chanLimit);
        }
        if (!(allocation >= 0 && allocation <= 1)) {
            throw new IllegalArgumentException("allocation must be in [0, 1], got " + allocation);
        }
        this.minChanSizeSat = minChanSizeSat;
        this.maxChanSizeSat = maxChanSizeSat;
        this.chanLimit = chanLimit;
        this.allocation = allocation;
    }

    /**
     * The seed's NeedMoreChans. O(chans).
     *
     * @throws ArithmeticException if the capacities and balance overflow a {@code long}
     */
    ChannelNeed needMoreChans(List<Channel> chans, long balanceSat) {
        if (chans.size() >= chanLimit) {
            return ChannelNeed.NONE;
        }
        int numChans = chanLimit - chans.size();
        long inChans = 0;
        for (int i = 0, n = chans.size(); i < n; i++) {
            inChans = Math.addExact(inChans, chans.get(i).capacitySat());
        }
        long total = Math.addExact(balanceSat, inChans);
        double fraction = (double) inChans / (double) total;
        if (!(fraction < allocation)) {
            return ChannelNeed.NONE;
        }
        long amount = (long) (total * allocation) - inChans;
        return new ChannelNeed(amount, numChans, true);
    }

    /**
     * Checks a {@code select} call's arguments and says whether it has anything to do: funds of at
     * least the minimum channel and at least one channel wanted.
     *
     * @throws NullPointerException naming a null argument
     */
    boolean worthSelecting(NodeId self, ChannelGraph graph, long funds, int numNewChans, Set<NodeId> skipNodes) {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(skipNodes, "skipNodes");
        return funds >= minChanSizeSat && numNewChans > 0;
    }

    /**
     * Sizes {@code picked} channels from {@code funds} into {@code amounts}. O(picked).
     *
     * @return how many picks got an amount (a prefix of the picks; the rest are dropped)
     */
    int size(int picked, long funds, long[] amounts) {
        final long max = maxChanSizeSat;
        final boolean allMax = Math.multiplyHigh(picked, max) == 0 && picked * max >= 0 && funds >= picked * max;
        if (allMax) {
            Arrays.fill(amounts, 0, picked, max);
            return picked;
        }
        long left = funds;
        int i = 0;
        for (; i < picked && left > minChanSizeSat; i++) {
            amounts[i] = Math.min(max, left);
            left -= amounts[i];
        }
        return i;
    }

    /**
     * Sizes the first {@code got} picks (node indexes of {@code g}) from {@code funds} and makes their
     * directives, in pick order; {@code amounts} is scratch of at least {@code got} entries. O(got).
     *
     * <p>{@code made}, when not null, holds by node index the last directive made for that node of
     * {@code g} (null where none was), and is updated. A directive is immutable and depends only on
     * the node and the amount, so when the amount is the one of the last directive for that node (in
     * steady state it is: every channel gets the largest size), that directive is handed out again.
     * A pick then costs two loads, the array's slot and the directive's amount, and allocates
     * nothing, where a new directive would also load the cached {@code NodeId} and address list (each
     * a cache miss on a large graph) and allocate the record.
     */
    List<AttachmentDirective> directives(CsrGraph g, int[] picks, int got, long funds, long[] amounts,
            AttachmentDirective[] made) {
        final int sized = size(got, funds, amounts);
        final List<AttachmentDirective> out = new ArrayList<>(sized);
        for (int j = 0; j < sized; j++) {
            final int p = picks[j];
            final long amount = amounts[j];
            final AttachmentDirective last = made == null ? null : made[p];
            out.add(last != null && last.chanAmtSat() == amount ? last : make(g, p, amount, made));
        }
        return out;
    }

    /** A new directive for node {@code p} of {@code g}, kept in {@code made} when it is not null. */
    private static AttachmentDirective make(CsrGraph g, int p, long amount, AttachmentDirective[] made) {
        final AttachmentDirective d = new AttachmentDirective(g.nodeId(p), amount, g.addresses(p));
        if (made != null) {
            made[p] = d;
        }
        return d;
    }

    @Override
    public String toString() {
        return "min=" + minChanSizeSat + ", max=" + maxChanSizeSat + ", chanLimit=" + chanLimit + ", allocation="
                + allocation;
    }
}
