package org.lnautopilot.node.lnd;

import com.google.protobuf.ByteString;
import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.lightningj.lnd.proto.LightningApi;
import org.lightningj.lnd.proto.LightningGrpc;
import org.lnautopilot.Hex;
import org.lnautopilot.NodeId;
import org.lnautopilot.OutPoint;
import org.lnautopilot.graph.Addresses;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.io.GraphFormatException;
import org.lnautopilot.node.LightningNode;
import org.lnautopilot.node.NodeException;

/**
 * An lnd node over gRPC, through lnd's own generated stubs (lightningj's {@link LightningGrpc}).
 *
 * <h2>Wire</h2>
 * <ul>
 * <li>TLS trusting exactly the given {@code tls.cert} (lnd's self-signed certificate), with the usual
 * host name check against its names; the macaroon, hex, in the {@code macaroon} metadata header of
 * every call.</li>
 * <li>Every unary call has a deadline ({@link Settings#callDeadline}; {@link Settings#graphDeadline}
 * for {@code DescribeGraph}, {@link Settings#openDeadline} for {@code OpenChannelSync}). The
 * streams of {@link #subscribe} have none; HTTP/2 keep-alive pings every 30 s find a node that
 * vanished.</li>
 * <li>Inbound messages up to {@link Settings#maxInboundBytes} (default 512 MiB): a mainnet
 * {@code DescribeGraph} reply is tens of MB, beyond gRPC's 4 MiB default.</li>
 * <li>{@code OpenChannelSync} takes the peer as its 33 raw key bytes in {@code node_pubkey} (hex
 * text there is "malformed public key"), carries {@code memo = "lnautopilot"}, and answers a
 * {@code ChannelPoint} whose {@code funding_txid_bytes} are in the reverse order of the txid text:
 * {@link #outPoint} turns them around.</li>
 * <li>{@code ConnectPeer} takes the key as hex text and the address as {@code host:port}; "already
 * connected" is success.</li>
 * </ul>
 * Calls only {@code GetInfo}, {@code WalletBalance}, {@code ListChannels}, {@code PendingChannels},
 * {@code ClosedChannels}, {@code DescribeGraph}, {@code ListPeers}, {@code ConnectPeer},
 * {@code OpenChannelSync}, {@code SubscribeChannelEvents} and {@code SubscribeChannelGraph}.
 *
 * <p>Thread-safe: gRPC stubs and channels are. Failures are {@link NodeException}s as
 * {@link LndErrors} classifies them.
 */
public final class LndNode implements LightningNode {
    /** What lnd stores as the memo of every channel autopilot opens. */
    public static final String MEMO = "lnautopilot";

    private static final Metadata.Key<String> MACAROON = Metadata.Key.of("macaroon", Metadata.ASCII_STRING_MARSHALLER);

    /**
     * Timeouts and limits.
     *
     * @param callDeadline    deadline of every unary call but the two below
     * @param graphDeadline   deadline of {@code DescribeGraph} (a mainnet reply is tens of MB)
     * @param openDeadline    deadline of {@code OpenChannelSync} (lnd negotiates with the peer first)
     * @param maxInboundBytes largest reply accepted
     */
    public record Settings(Duration callDeadline, Duration graphDeadline, Duration openDeadline, int maxInboundBytes) {
        /** 30 s, 5 min, 2 min, 512 MiB. */
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofMinutes(2), 512 << 20);

        /** @throws IllegalArgumentException for a non-positive deadline or limit */
        public Settings {
            for (Duration d : new Duration[] {callDeadline, graphDeadline, openDeadline}) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("deadlines must be positive, got " + d);
                }
            }
            if (maxInboundBytes <= 0) {
                throw new IllegalArgumentException("maxInboundBytes must be positive, got " + maxInboundBytes);
            }
        }
    }

    private final String target;
    private final ManagedChannel channel;
    private final Settings settings;
    private final LightningGrpc.LightningBlockingStub blocking;
    private final LightningGrpc.LightningStub async;
    private final boolean keepAddressless;

    private LndNode(String target, ManagedChannel channel, String macaroonHex, Settings settings,
            boolean keepAddressless) {
        this.target = target;
        this.channel = channel;
        this.settings = settings;
        this.keepAddressless = keepAddressless;
        final CallCredentials creds = new MacaroonCredentials(macaroonHex);
        this.blocking = LightningGrpc.newBlockingStub(channel).withCallCredentials(creds);
        this.async = LightningGrpc.newStub(channel).withCallCredentials(creds);
    }

    /**
     * Opens a connection to lnd at {@code hostPort}. Nothing is sent until the first call; a wrong
     * certificate, a refused macaroon or an unreachable node shows then, as a {@link NodeException}.
     *
     * @param hostPort        {@code host:port} of lnd's gRPC interface (10009 by default in lnd)
     * @param tlsCert         lnd's {@code tls.cert}, PEM: the only certificate trusted
     * @param macaroon        a macaroon file (binary, as lnd writes it), e.g. {@code admin.macaroon}
     * @param keepAddressless let heuristics pick nodes that advertise no address
     * @throws NodeException of kind {@code FATAL} when a file cannot be read or is not what it should be
     */
    public static LndNode connect(String hostPort, Path tlsCert, Path macaroon, Settings settings,
            boolean keepAddressless) throws NodeException {
        Objects.requireNonNull(settings, "settings");
        final byte[] mac;
        try {
            mac = Files.readAllBytes(macaroon);
        } catch (IOException e) {
            throw new NodeException(NodeException.Kind.FATAL, "cannot read the macaroon " + macaroon + ": " + e, e);
        }
        if (mac.length == 0) {
            throw new NodeException(NodeException.Kind.FATAL, "the macaroon " + macaroon + " is empty");
        }
        try (java.io.InputStream in = Files.newInputStream(tlsCert)) {
            if (java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw new java.security.cert.CertificateException("no certificate in it");
            }
        } catch (IOException | java.security.cert.CertificateException e) {
            throw new NodeException(NodeException.Kind.FATAL, "cannot use " + tlsCert + " as lnd's TLS certificate: "
                    + e.getMessage(), e);
        }
        final ChannelCredentials tls;
        try {
            tls = TlsChannelCredentials.newBuilder().trustManager(tlsCert.toFile()).build();
        } catch (IOException | IllegalArgumentException e) {
            throw new NodeException(NodeException.Kind.FATAL, "cannot use " + tlsCert + " as lnd's TLS certificate: "
                    + e.getMessage(), e);
        }
        final ManagedChannel ch;
        try {
            ch = Grpc.newChannelBuilder(hostPort, tls)
                    .maxInboundMessageSize(settings.maxInboundBytes())
                    .keepAliveTime(30, TimeUnit.SECONDS)
                    .keepAliveTimeout(20, TimeUnit.SECONDS)
                    .keepAliveWithoutCalls(false)
                    .userAgent("lnautopilot")
                    .build();
        } catch (io.grpc.ManagedChannelRegistry.ProviderNotFoundException e) {
            throw new NodeException(NodeException.Kind.FATAL, "cannot use " + tlsCert + " as lnd's TLS certificate "
                    + "for " + hostPort + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new NodeException(NodeException.Kind.FATAL, "bad lnd address '" + hostPort + "': " + e.getMessage(), e);
        }
        return new LndNode(hostPort, ch, Hex.encode(mac), settings, keepAddressless);
    }

    private LightningGrpc.LightningBlockingStub stub(Duration deadline) {
        return blocking.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    private NodeException fail(StatusRuntimeException e, String what, Duration deadline) {
        return LndErrors.map(e, target, what, deadline);
    }

    private static NodeException garbage(String what, RuntimeException e) {
        return new NodeException(NodeException.Kind.UNKNOWN, "lnd answered " + what + " with something we cannot read: "
                + e.getMessage(), e);
    }

    /** {@code GetInfo}. The network is that of lnd's first (only) chain, e.g. {@code mainnet}. */
    @Override
    public Info info() throws NodeException {
        final LightningApi.GetInfoResponse r;
        try {
            r = stub(settings.callDeadline()).getInfo(LightningApi.GetInfoRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            throw fail(e, "GetInfo", settings.callDeadline());
        }
        try {
            if (r.getChainsCount() == 0) {
                throw new IllegalArgumentException("no chain in the reply");
            }
            final String network = r.getChains(0).getNetwork();
            final String chain = r.getChains(0).getChain();
            if (!chain.isEmpty() && !"bitcoin".equals(chain)) {
                throw new NodeException(NodeException.Kind.FATAL, "lnd at " + target + " runs on chain '" + chain
                        + "', not bitcoin");
            }
            return new Info(NodeId.fromHex(r.getIdentityPubkey()), r.getAlias(), network, r.getSyncedToChain(),
                    r.getBlockHeight());
        } catch (IllegalArgumentException e) {
            throw garbage("GetInfo", e);
        }
    }

    /** {@code WalletBalance}: its {@code confirmed_balance}. */
    @Override
    public long confirmedBalanceSat() throws NodeException {
        try {
            final long b = stub(settings.callDeadline())
                    .walletBalance(LightningApi.WalletBalanceRequest.getDefaultInstance()).getConfirmedBalance();
            if (b < 0) {
                throw garbage("WalletBalance", new IllegalArgumentException("negative confirmed balance " + b));
            }
            return b;
        } catch (StatusRuntimeException e) {
            throw fail(e, "WalletBalance", settings.callDeadline());
        }
    }

    /** {@code ListChannels}. */
    @Override
    public List<NodeChannel> openChannels() throws NodeException {
        final LightningApi.ListChannelsResponse r;
        try {
            r = stub(settings.callDeadline()).listChannels(LightningApi.ListChannelsRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            throw fail(e, "ListChannels", settings.callDeadline());
        }
        try {
            final List<NodeChannel> out = new ArrayList<>(r.getChannelsCount());
            for (LightningApi.Channel c : r.getChannelsList()) {
                out.add(new NodeChannel(NodeId.fromHex(c.getRemotePubkey()), c.getCapacity(),
                        OutPoint.parse(c.getChannelPoint())));
            }
            return out;
        } catch (IllegalArgumentException e) {
            throw garbage("ListChannels", e);
        }
    }

    private LightningApi.PendingChannelsResponse pending() throws NodeException {
        try {
            return stub(settings.callDeadline()).pendingChannels(LightningApi.PendingChannelsRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            throw fail(e, "PendingChannels", settings.callDeadline());
        }
    }

    /** {@code PendingChannels}: its pending open channels. */
    @Override
    public List<NodeChannel> pendingOpens() throws NodeException {
        final LightningApi.PendingChannelsResponse r = pending();
        try {
            final List<NodeChannel> out = new ArrayList<>(r.getPendingOpenChannelsCount());
            for (LightningApi.PendingChannelsResponse.PendingOpenChannel p : r.getPendingOpenChannelsList()) {
                out.add(nodeChannel(p.getChannel()));
            }
            return out;
        } catch (IllegalArgumentException e) {
            throw garbage("PendingChannels", e);
        }
    }

    private static NodeChannel nodeChannel(LightningApi.PendingChannelsResponse.PendingChannel c) {
        return new NodeChannel(NodeId.fromHex(c.getRemoteNodePub()), c.getCapacity(), OutPoint.parse(c.getChannelPoint()));
    }

    /** {@code ClosedChannels}, plus the channels {@code PendingChannels} lists as closing. */
    @Override
    public List<OutPoint> closedChannels() throws NodeException {
        final LightningApi.ClosedChannelsResponse r;
        try {
            r = stub(settings.callDeadline()).closedChannels(LightningApi.ClosedChannelsRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            throw fail(e, "ClosedChannels", settings.callDeadline());
        }
        final LightningApi.PendingChannelsResponse p = pending();
        try {
            final List<OutPoint> out = new ArrayList<>();
            for (LightningApi.ChannelCloseSummary c : r.getChannelsList()) {
                out.add(OutPoint.parse(c.getChannelPoint()));
            }
            for (LightningApi.PendingChannelsResponse.ForceClosedChannel c : p.getPendingForceClosingChannelsList()) {
                out.add(nodeChannel(c.getChannel()).chanPoint());
            }
            for (LightningApi.PendingChannelsResponse.WaitingCloseChannel c : p.getWaitingCloseChannelsList()) {
                out.add(nodeChannel(c.getChannel()).chanPoint());
            }
            return out;
        } catch (IllegalArgumentException e) {
            throw garbage("ClosedChannels", e);
        }
    }

    /** {@code DescribeGraph} (public channels only), built into a {@link CsrGraph} by {@link LndGraph}. */
    @Override
    public CsrGraph graph() throws NodeException {
        final LightningApi.ChannelGraph r;
        try {
            r = stub(settings.graphDeadline()).describeGraph(LightningApi.ChannelGraphRequest.newBuilder()
                    .setIncludeUnannounced(false).build());
        } catch (StatusRuntimeException e) {
            throw fail(e, "DescribeGraph", settings.graphDeadline());
        }
        try {
            return LndGraph.build(r, "DescribeGraph of lnd at " + target, keepAddressless);
        } catch (GraphFormatException e) {
            throw new NodeException(NodeException.Kind.UNKNOWN, e.getMessage(), e);
        }
    }

    /**
     * {@code ListPeers}; when {@code peer} is not among them, {@code ConnectPeer} to each address in
     * turn until one works. "already connected" counts as success.
     *
     * @throws NodeException {@code REFUSED} when no address worked (the last error is given)
     */
    @Override
    public void connect(NodeId peer, List<InetSocketAddress> addrs) throws NodeException {
        final String hex = peer.toHex();
        final LightningApi.ListPeersResponse peers;
        try {
            peers = stub(settings.callDeadline()).listPeers(LightningApi.ListPeersRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            throw fail(e, "ListPeers", settings.callDeadline());
        }
        for (LightningApi.Peer p : peers.getPeersList()) {
            if (hex.equalsIgnoreCase(p.getPubKey())) {
                return;
            }
        }
        if (addrs.isEmpty()) {
            throw new NodeException(NodeException.Kind.REFUSED, "peer " + hex + " is not connected to lnd at " + target
                    + " and advertises no address");
        }
        NodeException last = null;
        for (InetSocketAddress a : addrs) {
            final String host = Addresses.format(a);
            try {
                stub(settings.callDeadline()).connectPeer(LightningApi.ConnectPeerRequest.newBuilder()
                        .setAddr(LightningApi.LightningAddress.newBuilder().setPubkey(hex).setHost(host))
                        .setPerm(false)
                        .setTimeout(Math.max(1, settings.callDeadline().toSeconds() - 1))
                        .build());
                return;
            } catch (StatusRuntimeException e) {
                final String d = e.getStatus().getDescription();
                if (d != null && d.contains("already connected")) {
                    return;
                }
                last = fail(e, "ConnectPeer " + hex + "@" + host, settings.callDeadline());
                if (last.kind() == NodeException.Kind.FATAL) {
                    throw last;
                }
            }
        }
        throw new NodeException(last.kind() == NodeException.Kind.UNKNOWN ? NodeException.Kind.UNKNOWN
                : NodeException.Kind.REFUSED, last.getMessage(), last);
    }


    /** {@code OpenChannelSync} with the raw key, the amount and the memo; returns the funding outpoint. */
    @Override
    public OutPoint openChannel(NodeId peer, long amountSat) throws NodeException {
        final LightningApi.ChannelPoint cp;
        try {
            cp = stub(settings.openDeadline()).openChannelSync(LightningApi.OpenChannelRequest.newBuilder()
                    .setNodePubkey(ByteString.copyFrom(peer.toByteArray()))
                    .setLocalFundingAmount(amountSat)
                    .setMemo(MEMO)
                    .build());
        } catch (StatusRuntimeException e) {
            throw fail(e, "OpenChannelSync to " + peer.toHex() + " of " + amountSat + " sat", settings.openDeadline());
        }
        try {
            return outPoint(cp);
        } catch (IllegalArgumentException e) {
            throw garbage("OpenChannelSync", e);
        }
    }

    /**
     * The outpoint a {@code ChannelPoint} names. {@code funding_txid_bytes} hold the txid in
     * Bitcoin's internal byte order, the reverse of its hex text; {@code funding_txid_str} is the text.
     */
    static OutPoint outPoint(LightningApi.ChannelPoint cp) {
        switch (cp.getFundingTxidCase()) {
            case FUNDING_TXID_BYTES: {
                final byte[] b = cp.getFundingTxidBytes().toByteArray();
                if (b.length != 32) {
                    throw new IllegalArgumentException("funding_txid_bytes has " + b.length + " bytes, not 32");
                }
                for (int i = 0, j = 31; i < j; i++, j--) {
                    final byte t = b[i];
                    b[i] = b[j];
                    b[j] = t;
                }
                return new OutPoint(b, cp.getOutputIndex());
            }
            case FUNDING_TXID_STR:
                return OutPoint.parse(cp.getFundingTxidStr() + ":" + cp.getOutputIndex());
            default:
                throw new IllegalArgumentException("ChannelPoint without a funding txid");
        }
    }

    /**
     * {@code SubscribeChannelEvents} and {@code SubscribeChannelGraph}. Open and closed channels and
     * any graph update go to {@code listener}; the first stream to end ends both and is reported once
     * through {@link Events#disconnected}.
     */
    @Override
    public AutoCloseable subscribe(Events listener) throws NodeException {
        Objects.requireNonNull(listener, "listener");
        final io.grpc.Context.CancellableContext ctx = io.grpc.Context.current().withCancellation();
        final AtomicBoolean ended = new AtomicBoolean();
        final Runnable endBoth = () -> ctx.cancel(null);
        ctx.run(() -> {
            async.subscribeChannelEvents(LightningApi.ChannelEventSubscription.getDefaultInstance(),
                    new Observer<LightningApi.ChannelEventUpdate>("SubscribeChannelEvents", listener, ended, endBoth) {
                        @Override
                        void next(LightningApi.ChannelEventUpdate u) {
                            channelEvent(u, listener);
                        }
                    });
            async.subscribeChannelGraph(LightningApi.GraphTopologySubscription.getDefaultInstance(),
                    new Observer<LightningApi.GraphTopologyUpdate>("SubscribeChannelGraph", listener, ended, endBoth) {
                        @Override
                        void next(LightningApi.GraphTopologyUpdate u) {
                            listener.graphChanged();
                        }
                    });
        });
        return () -> {
            ended.set(true);
            ctx.cancel(null);
        };
    }

    private static void channelEvent(LightningApi.ChannelEventUpdate u, Events listener) {
        switch (u.getChannelCase()) {
            case OPEN_CHANNEL: {
                final LightningApi.Channel c = u.getOpenChannel();
                listener.channelOpened(new NodeChannel(NodeId.fromHex(c.getRemotePubkey()), c.getCapacity(),
                        OutPoint.parse(c.getChannelPoint())), c.getChanId());
                break;
            }
            case CLOSED_CHANNEL: {
                final LightningApi.ChannelCloseSummary c = u.getClosedChannel();
                listener.channelClosed(OutPoint.parse(c.getChannelPoint()), c.getChanId());
                break;
            }
            default:
                break;
        }
    }

    /** One stream: its messages, then its single end. */
    private abstract class Observer<T> implements StreamObserver<T> {
        private final String name;
        private final Events listener;
        private final AtomicBoolean ended;
        private final Runnable endBoth;

        Observer(String name, Events listener, AtomicBoolean ended, Runnable endBoth) {
            this.name = name;
            this.listener = listener;
            this.ended = ended;
            this.endBoth = endBoth;
        }

        abstract void next(T value);

        @Override
        public void onNext(T value) {
            if (ended.get()) {
                return;
            }
            try {
                next(value);
            } catch (IllegalArgumentException e) {
                end(garbage(name, e));
            }
        }

        @Override
        public void onError(Throwable t) {
            end(t instanceof StatusRuntimeException ? fail((StatusRuntimeException) t, name, settings.callDeadline())
                    : new NodeException(NodeException.Kind.UNKNOWN, name + " from lnd at " + target + " failed: " + t, t));
        }

        @Override
        public void onCompleted() {
            end(new NodeException(NodeException.Kind.UNKNOWN, "lnd at " + target + " ended " + name));
        }

        private void end(NodeException cause) {
            if (ended.compareAndSet(false, true)) {
                endBoth.run();
                listener.disconnected(cause);
            }
        }
    }

    /** Closes the connection, waiting at most a second for calls in flight. */
    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "lnd at " + target;
    }

    /** The macaroon, hex, in the {@code macaroon} header of every call. */
    private static final class MacaroonCredentials extends CallCredentials {
        private final String hex;

        MacaroonCredentials(String hex) {
            this.hex = hex;
        }

        @Override
        public void applyRequestMetadata(RequestInfo info, Executor appExecutor, MetadataApplier applier) {
            final Metadata m = new Metadata();
            m.put(MACAROON, hex);
            applier.apply(m);
        }
    }
}
