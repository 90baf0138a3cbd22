package org.lnautopilot.node.cln;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.node.AutopilotState;
import org.lnautopilot.node.JsonValues;
import org.lnautopilot.node.StateStore;
import org.lnautopilot.testing.SharedGraphs;
import org.lnautopilot.testing.TestKeys;

/**
 * A plugin host: starts the real {@code autopilot.jar cln-plugin} as lightningd would, speaks the
 * plugin protocol on its stdin/stdout (every byte it writes must be a JSON-RPC message), and gives it
 * a {@link FakeLightningd} with the 2021 snapshot behind {@code lightning-rpc}. Runs after
 * {@code package} (failsafe), since it needs the jar.
 */
class ClnPluginIT {
    static CsrGraph cln2021;
    static final NodeId SELF = TestKeys.key(19);

    @TempDir
    Path dir;
    FakeLightningd fake;
    Process plugin;
    OutputStream toPlugin;
    final LinkedBlockingQueue<Map<String, Object>> fromPlugin = new LinkedBlockingQueue<>();
    final List<Map<String, Object>> logs = new java.util.concurrent.CopyOnWriteArrayList<>();
    long startedNanos;
    int nextId = 1;

    @BeforeAll
    static void load() throws Exception {
        cln2021 = SharedGraphs.load(SharedGraphs.CLN_2021);
    }

    @BeforeEach
    void start() throws Exception {
        fake = new FakeLightningd(dir.resolve("lightning-rpc"), cln2021, SELF, 5_000_000);
        final Path jar = Path.of(System.getProperty("autopilot.jar", "target/autopilot.jar"));
        assertTrue(Files.isRegularFile(jar), "build the jar first: " + jar.toAbsolutePath());
        startedNanos = System.nanoTime();
        plugin = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "cln-plugin").redirectError(dir.resolve("plugin-stderr.txt").toFile()).start();
        toPlugin = plugin.getOutputStream();
        final Thread reader = new Thread(() -> {
            try (JsonParser p = new JsonFactory().createParser(plugin.getInputStream())) {
                while (p.nextToken() != null) {
                    assertEquals(JsonToken.START_OBJECT, p.currentToken(), "only JSON objects on stdout");
                    @SuppressWarnings("unchecked")
                    final Map<String, Object> m = (Map<String, Object>) JsonValues.value(p);
                    assertEquals("2.0", m.get("jsonrpc"));
                    if ("log".equals(m.get("method"))) {
                        logs.add(m);
                    } else {
                        fromPlugin.add(m);
                    }
                }
            } catch (IOException e) {
                fromPlugin.add(Map.of("readerFailed", e.toString()));
            }
        }, "plugin-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    @AfterEach
    void stop() throws Exception {
        plugin.destroyForcibly();
        fake.close();
        fake.assertCallsAllowedAndNoPeerFundedTwice();
    }

    private void send(String json) throws IOException {
        toPlugin.write((json + "\n\n").getBytes(StandardCharsets.UTF_8));
        toPlugin.flush();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> call(String method, String params) throws Exception {
        final int id = nextId++;
        send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
        final Map<String, Object> m = fromPlugin.poll(60, TimeUnit.SECONDS);
        assertNotNull(m, "no answer to " + method + "; stderr: " + Files.readString(dir.resolve("plugin-stderr.txt")));
        assertEquals((long) id, m.get("id"), m.toString());
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> result(Map<String, Object> reply) {
        assertTrue(reply.containsKey("result"), reply.toString());
        return (Map<String, Object>) reply.get("result");
    }

    private String init(String options) throws Exception {
        final Map<String, Object> r = result(call("init", "{\"options\":" + options + ",\"configuration\":{"
                + "\"lightning-dir\":\"" + dir + "\",\"rpc-file\":\"lightning-rpc\",\"startup\":true,"
                + "\"network\":\"bitcoin\"}}"));
        return (String) r.get("disable");
    }

    /** The manifest's options: name to lightningd type. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> optionTypes(Map<String, Object> manifest) {
        final Map<String, String> types = new java.util.HashMap<>();
        for (Object o : (List<Object>) manifest.get("options")) {
            final Map<String, Object> opt = (Map<String, Object>) o;
            types.put((String) opt.get("name"), (String) opt.get("type"));
        }
        return types;
    }

    private long countLogs(String needle) {
        return logs.stream().filter(l -> String.valueOf(l.get("params")).contains(needle)).count();
    }

    @Test
    @SuppressWarnings("unchecked")
    void manifestInitStatusRecommendAndExitOnStdinClose() throws Exception {
        final Map<String, Object> manifest = result(call("getmanifest", "{\"allow-deprecated-apis\":false}"));
        System.out.printf("getmanifest answered %d ms after the plugin process started%n",
                (System.nanoTime() - startedNanos) / 1_000_000);
        final Map<String, String> types = optionTypes(manifest);
        assertEquals("string", types.get("autopilot-allocation"));
        assertEquals("flag", types.get("autopilot-execute"));
        assertEquals("int", types.get("autopilot-max-channels"));
        assertEquals("int", types.get("autopilot-reserve"));
        assertEquals("string", types.get("autopilot-exclude"));
        assertEquals(List.of("channel_opened", "channel_state_changed"), manifest.get("subscriptions"));
        final List<String> methods = new ArrayList<>();
        for (Object o : (List<Object>) manifest.get("rpcmethods")) {
            methods.add((String) ((Map<String, Object>) o).get("name"));
        }
        assertEquals(List.of("autopilot-status", "autopilot-recommend"), methods);

        assertEquals(null, init("{\"autopilot-max-chan-size\":500000,\"autopilot-seed\":\"3\","
                + "\"autopilot-allocation\":\"0.6\",\"autopilot-execute\":true}"));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            while (countLogs("\"event\":\"open\"") < 5) {
                Thread.sleep(20);
            }
        }, () -> "no 5 opens logged: " + logs);
        assertEquals(5, fake.chans().size());

        final Map<String, Object> status = result(call("autopilot-status", "[]"));
        assertEquals(Boolean.TRUE, status.get("running"));
        assertEquals(Boolean.TRUE, status.get("execute"));
        assertEquals(5, ((List<Object>) status.get("opens")).size());
        assertNotNull(status.get("lastDecision"));
        final Path stateFile = dir.resolve("lnautopilot").resolve("state.json");
        assertEquals(stateFile.toString(), status.get("stateFile"));

        final FakeLightningd.Chan first = fake.chans().get(0);
        fake.lockIn(first.point());
        send("{\"jsonrpc\":\"2.0\",\"method\":\"channel_state_changed\",\"params\":{\"channel_state_changed\":{"
                + "\"peer_id\":\"" + first.peer() + "\",\"channel_id\":\"" + first.txid() + "\",\"short_channel_id\":\""
                + first.scid() + "\",\"timestamp\":\"2026-11-24T22:00:00.000Z\",\"old_state\":\"CHANNELD_AWAITING_LOCKIN\","
                + "\"new_state\":\"CHANNELD_NORMAL\",\"cause\":\"user\",\"message\":\"Lockin complete\"}}}");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            while (!String.valueOf(result(call("autopilot-status", "{}")).get("opens")).contains("OPEN,")) {
                Thread.sleep(50);
            }
        });

        final Map<String, Object> rec = result(call("autopilot-recommend", "{}"));
        assertEquals("decision", rec.get("event"));
        assertEquals(Boolean.FALSE, rec.get("execute"), "recommend is a dry run");

        final Map<String, Object> unknown = call("autopilot-frobnicate", "[]");
        assertTrue(unknown.containsKey("error"));

        toPlugin.close();
        assertTrue(plugin.waitFor(10, TimeUnit.SECONDS), "the plugin exits when its stdin closes");
        assertEquals(0, plugin.exitValue());
        final AutopilotState st = new StateStore(stateFile).load();
        assertEquals(5, st.opens().size());
        assertEquals(SELF, st.node());
    }

    @Test
    void statusAnswersWhileADecisionRuns() throws Exception {
        result(call("getmanifest", "{}"));
        assertEquals(null, init("{\"autopilot-heuristic\":\"greedy_centrality\",\"autopilot-seed\":\"1\"}"));
        final List<Long> times = new ArrayList<>();
        int answered = 0;
        while (countLogs("\"event\":\"decision\"") == 0) {
            final long t0 = System.nanoTime();
            final Map<String, Object> s = result(call("autopilot-status", "[]"));
            times.add(System.nanoTime() - t0);
            if (System.nanoTime() - t0 > 50_000_000L) {
                System.out.printf("slow status #%d at %.3f s after start: %.1f ms%n", answered,
                        (t0 - startedNanos) / 1e9, (System.nanoTime() - t0) / 1e6);
            }
            answered++;
            assertEquals(Boolean.TRUE, s.get("running"));
            Thread.sleep(20);
            assertTrue(answered < 5_000, "no decision");
        }
        final List<Long> sorted = new ArrayList<>(times);
        java.util.Collections.sort(sorted);
        System.out.printf("autopilot-status during a greedy_centrality decision: %d answers; first %.1f ms, median "
                + "%.1f ms, 99th percentile %.1f ms, slowest %.1f ms%n", answered, times.get(0) / 1e6,
                sorted.get(sorted.size() / 2) / 1e6, sorted.get(sorted.size() * 99 / 100) / 1e6,
                sorted.get(sorted.size() - 1) / 1e6);
        assertTrue(answered > 3, "status was asked while the decision ran");
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> badOptions() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("{\"autopilot-allocation\":\"most\"}",
                        "autopilot-allocation must be a number"),
                org.junit.jupiter.params.provider.Arguments.of("{\"autopilot-heuristic\":\"greedy_routing\","
                        + "\"autopilot-fee-ppm\":\"-5\"}", "autopilot-fee-ppm must be in [0, 2^32), got -5"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("badOptions")
    void badOptionsDisableThePluginSayingWhy(String options, String expected) throws Exception {
        result(call("getmanifest", "{}"));
        final String why = init(options);
        assertNotNull(why);
        assertTrue(why.contains(expected), why);
        toPlugin.close();
        assertTrue(plugin.waitFor(10, TimeUnit.SECONDS));
    }

    /** greedy_routing through the plugin: its options in the manifest and at init, and its picks on a recommend. */
    @Test
    @SuppressWarnings("unchecked")
    void greedyRoutingTakesItsAmountAndFeeOptions() throws Exception {
        final Map<String, String> types = optionTypes(result(call("getmanifest", "{}")));
        assertEquals("int", types.get("autopilot-amount"));
        assertEquals("string", types.get("autopilot-fee-base"));
        assertEquals("string", types.get("autopilot-fee-ppm"));
        assertEquals("string", types.get("autopilot-cltv-delta"));
        assertEquals(null, init("{\"autopilot-heuristic\":\"greedy_routing\",\"autopilot-seed\":\"1\","
                + "\"autopilot-amount\":50000,\"autopilot-fee-ppm\":\"500\",\"autopilot-max-chan-size\":500000}"));
        final Map<String, Object> rec = result(call("autopilot-recommend", "{}"));
        assertEquals("decision", rec.get("event"));
        final List<Object> directives = (List<Object>) rec.get("directives");
        assertEquals(5, directives.size(), rec.toString());
        assertTrue(fake.calls("fundchannel").isEmpty(), "a dry run opens nothing");
    }
}
