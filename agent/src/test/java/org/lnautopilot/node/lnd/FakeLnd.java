package org.lnautopilot.node.lnd;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.lightningj.lnd.proto.LightningApi;
import org.lightningj.lnd.proto.LightningGrpc;
import org.lnautopilot.Hex;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;

/**
 * A fake lnd for tests: a grpc-java server implementing lnd's own {@code Lightning} service (from
 * lightningj's generated stubs) over real TLS with a certificate generated for the test, checking
 * the macaroon header as lnd does, and serving a real graph snapshot as {@code lnrpc} messages with
 * policies and features like lnd's. Every call is recorded with its request. It behaves as lnd does
 * where clients go wrong: {@code OpenChannel*} wants the 33 raw key bytes and a connected peer,
 * {@code ConnectPeer} says "already connected", a bad macaroon is status UNKNOWN "verification
 * failed", {@code funding_txid_bytes} are reversed. Faults: a delay on every call, refused opens, an
 * open whose reply never comes (the channel is made), a restart on the same port, an unsynced start.
 * Thread-safe.
 */
final class FakeLnd implements AutoCloseable {
    static final String MACAROON_HEX = "0201036c6e6402f801030a10b1e5a7e7c2f8a3b4c5d6e7f8091a2b3c";
    private static final Metadata.Key<String> MACAROON = Metadata.Key.of("macaroon", Metadata.ASCII_STRING_MARSHALLER);

    /** One recorded call. */
    record Call(String method, Message request) {
    }

    /** A channel of the fake node. */
    record Chan(String peer, long capacity, String chanPoint, long chanId, String memo) {
    }

    final TestCerts certs;
    final Path macaroonFile;
    final NodeId self;
    private final LightningApi.ChannelGraph graph;
    private final Map<String, Set<String>> addressesOf = new HashMap<>();
    private final int port;
    private volatile Server server;

    // Node state, guarded by 'this'.
    private String network = "mainnet";
    private String chain = "bitcoin";
    private int unsyncedInfos;
    private long confirmed;
    private final List<Chan> open = new ArrayList<>();
    private final List<Chan> pending = new ArrayList<>();
    private final List<Chan> closed = new ArrayList<>();
    private final Set<String> peers = new HashSet<>();
    private final Map<String, String> refuse = new HashMap<>();
    private final Set<String> loseReply = new HashSet<>();
    private int opened;
    private volatile long delayMs;
    private volatile boolean hidePeers;

    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<StreamObserver<LightningApi.ChannelEventUpdate>> eventSubs = new CopyOnWriteArrayList<>();
    private final List<StreamObserver<LightningApi.GraphTopologyUpdate>> graphSubs = new CopyOnWriteArrayList<>();

    FakeLnd(Path dir, CsrGraph g, NodeId self, long confirmedSat) throws Exception {
        this(dir, g, self, confirmedSat, false);
    }

    /**
     * @param synthesizeAddresses give each node without an address one in 198.18.0.0/15 (for
     *                            listchannels snapshots, which carry none)
     */
    FakeLnd(Path dir, CsrGraph g, NodeId self, long confirmedSat, boolean synthesizeAddresses) throws Exception {
        this.certs = TestCerts.create(dir, "fake-lnd");
        this.macaroonFile = dir.resolve("admin.macaroon");
        Files.write(macaroonFile, Hex.decode(MACAROON_HEX, MACAROON_HEX.length() / 2));
        this.self = self;
        this.confirmed = confirmedSat;
        this.graph = toMessages(g, synthesizeAddresses);
        for (LightningApi.LightningNode n : graph.getNodesList()) {
            final Set<String> s = new HashSet<>();
            for (LightningApi.NodeAddress a : n.getAddressesList()) {
                s.add(a.getAddr());
            }
            addressesOf.put(n.getPubKey(), s);
        }
        this.server = build(0).start();
        this.port = server.getPort();
    }

    String target() {
        return "localhost:" + port;
    }

    int port() {
        return port;
    }

    LightningApi.ChannelGraph graphMessage() {
        return graph;
    }

    private Server build(int p) throws IOException {
        final ServerInterceptor macaroonCheck = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                final String m = headers.get(MACAROON);
                if (m == null) {
                    call.close(Status.UNKNOWN.withDescription("expected 1 macaroon, got 0"), new Metadata());
                    return new ServerCall.Listener<Q>() { };
                }
                if (!MACAROON_HEX.equals(m)) {
                    call.close(Status.UNKNOWN.withDescription(
                            "verification failed: signature mismatch after caveat verification"), new Metadata());
                    return new ServerCall.Listener<Q>() { };
                }
                return next.startCall(call, headers);
            }
        };
        return Grpc.newServerBuilderForPort(p, TlsServerCredentials.create(certs.cert.toFile(), certs.key.toFile()))
                .addService(ServerInterceptors.intercept(new Service(), macaroonCheck))
                .build();
    }

    /** Stops the server (dropping every call and stream) and starts it again on the same port. */
    void restart() throws Exception {
        stopServer();
        IOException last = null;
        for (int i = 0; i < 50; i++) {
            try {
                server = build(port).start();
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }

    /** Stops the server: the node is gone. */
    void stopServer() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
        eventSubs.clear();
        graphSubs.clear();
    }

    @Override
    public void close() {
        try {
            stopServer();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- knobs -----------------------------------------------------------------------------------

    synchronized void network(String chainName, String networkName) {
        this.chain = chainName;
        this.network = networkName;
    }

    synchronized void unsyncedFor(int infoCalls) {
        this.unsyncedInfos = infoCalls;
    }

    /** ListPeers answers no peer (so a client relies on ConnectPeer's "already connected"). */
    void hidePeers(boolean hide) {
        this.hidePeers = hide;
    }

    void delay(long ms) {
        this.delayMs = ms;
    }

    synchronized void refuseOpensTo(NodeId peer, String message) {
        refuse.put(peer.toHex(), message);
    }

    /** The next open to {@code peer} is made but its reply never sent (the client's deadline passes). */
    synchronized void loseReplyTo(NodeId peer) {
        loseReply.add(peer.toHex());
    }

    synchronized long confirmed() {
        return confirmed;
    }

    synchronized List<Chan> pending() {
        return List.copyOf(pending);
    }

    synchronized List<Chan> open() {
        return List.copyOf(open);
    }

    synchronized Set<String> peers() {
        return Set.copyOf(peers);
    }

    /** Calls of one method, in order. */
    List<Message> calls(String method) {
        final List<Message> l = new ArrayList<>();
        for (Call c : calls) {
            if (c.method().equals(method)) {
                l.add(c.request());
            }
        }
        return l;
    }

    /** Adds an open channel that autopilot did not make. */
    synchronized Chan addOpenChannel(NodeId peer, long capacity) {
        final Chan c = new Chan(peer.toHex(), capacity, point(++opened), 700_000L << 40 | opened, "");
        open.add(c);
        return c;
    }

    /** The funding of a pending channel confirms: it is open, and subscribers hear OPEN_CHANNEL. */
    void confirm(String chanPoint) {
        final Chan c;
        synchronized (this) {
            c = find(pending, chanPoint);
            pending.remove(c);
            open.add(c);
        }
        for (StreamObserver<LightningApi.ChannelEventUpdate> s : eventSubs) {
            s.onNext(LightningApi.ChannelEventUpdate.newBuilder()
                    .setType(LightningApi.ChannelEventUpdate.UpdateType.OPEN_CHANNEL).setOpenChannel(channel(c)).build());
        }
    }

    /** The peer closes an open channel: subscribers hear CLOSED_CHANNEL. */
    void closeByPeer(String chanPoint) {
        final Chan c;
        synchronized (this) {
            c = find(open, chanPoint);
            open.remove(c);
            closed.add(c);
        }
        for (StreamObserver<LightningApi.ChannelEventUpdate> s : eventSubs) {
            s.onNext(LightningApi.ChannelEventUpdate.newBuilder()
                    .setType(LightningApi.ChannelEventUpdate.UpdateType.CLOSED_CHANNEL)
                    .setClosedChannel(summary(c)).build());
        }
    }

    /** A graph update reaches subscribers. */
    void announce() {
        for (StreamObserver<LightningApi.GraphTopologyUpdate> s : graphSubs) {
            s.onNext(LightningApi.GraphTopologyUpdate.newBuilder().addNodeUpdates(LightningApi.NodeUpdate.newBuilder()
                    .setIdentityKey(graph.getNodes(0).getPubKey()).setAlias("renamed")).build());
        }
    }

    private static Chan find(List<Chan> l, String point) {
        for (Chan c : l) {
            if (c.chanPoint().equals(point)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no channel " + point);
    }

    /** Display-order txid of the k-th funding transaction. */
    static String point(int k) {
        try {
            return Hex.encode(MessageDigest.getInstance("SHA-256").digest(("funding " + k).getBytes())) + ":" + (k % 3);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static LightningApi.Channel channel(Chan c) {
        return LightningApi.Channel.newBuilder().setActive(true).setRemotePubkey(c.peer()).setChannelPoint(c.chanPoint())
                .setChanId(c.chanId()).setCapacity(c.capacity()).setLocalBalance(c.capacity() - 3_000)
                .setInitiator(true).setMemo(c.memo()).build();
    }

    private static LightningApi.PendingChannelsResponse.PendingChannel pendingChannel(Chan c) {
        return LightningApi.PendingChannelsResponse.PendingChannel.newBuilder().setRemoteNodePub(c.peer())
                .setChannelPoint(c.chanPoint()).setCapacity(c.capacity()).setLocalBalance(c.capacity() - 3_000)
                .setMemo(c.memo()).build();
    }

    private static LightningApi.ChannelCloseSummary summary(Chan c) {
        return LightningApi.ChannelCloseSummary.newBuilder().setChannelPoint(c.chanPoint()).setChanId(c.chanId())
                .setRemotePubkey(c.peer()).setCapacity(c.capacity())
                .setCloseType(LightningApi.ChannelCloseSummary.ClosureType.COOPERATIVE_CLOSE).build();
    }

    // ---- the graph as lnd sends it -----------------------------------------------------------------

    static LightningApi.ChannelGraph toMessages(CsrGraph g, boolean synthesizeAddresses) {
        final LightningApi.ChannelGraph.Builder b = LightningApi.ChannelGraph.newBuilder();
        final LightningApi.Feature dlp = LightningApi.Feature.newBuilder().setName("data-loss-protect")
                .setIsRequired(true).setIsKnown(true).build();
        final LightningApi.Feature tlv = LightningApi.Feature.newBuilder().setName("tlv-onion")
                .setIsRequired(true).setIsKnown(true).build();
        final LightningApi.Feature ss = LightningApi.Feature.newBuilder().setName("static-remote-key")
                .setIsRequired(true).setIsKnown(true).build();
        for (int i = 0; i < g.nodeCount(); i++) {
            final LightningApi.LightningNode.Builder n = LightningApi.LightningNode.newBuilder()
                    .setPubKey(g.nodeId(i).toHex()).setAlias("node-" + i).setColor("#3399ff")
                    .setLastUpdate(1_600_000_000 + i).putFeatures(0, dlp).putFeatures(9, tlv).putFeatures(12, ss);
            for (InetSocketAddress a : g.addresses(i)) {
                n.addAddresses(LightningApi.NodeAddress.newBuilder().setNetwork("tcp").setAddr(org.lnautopilot.graph.Addresses.format(a)));
            }
            if (synthesizeAddresses && n.getAddressesCount() == 0) {
                n.addAddresses(LightningApi.NodeAddress.newBuilder().setNetwork("tcp")
                        .setAddr("198." + (18 + (i >> 16 & 1)) + "." + (i >> 8 & 255) + "." + (i & 255) + ":9735"));
            }
            b.addNodes(n);
        }
        for (int c = 0; c < g.channelCount(); c++) {
            final LightningApi.ChannelEdge.Builder edge = LightningApi.ChannelEdge.newBuilder().setChannelId(g.channelId(c))
                    .setChanPoint(point(-c - 1))
                    .setNode1Pub(g.nodeId(g.endpoint(c, 0)).toHex()).setNode2Pub(g.nodeId(g.endpoint(c, 1)).toHex())
                    .setCapacity(g.capacitySat(c));
            for (int side = 0; side < 2; side++) {
                // The snapshot's own policy of this direction (none when it has none), else a synthetic one.
                final org.lnautopilot.ChannelPolicy pol = g.hasPolicies() ? g.policy(c, side)
                        : new org.lnautopilot.ChannelPolicy(1000, 1 + c % 500, 40, 1000, g.capacitySat(c) * 990, false);
                if (pol == null) {
                    continue;
                }
                final LightningApi.RoutingPolicy.Builder p = LightningApi.RoutingPolicy.newBuilder()
                        .setTimeLockDelta(pol.timeLockDelta()).setMinHtlc(pol.minHtlcMsat())
                        .setFeeBaseMsat(pol.baseFeeMsat()).setFeeRateMilliMsat(pol.feeRatePpm())
                        .setMaxHtlcMsat(pol.maxHtlcMsat()).setDisabled(pol.disabled())
                        .setLastUpdate(1_600_000_000 + c);
                if (side == 0) {
                    edge.setNode1Policy(p);
                } else {
                    edge.setNode2Policy(p);
                }
            }
            b.addEdges(edge);
        }
        return b.build();
    }

    // ---- the service -------------------------------------------------------------------------------

    private void slow() {
        final long d = delayMs;
        if (d > 0) {
            try {
                Thread.sleep(d);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static <T> void reply(StreamObserver<T> o, T value) {
        o.onNext(value);
        o.onCompleted();
    }

    private static void error(StreamObserver<?> o, String message) {
        o.onError(Status.UNKNOWN.withDescription(message).asRuntimeException());
    }

    private final class Service extends LightningGrpc.LightningImplBase {
        @Override
        public void getInfo(LightningApi.GetInfoRequest r, StreamObserver<LightningApi.GetInfoResponse> o) {
            calls.add(new Call("GetInfo", r));
            slow();
            final LightningApi.GetInfoResponse.Builder b;
            synchronized (FakeLnd.this) {
                b = LightningApi.GetInfoResponse.newBuilder().setVersion("0.17.0-beta commit=v0.17.0-beta")
                        .setIdentityPubkey(self.toHex()).setAlias("fake-lnd").setBlockHeight(820_000)
                        .setSyncedToChain(unsyncedInfos <= 0).setSyncedToGraph(true)
                        .setNumActiveChannels(open.size()).setNumPendingChannels(pending.size())
                        .addChains(LightningApi.Chain.newBuilder().setChain(chain).setNetwork(network));
                unsyncedInfos--;
            }
            reply(o, b.build());
        }

        @Override
        public void walletBalance(LightningApi.WalletBalanceRequest r,
                StreamObserver<LightningApi.WalletBalanceResponse> o) {
            calls.add(new Call("WalletBalance", r));
            slow();
            synchronized (FakeLnd.this) {
                reply(o, LightningApi.WalletBalanceResponse.newBuilder().setConfirmedBalance(confirmed)
                        .setTotalBalance(confirmed).build());
            }
        }

        @Override
        public void listChannels(LightningApi.ListChannelsRequest r, StreamObserver<LightningApi.ListChannelsResponse> o) {
            calls.add(new Call("ListChannels", r));
            slow();
            final LightningApi.ListChannelsResponse.Builder b = LightningApi.ListChannelsResponse.newBuilder();
            synchronized (FakeLnd.this) {
                for (Chan c : open) {
                    b.addChannels(channel(c));
                }
            }
            reply(o, b.build());
        }

        @Override
        public void pendingChannels(LightningApi.PendingChannelsRequest r,
                StreamObserver<LightningApi.PendingChannelsResponse> o) {
            calls.add(new Call("PendingChannels", r));
            slow();
            final LightningApi.PendingChannelsResponse.Builder b = LightningApi.PendingChannelsResponse.newBuilder();
            synchronized (FakeLnd.this) {
                for (Chan c : pending) {
                    b.addPendingOpenChannels(LightningApi.PendingChannelsResponse.PendingOpenChannel.newBuilder()
                            .setChannel(pendingChannel(c)).setCommitFee(2_000).setFundingExpiryBlocks(2016));
                }
            }
            reply(o, b.build());
        }

        @Override
        public void closedChannels(LightningApi.ClosedChannelsRequest r,
                StreamObserver<LightningApi.ClosedChannelsResponse> o) {
            calls.add(new Call("ClosedChannels", r));
            slow();
            final LightningApi.ClosedChannelsResponse.Builder b = LightningApi.ClosedChannelsResponse.newBuilder();
            synchronized (FakeLnd.this) {
                for (Chan c : closed) {
                    b.addChannels(summary(c));
                }
            }
            reply(o, b.build());
        }

        @Override
        public void describeGraph(LightningApi.ChannelGraphRequest r, StreamObserver<LightningApi.ChannelGraph> o) {
            calls.add(new Call("DescribeGraph", r));
            slow();
            reply(o, graph);
        }

        @Override
        public void listPeers(LightningApi.ListPeersRequest r, StreamObserver<LightningApi.ListPeersResponse> o) {
            calls.add(new Call("ListPeers", r));
            slow();
            final LightningApi.ListPeersResponse.Builder b = LightningApi.ListPeersResponse.newBuilder();
            synchronized (FakeLnd.this) {
                for (String p : hidePeers ? Set.<String>of() : peers) {
                    b.addPeers(LightningApi.Peer.newBuilder().setPubKey(p).setAddress("203.0.113.7:9735"));
                }
            }
            reply(o, b.build());
        }

        @Override
        public void connectPeer(LightningApi.ConnectPeerRequest r, StreamObserver<LightningApi.ConnectPeerResponse> o) {
            calls.add(new Call("ConnectPeer", r));
            slow();
            final String key = r.getAddr().getPubkey();
            final String host = r.getAddr().getHost();
            synchronized (FakeLnd.this) {
                if (key.length() != 66) {
                    error(o, "invalid pubkey: " + key);
                    return;
                }
                if (peers.contains(key)) {
                    error(o, "already connected to peer: " + key + "@" + host);
                    return;
                }
                final Set<String> known = addressesOf.get(key);
                if (known == null || !known.contains(host)) {
                    error(o, "dial tcp " + host + ": connect: connection refused");
                    return;
                }
                peers.add(key);
            }
            reply(o, LightningApi.ConnectPeerResponse.getDefaultInstance());
        }

        @Override
        public void openChannelSync(LightningApi.OpenChannelRequest r, StreamObserver<LightningApi.ChannelPoint> o) {
            calls.add(new Call("OpenChannelSync", r));
            slow();
            final ByteString raw = r.getNodePubkey();
            if (raw.size() != 33) {
                error(o, "malformed public key: invalid length: " + raw.size());
                return;
            }
            final String key = Hex.encode(raw.toByteArray());
            final boolean lose;
            final Chan c;
            synchronized (FakeLnd.this) {
                if (!peers.contains(key)) {
                    error(o, "peer " + key + " is not online");
                    return;
                }
                if (refuse.containsKey(key)) {
                    error(o, refuse.get(key));
                    return;
                }
                if (r.getLocalFundingAmount() < 20_000) {
                    error(o, "channel size is too small: " + r.getLocalFundingAmount());
                    return;
                }
                final long fee = 1_500;
                if (r.getLocalFundingAmount() + fee > confirmed) {
                    error(o, "not enough witness outputs to create funding transaction, need "
                            + (r.getLocalFundingAmount() + fee) + " sat, only " + confirmed + " sat available");
                    return;
                }
                confirmed -= r.getLocalFundingAmount() + fee;
                c = new Chan(key, r.getLocalFundingAmount(), point(++opened), 800_000L << 40 | opened, r.getMemo());
                pending.add(c);
                lose = loseReply.remove(key);
            }
            if (lose) {
                return; // made, never answered
            }
            final String[] parts = c.chanPoint().split(":");
            final byte[] txid = Hex.decode(parts[0], 32);
            final byte[] internal = new byte[32];
            for (int i = 0; i < 32; i++) {
                internal[i] = txid[31 - i];
            }
            reply(o, LightningApi.ChannelPoint.newBuilder().setFundingTxidBytes(ByteString.copyFrom(internal))
                    .setOutputIndex(Integer.parseInt(parts[1])).build());
        }

        @Override
        public void subscribeChannelEvents(LightningApi.ChannelEventSubscription r,
                StreamObserver<LightningApi.ChannelEventUpdate> o) {
            calls.add(new Call("SubscribeChannelEvents", r));
            eventSubs.add(o);
            ((ServerCallStreamObserver<LightningApi.ChannelEventUpdate>) o).setOnCancelHandler(() -> eventSubs.remove(o));
        }

        @Override
        public void subscribeChannelGraph(LightningApi.GraphTopologySubscription r,
                StreamObserver<LightningApi.GraphTopologyUpdate> o) {
            calls.add(new Call("SubscribeChannelGraph", r));
            graphSubs.add(o);
            ((ServerCallStreamObserver<LightningApi.GraphTopologyUpdate>) o).setOnCancelHandler(() -> graphSubs.remove(o));
        }
    }
}
