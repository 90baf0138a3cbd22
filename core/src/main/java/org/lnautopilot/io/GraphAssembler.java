package org.lnautopilot.io;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import org.lnautopilot.Hex;
import org.lnautopilot.NodeId;
import org.lnautopilot.Secp256k1;
import org.lnautopilot.ShortChannelId;
import org.lnautopilot.graph.CsrGraph;

/**
 * The checks and the assembly of lnd's graph ({@code describegraph} nodes and edges), shared by every
 * source that carries it: the JSON dump ({@link GraphReaders}) and lnd's gRPC {@code DescribeGraph}
 * reply (the lnd adapter of the agent module), so both accept and reject exactly the same graphs.
 *
 * <p>Every node must be listed once; every edge must join two listed, distinct nodes with a unique
 * channel id and a capacity in [0, 21 million BTC]. A failure is a {@link GraphFormatException} whose
 * message starts with the source's name and says which node or channel was wrong and where; the
 * caller gets no graph then. Feed nodes and edges in any order, then call {@link #finish}.
 *
 * <p>Each call is O(1) amortised, {@link #finish} O(n + e) (plus about 10 us a key when keys are
 * verified on the curve). Not thread-safe; one instance per graph.
 */
public final class GraphAssembler {
    private final CsrGraph.Builder b = CsrGraph.builder();
    private final String source;

    /** @param source names the graph's origin in error messages (a file, {@code lnd at host:port}) */
    public GraphAssembler(String source) {
        this.source = source;
    }

    CsrGraph.Builder builder() {
        return b;
    }

    String source() {
        return source;
    }

    /**
     * Decodes a 66-character hex compressed key into {@code out[0..33)}.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code field}: its length, the
     *                                  position of a bad character, or a first byte other than 2 or 3
     */
    public static void decodeKey(CharSequence hex, byte[] out, String field) {
        final int len = hex.length();
        if (len != 2 * NodeId.LENGTH) {
            throw new IllegalArgumentException("'" + field + "' must be 66 hex characters (a 33-byte compressed key), got "
                    + len);
        }
        for (int i = 0; i < NodeId.LENGTH; i++) {
            final int hi = Hex.digit(hex.charAt(2 * i));
            final int lo = Hex.digit(hex.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                final int pos = hi < 0 ? 2 * i : 2 * i + 1;
                throw new IllegalArgumentException("bad hex character '" + hex.charAt(pos) + "' at position " + pos
                        + " of '" + field + "'");
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        if (out[0] != 2 && out[0] != 3) {
            throw new IllegalArgumentException(String.format(
                    "'%s' is not a compressed public key: it starts with 0x%02x, not 0x02 or 0x03", field, out[0] & 0xFF));
        }
    }

    /**
     * Lists a node with its addresses.
     *
     * @param key   its 33-byte key (as checked by {@link #decodeKey})
     * @param where where it was read, for messages
     * @throws GraphFormatException if the node was listed before
     */
    public void node(byte[] key, List<InetSocketAddress> addrs, String where) throws GraphFormatException {
        final int i = b.node(key, 0);
        if (b.isDeclared(i)) {
            throw new GraphFormatException(source + ": node " + Hex.encode(key) + " listed twice in 'nodes' (again at "
                    + where + ")");
        }
        b.declare(i);
        for (int k = 0, m = addrs.size(); k < m; k++) {
            b.addAddress(i, addrs.get(k));
        }
    }

    /**
     * Adds an edge (a channel).
     *
     * @param channelId its short channel id as lnd's unsigned 64-bit integer
     * @param key1      one end's key
     * @param key2      the other end's key
     * @param capacity  satoshis
     * @param where     where it was read, for messages
     * @return the channel's index, for {@link #policy}
     * @throws GraphFormatException for a negative or oversupply capacity, a self channel or a
     *                              duplicate id
     */
    public int edge(long channelId, byte[] key1, byte[] key2, long capacity, String where)
            throws GraphFormatException {
        if (capacity < 0 || capacity > DumpParser.MAX_SAT) {
            throw new GraphFormatException(source + ": " + name(channelId, where) + " has capacity "
                    + Long.toUnsignedString(capacity) + ", outside [0, 21 million BTC]");
        }
        if (Arrays.equals(key1, 0, NodeId.LENGTH, key2, 0, NodeId.LENGTH)) {
            throw new GraphFormatException(source + ": " + name(channelId, where) + " goes from node "
                    + Hex.encode(key1, 0, NodeId.LENGTH) + " to itself");
        }
        try {
            return b.addChannel(channelId, b.node(key1, 0), b.node(key2, 0), capacity);
        } catch (IllegalArgumentException e) {
            throw new GraphFormatException(source + ": " + name(channelId, where) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sets the policy of channel {@code c} (from {@link #edge}) in the direction from its end
     * {@code side}: 0 for {@code key1}'s ({@code node1_policy}), 1 for {@code key2}'s.
     *
     * @param maxHtlcMsat the maximum HTLC, or -1 when absent (the capacity then)
     * @param field       the policy's field name, for messages ({@code node1_policy})
     * @throws GraphFormatException naming the channel and the field out of range
     */
    public void policy(int c, int side, long baseFeeMsat, long feeRatePpm, long timeLockDelta, long minHtlcMsat,
            long maxHtlcMsat, boolean disabled, String field, String where) throws GraphFormatException {
        try {
            if (timeLockDelta < 0 || timeLockDelta > 0xFFFF) {
                throw new IllegalArgumentException("time lock delta " + timeLockDelta + " is outside [0, 65535]");
            }
            b.policy(c, side, baseFeeMsat, feeRatePpm, (int) timeLockDelta, minHtlcMsat, maxHtlcMsat, disabled);
        } catch (IllegalArgumentException e) {
            throw new GraphFormatException(source + ": " + name(b.channelId(c), where) + ": '" + field + "': "
                    + e.getMessage(), e);
        }
    }

    static String name(long channelId, String where) {
        return "channel " + Long.toUnsignedString(channelId) + " (" + new ShortChannelId(channelId) + ") at " + where;
    }

    /**
     * Checks that every edge's ends were listed as nodes, optionally that every key is on
     * secp256k1, and builds the graph.
     *
     * @throws GraphFormatException naming the first edge to an unlisted node, or the first key off the curve
     */
    public CsrGraph finish(GraphReaders.Options options) throws GraphFormatException {
        checkEndsDeclared();
        return build(options);
    }

    void checkEndsDeclared() throws GraphFormatException {
        for (int c = 0, e = b.channelCount(); c < e; c++) {
            for (int side = 0; side < 2; side++) {
                final int i = b.channelEnd(c, side);
                if (!b.isDeclared(i)) {
                    final long id = b.channelId(c);
                    throw new GraphFormatException(source + ": channel " + Long.toUnsignedString(id) + " ("
                            + new ShortChannelId(id) + ") goes to node " + b.nodeId(i) + ", which is not in 'nodes'");
                }
            }
        }
    }

    /** Verifies keys when asked and builds; no check of declared ends (listchannels has no node list). */
    CsrGraph build(GraphReaders.Options options) throws GraphFormatException {
        if (options.verifyKeys()) {
            for (int i = 0, n = b.nodeCount(); i < n; i++) {
                final NodeId id = b.nodeId(i);
                if (!Secp256k1.isOnCurve(id.toByteArray())) {
                    throw new GraphFormatException(source + ": key " + id + " is not a point on secp256k1");
                }
            }
        }
        return b.addresslessEligible(options.keepAddressless()).build();
    }
}
