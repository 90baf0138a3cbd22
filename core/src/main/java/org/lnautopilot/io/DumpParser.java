package org.lnautopilot.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lnautopilot.Hex;
import org.lnautopilot.NodeId;
import org.lnautopilot.ShortChannelId;
import org.lnautopilot.graph.Addresses;
import org.lnautopilot.graph.CsrGraph;

/**
 * One streaming pass over a describegraph or listchannels dump. The top-level fields decide the
 * format: {@code nodes}/{@code edges} are lnd's, {@code channels} is Core Lightning's. Not
 * thread-safe; one instance per read.
 */
final class DumpParser {
    /** 21 million BTC in satoshis: no amount can be larger. */
    static final long MAX_SAT = 21_000_000L * 100_000_000L;
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private final JsonParser p;
    private final GraphReaders.Format expected;
    private final GraphReaders.Options options;
    private final String source;
    private final GraphAssembler asm;
    private final CsrGraph.Builder b;
    private final byte[] key = new byte[NodeId.LENGTH];
    private final byte[] key2 = new byte[NodeId.LENGTH];
    private final List<InetSocketAddress> addrs = new ArrayList<>();
    private GraphReaders.Format found;
    // listchannels: channel index by id, and which directions have been seen (bit 0: from end 0).
    private final Long2IntOpenHashMap byId = new Long2IntOpenHashMap();
    private byte[] halves = new byte[1024];

    /** The fields of the policy being read: base, rate, time lock, min HTLC, max HTLC (-1 absent), disabled (0/1). */
    private final long[] pol = new long[6];
    private final long[] pol1 = new long[6];
    private final long[] pol2 = new long[6];

    private final boolean embedded;
    private final java.util.Map<NodeId, List<InetSocketAddress>> addressBook;

    DumpParser(JsonParser p, GraphReaders.Format expected, GraphReaders.Options options, String source) {
        this(p, expected, options, source, false, null);
    }

    /**
     * @param embedded    the object to read is the parser's current token, inside a larger document
     *                    (a JSON-RPC reply): the parser is neither advanced past it nor closed
     * @param addressBook addresses to give the nodes (listchannels carries none), or null
     */
    DumpParser(JsonParser p, GraphReaders.Format expected, GraphReaders.Options options, String source,
            boolean embedded, java.util.Map<NodeId, List<InetSocketAddress>> addressBook) {
        this.embedded = embedded;
        this.addressBook = addressBook;
        this.p = p;
        this.expected = expected;
        this.options = options;
        this.source = source;
        this.asm = new GraphAssembler(source);
        this.b = asm.builder();
        byId.defaultReturnValue(-1);
    }

    CsrGraph parse() throws IOException {
        try {
            if (!embedded) {
                try (p) {
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        throw error("expected a JSON object at the top level");
                    }
                    body();
                    if (p.nextToken() != null) {
                        throw error("unexpected content after the top-level object");
                    }
                }
            } else {
                if (p.currentToken() != JsonToken.START_OBJECT) {
                    throw error("expected a JSON object");
                }
                body();
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new GraphFormatException(source + ": malformed JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (found == null) {
            throw new GraphFormatException(source + ": " + (expected == GraphReaders.Format.LISTCHANNELS
                    ? "expected Core Lightning listchannels JSON with a 'channels' array"
                    : expected == GraphReaders.Format.DESCRIBEGRAPH
                            ? "expected lnd describegraph JSON with 'nodes' and 'edges' arrays"
                            : "neither lnd describegraph ('nodes', 'edges') nor Core Lightning listchannels ('channels')"));
        }
        if (addressBook != null) {
            for (int i = 0, n = b.nodeCount(); i < n; i++) {
                final List<InetSocketAddress> as = addressBook.get(b.nodeId(i));
                if (as != null) {
                    for (int k = 0; k < as.size(); k++) {
                        b.addAddress(i, as.get(k));
                    }
                }
            }
        }
        return found == GraphReaders.Format.DESCRIBEGRAPH ? asm.finish(options) : asm.build(options);
    }

    /** The fields of the object whose start is the current token, up to its end. */
    private void body() throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "nodes":
                    format(GraphReaders.Format.DESCRIBEGRAPH, field);
                    startArray(t, field);
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        lndNode();
                    }
                    break;
                case "edges":
                    format(GraphReaders.Format.DESCRIBEGRAPH, field);
                    startArray(t, field);
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        lndEdge();
                    }
                    break;
                case "channels":
                    format(GraphReaders.Format.LISTCHANNELS, field);
                    startArray(t, field);
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        clnChannel();
                    }
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw error("expected a field name or the end of the object");
        }
    }

    private void format(GraphReaders.Format f, String field) throws IOException {
        if (expected != null && expected != f) {
            throw error("found '" + field + "', which belongs to "
                    + (f == GraphReaders.Format.DESCRIBEGRAPH ? "lnd describegraph" : "Core Lightning listchannels")
                    + " JSON, but " + (expected == GraphReaders.Format.DESCRIBEGRAPH ? "lnd describegraph"
                            : "Core Lightning listchannels") + " was expected");
        }
        if (found != null && found != f) {
            throw error("mixes describegraph and listchannels fields");
        }
        found = f;
    }

    private void startArray(JsonToken t, String field) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw error("'" + field + "' must be an array");
        }
    }

    // ---- lnd describegraph ---------------------------------------------------------------------

    private void lndNode() throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw error("each entry of 'nodes' must be an object");
        }
        JsonLocation at = p.currentTokenLocation();
        boolean haveKey = false;
        addrs.clear();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            if ("pub_key".equals(f)) {
                readKey(t, key, "pub_key");
                haveKey = true;
            } else if ("addresses".equals(f) && t == JsonToken.START_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    readAddress();
                }
            } else {
                p.skipChildren();
            }
        }
        if (!haveKey) {
            throw new GraphFormatException(source + ": node without 'pub_key' at " + where(at));
        }
        asm.node(key, addrs, where(at));
    }

    private void readAddress() throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw error("each entry of 'addresses' must be an object");
        }
        String addr = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            if ("addr".equals(f) && t == JsonToken.VALUE_STRING) {
                addr = p.getText();
            } else {
                p.skipChildren();
            }
        }
        if (addr != null && !addr.isEmpty()) {
            try {
                addrs.add(Addresses.parse(addr));
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }
    }

    private void lndEdge() throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw error("each entry of 'edges' must be an object");
        }
        JsonLocation at = p.currentTokenLocation();
        long id = 0;
        long cap = -1;
        pol1[0] = -1;
        pol2[0] = -1;
        boolean haveId = false;
        boolean have1 = false;
        boolean have2 = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            switch (f) {
                case "channel_id":
                    id = unsigned64(t, "channel_id");
                    haveId = true;
                    break;
                case "node1_pub":
                    readKey(t, key, "node1_pub");
                    have1 = true;
                    break;
                case "node2_pub":
                    readKey(t, key2, "node2_pub");
                    have2 = true;
                    break;
                case "capacity":
                    cap = amount(t, "capacity");
                    break;
                case "node1_policy":
                    lndPolicy(t, pol1, f);
                    break;
                case "node2_policy":
                    lndPolicy(t, pol2, f);
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (!haveId) {
            throw new GraphFormatException(source + ": edge without 'channel_id' at " + where(at));
        }
        String name = GraphAssembler.name(id, where(at));
        if (!have1 || !have2) {
            throw new GraphFormatException(source + ": " + name + " lacks " + (have1 ? "node2_pub" : "node1_pub"));
        }
        if (cap < 0) {
            throw new GraphFormatException(source + ": " + name + " lacks 'capacity'");
        }
        final int c = asm.edge(id, key, key2, cap, where(at));
        setPolicy(c, 0, pol1, "node1_policy", where(at));
        setPolicy(c, 1, pol2, "node2_policy", where(at));
    }

    /**
     * Reads an lnd {@code RoutingPolicy} object into {@code into}; {@code null} leaves
     * {@code into[0] = -1} (no policy). {@code max_htlc_msat} absent or 0 means none (lnd writes 0
     * for an update without it); {@code disabled} absent means enabled. Other fields are required.
     */
    private void lndPolicy(JsonToken t, long[] into, String field) throws IOException {
        into[0] = -1;
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_OBJECT) {
            throw error("'" + field + "' must be an object or null");
        }
        long base = -1;
        long rate = -1;
        long lock = -1;
        long min = -1;
        long max = -1;
        long disabled = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            final String f = p.currentName();
            final JsonToken v = p.nextToken();
            switch (f) {
                case "fee_base_msat":
                    base = amount(v, field + ".fee_base_msat", Long.MAX_VALUE);
                    break;
                case "fee_rate_milli_msat":
                    rate = amount(v, field + ".fee_rate_milli_msat", Long.MAX_VALUE);
                    break;
                case "time_lock_delta":
                    lock = amount(v, field + ".time_lock_delta", Long.MAX_VALUE);
                    break;
                case "min_htlc":
                    min = amount(v, field + ".min_htlc", MAX_SAT * 1000);
                    break;
                case "max_htlc_msat":
                    max = amount(v, field + ".max_htlc_msat", Long.MAX_VALUE);
                    break;
                case "disabled":
                    disabled = bool(v, field + ".disabled") ? 1 : 0;
                    break;
                default:
                    p.skipChildren();
            }
        }
        into[0] = base < 0 ? MISSING_BASE : rate < 0 ? MISSING_RATE : lock < 0 ? MISSING_LOCK : min < 0 ? MISSING_MIN
                : base;
        into[1] = rate;
        into[2] = lock;
        into[3] = min;
        into[4] = max == 0 ? -1 : max;
        into[5] = disabled;
    }

    private static final long MISSING_BASE = -2;
    private static final long MISSING_RATE = -3;
    private static final long MISSING_LOCK = -4;
    private static final long MISSING_MIN = -5;
    private static final String[] LND_POLICY_FIELDS = {"fee_base_msat", "fee_rate_milli_msat", "time_lock_delta",
        "min_htlc"};

    private void setPolicy(int c, int side, long[] f, String field, String where) throws GraphFormatException {
        if (f[0] >= 0) {
            asm.policy(c, side, f[0], f[1], f[2], f[3], f[4], f[5] != 0, field, where);
        } else if (f[0] < -1) {
            throw new GraphFormatException(source + ": " + GraphAssembler.name(b.channelId(c), where) + ": '" + field
                    + "' lacks '" + LND_POLICY_FIELDS[(int) (-f[0] - 2)] + "'");
        }
    }

    private void requirePolicyField(long value, String name, String field) throws GraphFormatException {
        if (value < 0) {
            throw new GraphFormatException(source + ": " + name + " has a policy without '" + field + "'");
        }
    }

    private boolean bool(JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        throw error("'" + field + "' must be true or false, got " + t);
    }

    // ---- Core Lightning listchannels -----------------------------------------------------------

    private void clnChannel() throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw error("each entry of 'channels' must be an object");
        }
        JsonLocation at = p.currentTokenLocation();
        long id = 0;
        boolean haveId = false;
        boolean haveSrc = false;
        boolean haveDst = false;
        long sat = -1;
        long msat = -1;
        final long[] f6 = pol;
        Arrays.fill(f6, -1);
        f6[5] = 0;
        boolean anyPolicy = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            switch (f) {
                case "base_fee_millisatoshi":
                    f6[0] = amount(t, f, Long.MAX_VALUE);
                    anyPolicy = true;
                    break;
                case "fee_per_millionth":
                    f6[1] = amount(t, f, Long.MAX_VALUE);
                    anyPolicy = true;
                    break;
                case "delay":
                    f6[2] = amount(t, f, Long.MAX_VALUE);
                    anyPolicy = true;
                    break;
                case "htlc_minimum_msat":
                    f6[3] = msat(t, f);
                    break;
                case "htlc_maximum_msat":
                    f6[4] = msat(t, f);
                    break;
                case "active":
                    f6[5] = bool(t, f) ? 0 : 1;
                    break;
                case "short_channel_id":
                    id = clnChannelId(t);
                    haveId = true;
                    break;
                case "source":
                    readKey(t, key, "source");
                    haveSrc = true;
                    break;
                case "destination":
                    readKey(t, key2, "destination");
                    haveDst = true;
                    break;
                case "satoshis":
                    sat = amount(t, "satoshis");
                    break;
                case "amount_msat":
                    msat = msat(t, "amount_msat");
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (!haveId) {
            throw new GraphFormatException(source + ": channel without 'short_channel_id' at " + where(at));
        }
        String name = "channel " + new ShortChannelId(id) + " at " + where(at);
        if (!haveSrc || !haveDst) {
            throw new GraphFormatException(source + ": " + name + " lacks " + (haveSrc ? "destination" : "source"));
        }
        long cap = sat >= 0 ? sat : msat >= 0 ? msat / 1000 : -1;
        if (cap < 0) {
            throw new GraphFormatException(source + ": " + name + " lacks 'satoshis' and 'amount_msat'");
        }
        if (Arrays.equals(key, key2)) {
            throw new GraphFormatException(source + ": " + name + " goes from node " + Hex.encode(key) + " to itself");
        }
        if (anyPolicy) {
            requirePolicyField(f6[0], name, "base_fee_millisatoshi");
            requirePolicyField(f6[1], name, "fee_per_millionth");
            requirePolicyField(f6[2], name, "delay");
            f6[3] = Math.max(f6[3], 0);
        }
        int src = b.node(key, 0);
        int dst = b.node(key2, 0);
        int c = byId.get(id);
        if (c < 0) {
            try {
                c = b.addChannel(id, src, dst, cap);
            } catch (IllegalArgumentException e) {
                throw new GraphFormatException(source + ": " + name + ": " + e.getMessage(), e);
            }
            byId.put(id, c);
            if (c == halves.length) {
                halves = Arrays.copyOf(halves, c * 2);
            }
            halves[c] = 1;
            clnPolicy(anyPolicy, c, 0, where(at));
            return;
        }
        int e0 = b.channelEnd(c, 0);
        int e1 = b.channelEnd(c, 1);
        int dir = src == e0 && dst == e1 ? 1 : src == e1 && dst == e0 ? 2 : 0;
        if (dir == 0) {
            throw new GraphFormatException(source + ": " + name + ": its directions disagree on the endpoints");
        }
        if ((halves[c] & dir) != 0) {
            throw new GraphFormatException(source + ": " + name + ": duplicate channel id (same direction listed twice)");
        }
        if (b.channelCapacity(c) != cap) {
            throw new GraphFormatException(source + ": " + name + ": its directions disagree on the capacity ("
                    + b.channelCapacity(c) + " and " + cap + " sat)");
        }
        halves[c] |= (byte) dir;
        clnPolicy(anyPolicy, c, dir - 1, where(at));
    }

    private void clnPolicy(boolean any, int c, int side, String where) throws GraphFormatException {
        if (any) {
            asm.policy(c, side, pol[0], pol[1], pol[2], pol[3], pol[4], pol[5] != 0, "policy", where);
        }
    }

    private long clnChannelId(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            try {
                return ShortChannelId.parse(p.getText()).value();
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }
        return unsigned64(t, "short_channel_id");
    }

    /** The value of {@code len} (1 to 18) decimal digits at {@code off}, or -1 when they are not that. */
    private static long digits(char[] cs, int off, int len) {
        if (len < 1 || len > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < len; i++) {
            final int d = cs[off + i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** A millisatoshi amount as an integer or Core Lightning's older {@code "...msat"} string; null is -1. */
    private long msat(JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            // Fast path: up to 18 digits, then "msat" or nothing, straight from the parser's buffer.
            final int len = p.getTextLength();
            final char[] cs = p.getTextCharacters();
            final int off = p.getTextOffset();
            final int digits = len >= 4 && cs[off + len - 4] == 'm' && cs[off + len - 3] == 's'
                    && cs[off + len - 2] == 'a' && cs[off + len - 1] == 't' ? len - 4 : len;
            final long v = digits(cs, off, digits);
            if (v >= 0 && v <= MAX_SAT * 1000) {
                return v;
            }
            String s = p.getText();
            if (s.endsWith("msat")) {
                s = s.substring(0, s.length() - 4);
            }
            return parseAmount(s, field, MAX_SAT * 1000);
        }
        if (t == JsonToken.VALUE_NULL) {
            return -1;
        }
        return amount(t, field, MAX_SAT * 1000);
    }

    // ---- shared field readers ------------------------------------------------------------------

    /** Decodes a 66-character hex key straight from the parser's buffer. */
    private void readKey(JsonToken t, byte[] out, String field) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw error("'" + field + "' must be a hex string");
        }
        try {
            GraphAssembler.decodeKey(java.nio.CharBuffer.wrap(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()),
                    out, field);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** An unsigned 64-bit integer written as a JSON string or number. */
    private long unsigned64(JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            char[] cs = p.getTextCharacters();
            int off = p.getTextOffset();
            int len = p.getTextLength();
            if (len == 0 || len > 20) {
                throw error("'" + field + "' must be an unsigned 64-bit decimal, got \"" + p.getText() + "\"");
            }
            long v = 0;
            for (int i = 0; i < len; i++) {
                int d = cs[off + i] - '0';
                if (d < 0 || d > 9) {
                    throw error("'" + field + "' must be an unsigned 64-bit decimal, got \"" + p.getText() + "\"");
                }
                // v * 10 + d <= 2^64 - 1  iff  v <= floor((2^64 - 1 - d) / 10), all unsigned.
                if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) {
                    throw error("'" + field + "' does not fit in 64 bits: " + p.getText());
                }
                v = v * 10 + d;
            }
            return v;
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            BigInteger v = p.getBigIntegerValue();
            if (v.signum() < 0 || v.compareTo(TWO_64) >= 0) {
                throw error("'" + field + "' must be an unsigned 64-bit integer, got " + v);
            }
            return v.longValue();
        }
        throw error("'" + field + "' must be an unsigned 64-bit integer, got " + t);
    }

    private long amount(JsonToken t, String field) throws IOException {
        return amount(t, field, MAX_SAT);
    }

    /** A non-negative amount of at most {@code max}, written as a JSON string or integer. */
    private long amount(JsonToken t, String field, long max) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            // Fast path: up to 18 plain digits straight from the parser's buffer (no String, no BigInteger).
            final long v = digits(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            if (v >= 0 && v <= max) {
                return v;
            }
            return parseAmount(p.getText(), field, max);
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            final JsonParser.NumberType nt = p.getNumberType();
            if (nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG) {
                final long v = p.getLongValue();
                if (v >= 0 && v <= max) {
                    return v;
                }
            }
            return checkAmount(p.getBigIntegerValue(), field, max);
        }
        throw error("'" + field + "' must be an integer amount, got " + t);
    }

    private long parseAmount(String s, String field, long max) throws IOException {
        BigInteger v;
        try {
            v = new BigInteger(s);
        } catch (NumberFormatException e) {
            throw error("'" + field + "' must be an integer amount, got \"" + s + "\"");
        }
        return checkAmount(v, field, max);
    }

    private long checkAmount(BigInteger v, String field, long max) throws IOException {
        if (v.signum() < 0) {
            throw error("negative '" + field + "': " + v);
        }
        if (v.bitLength() > 63) {
            throw error("'" + field + "' overflows a 64-bit amount: " + v);
        }
        if (v.longValue() > max) {
            throw error("'" + field + "' exceeds the 21 million BTC supply: " + v);
        }
        return v.longValue();
    }

    private GraphFormatException error(String what) {
        return new GraphFormatException(source + ": " + what + " at " + where(p.currentTokenLocation()));
    }

    private static String where(JsonLocation at) {
        return "line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
}
