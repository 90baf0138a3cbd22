package org.lnautopilot.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.testing.TestKeys;

/** Every kind of bad input gets a {@link GraphFormatException} saying what and where; never a partial graph. */
class BadInputTest {
    static final String A = TestKeys.key(1).toHex();
    static final String B = TestKeys.key(2).toHex();
    static final String C = TestKeys.key(3).toHex();

    static String lnd(String nodes, String edges) {
        return "{\n\"nodes\": [" + nodes + "],\n\"edges\": [" + edges + "]\n}";
    }

    static String node(String key) {
        return "{\"pub_key\": \"" + key + "\", \"addresses\": [{\"network\": \"tcp\", \"addr\": \"1.2.3.4:9735\"}]}";
    }

    static String edge(String id, String a, String b, String cap) {
        return "{\"channel_id\": " + id + ", \"chan_point\": \"00:0\", \"node1_pub\": \"" + a + "\", \"node2_pub\": \""
                + b + "\", \"capacity\": " + cap + ", \"node1_policy\": null, \"node2_policy\": null}";
    }

    static String valid() {
        return lnd(node(A) + "," + node(B) + "," + node(C),
                edge("\"1\"", A, B, "\"1000\"") + "," + edge("\"2\"", B, C, "2000"));
    }

    static CsrGraph lnd(String json) throws IOException {
        return GraphReaders.describeGraph(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    static CsrGraph cln(String json) throws IOException {
        return GraphReaders.listChannels(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    static void fails(String json, String... fragments) {
        GraphFormatException e = assertThrows(GraphFormatException.class, () -> lnd(json));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should contain '" + f + "'");
        }
    }

    static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return bo.toByteArray();
    }

    @Test
    void validInputLoadsTolerantOfNullsAndUnknownFields() throws IOException {
        String json = lnd(node(A) + "," + node(B) + ",{\"pub_key\": \"" + C + "\", \"addresses\": null, \"new_field\": {\"x\": [1]}}",
                edge("\"18446744073709551615\"", A, B, "\"1000\"") + "," + edge("2", B, C, "2000"));
        CsrGraph g = lnd(json);
        assertEquals(3, g.nodeCount());
        assertEquals(2, g.channelCount());
        assertEquals(-1L, g.channelId(0), "2^64 - 1 read as unsigned");
        CsrGraph gz = GraphReaders.describeGraph(new ByteArrayInputStream(gzip(valid())));
        assertEquals(2, gz.channelCount(), "gzip detected by magic bytes");
    }

    @Test
    void malformedJson() {
        fails(valid().replace("\"edges\":", "\"edges\""), "malformed JSON at line 3");
    }

    @Test
    void truncatedJson() {
        String v = valid();
        fails(v.substring(0, v.length() - 20), "malformed JSON", "end-of-input");
    }

    @Test
    void notAnObject() {
        fails("[1, 2]", "expected a JSON object");
    }

    @Test
    void truncatedGzip() throws IOException {
        byte[] z = gzip(valid());
        byte[] cut = Arrays.copyOf(z, z.length - 30);
        GraphFormatException e = assertThrows(GraphFormatException.class,
                () -> GraphReaders.describeGraph(new ByteArrayInputStream(cut)));
        assertTrue(e.getMessage().contains("gzip") || e.getMessage().contains("end-of-input"), e.getMessage());
    }

    @Test
    void corruptGzip() throws IOException {
        byte[] z = gzip(valid());
        for (int i = 12; i < z.length - 8; i++) {
            z[i] ^= (byte) 0x5a;
        }
        GraphFormatException e = assertThrows(GraphFormatException.class,
                () -> GraphReaders.describeGraph(new ByteArrayInputStream(z)));
        assertTrue(e.getMessage().contains("gzip") || e.getMessage().contains("malformed"), e.getMessage());
        byte[] header = {0x1f, (byte) 0x8b, 1};
        GraphFormatException h = assertThrows(GraphFormatException.class,
                () -> GraphReaders.describeGraph(new ByteArrayInputStream(header)));
        assertTrue(h.getMessage().contains("gzip"), h.getMessage());
    }

    @Test
    void badHex() {
        String bad = A.substring(0, 10) + "zz" + A.substring(12);
        fails(lnd(node(bad), ""), "bad hex character 'z' at position 10 of 'pub_key'", "line 2");
    }

    @Test
    void wrongKeyLength() {
        fails(lnd(node(A.substring(0, 64)), ""), "66 hex characters", "got 64");
    }

    @Test
    void wrongPrefix() {
        fails(lnd(node("04" + A.substring(2)), ""), "not a compressed public key", "0x04");
    }

    @Test
    void keyNotOnCurveInStrictMode() throws IOException {
        String off = TestKeys.offCurve().toHex();
        String json = lnd(node(A) + "," + node(off), edge("1", A, off, "5"));
        assertEquals(2, lnd(json).nodeCount(), "default mode does not check the curve");
        GraphFormatException e = assertThrows(GraphFormatException.class, () -> GraphReaders.describeGraph(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), new GraphReaders.Options(false, true)));
        assertTrue(e.getMessage().contains(off) && e.getMessage().contains("not a point on secp256k1"), e.getMessage());
    }

    @Test
    void negativeCapacity() {
        fails(lnd(node(A) + "," + node(B), edge("7", A, B, "\"-5\"")), "negative 'capacity'", "line");
        fails(lnd(node(A) + "," + node(B), edge("7", A, B, "-5")), "negative 'capacity'");
    }

    @Test
    void overflowingAmounts() {
        fails(lnd(node(A) + "," + node(B), edge("7", A, B, "\"99999999999999999999\"")), "overflows");
        fails(lnd(node(A) + "," + node(B), edge("7", A, B, "2100000000000001")), "21 million BTC");
        fails(lnd(node(A) + "," + node(B), edge("\"18446744073709551616\"", A, B, "1")), "does not fit in 64 bits");
        fails(lnd(node(A) + "," + node(B), edge("-1", A, B, "1")), "unsigned 64-bit");
        fails(lnd(node(A) + "," + node(B), edge("7", A, B, "1.5")), "integer amount");
    }

    @Test
    void selfChannel() {
        fails(lnd(node(A), edge("9", A, A, "1")), "channel 9 (0x0x9)", "to itself");
    }

    @Test
    void channelToUnknownNode() {
        fails(lnd(node(A), edge("9", A, B, "1")), "channel 9", B, "not in 'nodes'");
    }

    @Test
    void duplicateChannelId() {
        fails(lnd(node(A) + "," + node(B) + "," + node(C), edge("9", A, B, "1") + "," + edge("\"9\"", B, C, "1")),
                "duplicate channel id", "channel 9");
    }

    @Test
    void nodeListedTwice() {
        fails(lnd(node(A) + "," + node(A), ""), "listed twice");
    }

    @Test
    void missingFields() {
        fails(lnd(node(A) + "," + node(B), "{\"channel_id\": \"3\", \"node1_pub\": \"" + A + "\", \"capacity\": 1}"),
                "lacks node2_pub");
        fails(lnd("{\"addresses\": []}", ""), "without 'pub_key'");
    }

    @Test
    void badAddress() {
        fails(lnd("{\"pub_key\": \"" + A + "\", \"addresses\": [{\"addr\": \"1.2.3.4:99999\"}]}", ""), "bad port");
    }

    @Test
    void wrongFormat() {
        String clnJson = "{\"channels\": []}";
        GraphFormatException e = assertThrows(GraphFormatException.class, () -> lnd(clnJson));
        assertTrue(e.getMessage().contains("was expected"), e.getMessage());
        GraphFormatException e2 = assertThrows(GraphFormatException.class, () -> cln(valid()));
        assertTrue(e2.getMessage().contains("was expected"), e2.getMessage());
        GraphFormatException e3 = assertThrows(GraphFormatException.class, () -> lnd("{\"other\": 1}"));
        assertTrue(e3.getMessage().contains("expected lnd describegraph"), e3.getMessage());
    }

    static String half(String src, String dst, String id, long sat) {
        return "{\"source\": \"" + src + "\", \"destination\": \"" + dst + "\", \"short_channel_id\": \"" + id
                + "\", \"satoshis\": " + sat + ", \"active\": true}";
    }

    @Test
    void listChannelsMergesDirections() throws IOException {
        CsrGraph g = cln("{\"channels\": [" + half(A, B, "1x2x3", 10) + "," + half(B, C, "1x2x4", 5) + ","
                + half(B, A, "1x2x3", 10) + "]}");
        assertEquals(3, g.nodeCount());
        assertEquals(2, g.channelCount());
        assertEquals(2, g.degree(g.indexOf(TestKeys.key(2))));
    }

    @Test
    void listChannelsRejectsInconsistentHalves() {
        GraphFormatException same = assertThrows(GraphFormatException.class,
                () -> cln("{\"channels\": [" + half(A, B, "1x2x3", 10) + "," + half(A, B, "1x2x3", 10) + "]}"));
        assertTrue(same.getMessage().contains("1x2x3") && same.getMessage().contains("duplicate channel id"),
                same.getMessage());
        GraphFormatException cap = assertThrows(GraphFormatException.class,
                () -> cln("{\"channels\": [" + half(A, B, "1x2x3", 10) + "," + half(B, A, "1x2x3", 11) + "]}"));
        assertTrue(cap.getMessage().contains("disagree on the capacity"), cap.getMessage());
        GraphFormatException ends = assertThrows(GraphFormatException.class,
                () -> cln("{\"channels\": [" + half(A, B, "1x2x3", 10) + "," + half(B, C, "1x2x3", 10) + "]}"));
        assertTrue(ends.getMessage().contains("disagree on the endpoints"), ends.getMessage());
        GraphFormatException self = assertThrows(GraphFormatException.class,
                () -> cln("{\"channels\": [" + half(A, A, "1x2x3", 10) + "]}"));
        assertTrue(self.getMessage().contains("itself"), self.getMessage());
        GraphFormatException scid = assertThrows(GraphFormatException.class,
                () -> cln("{\"channels\": [" + half(A, B, "1x2", 10) + "]}"));
        assertTrue(scid.getMessage().contains("700123x45x1"), scid.getMessage());
        GraphFormatException neg = assertThrows(GraphFormatException.class,
                () -> cln("{\"channels\": [" + half(A, B, "1x2x3", -10) + "]}"));
        assertTrue(neg.getMessage().contains("negative 'satoshis'"), neg.getMessage());
    }
}
