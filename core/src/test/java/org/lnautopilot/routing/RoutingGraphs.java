package org.lnautopilot.routing;

import java.util.SplittableRandom;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.testing.TestKeys;

/** Small random graphs with policies, for the reference tests. */
public final class RoutingGraphs {
    private RoutingGraphs() {
    }

    static final long[] CAPACITIES = {50_000, 120_000, 150_000, 1_000_000, 10_000_000};
    static final long[] BASES = {0, 1_000, 5_000};
    static final long[] RATES = {1, 100, 1_000, 5_000};
    static final int[] LOCKS = {18, 40, 80, 144};

    /**
     * n nodes, m channels between random distinct pairs (parallel channels allowed), random
     * capacities and policies: 10% of directions without a policy, 10% disabled, some with a maximum
     * HTLC below the amount.
     */
    public static CsrGraph random(long seed, int n, int m, boolean zeroLocks) {
        final SplittableRandom r = new SplittableRandom(seed);
        final CsrGraph.Builder b = CsrGraph.builder().addresslessEligible(true);
        for (int i = 0; i < n; i++) {
            b.node(TestKeys.key(i + 1));
        }
        for (int c = 0; c < m; c++) {
            final int a = r.nextInt(n);
            int z = r.nextInt(n - 1);
            if (z >= a) {
                z++;
            }
            final long cap = CAPACITIES[r.nextInt(CAPACITIES.length)];
            final int ch = b.addChannel(c + 1, a, z, cap);
            for (int side = 0; side < 2; side++) {
                final int kind = r.nextInt(10);
                if (kind == 0) {
                    continue;
                }
                final long max = r.nextInt(5) == 0 ? 50_000_000L : r.nextBoolean() ? -1 : cap * 1000;
                b.policy(ch, side, BASES[r.nextInt(BASES.length)], RATES[r.nextInt(RATES.length)],
                        zeroLocks ? 0 : LOCKS[r.nextInt(LOCKS.length)], 1_000, max, kind == 1);
            }
        }
        return b.build();
    }

    /**
     * A new node X on g with {@code minPeers} to {@code minPeers + extraPeers - 1} channels of
     * random capacities at the graph's median policy; a peer is any node one time in {@code oneIn},
     * else one of the first {@code hubs} nodes (the largest, in a Barabasi-Albert graph), as picks are.
     */
    static GraphOverlay hubOverlay(CsrGraph g, SplittableRandom r, int minPeers, int extraPeers, int oneIn, int hubs) {
        final int n = g.nodeCount();
        final int k = minPeers + r.nextInt(extraPeers);
        final int[] peers = new int[k];
        final long[] caps = new long[k];
        for (int j = 0; j < k; j++) {
            peers[j] = r.nextInt(oneIn) == 0 ? r.nextInt(n) : r.nextInt(Math.min(n, hubs));
            caps[j] = CAPACITIES[r.nextInt(CAPACITIES.length)];
        }
        return new GraphOverlay(g, peers, caps, Policies.graphMedian(g));
    }
}
