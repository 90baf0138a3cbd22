package org.lnautopilot.graph;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.lnautopilot.Channel;
import org.lnautopilot.ChannelEdge;
import org.lnautopilot.ChannelGraph;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.Node;
import org.lnautopilot.NodeId;
import org.lnautopilot.ShortChannelId;

/**
 * An immutable snapshot of an undirected channel multigraph in compressed sparse row form (the
 * seed's {@code ChannelGraphFromDatabase}, rebuilt for million-node graphs).
 *
 * <p>Layout, for {@code n} nodes and {@code e} channels (parallel channels between two nodes are
 * kept):
 * <ul>
 * <li>node {@code i} in {@code 0..n-1} has its 33-byte key at {@code keys[33*i ..]} in one flat
 * {@code byte[]}, found from a key by {@link NodeIndex};</li>
 * <li>{@code offsets[i] .. offsets[i+1]} are node {@code i}'s adjacency slots. Slot {@code s} holds
 * {@code 2*c + side}: channel {@code c}, seen from its end {@code side} (0 or 1). The channel's two
 * ends are {@code ends[2c]} and {@code ends[2c+1]}, so the neighbour of slot {@code s} is
 * {@code ends[adj[s] ^ 1]}: one int per slot gives both the channel and the neighbour, and the
 * endpoints of every channel are known;</li>
 * <li>per channel its short channel id and capacity as {@code long}s;</li>
 * <li>advertised addresses, compactly encoded ({@link Addresses}) in one {@code byte[]} with
 * {@code n+1} offsets; a node "has an address" when its range is non-empty;</li>
 * <li>channel policies ({@link ChannelPolicy}), when the source had them, per <em>end</em>: end
 * {@code 2c + side} is channel {@code c} in the direction from {@code ends[2c+side]} to the other
 * end. Each end holds an int row of a table of distinct (base fee, fee rate, time lock, minimum
 * HTLC, disabled) tuples, -1 for "no policy: not routable this way", and its maximum HTLC as a
 * {@code long}. Real graphs have a few thousand distinct rows (mainnet 2024: about 10,000 for
 * 119,000 directions), so that is 24 bytes per channel plus the table.</li>
 * </ul>
 * That is {@code 33 + 4 + (4..8)} bytes per node and 32 bytes per channel, addresses and policies
 * aside.
 *
 * <p>Hot code uses the index-based accessors ({@link #degree}, {@link #slotStart},
 * {@link #neighbour}, ...), which are O(1) and allocation-free. The seed's object view
 * ({@link #forEachNode}, {@link Node}, {@link ChannelEdge}) creates its objects only when asked.
 *
 * <p>Immutable, hence safe to share across threads without synchronisation; views are immutable too.
 */
public final class CsrGraph implements ChannelGraph {
    private static final int K = NodeId.LENGTH;

    private final int n;
    private final int e;
    private final byte[] keys;
    private final int[] offsets;
    private final int[] adj;
    private final int[] ends;
    private final long[] scids;
    private final long[] capacities;
    private final byte[] addrData;
    private final int[] addrOffsets;
    /** Policy row per end, -1 for none; null when the graph has no policy at all. */
    private final int[] policyRows;
    /** Maximum HTLC per end in msat; null when the graph has no policy at all. */
    private final long[] maxHtlcs;
    /** Policy table, {@link PolicyTable#WIDTH} longs per row. */
    private final long[] policyTable;
    private final int policyRowCount;
    private final boolean addresslessEligible;
    private final NodeIndex index;
    private final int maxDegree;
    /**
     * Node ids and decoded address lists handed out so far, at {@code 2i} and {@code 2i+1}; created on
     * first use. Entries are immutable objects, so racing writers store equal values and a reader
     * sees either null or a fully built object.
     */
    private volatile Object[] edgeObjects;

    private CsrGraph(Builder b) {
        this.n = b.n;
        this.e = b.e;
        this.keys = Arrays.copyOf(b.keys, n * K);
        this.ends = Arrays.copyOf(b.ends, 2 * e);
        this.scids = Arrays.copyOf(b.scids, e);
        this.capacities = Arrays.copyOf(b.caps, e);
        this.addresslessEligible = b.addresslessEligible;
        // CSR by counting sort of the channel ends.
        int[] off = new int[n + 1];
        for (int k = 0; k < 2 * e; k++) {
            off[ends[k] + 1]++;
        }
        int max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, off[i + 1]);
            off[i + 1] += off[i];
        }
        this.maxDegree = max;
        int[] cursor = Arrays.copyOf(off, n);
        int[] a = new int[2 * e];
        for (int k = 0; k < 2 * e; k++) {
            a[cursor[ends[k]]++] = k;
        }
        this.offsets = off;
        this.adj = a;
        // Addresses: counting sort of the builder's records by node.
        int[] aoff = new int[n + 1];
        for (int r = 0; r < b.addrRecords; r++) {
            aoff[b.addrNode[r] + 1] += b.addrStart[r + 1] - b.addrStart[r];
        }
        for (int i = 0; i < n; i++) {
            aoff[i + 1] += aoff[i];
        }
        byte[] data = new byte[aoff[n]];
        int[] acur = Arrays.copyOf(aoff, n);
        for (int r = 0; r < b.addrRecords; r++) {
            int len = b.addrStart[r + 1] - b.addrStart[r];
            int node = b.addrNode[r];
            System.arraycopy(b.addrBytes, b.addrStart[r], data, acur[node], len);
            acur[node] += len;
        }
        this.addrData = data;
        this.addrOffsets = aoff;
        this.index = new NodeIndex(keys, n);
        if (b.policies.rowCount() > 0) {
            this.policyRows = Arrays.copyOf(b.policyRows, 2 * e);
            this.maxHtlcs = Arrays.copyOf(b.maxHtlcs, 2 * e);
        } else {
            this.policyRows = null;
            this.maxHtlcs = null;
        }
        this.policyTable = b.policies.rows();
        this.policyRowCount = b.policies.rowCount();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding every node (with its addresses, declared), channel and the addressless rule
     * of {@code g}, in {@code g}'s index order, to grow a new snapshot from. O(n + e).
     */
    public static Builder builderFrom(CsrGraph g) {
        return builderFrom(g, -1);
    }

    /**
     * This graph without node {@code v}'s channels (v stays, with no channel): for questions about v as
     * if it were new, such as the payment metrics of its channels as a whole. Policies are kept. O(n + e).
     *
     * @throws IndexOutOfBoundsException if v is not a node
     */
    public CsrGraph withoutChannelsOf(int v) {
        Objects.checkIndex(v, n);
        return builderFrom(this, v).build();
    }

    private static Builder builderFrom(CsrGraph g, int skip) {
        final Builder b = builder().addresslessEligible(g.addresslessEligible);
        final byte[] key = new byte[K];
        for (int i = 0; i < g.n; i++) {
            g.copyKey(i, key, 0);
            final int idx = b.node(key, 0);
            b.declare(idx);
            for (int p = g.addrOffsets[i]; p < g.addrOffsets[i + 1]; ) {
                final int len = Addresses.encodedLength(g.addrData, p);
                final int start = b.reserveAddress(idx, len);
                System.arraycopy(g.addrData, p, b.addrBytes, start, len);
                p += len;
            }
        }
        final int[] copy = new int[g.e];
        for (int c = 0; c < g.e; c++) {
            final int a = g.ends[2 * c];
            final int z = g.ends[2 * c + 1];
            copy[c] = a == skip || z == skip ? -1 : b.addChannel(g.scids[c], a, z, g.capacities[c]);
        }
        if (g.policyRows != null) {
            for (int end = 0; end < 2 * g.e; end++) {
                final int r = g.policyRows[end];
                final int c = copy[end >> 1];
                if (r >= 0 && c >= 0) {
                    b.policy(c, end & 1, g.rowBaseFeeMsat(r), g.rowFeeRatePpm(r), g.rowTimeLockDelta(r),
                            g.rowMinHtlcMsat(r), g.maxHtlcs[end], g.rowDisabled(r));
                }
            }
        }
        return b;
    }

    /**
     * A snapshot of any {@link ChannelGraph}: every node it visits with its addresses, and every
     * channel once (a channel seen from both ends, by its id, is added once). Every node is eligible
     * for heuristics whether it has addresses or not: the graph decides what it shows. Returns
     * {@code g} itself when it is a {@code CsrGraph}. O(n + e).
     *
     * @throws IllegalArgumentException if the graph shows a channel from a node to itself or a
     *                                  negative capacity
     */
    public static CsrGraph copyOf(ChannelGraph g) {
        if (g instanceof CsrGraph) {
            return (CsrGraph) g;
        }
        final Builder b = builder().addresslessEligible(true);
        final LongOpenHashSet seen = new LongOpenHashSet();
        g.forEachNode(node -> {
            final int i = b.node(node.pubKey());
            if (!b.isDeclared(i)) {
                b.declare(i);
                for (InetSocketAddress a : node.addrs()) {
                    b.addAddress(i, a);
                }
            }
            node.forEachChannel(edge -> {
                final long id = edge.channel().chanId().value();
                if (seen.add(id)) {
                    b.addChannel(id, i, b.node(edge.peer().pubKey()), edge.channel().capacitySat());
                }
            });
        });
        return b.build();
    }

    // ---- index-based accessors -------------------------------------------------------------

    /** Number of nodes. O(1). */
    public int nodeCount() {
        return n;
    }

    /** Number of channels. O(1). */
    public int channelCount() {
        return e;
    }

    /** Number of channels of node {@code i}, parallel channels included. O(1). */
    public int degree(int i) {
        return offsets[i + 1] - offsets[i];
    }

    /** The highest degree. O(1). */
    public int maxDegree() {
        return maxDegree;
    }

    /** First adjacency slot of node {@code i}. O(1). */
    public int slotStart(int i) {
        return offsets[i];
    }

    /** One past the last adjacency slot of node {@code i}. O(1). */
    public int slotEnd(int i) {
        return offsets[i + 1];
    }

    /** The node at the other end of slot {@code s}. O(1). */
    public int neighbour(int s) {
        return ends[adj[s] ^ 1];
    }

    /** The channel of slot {@code s}. O(1). */
    public int channelOfSlot(int s) {
        return adj[s] >>> 1;
    }

    /** One end of channel {@code c} ({@code side} 0 or 1). O(1). */
    public int endpoint(int c, int side) {
        return ends[2 * c + side];
    }

    /** The short channel id of channel {@code c}, as its packed value. O(1). */
    public long channelId(int c) {
        return scids[c];
    }

    /** The capacity of channel {@code c} in satoshis. O(1). */
    public long capacitySat(int c) {
        return capacities[c];
    }

    /**
     * The end of slot {@code s}: {@code 2c + side} for its channel {@code c} seen from the slot's
     * node, which is {@code endpoint(c, side)}. The policy of the slot's node towards the neighbour
     * is the end's; the neighbour's towards the node is at {@code endOfSlot(s) ^ 1}. O(1).
     */
    public int endOfSlot(int s) {
        return adj[s];
    }

    // ---- policies ----------------------------------------------------------------------------

    /** Whether any direction of any channel has a policy. O(1). */
    public boolean hasPolicies() {
        return policyRows != null;
    }

    /**
     * The policy row of end {@code end} ({@code 2c + side}: channel {@code c} from
     * {@code endpoint(c, side)} to the other end), or -1 when that direction has no policy. O(1);
     * -1 for every end of a graph without policies.
     */
    public int policyRow(int end) {
        return policyRows == null ? -1 : policyRows[end];
    }

    /** The number of distinct policy rows (base fee, fee rate, time lock, minimum HTLC, disabled). O(1). */
    public int policyRowCount() {
        return policyRowCount;
    }

    /** The base fee of policy row {@code r}, msat. O(1). */
    public long rowBaseFeeMsat(int r) {
        return PolicyTable.baseFee(policyTable, r);
    }

    /** The fee rate of policy row {@code r}, ppm. O(1). */
    public long rowFeeRatePpm(int r) {
        return PolicyTable.feeRate(policyTable, r);
    }

    /** The time lock delta of policy row {@code r}. O(1). */
    public int rowTimeLockDelta(int r) {
        return PolicyTable.timeLock(policyTable, r);
    }

    /** The minimum HTLC of policy row {@code r}, msat. O(1). */
    public long rowMinHtlcMsat(int r) {
        return PolicyTable.minHtlc(policyTable, r);
    }

    /** Whether policy row {@code r} is disabled. O(1). */
    public boolean rowDisabled(int r) {
        return PolicyTable.disabled(policyTable, r);
    }

    /**
     * The maximum HTLC of end {@code end} in msat: its channel's capacity when the update had none,
     * or {@link Long#MAX_VALUE} (no limit, as lnd) when the capacity is unknown (0) too. O(1).
     */
    public long maxHtlcMsat(int end) {
        final long m = maxHtlcs == null ? -1 : maxHtlcs[end];
        if (m >= 0) {
            return m;
        }
        final long cap = capacities[end >> 1];
        return cap > 0 ? cap * 1000 : Long.MAX_VALUE;
    }

    /**
     * The policy of channel {@code c} in the direction from {@code endpoint(c, side)}, or null when
     * that direction has none. O(1); allocates the record.
     */
    public ChannelPolicy policy(int c, int side) {
        Objects.checkIndex(c, e);
        final int end = 2 * c + (side & 1);
        final int r = policyRow(end);
        if (r < 0) {
            return null;
        }
        return new ChannelPolicy(rowBaseFeeMsat(r), rowFeeRatePpm(r), rowTimeLockDelta(r), rowMinHtlcMsat(r),
                maxHtlcMsat(end), rowDisabled(r));
    }

    /**
     * The policy with which {@code from} forwards on {@code channel} towards the channel's other end
     * (API.md part 3). Empty when that direction has no policy, when {@code from} is not in the
     * graph, or when the channel is not one of {@code from}'s. O(degree of {@code from}).
     */
    public Optional<ChannelPolicy> policy(ShortChannelId channel, NodeId from) {
        final int i = indexOf(from);
        if (i < 0) {
            return Optional.empty();
        }
        final long id = channel.value();
        for (int s = offsets[i], end = offsets[i + 1]; s < end; s++) {
            final int c = adj[s] >>> 1;
            if (scids[c] == id) {
                return Optional.ofNullable(policy(c, adj[s] & 1));
            }
        }
        return Optional.empty();
    }

    /** The index of the node with key {@code id}, or -1. O(1) expected. */
    public int indexOf(NodeId id) {
        return index.indexOf(id);
    }

    /** The index of the node whose key is the 33 bytes at {@code off} of {@code key}, or -1. O(1) expected, allocation-free. */
    public int indexOf(byte[] key, int off) {
        return index.indexOf(key, off);
    }

    /** Copies node {@code i}'s 33-byte key into {@code dst} at {@code off}. O(1), allocation-free. */
    public void copyKey(int i, byte[] dst, int off) {
        System.arraycopy(keys, i * K, dst, off, K);
    }

    /**
     * Node {@code i}'s key as a {@link NodeId}. O(1). The object is made on the first call for a node
     * and handed out again after that (hubs are picked again and again), so repeated calls allocate
     * nothing.
     */
    public NodeId nodeId(int i) {
        Objects.checkIndex(i, n);
        final Object[] c = edgeObjects();
        final Object o = c[2 * i];
        if (o != null) {
            return (NodeId) o;
        }
        final NodeId id = NodeId.of(keys, i * K);
        c[2 * i] = id;
        return id;
    }

    private Object[] edgeObjects() {
        Object[] c = edgeObjects;
        if (c == null) {
            synchronized (this) {
                c = edgeObjects;
                if (c == null) {
                    c = new Object[2 * n];
                    edgeObjects = c;
                }
            }
        }
        return c;
    }

    /** Whether node {@code i} advertises at least one address. O(1). */
    public boolean hasAddress(int i) {
        return addrOffsets[i + 1] > addrOffsets[i];
    }

    /**
     * Node {@code i}'s addresses, decoded into an immutable list. O(number of addresses) on the first
     * call for a node; the same list is handed out after that.
     */
    @SuppressWarnings("unchecked")
    public List<InetSocketAddress> addresses(int i) {
        Objects.checkIndex(i, n);
        final Object[] c = edgeObjects();
        final Object o = c[2 * i + 1];
        if (o != null) {
            return (List<InetSocketAddress>) o;
        }
        final List<InetSocketAddress> a = Addresses.decode(addrData, addrOffsets[i], addrOffsets[i + 1]);
        c[2 * i + 1] = a;
        return a;
    }

    /**
     * Whether nodes without an address may be picked by a heuristic. False for graphs read from
     * files unless the reader was told otherwise: such nodes cannot be dialled (lnd's database graph
     * skipped them).
     */
    public boolean addresslessEligible() {
        return addresslessEligible;
    }

    /** Whether node {@code i} may be picked: it has an address, or addressless nodes are eligible. O(1). */
    public boolean isDialable(int i) {
        return addresslessEligible || addrOffsets[i + 1] > addrOffsets[i];
    }

    /** The index of the {@link NodeIndex} of this graph. */
    public NodeIndex nodeIndex() {
        return index;
    }

    /**
     * Bytes held by this snapshot, arrays and object headers, split as (everything but addresses,
     * addresses). O(1).
     */
    public long[] footprintBytes() {
        long core = 64 + arr(keys.length) + arr(4L * offsets.length) + arr(4L * adj.length) + arr(4L * ends.length)
                + arr(8L * scids.length) + arr(8L * capacities.length) + index.tableBytes() + 32;
        if (policyRows != null) {
            core += arr(4L * policyRows.length) + arr(8L * maxHtlcs.length);
        }
        core += arr(8L * policyTable.length);
        long addr = arr(addrData.length) + arr(4L * addrOffsets.length);
        return new long[] {core, addr};
    }

    private static long arr(long bytes) {
        return 16 + ((bytes + 7) & ~7L);
    }

    // ---- the seed's object view ------------------------------------------------------------

    /** A view of node {@code i}. O(1). */
    public Node node(int i) {
        Objects.checkIndex(i, n);
        return new NodeView(i);
    }

    /**
     * Visits every node in index order, creating one view per node. O(n) plus what the action does.
     */
    @Override
    public void forEachNode(Consumer<? super Node> action) {
        for (int i = 0; i < n; i++) {
            action.accept(new NodeView(i));
        }
    }

    @Override
    public String toString() {
        return "CsrGraph[nodes=" + n + ", channels=" + e + "]";
    }

    private final class NodeView implements Node {
        private final int i;

        NodeView(int i) {
            this.i = i;
        }

        @Override
        public NodeId pubKey() {
            return nodeId(i);
        }

        @Override
        public List<InetSocketAddress> addrs() {
            return addresses(i);
        }

        @Override
        public void forEachChannel(Consumer<? super ChannelEdge> action) {
            for (int s = offsets[i], end = offsets[i + 1]; s < end; s++) {
                int c = adj[s] >>> 1;
                int peer = ends[adj[s] ^ 1];
                Channel ch = new Channel(new ShortChannelId(scids[c]), capacities[c], 0, nodeId(peer));
                action.accept(new ChannelEdge(ch, new NodeView(peer)));
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof NodeView && ((NodeView) o).i == i && ((NodeView) o).graph() == CsrGraph.this;
        }

        private CsrGraph graph() {
            return CsrGraph.this;
        }

        @Override
        public int hashCode() {
            return i;
        }

        @Override
        public String toString() {
            return "Node[" + nodeId(i) + ", degree " + degree(i) + "]";
        }
    }

    /**
     * Collects nodes and channels in any order and builds a {@link CsrGraph}. A node seen only as a
     * channel end is created without addresses. Rejects (with {@link IllegalArgumentException}) a
     * channel from a node to itself, two channels with one id, a node declared twice, a bad key and a
     * negative capacity; a rejected call leaves the builder unchanged.
     *
     * <p>Each add is O(1) amortised; {@link #build()} is O(n + e). Not thread-safe.
     */
    public static final class Builder {
        private int n;
        private int e;
        private byte[] keys = new byte[K * 16];
        private boolean[] declared = new boolean[16];
        private final NodeIndex idx = new NodeIndex(keys, 0);
        private int[] ends = new int[32];
        private long[] scids = new long[16];
        private long[] caps = new long[16];
        private final LongOpenHashSet seenIds = new LongOpenHashSet();
        private byte[] addrBytes = new byte[64];
        private int[] addrStart = new int[17];
        private int[] addrNode = new int[16];
        private int addrRecords;
        private boolean addresslessEligible;
        private int[] policyRows = new int[32];
        private long[] maxHtlcs = new long[32];
        private final PolicyTable policies = new PolicyTable();

        Builder() {
            Arrays.fill(policyRows, -1);
        }

        /** Whether nodes without addresses may be picked by heuristics (default false). */
        public Builder addresslessEligible(boolean eligible) {
            this.addresslessEligible = eligible;
            return this;
        }

        /** Number of nodes so far. */
        public int nodeCount() {
            return n;
        }

        /** Number of channels so far. */
        public int channelCount() {
            return e;
        }

        /**
         * The index of the node with the 33-byte key at {@code off} of {@code key}, creating it
         * (without addresses) if new. Checks the key's length and prefix.
         */
        public int node(byte[] key, int off) {
            int i = idx.indexOf(key, off);
            if (i >= 0) {
                return i;
            }
            byte p = key[off];
            if (p != 2 && p != 3) {
                throw new IllegalArgumentException(String.format(
                        "a compressed public key starts with 0x02 or 0x03, got 0x%02x", p & 0xFF));
            }
            return appendNode(key, off);
        }

        /** The index of node {@code id}, creating it if new. */
        public int node(NodeId id) {
            byte[] buf = new byte[K];
            id.copyTo(buf, 0);
            return node(buf, 0);
        }

        private int appendNode(byte[] key, int off) {
            if (n == (Integer.MAX_VALUE - 64) / K) {
                throw new IllegalArgumentException("too many nodes: " + n);
            }
            if ((n + 1) * K > keys.length) {
                keys = Arrays.copyOf(keys, Math.max(keys.length * 2, (n + 1) * K));
                idx.keys(keys);
                declared = Arrays.copyOf(declared, keys.length / K);
            }
            System.arraycopy(key, off, keys, n * K, K);
            idx.insertNew(n);
            return n++;
        }

        /**
         * Declares a node with its addresses (which may be empty).
         *
         * @throws IllegalArgumentException if this node was declared before
         */
        public int addNode(NodeId id, List<InetSocketAddress> addrs) {
            int i = node(id);
            declare(i);
            for (InetSocketAddress a : addrs) {
                addAddress(i, a);
            }
            return i;
        }

        /**
         * Marks node {@code i} declared (a node record was seen for it).
         *
         * @throws IllegalArgumentException if it was declared before
         */
        public void declare(int i) {
            Objects.checkIndex(i, n);
            if (declared[i]) {
                throw new IllegalArgumentException("node " + NodeId.of(keys, i * K) + " declared twice");
            }
            declared[i] = true;
        }

        /** Adds an advertised address to node {@code i}. */
        public void addAddress(int i, InetSocketAddress a) {
            Objects.checkIndex(i, n);
            int len = Addresses.encodedLength(a);
            int start = reserveAddress(i, len);
            Addresses.encode(a, addrBytes, start);
        }

        /** Adds an IPv4 address ({@code ip} as a big-endian int) to node {@code i}, allocation-free. */
        public void addIpv4Address(int i, int ip, int port) {
            Objects.checkIndex(i, n);
            int start = reserveAddress(i, 7);
            Addresses.encodeIpv4(ip, port, addrBytes, start);
        }

        private int reserveAddress(int node, int len) {
            int start = addrStart[addrRecords];
            if (start + len > addrBytes.length) {
                addrBytes = Arrays.copyOf(addrBytes, Math.max(addrBytes.length * 2, start + len));
            }
            if (addrRecords + 2 > addrStart.length) {
                addrStart = Arrays.copyOf(addrStart, addrStart.length * 2);
                addrNode = Arrays.copyOf(addrNode, addrStart.length);
            }
            addrNode[addrRecords] = node;
            addrStart[++addrRecords] = start + len;
            return start;
        }

        /** Adds a channel between two nodes given by key, creating them if new. */
        public int addChannel(ShortChannelId id, NodeId a, NodeId b, long capacitySat) {
            if (a.equals(b)) {
                throw new IllegalArgumentException("channel " + id + " goes from node " + a + " to itself");
            }
            return addChannel(id.value(), node(a), node(b), capacitySat);
        }

        /**
         * Adds a channel between nodes {@code a} and {@code b} (indexes from {@link #node}).
         *
         * @return the channel's index
         * @throws IllegalArgumentException for a self channel, a duplicate id or a negative capacity
         */
        public int addChannel(long scid, int a, int b, long capacitySat) {
            Objects.checkIndex(a, n);
            Objects.checkIndex(b, n);
            if (a == b) {
                throw new IllegalArgumentException("channel " + new ShortChannelId(scid) + " goes from node "
                        + NodeId.of(keys, a * K) + " to itself");
            }
            if (capacitySat < 0) {
                throw new IllegalArgumentException("channel " + new ShortChannelId(scid)
                        + " has negative capacity " + capacitySat);
            }
            if (e == (Integer.MAX_VALUE >> 2) - 16) {
                throw new IllegalArgumentException("too many channels: " + e);
            }
            if (!seenIds.add(scid)) {
                throw new IllegalArgumentException("duplicate channel id " + new ShortChannelId(scid)
                        + " (" + Long.toUnsignedString(scid) + ")");
            }
            if (e == scids.length) {
                scids = Arrays.copyOf(scids, e * 2);
                caps = Arrays.copyOf(caps, e * 2);
                ends = Arrays.copyOf(ends, e * 4);
                final int old = policyRows.length;
                policyRows = Arrays.copyOf(policyRows, e * 4);
                Arrays.fill(policyRows, old, policyRows.length, -1);
                maxHtlcs = Arrays.copyOf(maxHtlcs, e * 4);
            }
            scids[e] = scid;
            caps[e] = capacitySat;
            ends[2 * e] = a;
            ends[2 * e + 1] = b;
            return e++;
        }

        /**
         * Sets the policy of channel {@code c} in the direction from its end {@code side} (0 or 1:
         * the order in which {@link #addChannel} was given the ends), replacing any set before.
         *
         * @param maxHtlcMsat the maximum HTLC, or -1 when the update carries none (the capacity then)
         * @throws IllegalArgumentException naming a field out of range (see {@link ChannelPolicy})
         */
        public void policy(int c, int side, long baseFeeMsat, long feeRatePpm, int timeLockDelta, long minHtlcMsat,
                long maxHtlcMsat, boolean disabled) {
            Objects.checkIndex(c, e);
            if ((side & ~1) != 0) {
                throw new IllegalArgumentException("side must be 0 or 1, got " + side);
            }
            ChannelPolicy.check(baseFeeMsat, feeRatePpm, timeLockDelta, minHtlcMsat, Math.max(0, maxHtlcMsat));
            policyRows[2 * c + side] = policies.row(baseFeeMsat, feeRatePpm, timeLockDelta, minHtlcMsat, disabled);
            maxHtlcs[2 * c + side] = maxHtlcMsat < 0 ? -1 : maxHtlcMsat;
        }

        /** Sets the policy of channel {@code c} from its end {@code side}; see the primitive overload. */
        public void policy(int c, int side, ChannelPolicy p) {
            policy(c, side, p.baseFeeMsat(), p.feeRatePpm(), p.timeLockDelta(), p.minHtlcMsat(), p.maxHtlcMsat(),
                    p.disabled());
        }

        /** Whether channel {@code c} has a policy from its end {@code side}. */
        public boolean hasPolicy(int c, int side) {
            Objects.checkIndex(c, e);
            return policyRows[2 * c + (side & 1)] >= 0;
        }

        /** Whether node {@code i} was declared with {@link #declare} or {@link #addNode}. */
        public boolean isDeclared(int i) {
            Objects.checkIndex(i, n);
            return declared[i];
        }

        /** End {@code side} (0 or 1) of channel {@code c} added so far. */
        public int channelEnd(int c, int side) {
            Objects.checkIndex(c, e);
            return ends[2 * c + side];
        }

        /** Capacity of channel {@code c} added so far. */
        public long channelCapacity(int c) {
            Objects.checkIndex(c, e);
            return caps[c];
        }

        /** Short channel id value of channel {@code c} added so far. */
        public long channelId(int c) {
            Objects.checkIndex(c, e);
            return scids[c];
        }

        /** Key of node {@code i} added so far. */
        public NodeId nodeId(int i) {
            Objects.checkIndex(i, n);
            return NodeId.of(keys, i * K);
        }

        /** Builds the immutable snapshot. O(n + e). The builder may be used further afterwards. */
        public CsrGraph build() {
            return new CsrGraph(this);
        }
    }
}
