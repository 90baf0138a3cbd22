package org.lnautopilot.node.cln;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.NodeId;
import org.lnautopilot.OutPoint;
import org.lnautopilot.cli.Cli;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.heuristic.ConstrainedPrefAttachment;
import org.lnautopilot.node.AutopilotRunner;
import org.lnautopilot.node.AutopilotState;
import org.lnautopilot.node.Eventually;
import org.lnautopilot.node.RecordingListener;
import org.lnautopilot.node.StateStore;
import org.lnautopilot.testing.SharedGraphs;
import org.lnautopilot.testing.TestKeys;

/**
 * {@code autopilot run --cln-rpc} against {@link FakeLightningd} serving the 2021 snapshot: the
 * command line, and the runner through a lightningd restart, a refused and a lost
 * {@code fundchannel}. Every test checks that only API.md's methods were called and that no peer got
 * two {@code fundchannel}s.
 */
class ClnRunTest {
    static final NodeId SELF = TestKeys.key(17);
    static CsrGraph cln2021;

    @TempDir
    Path dir;
    FakeLightningd fake;
    Path stateFile;

    @BeforeAll
    static void load() throws Exception {
        cln2021 = SharedGraphs.load(SharedGraphs.CLN_2021);
    }

    @BeforeEach
    void start() throws Exception {
        fake = new FakeLightningd(dir.resolve("lightning-rpc"), cln2021, SELF, 5_000_000);
        stateFile = dir.resolve("state.json");
    }

    @AfterEach
    void stop() {
        fake.close();
        fake.assertCallsAllowedAndNoPeerFundedTwice();
    }

    private Cli.Run cli(String... extra) {
        final List<String> args = new ArrayList<>(List.of("run", "--cln-rpc", fake.socket.toString(), "--state",
                stateFile.toString(), "--seed", "3", "--max-chan-size", "500000"));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(new String[0]));
    }

    @Test
    void dryRunThenExecute() throws Exception {
        final Cli.Run dry = cli("--once", "--json");
        assertEquals(0, dry.code(), dry.err());
        final Map<String, Object> d = dry.lines().get(0);
        assertEquals(5_000_000L, d.get("balanceSat"));
        assertEquals(4_900_000L, d.get("budgetSat"));
        final List<String> shown = Cli.peers(d);
        assertEquals(5, shown.size());
        assertTrue(fake.calls("connect").isEmpty() && fake.calls("fundchannel").isEmpty());
        assertFalse(Files.exists(stateFile));

        final Cli.Run run = cli("--once", "--json", "--execute");
        assertEquals(0, run.code(), run.err());
        final List<Map<String, Object>> lines = run.lines();
        assertEquals(shown, Cli.peers(lines.get(0)), "the same seed decides the same");
        assertEquals(6, lines.size(), run.out());
        final AutopilotState st = new StateStore(stateFile).load();
        assertEquals(SELF, st.node());
        assertEquals("mainnet", st.network());
        final Set<String> points = new HashSet<>();
        for (FakeLightningd.Chan c : fake.chans()) {
            points.add(c.point());
        }
        for (AutopilotState.Open o : st.opens()) {
            assertEquals(AutopilotState.Status.PENDING, o.status());
            assertTrue(points.contains(o.chanPoint().toString()));
            assertTrue(fake.connected().contains(o.peer().toHex()), "connect before fundchannel");
        }
        final Cli.Run again = cli("--once", "--json", "--execute");
        assertEquals(0, again.code(), again.err());
        for (String p : Cli.peers(again.lines().get(0))) {
            assertFalse(shown.contains(p));
        }
    }

    /** The payment heuristics on the graph lightningd's listchannels gives (with its policies): five distinct opens. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"greedy_reach", "greedy_routing"})
    void paymentHeuristicsRouteOnLightningdsGraph(String heuristic) throws Exception {
        final Cli.Run run = cli("--once", "--json", "--execute", "--heuristic", heuristic, "--amount", "50000",
                "--fee-ppm", "200");
        assertEquals(0, run.code(), run.err());
        final List<String> peers = Cli.peers(run.lines().get(0));
        assertEquals(5, peers.size(), run.out());
        assertEquals(5, new HashSet<>(peers).size());
        assertFalse(peers.contains(SELF.toHex()));
        assertEquals(5, fake.calls("fundchannel").size());
    }

    @Test
    void aRefusedFundchannelCarriesLightningdsCode() throws Exception {
        final List<String> shown = Cli.peers(cli("--once", "--json").lines().get(0));
        final NodeId refused = NodeId.fromHex(shown.get(2));
        fake.refuseFunding(refused, 301, "Could not afford 500000sat using all 2 available UTXOs: 3000sat short");
        final Cli.Run r = cli("--once", "--json", "--execute");
        assertEquals(0, r.code(), r.err());
        int failed = 0;
        for (Map<String, Object> o : r.lines()) {
            if ("open".equals(o.get("event")) && Boolean.FALSE.equals(o.get("ok"))) {
                failed++;
                assertEquals(refused.toHex(), o.get("peer"));
                assertEquals("REFUSED", o.get("failure"));
                assertTrue(((String) o.get("error")).contains("Could not afford") && ((String) o.get("error"))
                        .contains("(code 301)"), o.toString());
            }
        }
        assertEquals(1, failed);
        assertTrue(new StateStore(stateFile).load().failedUntil().containsKey(refused));
    }

    @Test
    void noSocketIsOneLine() throws Exception {
        fake.stop();
        final Cli.Run r = cli("--once");
        assertEquals(1, r.code());
        final String[] lines = r.err().strip().split("\n");
        assertTrue(lines[lines.length - 1].startsWith("autopilot: cannot reach lightningd at " + fake.socket),
                r.err());
        assertFalse(r.err().contains("\tat "));
    }

    // ---- the runner through faults ----------------------------------------------------------------

    static final AutopilotRunner.Timing QUICK = RecordingListener.QUICK;

    private AutopilotRunner runner(RecordingListener rec, boolean execute, boolean once, Duration openDeadline) {
        final AutopilotRunner.Options o = new AutopilotRunner.Options(new ConstrainedPrefAttachment(20_000, 500_000, 5,
                0.6, new java.util.SplittableRandom(3)), 10, 100_000, Set.of(), new StateStore(stateFile), execute,
                once, QUICK);
        final ClnNode.Settings s = new ClnNode.Settings(Duration.ofSeconds(5), Duration.ofSeconds(30), openDeadline,
                Duration.ofMillis(50));
        return new AutopilotRunner(() -> new ClnNode(fake.socket, s, false), o, rec);
    }

    @Test
    void aLostFundchannelReplyIsFoundAfterRestart() throws Exception {
        final RecordingListener dry = new RecordingListener();
        runner(dry, false, true, Duration.ofSeconds(5)).run();
        final List<AttachmentDirective> shown = dry.decisions.get(0).directives();
        final NodeId lost = shown.get(1).peerKey();
        fake.loseReplyTo(lost);
        final RecordingListener rec = new RecordingListener();
        runner(rec, true, true, Duration.ofMillis(700)).run();
        assertTrue(rec.results.contains(lost.toHex() + " UNKNOWN"), rec.results.toString());
        final RecordingListener again = new RecordingListener();
        runner(again, true, true, Duration.ofSeconds(5)).run();
        AutopilotState.Open found = null;
        for (AutopilotState.Open o : new StateStore(stateFile).load().opens()) {
            if (o.peer().equals(lost)) {
                found = o;
            }
        }
        assertEquals(AutopilotState.Status.PENDING, found.status());
        String made = null;
        for (FakeLightningd.Chan c : fake.chans()) {
            if (c.peer().equals(lost.toHex())) {
                made = c.point();
            }
        }
        assertEquals(OutPoint.parse(made), found.chanPoint());
    }

    @Test
    void theDaemonRidesOutARestartAndFollowsTheChannels() throws Exception {
        final RecordingListener rec = new RecordingListener();
        final AutopilotRunner r = runner(rec, true, false, Duration.ofSeconds(5));
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

        fake.stop();
        Eventually.waitFor(() -> rec.progress.stream().anyMatch(s -> s.contains("reconnecting")));
        fake.start();
        final List<FakeLightningd.Chan> made = fake.chans();
        assertFalse(made.isEmpty(), "no channel was funded: results " + rec.results + ", progress " + rec.progress);
        final FakeLightningd.Chan first = made.get(0);
        fake.lockIn(first.point());
        Eventually.waitFor(() -> status(r, first.point()) == AutopilotState.Status.OPEN);
        fake.closeByPeer(first.point(), true);
        Eventually.waitFor(() -> status(r, first.point()) == AutopilotState.Status.CLOSED);
        assertTrue(new StateStore(stateFile).load().noReopen().contains(NodeId.fromHex(first.peer())));
        assertTrue(r.stop(Duration.ofSeconds(1)));
        t.join(2000);
        assertNull(failure[0]);
    }

    private static AutopilotState.Status status(AutopilotRunner r, String point) {
        final AutopilotState s = r.state();
        if (s != null) {
            for (AutopilotState.Open o : s.opens()) {
                if (o.chanPoint() != null && o.chanPoint().toString().equals(point)) {
                    return o.status();
                }
            }
        }
        return null;
    }
}
