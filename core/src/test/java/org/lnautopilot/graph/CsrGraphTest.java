package org.lnautopilot.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lnautopilot.NodeId;
import org.lnautopilot.ShortChannelId;
import org.lnautopilot.growth.BarabasiAlbert;
import org.lnautopilot.testing.TestKeys;

class CsrGraphTest {
    @Test
    void builderTakesAnyOrderAndCreatesChannelEnds() {
        NodeId a = TestKeys.key(1);
        NodeId b = TestKeys.key(2);
        NodeId c = TestKeys.key(3);
        CsrGraph.Builder bl = CsrGraph.builder();
        bl.addChannel(ShortChannelId.of(1, 0, 0), a, b, 10);
        bl.addNode(b, List.of(Addresses.parse("1.2.3.4:9735"), Addresses.parse("abc.onion:9735")));
        bl.addNode(c, List.of());
        bl.addChannel(ShortChannelId.of(2, 0, 0), a, b, 20);
        CsrGraph g = bl.build();
        assertEquals(3, g.nodeCount());
        assertEquals(2, g.channelCount());
        int ia = g.indexOf(a);
        int ib = g.indexOf(b);
        int ic = g.indexOf(c);
        assertEquals(2, g.degree(ia));
        assertEquals(2, g.degree(ib));
        assertEquals(0, g.degree(ic));
        assertEquals(2, g.maxDegree());
        for (int s = g.slotStart(ia); s < g.slotEnd(ia); s++) {
            assertEquals(ib, g.neighbour(s));
        }
        assertFalse(g.hasAddress(ia));
        assertTrue(g.hasAddress(ib));
        InetSocketAddress first = g.addresses(ib).get(0);
        assertEquals("1.2.3.4", first.getAddress().getHostAddress());
        assertEquals(9735, first.getPort());
        assertTrue(g.addresses(ib).get(1).isUnresolved(), "onion stays unresolved");
        assertEquals("abc.onion", g.addresses(ib).get(1).getHostString());
        byte[] buf = new byte[40];
        g.copyKey(ib, buf, 7);
        assertEquals(ib, g.indexOf(buf, 7));
        assertArrayEquals(b.toByteArray(), g.nodeId(ib).toByteArray());
        assertFalse(g.isDialable(ia));
        assertTrue(g.isDialable(ib));
    }

    @Test
    void builderRejectsSelfChannelDuplicateIdAndDoubleDeclaration() {
        NodeId a = TestKeys.key(1);
        NodeId b = TestKeys.key(2);
        CsrGraph.Builder bl = CsrGraph.builder();
        IllegalArgumentException self = assertThrows(IllegalArgumentException.class,
                () -> bl.addChannel(ShortChannelId.of(1, 2, 3), a, a, 10));
        assertTrue(self.getMessage().contains("1x2x3") && self.getMessage().contains("itself"), self.getMessage());
        bl.addChannel(ShortChannelId.of(1, 2, 3), a, b, 10);
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> bl.addChannel(ShortChannelId.of(1, 2, 3), b, a, 10));
        assertTrue(dup.getMessage().contains("duplicate channel id 1x2x3"), dup.getMessage());
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
                () -> bl.addChannel(ShortChannelId.of(1, 2, 4), b, a, -1));
        assertTrue(neg.getMessage().contains("negative capacity"), neg.getMessage());
        bl.addNode(a, List.of());
        assertThrows(IllegalArgumentException.class, () -> bl.addNode(a, List.of()));
        assertEquals(1, bl.build().channelCount(), "rejected calls left the builder unchanged");
    }

    @Test
    void nodeIndexFindsEveryKeyAndMissesOthers() {
        CsrGraph g = BarabasiAlbert.generate(20_000, 2, 5);
        byte[] buf = new byte[33];
        for (int i = 0; i < g.nodeCount(); i++) {
            g.copyKey(i, buf, 0);
            assertEquals(i, g.indexOf(buf, 0));
        }
        for (int i = 0; i < 1000; i++) {
            g.copyKey(i, buf, 0);
            buf[32] ^= 1;
            assertEquals(-1, g.indexOf(buf, 0), "a key that differs in the last byte is a miss");
            buf[0] = (byte) (buf[0] == 2 ? 3 : 2);
            buf[32] ^= 1;
            assertEquals(-1, g.indexOf(buf, 0), "a key that differs in the prefix is a miss");
        }
    }

    @Test
    void generatorIsDeterministicWithValidKeysAndBaDegrees() {
        CsrGraph g1 = BarabasiAlbert.generate(5000, 5, 42);
        CsrGraph g2 = BarabasiAlbert.generate(5000, 5, 42);
        CsrGraph g3 = BarabasiAlbert.generate(5000, 5, 43);
        assertEquals(5000, g1.nodeCount());
        assertEquals(5 * 6 / 2 + (5000 - 6) * 5, g1.channelCount());
        long degSum = 0;
        for (int i = 0; i < g1.nodeCount(); i++) {
            assertEquals(g1.nodeId(i), g2.nodeId(i));
            assertEquals(g1.degree(i), g2.degree(i));
            assertTrue(g1.degree(i) >= 5, "every node has at least m channels");
            degSum += g1.degree(i);
        }
        assertEquals(2L * g1.channelCount(), degSum);
        assertFalse(g1.nodeId(0).equals(g3.nodeId(0)), "another seed, other keys");
        for (int i = 0; i < g1.nodeCount(); i += 97) {
            assertTrue(g1.nodeId(i).isOnCurve(), "key " + i + " is on the curve");
            assertTrue(g1.hasAddress(i));
        }
        assertTrue(g1.maxDegree() > 100, "preferential attachment makes hubs: " + g1.maxDegree());
    }

    @Test
    void generatorRejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> BarabasiAlbert.generate(10, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> BarabasiAlbert.generate(3, 5, 1));
    }
}
