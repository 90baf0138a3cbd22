package org.lnautopilot.heuristic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.ChannelGraph;
import org.lnautopilot.NodeId;
import org.lnautopilot.ShortChannelId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.MapGraph;
import org.lnautopilot.testing.SetLawCounter;
import org.lnautopilot.testing.Stats;
import org.lnautopilot.testing.TestKeys;

/**
 * Select's contract, run on the fast path (a {@link CsrGraph}) and the generic path (a
 * {@link MapGraph}): the seed's reference cases, and the exact without-replacement law on small
 * graphs by enumeration of every ordered pick sequence.
 */
class SelectContractTest {
    static final long BTC = 100_000_000L;
    static final NodeId SELF = TestKeys.key(999);
    static final InetSocketAddress ADDR = InetSocketAddress.createUnresolved("peer.onion", 9735);

    /** Builds a graph with the given edges (pairs of key numbers) and isolated nodes, all with an address. */
    static ChannelGraph graph(String impl, int[][] edges, int... isolated) {
        if (impl.equals("CsrGraph")) {
            CsrGraph.Builder b = CsrGraph.builder();
            Set<Integer> seen = new HashSet<>();
            for (int[] e : edges) {
                for (int v : e) {
                    if (seen.add(v)) {
                        b.addNode(TestKeys.key(v), List.of(ADDR));
                    }
                }
            }
            for (int v : isolated) {
                b.addNode(TestKeys.key(v), List.of(ADDR));
            }
            for (int i = 0; i < edges.length; i++) {
                b.addChannel(ShortChannelId.of(100, i, 0), TestKeys.key(edges[i][0]), TestKeys.key(edges[i][1]), BTC);
            }
            return b.build();
        }
        MapGraph m = new MapGraph();
        for (int[] e : edges) {
            for (int v : e) {
                m.node(TestKeys.key(v), List.of());
            }
        }
        for (int v : isolated) {
            m.node(TestKeys.key(v), List.of());
        }
        for (int i = 0; i < edges.length; i++) {
            m.channel(ShortChannelId.of(100, i, 0), TestKeys.key(edges[i][0]), TestKeys.key(edges[i][1]), BTC);
        }
        return m;
    }

    static ConstrainedPrefAttachment pa(long min, long seed) {
        return new ConstrainedPrefAttachment(min, BTC, 10, 0.5, new SplittableRandom(seed));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CsrGraph", "MapGraph"})
    void emptyGraphGivesNothing(String impl) {
        assertEquals(List.of(), pa(0, 1).select(SELF, graph(impl, new int[0][]), 10 * BTC, 5, Set.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CsrGraph", "MapGraph"})
    void twoConnectedNodesBothAtMaxSize(String impl) {
        List<AttachmentDirective> d = pa(0, 2).select(SELF, graph(impl, new int[][] {{1, 2}}), 10 * BTC, 2, Set.of());
        assertEquals(2, d.size());
        assertEquals(Set.of(TestKeys.key(1), TestKeys.key(2)), Set.of(d.get(0).peerKey(), d.get(1).peerKey()));
        assertEquals(BTC, d.get(0).chanAmtSat());
        assertEquals(BTC, d.get(1).chanAmtSat());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CsrGraph", "MapGraph"})
    void greedySizingOneOneHalf(String impl) {
        for (long seed = 0; seed < 20; seed++) {
            List<AttachmentDirective> d = pa(0, seed).select(SELF, graph(impl, new int[][] {{1, 2}, {2, 3}}),
                    BTC * 5 / 2, 5, Set.of());
            assertEquals(3, d.size());
            assertEquals(List.of(BTC, BTC, BTC / 2), List.of(d.get(0).chanAmtSat(), d.get(1).chanAmtSat(),
                    d.get(2).chanAmtSat()));
            assertEquals(3, new HashSet<>(List.of(d.get(0).peerKey(), d.get(1).peerKey(), d.get(2).peerKey())).size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CsrGraph", "MapGraph"})
    void skippingBothNodesGivesNothing(String impl) {
        assertEquals(List.of(), pa(0, 3).select(SELF, graph(impl, new int[][] {{1, 2}}), 10 * BTC, 2,
                Set.of(TestKeys.key(1), TestKeys.key(2))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CsrGraph", "MapGraph"})
    void selfIsNeverPicked(String impl) {
        ChannelGraph g = graph(impl, new int[][] {{999, 1}, {999, 2}, {999, 3}, {1, 2}});
        for (long seed = 0; seed < 200; seed++) {
            for (AttachmentDirective d : pa(0, seed).select(SELF, g, 10 * BTC, 4, Set.of())) {
                assertTrue(!d.peerKey().equals(SELF), "self picked with seed " + seed);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CsrGraph", "MapGraph"})
    void fundsBelowMinimumGiveNothing(String impl) {
        assertEquals(List.of(), pa(BTC / 10, 4).select(SELF, graph(impl, new int[][] {{1, 2}}), BTC / 10 - 1, 2,
                Set.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CsrGraph", "MapGraph"})
    void picksLeftWithoutFundsAreDropped(String impl) {
        // min 0.4 BTC, 1.3 BTC for 3 picks: 1 BTC, then 0.3 BTC is not above the minimum.
        ConstrainedPrefAttachment p = new ConstrainedPrefAttachment(BTC * 4 / 10, BTC, 10, 0.5, new SplittableRandom(9));
        List<AttachmentDirective> d = p.select(SELF, graph(impl, new int[][] {{1, 2}, {2, 3}}), BTC * 13 / 10, 3,
                Set.of());
        assertEquals(1, d.size());
        assertEquals(BTC, d.get(0).chanAmtSat());
    }

    static Stream<Arguments> lawCases() {
        int[][] star = {{1, 2}, {1, 3}, {1, 4}, {1, 5}, {2, 3}};
        int[][] path = {{1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}, {2, 3}};
        List<Arguments> out = new ArrayList<>();
        for (String impl : List.of("CsrGraph", "MapGraph")) {
            out.add(Arguments.of(impl, star, new int[] {6}, new int[] {}, 2, 101L));
            out.add(Arguments.of(impl, star, new int[] {6}, new int[] {1}, 3, 102L));
            out.add(Arguments.of(impl, path, new int[] {}, new int[] {3}, 3, 103L));
            out.add(Arguments.of(impl, path, new int[] {}, new int[] {}, 6, 104L));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} k={4} seed={5}")
    @MethodSource("lawCases")
    void selectedSetsFollowExactLaw(String impl, int[][] edges, int[] isolated, int[] skip, int k, long seed) {
        ChannelGraph g = graph(impl, edges, isolated);
        // Nodes 1..6 as indexes 0..5; weights deg + 1.
        int maxNode = 6;
        double[] w = new double[maxNode];
        boolean[] present = new boolean[maxNode];
        for (int[] e : edges) {
            w[e[0] - 1]++;
            w[e[1] - 1]++;
            present[e[0] - 1] = true;
            present[e[1] - 1] = true;
        }
        for (int v : isolated) {
            present[v - 1] = true;
        }
        boolean[] excluded = new boolean[maxNode];
        for (int i = 0; i < maxNode; i++) {
            w[i] = present[i] ? w[i] + 1 : 0;
        }
        Set<NodeId> skipSet = new HashSet<>();
        for (int v : skip) {
            excluded[v - 1] = true;
            skipSet.add(TestKeys.key(v));
        }
        SetLawCounter counter = new SetLawCounter(Stats.exactSetLaw(w, excluded, k), impl + " seed " + seed);
        Map<NodeId, Integer> indexOf = new HashMap<>();
        for (int v = 1; v <= maxNode; v++) {
            indexOf.put(TestKeys.key(v), v - 1);
        }
        ConstrainedPrefAttachment p = pa(0, seed);
        int trials = 40_000;
        for (int t = 0; t < trials; t++) {
            long mask = 0;
            for (AttachmentDirective d : p.select(SELF, g, 100 * BTC, k, skipSet)) {
                mask |= 1L << indexOf.get(d.peerKey());
            }
            counter.record(mask);
        }
        counter.assertFits();
    }
}
