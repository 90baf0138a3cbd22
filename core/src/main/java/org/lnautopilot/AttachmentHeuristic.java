package org.lnautopilot;

import java.util.List;
import java.util.Set;

/**
 * Decides whether a node needs more channels and to whom they should go (the seed's
 * {@code AttachmentHeuristic}).
 */
public interface AttachmentHeuristic {
    /**
     * Whether, given the node's channels (open and pending) and its wallet balance, more channels
     * should be opened; if so the budget for them together and how many.
     */
    ChannelNeed needMoreChans(List<Channel> chans, long balanceSat);

    /**
     * Recommends up to {@code numNewChans} channels to open, never to {@code self} nor to a node in
     * {@code skipNodes}, spending at most {@code amtToUseSat} in total. Fewer directives, or none, is
     * a normal result.
     */
    List<AttachmentDirective> select(NodeId self, ChannelGraph graph, long amtToUseSat, int numNewChans,
            Set<NodeId> skipNodes);
}
