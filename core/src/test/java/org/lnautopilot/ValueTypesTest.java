package org.lnautopilot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lnautopilot.testing.TestKeys;

class ValueTypesTest {
    static void message(IllegalArgumentException e, String fragment) {
        assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should contain '" + fragment + "'");
    }

    @Test
    void nodeIdRoundTrips() {
        NodeId k = TestKeys.key(7);
        assertEquals(k, NodeId.fromHex(k.toHex()));
        assertEquals(k, NodeId.fromHex(k.toHex().toUpperCase()));
        assertEquals(k, NodeId.of(k.toByteArray()));
        assertEquals(k, NodeId.of(k.toPublicKey()));
        assertEquals(k.toHex(), k.toString());
        assertEquals(k.hashCode(), NodeId.of(k.toByteArray()).hashCode());
        assertTrue(k.isOnCurve());
        byte[] raw = k.toByteArray();
        NodeId copy = NodeId.of(raw);
        raw[5] ^= 1;
        assertEquals(k, copy, "of() copies its input");
    }

    @Test
    void nodeIdOrderIsUnsigned() {
        byte[] lo = TestKeys.key(1).toByteArray();
        byte[] hi = lo.clone();
        lo[1] = 0x7f;
        hi[1] = (byte) 0x80;
        assertTrue(NodeId.of(lo).compareTo(NodeId.of(hi)) < 0, "0x80 sorts after 0x7f");
    }

    @Test
    void nodeIdRejections() {
        message(assertThrows(IllegalArgumentException.class, () -> NodeId.of(new byte[32])), "33 bytes");
        byte[] k = TestKeys.key(1).toByteArray();
        k[0] = 4;
        message(assertThrows(IllegalArgumentException.class, () -> NodeId.of(k)), "0x04");
        message(assertThrows(IllegalArgumentException.class, () -> NodeId.fromHex("02zz")), "expected 66 hex");
        String hex = TestKeys.key(1).toHex();
        message(assertThrows(IllegalArgumentException.class, () -> NodeId.fromHex(hex.substring(0, 5) + "g" + hex.substring(6))),
                "position 5");
        NodeId notOnCurve = TestKeys.offCurve();
        assertFalse(notOnCurve.isOnCurve());
        message(assertThrows(IllegalArgumentException.class, notOnCurve::toPublicKey), "not a point on secp256k1");
    }

    @Test
    void shortChannelIdPacksAndParses() {
        ShortChannelId s = ShortChannelId.of(700123, 45, 1);
        assertEquals(700123, s.blockHeight());
        assertEquals(45, s.txIndex());
        assertEquals(1, s.outputIndex());
        assertEquals("700123x45x1", s.toString());
        assertEquals(s, ShortChannelId.parse("700123x45x1"));
        assertEquals(700123L << 40 | 45L << 16 | 1, s.value());
        ShortChannelId max = ShortChannelId.of(0xFFFFFF, 0xFFFFFF, 0xFFFF);
        assertEquals(-1L, max.value());
        assertEquals(max, ShortChannelId.parse(max.toString()));
        // lnd's 2019 channel id 559493088906641408 is block 508856.
        assertEquals(508856, new ShortChannelId(559493088906641408L).blockHeight());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1x2", "1x2x3x4", "ax2x3", "16777216x0x0", "1x16777216x0", "1x1x65536", "1xx2", "x1x2", "1x2x"})
    void shortChannelIdRejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> ShortChannelId.parse(text));
    }

    @Test
    void outPointRoundTripsAndRejects() {
        String txid = "b9c7e9f2cd0fe0bf3f969db7e8bff7766626a53b8d0f31362279742d2d47d286";
        OutPoint o = OutPoint.parse(txid + ":3");
        assertEquals(3, o.index());
        assertEquals(txid + ":3", o.toString());
        assertEquals(o, OutPoint.parse(o.toString()));
        assertArrayEquals(Hex.decode(txid, 32), o.txid());
        assertNotEquals(o, OutPoint.parse(txid + ":4"));
        message(assertThrows(IllegalArgumentException.class, () -> OutPoint.parse(txid)), "<txid hex>:<index>");
        message(assertThrows(IllegalArgumentException.class, () -> OutPoint.parse(txid + ":-1")), "bad output index");
        message(assertThrows(IllegalArgumentException.class, () -> OutPoint.parse(txid + ":x")), "bad output index");
        message(assertThrows(IllegalArgumentException.class, () -> OutPoint.parse(txid.substring(2) + ":1")), "bad txid");
        message(assertThrows(IllegalArgumentException.class, () -> OutPoint.parse(txid + ":4294967296")), "bad output index");
    }

    @Test
    void recordsValidate() {
        NodeId k = TestKeys.key(1);
        assertThrows(IllegalArgumentException.class, () -> new Channel(ShortChannelId.NONE, -1, 0, k));
        assertThrows(NullPointerException.class, () -> new Channel(null, 1, 0, k));
        assertThrows(IllegalArgumentException.class, () -> new AttachmentDirective(k, 0, List.of()));
        assertEquals(new ChannelNeed(0, 0, false), ChannelNeed.NONE);
    }
}
