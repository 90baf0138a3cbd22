package org.lnautopilot.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lnautopilot.ChannelGraph;
import org.lnautopilot.NodeId;
import org.lnautopilot.ShortChannelId;
import org.lnautopilot.growth.BarabasiAlbert;
import org.lnautopilot.io.GraphReaders;
import org.lnautopilot.testing.SharedGraphs;
import org.lnautopilot.testing.TestKeys;

/**
 * One contract, every {@link ChannelGraph} implementation: built from the same channel list, each
 * must show exactly those nodes, degrees, neighbours, ids and capacities through the seed's view.
 */
class ChannelGraphContractTest {
    /** A channel of a data set. */
    record Ch(long id, NodeId a, NodeId b, long cap) {
    }

    static final Map<String, Function<List<Ch>, ChannelGraph>> IMPLS = Map.of(
            "CsrGraph", ChannelGraphContractTest::csr,
            "MapGraph", ChannelGraphContractTest::map);

    static ChannelGraph csr(List<Ch> chans) {
        CsrGraph.Builder b = CsrGraph.builder();
        for (Ch c : chans) {
            b.addChannel(new ShortChannelId(c.id()), c.a(), c.b(), c.cap());
        }
        return b.build();
    }

    static ChannelGraph map(List<Ch> chans) {
        MapGraph m = new MapGraph();
        for (Ch c : chans) {
            m.channel(new ShortChannelId(c.id()), c.a(), c.b(), c.cap());
        }
        return m;
    }

    static List<Ch> channelsOf(CsrGraph g) {
        List<Ch> out = new ArrayList<>();
        for (int c = 0; c < g.channelCount(); c++) {
            out.add(new Ch(g.channelId(c), g.nodeId(g.endpoint(c, 0)), g.nodeId(g.endpoint(c, 1)), g.capacitySat(c)));
        }
        return out;
    }

    static List<Ch> handmade() {
        NodeId a = TestKeys.key(1);
        NodeId b = TestKeys.key(2);
        NodeId c = TestKeys.key(3);
        return List.of(new Ch(1, a, b, 100), new Ch(2, a, b, 200), new Ch(3, b, c, 300), new Ch(4, c, a, 50));
    }

    static Stream<Arguments> cases() throws IOException {
        Map<String, List<Ch>> data = new TreeMap<>();
        data.put("handmade with parallel channels", handmade());
        data.put("Barabasi-Albert 3000 x 3", channelsOf(BarabasiAlbert.generate(3000, 3, 11)));
        if (SharedGraphs.dir() != null) {
            data.put("lnd 2019 snapshot",
                    channelsOf(GraphReaders.describeGraph(SharedGraphs.require(SharedGraphs.LND_2019))));
        }
        List<Arguments> out = new ArrayList<>();
        for (Map.Entry<String, List<Ch>> d : data.entrySet()) {
            for (String impl : new TreeMap<>(IMPLS).keySet()) {
                out.add(Arguments.of(impl, d.getKey(), d.getValue()));
            }
        }
        return out.stream();
    }

    /** node -> sorted list of "peer/id/cap" strings, from the channel list. */
    static Map<NodeId, List<String>> expected(List<Ch> chans) {
        Map<NodeId, List<String>> m = new HashMap<>();
        for (Ch c : chans) {
            m.computeIfAbsent(c.a(), k -> new ArrayList<>()).add(c.b() + "/" + c.id() + "/" + c.cap());
            m.computeIfAbsent(c.b(), k -> new ArrayList<>()).add(c.a() + "/" + c.id() + "/" + c.cap());
        }
        m.values().forEach(l -> l.sort(null));
        return m;
    }

    static Map<NodeId, List<String>> observed(ChannelGraph g) {
        Map<NodeId, List<String>> m = new HashMap<>();
        g.forEachNode(n -> {
            List<String> l = new ArrayList<>();
            n.forEachChannel(e -> {
                assertEquals(e.channel().node(), e.peer().pubKey(), "a channel's node is its peer");
                l.add(e.peer().pubKey() + "/" + e.channel().chanId().value() + "/" + e.channel().capacitySat());
            });
            l.sort(null);
            if (m.put(n.pubKey(), l) != null) {
                throw new AssertionError("node visited twice: " + n.pubKey());
            }
        });
        return m;
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void sameNodesDegreesAndNeighbours(String impl, String dataset, List<Ch> chans) {
        ChannelGraph g = IMPLS.get(impl).apply(chans);
        Map<NodeId, List<String>> want = expected(chans);
        Map<NodeId, List<String>> got = observed(g);
        assertEquals(want.keySet(), got.keySet(), "node set");
        for (NodeId id : want.keySet()) {
            assertEquals(want.get(id), got.get(id), "neighbours of " + id);
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void walkStopsOnRuntimeException(String impl, String dataset, List<Ch> chans) {
        ChannelGraph g = IMPLS.get(impl).apply(chans);
        int[] seen = {0};
        RuntimeException stop = new IllegalStateException("stop");
        RuntimeException thrown = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> g.forEachNode(n -> {
                    if (++seen[0] == 2) {
                        throw stop;
                    }
                }));
        org.junit.jupiter.api.Assertions.assertSame(stop, thrown, "propagated unchanged");
        assertEquals(2, seen[0], "no node visited after the exception");
    }
}
