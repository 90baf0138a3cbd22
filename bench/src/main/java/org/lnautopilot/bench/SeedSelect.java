package org.lnautopilot.bench;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.ChannelGraph;
import org.lnautopilot.Node;
import org.lnautopilot.NodeId;

/**
 * The seed's Select as lnd v0.4-beta wrote it, the reference to beat: for every pick, walk every
 * node through {@code forEachNode}/{@code forEachChannel}, append each eligible node once plus once
 * per channel to a selection slice ({@code deg + 1} copies), draw one uniform index into the slice,
 * and mark the pick visited. Then the same sizing as ours. O(k (n + e)) time and O(n + e) memory per
 * pick.
 *
 * <p>The seed draws one uniform index ({@code prand.Int31n(len(selectionSlice))}); it does not
 * shuffle the slice, so neither does this reference (a shuffle would only make it slower).
 * Not thread-safe ({@link Random} per instance).
 */
final class SeedSelect {
    private final long minChanSize;
    private final long maxChanSize;
    private final Random rng;

    SeedSelect(long minChanSize, long maxChanSize, long seed) {
        this.minChanSize = minChanSize;
        this.maxChanSize = maxChanSize;
        this.rng = new Random(seed);
    }

    List<AttachmentDirective> select(NodeId self, ChannelGraph g, long funds, int numNewChans, Set<NodeId> skip) {
        List<AttachmentDirective> picks = new ArrayList<>();
        if (funds < minChanSize) {
            return picks;
        }
        Set<NodeId> visited = new HashSet<>();
        List<NodeId> pickedIds = new ArrayList<>();
        List<List<InetSocketAddress>> pickedAddrs = new ArrayList<>();
        for (int i = 0; i < numNewChans; i++) {
            List<Node> selection = new ArrayList<>();
            g.forEachNode(node -> {
                NodeId id = node.pubKey();
                if (visited.contains(id) || id.equals(self) || skip.contains(id)) {
                    return;
                }
                selection.add(node);
                node.forEachChannel(e -> selection.add(node));
            });
            if (selection.isEmpty()) {
                break;
            }
            Node candidate = selection.get(rng.nextInt(selection.size()));
            pickedIds.add(candidate.pubKey());
            pickedAddrs.add(candidate.addrs());
            visited.add(candidate.pubKey());
        }
        int n = pickedIds.size();
        long left = funds;
        boolean allMax = funds >= (long) n * maxChanSize;
        for (int i = 0; i < n; i++) {
            long amt;
            if (allMax) {
                amt = maxChanSize;
            } else if (left > minChanSize) {
                amt = Math.min(maxChanSize, left);
                left -= amt;
            } else {
                break;
            }
            picks.add(new AttachmentDirective(pickedIds.get(i), amt, pickedAddrs.get(i)));
        }
        return picks;
    }
}
