package org.lnautopilot.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.NodeId;
import org.lnautopilot.ShortChannelId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.testing.SharedGraphs;
import org.lnautopilot.testing.TestKeys;

class PolicyReadTest {
    static final String A = TestKeys.key(1).toHex();
    static final String B = TestKeys.key(2).toHex();

    static CsrGraph read(String json) throws IOException {
        return GraphReaders.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                GraphReaders.Options.DEFAULT);
    }

    static String lnd(String p1, String p2) {
        return "{\"nodes\": [{\"pub_key\": \"" + A + "\"}, {\"pub_key\": \"" + B + "\"}], \"edges\": [{\"channel_id\": "
                + "\"1\", \"node1_pub\": \"" + A + "\", \"node2_pub\": \"" + B + "\", \"capacity\": \"500000\", "
                + "\"node1_policy\": " + p1 + ", \"node2_policy\": " + p2 + "}]}";
    }

    @Test
    void describegraphPoliciesBelongToTheirNodeAndDirection() throws IOException {
        final CsrGraph g = read(lnd("{\"time_lock_delta\": 40, \"min_htlc\": \"1000\", \"fee_base_msat\": \"1000\", "
                + "\"fee_rate_milli_msat\": \"250\", \"disabled\": false, \"max_htlc_msat\": \"495000000\"}",
                "{\"time_lock_delta\": 144, \"min_htlc\": \"1\", \"fee_base_msat\": \"0\", \"fee_rate_milli_msat\": "
                        + "\"1\", \"disabled\": true}"));
        final ShortChannelId id = new ShortChannelId(1);
        assertEquals(new ChannelPolicy(1000, 250, 40, 1000, 495_000_000, false),
                g.policy(id, NodeId.fromHex(A)).orElseThrow());
        // No max_htlc_msat: the capacity.
        assertEquals(new ChannelPolicy(0, 1, 144, 1, 500_000_000, true), g.policy(id, NodeId.fromHex(B)).orElseThrow());
        final CsrGraph none = read(lnd("null", "null"));
        assertFalse(none.hasPolicies());
        assertTrue(none.policy(id, NodeId.fromHex(A)).isEmpty());
        assertEquals(250_000 + 1000, new ChannelPolicy(1000, 250, 40, 1000, 1, false).feeMsat(1_000_000_000));
    }

    static String cln(String extraAB, String extraBA) {
        return "{\"channels\": [{\"source\": \"" + A + "\", \"destination\": \"" + B + "\", \"short_channel_id\": "
                + "\"700x1x0\", \"satoshis\": 500000, \"amount_msat\": \"500000000msat\"" + extraAB + "}, "
                + "{\"source\": \"" + B + "\", \"destination\": \"" + A + "\", \"short_channel_id\": \"700x1x0\", "
                + "\"amount_msat\": 500000000" + extraBA + "}]}";
    }

    @Test
    void listchannelsPoliciesInBothAmountForms() throws IOException {
        final CsrGraph g = read(cln(", \"active\": true, \"base_fee_millisatoshi\": 1000, \"fee_per_millionth\": 10, "
                + "\"delay\": 40, \"htlc_minimum_msat\": \"1000msat\", \"htlc_maximum_msat\": \"400000000msat\"",
                ", \"active\": false, \"base_fee_millisatoshi\": 0, \"fee_per_millionth\": 0, \"delay\": 144, "
                        + "\"htlc_minimum_msat\": 1, \"htlc_maximum_msat\": 500000000"));
        final ShortChannelId id = ShortChannelId.parse("700x1x0");
        assertEquals(new ChannelPolicy(1000, 10, 40, 1000, 400_000_000, false),
                g.policy(id, NodeId.fromHex(A)).orElseThrow());
        assertEquals(new ChannelPolicy(0, 0, 144, 1, 500_000_000, true), g.policy(id, NodeId.fromHex(B)).orElseThrow());
        // Entries without any policy field have no policy.
        assertFalse(read(cln("", "")).hasPolicies());
    }

    @Test
    void malformedPolicyFieldsNameTheChannel() {
        final String base = "{\"time_lock_delta\": 40, \"min_htlc\": \"1000\", \"fee_rate_milli_msat\": \"1\"}";
        GraphFormatException e = assertThrows(GraphFormatException.class, () -> read(lnd(base, "null")));
        assertTrue(e.getMessage().contains("channel 1 ") && e.getMessage().contains("'node1_policy' lacks 'fee_base_msat'"),
                e.getMessage());
        e = assertThrows(GraphFormatException.class, () -> read(lnd("null", "{\"time_lock_delta\": 70000, "
                + "\"min_htlc\": \"0\", \"fee_base_msat\": \"0\", \"fee_rate_milli_msat\": \"1\"}")));
        assertTrue(e.getMessage().contains("node2_policy") && e.getMessage().contains("time lock"), e.getMessage());
        e = assertThrows(GraphFormatException.class, () -> read(lnd("{\"time_lock_delta\": 40, \"min_htlc\": \"-5\", "
                + "\"fee_base_msat\": \"0\", \"fee_rate_milli_msat\": \"1\"}", "null")));
        assertTrue(e.getMessage().contains("negative 'node1_policy.min_htlc'"), e.getMessage());
        e = assertThrows(GraphFormatException.class, () -> read(lnd("{\"time_lock_delta\": 40, \"min_htlc\": \"0\", "
                + "\"fee_base_msat\": \"99999999999\", \"fee_rate_milli_msat\": \"1\"}", "null")));
        assertTrue(e.getMessage().contains("base fee"), e.getMessage());
        e = assertThrows(GraphFormatException.class, () -> read(lnd("{\"time_lock_delta\": 40, \"min_htlc\": \"0\", "
                + "\"fee_base_msat\": \"0\", \"fee_rate_milli_msat\": \"1\", \"disabled\": \"no\"}", "null")));
        assertTrue(e.getMessage().contains("disabled"), e.getMessage());
        e = assertThrows(GraphFormatException.class, () -> read(cln(", \"base_fee_millisatoshi\": 1, \"delay\": 40", "")));
        assertTrue(e.getMessage().contains("700x1x0") && e.getMessage().contains("'fee_per_millionth'"), e.getMessage());
        e = assertThrows(GraphFormatException.class, () -> read(cln(", \"base_fee_millisatoshi\": 1, "
                + "\"fee_per_millionth\": \"x\", \"delay\": 40", "")));
        assertTrue(e.getMessage().contains("fee_per_millionth"), e.getMessage());
    }

    /** The snapshots' policies, counted against the dumps themselves. */
    @Test
    void snapshotsKeepEveryPolicy() throws IOException {
        final CsrGraph lnd = SharedGraphs.load(SharedGraphs.LND_2019);
        assertEquals(31_124 * 2 - 83 - 54, count(lnd, false));
        final CsrGraph g = SharedGraphs.load(SharedGraphs.MAINNET_2024);
        assertEquals(118_856, count(g, false));
        assertEquals(12_190, count(g, true));
    }

    static int count(CsrGraph g, boolean disabledOnly) {
        int k = 0;
        for (int end = 0; end < 2 * g.channelCount(); end++) {
            final int r = g.policyRow(end);
            if (r >= 0 && (!disabledOnly || g.rowDisabled(r))) {
                k++;
            }
        }
        return k;
    }
}
