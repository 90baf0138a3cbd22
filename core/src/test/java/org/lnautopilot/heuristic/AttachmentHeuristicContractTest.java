package org.lnautopilot.heuristic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.AttachmentHeuristic;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.growth.BarabasiAlbert;
import org.lnautopilot.routing.FeeSettings;
import org.lnautopilot.routing.SyntheticPolicies;
import org.lnautopilot.testing.TestKeys;

/**
 * The seed's {@code Select} contract, for every heuristic the command line names ({@link HeuristicSpec#NAMES}),
 * on graphs with policies so that the payment heuristics run too: at most the number asked, distinct peers,
 * never self, a neighbour of self's or a skipped node, every amount within the channel sizes, the total within
 * the funds; nothing when every node is skipped.
 */
class AttachmentHeuristicContractTest {
    static final long MIN = 20_000;
    static final long MAX = 1_000_000;

    static Stream<String> names() {
        return HeuristicSpec.NAMES.stream();
    }

    /** A Barabasi-Albert graph whose policies are drawn from a small template with varied fees. */
    static CsrGraph graph(long seed) {
        final CsrGraph.Builder t = CsrGraph.builder();
        for (int i = 0; i < 4; i++) {
            t.node(TestKeys.key(500 + i));
        }
        for (int c = 0; c < 4; c++) {
            final int ch = t.addChannel(c + 1, c, (c + 1) % 4, 2_000_000);
            t.policy(ch, 0, 1_000 * c, 10 + 100 * c, 40, 1_000, -1, false);
            t.policy(ch, 1, 0, 1 + c, 80, 1_000, -1, false);
        }
        return SyntheticPolicies.assign(BarabasiAlbert.generate(120, 2, seed), t.build(), new SplittableRandom(seed));
    }

    static AttachmentHeuristic create(String name, CsrGraph g, long seed) throws Exception {
        final StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < g.nodeCount(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(g.nodeId(i).toHex()).append("\":")
                    .append((i % 7) / 7.0);
        }
        final ExternalScores scores = ExternalScores.fromJson(new ByteArrayInputStream(json.append('}').toString()
                .getBytes(StandardCharsets.UTF_8)), "test scores");
        return HeuristicSpec.parse(name).create(MIN, MAX, 5, 0.6, 1.0, new SplittableRandom(seed), scores,
                TopCentrality::new, 100_000_000L, FeeSettings.GRAPH_MEDIAN);
    }

    @ParameterizedTest
    @MethodSource("names")
    void selectKeepsTheSeedsContract(String name) throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            final CsrGraph g = graph(seed);
            final NodeId self = seed == 3 ? g.nodeId(5) : TestKeys.key(999);
            final Set<NodeId> skip = Set.of(g.nodeId(0), g.nodeId(1));
            final long funds = 3_000_000;
            final List<AttachmentDirective> d = create(name, g, seed).select(self, g, funds, 4, skip);
            assertFalse(d.isEmpty(), name + ", seed " + seed);
            assertTrue(d.size() <= 4, name + ": " + d);
            final Set<NodeId> peers = new HashSet<>();
            long total = 0;
            for (AttachmentDirective a : d) {
                assertTrue(peers.add(a.peerKey()), name + ": two directives to " + a.peerKey());
                assertFalse(a.peerKey().equals(self) || skip.contains(a.peerKey()), name + ": " + a);
                final int idx = g.indexOf(a.peerKey());
                if (g.indexOf(self) >= 0) {
                    for (int s = g.slotStart(idx); s < g.slotEnd(idx); s++) {
                        assertTrue(g.neighbour(s) != g.indexOf(self), name + " picked a neighbour of self: " + a);
                    }
                }
                assertTrue(a.chanAmtSat() >= MIN && a.chanAmtSat() <= MAX, name + ": " + a);
                total += a.chanAmtSat();
            }
            assertTrue(total <= funds, name + ": " + total);
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyNodeSkippedGivesNothing(String name) throws Exception {
        final CsrGraph g = graph(1);
        final Set<NodeId> all = new HashSet<>();
        for (int i = 0; i < g.nodeCount(); i++) {
            all.add(g.nodeId(i));
        }
        assertEquals(List.of(), create(name, g, 1).select(TestKeys.key(999), g, 3_000_000, 4, all), name);
    }
}
