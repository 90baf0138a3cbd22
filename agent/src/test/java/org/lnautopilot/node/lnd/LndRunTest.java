package org.lnautopilot.node.lnd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lightningj.lnd.proto.LightningApi;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.Hex;
import org.lnautopilot.NodeId;
import org.lnautopilot.OutPoint;
import org.lnautopilot.cli.Cli;
import org.lnautopilot.cli.Main;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.heuristic.ConstrainedPrefAttachment;
import org.lnautopilot.node.AutopilotRunner;
import org.lnautopilot.node.AutopilotState;
import org.lnautopilot.node.NodeException;
import org.lnautopilot.node.RunListener;
import org.lnautopilot.node.Eventually;
import org.lnautopilot.node.RecordingListener;
import org.lnautopilot.node.StateStore;
import org.lnautopilot.testing.SharedGraphs;
import org.lnautopilot.testing.TestKeys;

/**
 * {@code autopilot run} against {@link FakeLnd} serving the 2019 snapshot: the command line as a user
 * runs it, and the runner with short timings for the faults (lost replies, restarts, closes, an
 * unsynced node, SIGTERM). Every test also checks that only API.md's calls were made and that no
 * peer ever got two opens.
 */
class LndRunTest {
    static final Set<String> ALLOWED = Set.of("GetInfo", "WalletBalance", "ListChannels", "PendingChannels",
            "ClosedChannels", "DescribeGraph", "ListPeers", "ConnectPeer", "OpenChannelSync", "OpenChannel",
            "SubscribeChannelEvents", "SubscribeChannelGraph");
    static final NodeId SELF = TestKeys.key(11);
    static CsrGraph lnd2019;

    @TempDir
    Path dir;
    FakeLnd fake;
    Path stateFile;

    @BeforeAll
    static void load() throws Exception {
        lnd2019 = SharedGraphs.load(SharedGraphs.LND_2019);
    }

    @BeforeEach
    void start() throws Exception {
        fake = new FakeLnd(dir, lnd2019, SELF, 5_000_000);
        stateFile = dir.resolve("state").resolve("state.json");
    }

    @AfterEach
    void stop() {
        fake.close();
        for (FakeLnd.Call c : fake.calls) {
            assertTrue(ALLOWED.contains(c.method()), "API.md does not allow " + c.method());
        }
        final Map<String, Integer> opens = new HashMap<>();
        for (Message m : fake.calls("OpenChannelSync")) {
            final String k = Hex.encode(((LightningApi.OpenChannelRequest) m).getNodePubkey().toByteArray());
            assertEquals(null, opens.put(k, 1), "two opens sent to " + k);
        }
    }

    // ---- the command line -------------------------------------------------------------------------

    private Cli.Run cli(String... extra) {
        final List<String> args = new ArrayList<>(List.of("run", "--lnd", fake.target(), "--tlscert",
                fake.certs.cert.toString(), "--macaroon", fake.macaroonFile.toString(), "--state", stateFile.toString(),
                "--seed", "1", "--max-chan-size", "500000"));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(new String[0]));
    }

    static Map<String, Object> parse(String json) throws IOException {
        return org.lnautopilot.node.JsonValues.object(json);
    }

    @SuppressWarnings("unchecked")
    private static long total(Map<String, Object> decision) {
        long t = 0;
        for (Object d : (List<Object>) decision.get("directives")) {
            final long a = (Long) ((Map<String, Object>) d).get("amountSat");
            assertTrue(a >= 20_000, "every open is at least --min-chan-size");
            t += a;
        }
        return t;
    }

    @Test
    void dryRunReadsTheNodeAndSendsNothing() throws Exception {
        final Cli.Run r = cli("--once", "--json");
        assertEquals(0, r.code(), r.err());
        final List<Map<String, Object>> lines = r.lines();
        assertEquals(1, lines.size(), r.out());
        final Map<String, Object> d = lines.get(0);
        assertEquals("decision", d.get("event"));
        assertEquals(Boolean.FALSE, d.get("execute"));
        assertEquals(5_000_000L, d.get("balanceSat"));
        assertEquals(100_000L, d.get("reserveSat"));
        assertEquals(4_900_000L, d.get("budgetSat"));
        final List<String> peers = Cli.peers(d);
        assertEquals(5, peers.size(), "5 channels by default");
        assertEquals(5, new HashSet<>(peers).size());
        assertFalse(peers.contains(SELF.toHex()));
        assertTrue(total(d) <= 4_900_000L);
        assertTrue(fake.calls("ConnectPeer").isEmpty());
        assertTrue(fake.calls("OpenChannelSync").isEmpty());
        assertFalse(Files.exists(stateFile), "a dry run writes no state");
        assertTrue(r.err().contains("dry run"), r.err());
    }

    /** The payment heuristics on the graph lnd's DescribeGraph gives (with its policies): five distinct opens. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"greedy_reach", "greedy_routing"})
    void paymentHeuristicsRouteOnLndsGraph(String heuristic) throws Exception {
        final Cli.Run r = cli("--once", "--json", "--execute", "--heuristic", heuristic, "--fee-base", "0");
        assertEquals(0, r.code(), r.err());
        final List<String> peers = Cli.peers(r.lines().get(0));
        assertEquals(5, peers.size(), r.out());
        assertEquals(5, new HashSet<>(peers).size());
        assertFalse(peers.contains(SELF.toHex()));
        assertEquals(5, fake.calls("OpenChannelSync").size() + fake.calls("OpenChannel").size());
    }

    @Test
    void executeOpensWhatTheDryRunShowedSavingEachOpen() throws Exception {
        final List<String> shown = Cli.peers(cli("--once", "--json").lines().get(0));
        final String excluded = shown.get(0);
        final Cli.Run r = cli("--once", "--json", "--execute", "--exclude", excluded);
        assertEquals(0, r.code(), r.err());
        final List<Map<String, Object>> lines = r.lines();
        final Map<String, Object> d = lines.get(0);
        assertEquals(Boolean.TRUE, d.get("execute"));
        final List<String> picked = Cli.peers(d);
        assertFalse(picked.contains(excluded), "--exclude is never picked");
        assertEquals(picked.size() + 1, lines.size(), "one result line per open: " + r.out());
        final AutopilotState st = new StateStore(stateFile).load();
        assertEquals(SELF, st.node());
        assertEquals("mainnet", st.network());
        assertEquals(picked.size(), st.opens().size());
        final Set<OutPoint> pending = new HashSet<>();
        for (FakeLnd.Chan c : fake.pending()) {
            pending.add(OutPoint.parse(c.chanPoint()));
            assertEquals("lnautopilot", c.memo());
        }
        for (int i = 1; i < lines.size(); i++) {
            final Map<String, Object> o = lines.get(i);
            assertEquals("open", o.get("event"));
            assertEquals(Boolean.TRUE, o.get("ok"), o.toString());
            assertTrue(pending.contains(OutPoint.parse((String) o.get("chanPoint"))));
        }
        for (AutopilotState.Open o : st.opens()) {
            assertEquals(AutopilotState.Status.PENDING, o.status());
            assertTrue(pending.contains(o.chanPoint()));
        }
        for (Message m : fake.calls("OpenChannelSync")) {
            final String k = Hex.encode(((LightningApi.OpenChannelRequest) m).getNodePubkey().toByteArray());
            assertTrue(fake.peers().contains(k), "connected before the open");
        }
        assertEquals(5_000_000 - total(d) - 1_500L * picked.size(), fake.confirmed(), "the fee is paid on top");

        // A second run counts the pending channels: nothing more, nothing twice.
        final Cli.Run again = cli("--once", "--json", "--execute");
        assertEquals(0, again.code(), again.err());
        final Map<String, Object> d2 = again.lines().get(0);
        for (String p : Cli.peers(d2)) {
            assertFalse(picked.contains(p));
        }
        assertTrue(Cli.peers(d2).size() + picked.size() <= 5, "--max-channels counts pending channels");
    }

    @Test
    void noOpenStartsWhenThePendingLimitIsReached() throws Exception {
        assertEquals(0, cli("--once", "--json", "--execute").code());
        assertEquals(5, fake.pending().size());
        final Cli.Run r = cli("--once", "--json", "--execute", "--max-channels", "10", "--max-pending", "3");
        assertEquals(0, r.code(), r.err());
        final List<Map<String, Object>> lines = r.lines();
        assertEquals(1, lines.size(), r.out());
        assertEquals(List.of(), lines.get(0).get("directives"));
        assertTrue(r.err().contains("5 opens are pending, --max-pending allows 3"), r.err());
        assertEquals(5, fake.calls("OpenChannelSync").size());
    }

    @Test
    void aRefusedOpenIsRecordedAndTheRestGoThrough() throws Exception {
        final List<String> shown = Cli.peers(cli("--once", "--json").lines().get(0));
        final NodeId refused = NodeId.fromHex(shown.get(1));
        fake.refuseOpensTo(refused, "remote canceled funding, possibly timed out: chan size of 0.1 BTC is below min "
                + "chan size of 0.5 BTC");
        final Cli.Run r = cli("--once", "--json", "--execute");
        assertEquals(0, r.code(), r.err());
        int ok = 0;
        int failed = 0;
        for (Map<String, Object> o : r.lines()) {
            if ("open".equals(o.get("event"))) {
                if (Boolean.TRUE.equals(o.get("ok"))) {
                    ok++;
                } else {
                    failed++;
                    assertEquals(refused.toHex(), o.get("peer"));
                    assertEquals("REFUSED", o.get("failure"));
                    assertTrue(((String) o.get("error")).contains("below min chan size"), o.toString());
                }
            }
        }
        assertEquals(1, failed);
        assertEquals(shown.size() - 1, ok);
        final AutopilotState st = new StateStore(stateFile).load();
        assertTrue(st.failedUntil().get(refused) > System.currentTimeMillis(), "the refused peer is in back-off");
        final Cli.Run again = cli("--once", "--json");
        assertFalse(Cli.peers(again.lines().get(0)).contains(refused.toHex()), "a peer in back-off is not picked");
    }

    @Test
    void textOutputSaysWhatItWouldOpen() {
        final Cli.Run r = cli("--once");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("decision: balance 5,000,000 sat, reserve 100,000, budget 4,900,000 sat"),
                r.out());
        assertTrue(r.out().contains("would open 1: "), r.out());
    }

    // ---- fatal lines --------------------------------------------------------------------------------

    private static String lastLine(String s) {
        final String[] l = s.strip().split("\n");
        return l[l.length - 1];
    }

    private void assertFatal(Cli.Run r, String expected) {
        assertEquals(1, r.code(), r.err());
        assertTrue(lastLine(r.err()).startsWith("autopilot: ") && lastLine(r.err()).contains(expected), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void refusedMacaroonIsOneLine() throws Exception {
        Files.write(fake.macaroonFile, new byte[] {2, 1, 3});
        assertFatal(cli("--once"), "refused the macaroon: verification failed");
    }

    @Test
    void tlsMismatchIsOneLine() throws Exception {
        final TestCerts other = TestCerts.create(dir, "other");
        Files.copy(other.cert, fake.certs.cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertFatal(cli("--once"), "TLS handshake with lnd at " + fake.target() + " failed");
    }

    @Test
    void unreachableNodeIsOneLine() throws Exception {
        fake.stopServer();
        assertFatal(cli("--once"), "is unreachable");
    }

    @Test
    void aStateFileOfAnotherNodeOrNetworkStopsTheRun() throws Exception {
        new StateStore(stateFile).save(AutopilotState.EMPTY.withOwner(TestKeys.key(99), "mainnet"));
        assertFatal(cli("--once"), "belongs to node " + TestKeys.key(99).toHex() + " on mainnet");
        new StateStore(stateFile).save(AutopilotState.EMPTY.withOwner(SELF, "testnet"));
        assertFatal(cli("--once"), "on testnet, but lnd at");
        Files.writeString(stateFile, "{\"version\": 1, \"opens\": [");
        assertFatal(cli("--once"), stateFile.toString());
    }

    @Test
    void badOptionsAreUsageErrors() {
        Cli.Run r = cli("--once", "--exclude", "02zz");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--exclude 02zz"), r.err());
        r = cli("--once", "--reserve", "-5");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--reserve must be non-negative"), r.err());
    }

    // ---- the runner under faults ------------------------------------------------------------------

    static final AutopilotRunner.Timing QUICK = RecordingListener.QUICK;

    private AutopilotRunner runner(RecordingListener rec, boolean once, LndNode.Settings settings) {
        final AutopilotRunner.Options o = new AutopilotRunner.Options(new ConstrainedPrefAttachment(20_000, 500_000,
                5, 0.6, new java.util.SplittableRandom(1)), 10, 100_000, Set.of(), new StateStore(stateFile), true,
                once, QUICK);
        return new AutopilotRunner(() -> LndNode.connect(fake.target(), fake.certs.cert, fake.macaroonFile, settings,
                false), o, rec);
    }

    static final LndNode.Settings SHORT = new LndNode.Settings(Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofMillis(700), 512 << 20);

    @Test
    void aLostReplyIsFoundAfterRestartAndNeverSentTwice() throws Exception {
        final RecordingListener dry = new RecordingListener();
        final List<AttachmentDirective> shown;
        {
            final AutopilotRunner.Options o = new AutopilotRunner.Options(new ConstrainedPrefAttachment(20_000,
                    500_000, 5, 0.6, new java.util.SplittableRandom(1)), 10, 100_000, Set.of(),
                    new StateStore(stateFile), false, true, QUICK);
            new AutopilotRunner(() -> LndNode.connect(fake.target(), fake.certs.cert, fake.macaroonFile, SHORT, false),
                    o, dry).run();
            shown = dry.decisions.get(0).directives();
        }
        final NodeId lost = shown.get(0).peerKey();
        fake.loseReplyTo(lost);
        final RecordingListener rec = new RecordingListener();
        runner(rec, true, SHORT).run();
        assertTrue(rec.results.contains(lost.toHex() + " UNKNOWN"), rec.results.toString());
        AutopilotState st = new StateStore(stateFile).load();
        assertEquals(AutopilotState.Status.SENT, find(st, lost).status(), "unknown outcome stays SENT");

        // The process restarts: the channel lnd made is found among its pending channels.
        final RecordingListener again = new RecordingListener();
        runner(again, true, SHORT).run();
        st = new StateStore(stateFile).load();
        final AutopilotState.Open o = find(st, lost);
        assertEquals(AutopilotState.Status.PENDING, o.status());
        String made = null;
        for (FakeLnd.Chan c : fake.pending()) {
            if (c.peer().equals(lost.toHex())) {
                made = c.chanPoint();
            }
        }
        assertEquals(OutPoint.parse(made), o.chanPoint());
        for (RunListener.Decision d : again.decisions) {
            for (AttachmentDirective a : d.directives()) {
                assertFalse(a.peerKey().equals(lost));
            }
        }
    }

    @Test
    void anOpenRecordedButNeverSentIsFailedNotResent() throws Exception {
        final NodeId ghost = lnd2019.nodeId(5);
        new StateStore(stateFile).save(AutopilotState.EMPTY.withOwner(SELF, "mainnet").withOpen(
                new AutopilotState.Open(ghost, 100_000, System.currentTimeMillis() - 1000, AutopilotState.Status.SENT,
                        null)));
        final RecordingListener rec = new RecordingListener();
        runner(rec, true, SHORT).run();
        final AutopilotState st = new StateStore(stateFile).load();
        assertEquals(AutopilotState.Status.FAILED, find(st, ghost).status());
        assertTrue(st.failedUntil().containsKey(ghost));
        for (Message m : fake.calls("OpenChannelSync")) {
            assertFalse(ghost.equals(NodeId.of(((LightningApi.OpenChannelRequest) m).getNodePubkey().toByteArray())));
        }
    }

    private static AutopilotState.Open find(AutopilotState s, NodeId peer) {
        for (AutopilotState.Open o : s.opens()) {
            if (o.peer().equals(peer)) {
                return o;
            }
        }
        throw new AssertionError("no open to " + peer + " in " + s);
    }

    @Test
    void theDaemonSurvivesARestartReactsToEventsAndStopsPromptly() throws Exception {
        final RecordingListener rec = new RecordingListener();
        final AutopilotRunner r = runner(rec, false, SHORT);
        final Throwable[] failure = new Throwable[1];
        final Thread t = new Thread(() -> {
            try {
                r.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        t.start();
        Eventually.waitFor(() -> rec.results.size() == 5);
        final int opensBefore = fake.calls("OpenChannelSync").size();
        assertEquals(5, opensBefore);

        fake.restart();
        Eventually.waitFor(() -> rec.progress.stream().anyMatch(s -> s.contains("reconnecting")));
        Eventually.waitFor(() -> fake.calls("SubscribeChannelEvents").size() >= 2);

        final FakeLnd.Chan first = fake.pending().get(0);
        fake.confirm(first.chanPoint());
        Eventually.waitFor(() -> statusOf(r, first.chanPoint()) == AutopilotState.Status.OPEN);

        fake.closeByPeer(first.chanPoint());
        Eventually.waitFor(() -> statusOf(r, first.chanPoint()) == AutopilotState.Status.CLOSED);
        final NodeId closedPeer = NodeId.fromHex(first.peer());
        assertTrue(new StateStore(stateFile).load().noReopen().contains(closedPeer));
        Eventually.waitFor(() -> fake.calls("SubscribeChannelEvents").size() >= 3);

        fake.announce();
        assertTrue(r.stop(Duration.ofSeconds(1)), "stop returns within a second");
        t.join(2000);
        assertFalse(t.isAlive());
        assertNull(failure[0]);
        for (Message m : fake.calls("OpenChannelSync")) {
            assertFalse(closedPeer.equals(NodeId.of(((LightningApi.OpenChannelRequest) m).getNodePubkey()
                    .toByteArray())) && fake.calls("OpenChannelSync").indexOf(m) >= opensBefore,
                    "a peer whose autopilot channel was closed is not picked again");
        }
    }

    private AutopilotState.Status statusOf(AutopilotRunner r, String point) {
        final AutopilotState s = r.state();
        if (s == null) {
            return null;
        }
        for (AutopilotState.Open o : s.opens()) {
            if (o.chanPoint() != null && o.chanPoint().equals(OutPoint.parse(point))) {
                return o.status();
            }
        }
        return null;
    }

    @Test
    void aNodeNotSyncedIsWaitedFor() throws Exception {
        fake.unsyncedFor(3);
        final RecordingListener rec = new RecordingListener();
        runner(rec, true, SHORT).run();
        assertTrue(rec.progress.stream().anyMatch(s -> s.contains("is not synced to the chain yet (block 820000); "
                + "waiting")), rec.progress.toString());
        assertEquals(1, rec.decisions.size());
        assertEquals(4, fake.calls("GetInfo").size());
    }

    @Test
    void theNodeGoingAwayAtTheStartEndsTheRunAndLaterIsRetried() throws Exception {
        final int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        final AutopilotRunner.Options o = new AutopilotRunner.Options(new ConstrainedPrefAttachment(20_000,
                500_000, 5, 0.6, new java.util.SplittableRandom(1)), 10, 100_000, Set.of(), new StateStore(stateFile),
                true, false, QUICK);
        final AutopilotRunner r = new AutopilotRunner(() -> LndNode.connect("localhost:" + port, fake.certs.cert,
                fake.macaroonFile, SHORT, false), o, new RecordingListener());
        final NodeException e = org.junit.jupiter.api.Assertions.assertThrows(NodeException.class, r::run);
        assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
    }

    private static String readQuietly(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return e.toString();
        }
    }

    // ---- SIGTERM on the real process --------------------------------------------------------------

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"TERM", "INT"})
    void aSignalStopsTheProcessWithTheStateIntact(String signal) throws Exception {
        final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--lnd",
                fake.target(), "--tlscert", fake.certs.cert.toString(), "--macaroon", fake.macaroonFile.toString(),
                "--state", stateFile.toString(), "--seed", "1", "--max-chan-size", "500000", "--execute", "--json"));
        final Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("err.txt").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            final int results = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                int n = 0;
                String line;
                while (n < 5 && (line = out.readLine()) != null) {
                    if ("open".equals(parse(line).get("event"))) {
                        n++;
                    }
                }
                return n;
            }, () -> "no 5 opens within a minute: " + readQuietly(dir.resolve("err.txt")));
            assertEquals(5, results, Files.readString(dir.resolve("err.txt")));
            final long t0 = System.nanoTime();
            assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the process ends on SIG" + signal);
            System.out.printf("SIG%s to exit: %d ms%n", signal, (System.nanoTime() - t0) / 1_000_000);
        } finally {
            p.destroyForcibly();
        }
        final String err = Files.readString(dir.resolve("err.txt"));
        assertFalse(err.contains("Exception"), err);
        final AutopilotState st = new StateStore(stateFile).load();
        assertEquals(5, st.opens().size());
        for (AutopilotState.Open o : st.opens()) {
            assertEquals(AutopilotState.Status.PENDING, o.status());
            assertNotNull(o.chanPoint());
        }
    }
}
