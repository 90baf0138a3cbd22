package org.lnautopilot.node.cln;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.lnautopilot.AttachmentHeuristic;
import org.lnautopilot.NodeId;
import org.lnautopilot.OutPoint;
import org.lnautopilot.heuristic.ExternalScores;
import org.lnautopilot.heuristic.GreedyFlow;
import org.lnautopilot.heuristic.HeuristicSpec;
import org.lnautopilot.heuristic.TopCentrality;
import org.lnautopilot.node.AutopilotOptions;
import org.lnautopilot.node.AutopilotRunner;
import org.lnautopilot.node.AutopilotState;
import org.lnautopilot.node.JsonText;
import org.lnautopilot.node.JsonText.Body;
import org.lnautopilot.node.JsonValues;
import org.lnautopilot.node.NodeException;
import org.lnautopilot.node.RunJson;
import org.lnautopilot.node.RunListener;
import org.lnautopilot.node.StateStore;
import org.lnautopilot.routing.FeeSettings;

/**
 * The autopilot as a Core Lightning plugin: lightningd starts it, speaks JSON-RPC 2.0 to it on its
 * stdin and stdout (messages separated by blank lines), and the plugin drives the node through the
 * {@code lightning-rpc} socket with the same {@link AutopilotRunner} as {@code autopilot run}.
 *
 * <h2>Protocol</h2>
 * <ul>
 * <li>{@code getmanifest}: the options {@code autopilot-<flag>} of {@code run} ({@link AutopilotOptions}: one
 * definition of each option and its check serves both) with lightningd's types
 * (string, int, flag: {@code autopilot-allocation} is a string such as {@code "0.6"},
 * {@code autopilot-execute} a flag, and without it the plugin is a dry run), the subscriptions
 * {@code channel_opened} and {@code channel_state_changed}, and the RPC methods
 * {@code autopilot-status} and {@code autopilot-recommend}. Answered before anything heavy is
 * loaded.</li>
 * <li>{@code init}: reads the options and {@code configuration.lightning-dir} + {@code rpc-file},
 * answers {@code {}} at once and starts the run on its own thread; invalid options answer
 * {@code {"disable": "<what is wrong>"}}, as lightningd expects.</li>
 * <li>{@code autopilot-status} (params {@code []} or {@code {}}): a JSON object from snapshots the run
 * publishes, answered on the reading thread without waiting for a decision in progress.</li>
 * <li>{@code autopilot-recommend}: a dry-run decision made now on a fresh heuristic, answered when
 * it is ready (other requests are served meanwhile).</li>
 * <li>Notifications {@code channel_opened} and {@code channel_state_changed} make the run read the
 * node's channels at once.</li>
 * <li>Logs go to lightningd as {@code log} notifications; nothing but JSON-RPC is written to
 * stdout. The plugin ends when its stdin closes.</li>
 * </ul>
 * The state file defaults to {@code <lightning-dir>/lnautopilot/state.json} (one per network, as
 * lightning-dir is). Not reusable: one instance per process.
 */
public final class ClnPlugin {
    private static final String P = AutopilotOptions.plugin("");

    private final InputStream in;
    private final OutputStream out;
    private final Object writeLock = new Object();
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        final Thread t = new Thread(r, "autopilot-plugin");
        t.setDaemon(true);
        return t;
    });

    private volatile Conf conf;
    private volatile ClnNode node;
    private volatile AutopilotRunner runner;
    private volatile RunListener.Decision lastDecision;
    private volatile String lastProgress = "";
    private volatile String error;
    private volatile boolean running;

    /** A plugin reading lightningd's requests from {@code in} and writing to {@code out}. */
    public ClnPlugin(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** The options of {@code init}, checked. */
    private record Conf(Supplier<AttachmentHeuristic> heuristic, String heuristicName, int maxPending, long reserveSat,
            Set<NodeId> exclude, Path state, boolean execute, long seed, Path socket) {
    }

    /** Serves until stdin closes; then stops the run (within a second) and returns 0. */
    public int run() throws IOException, InterruptedException {
        try (JsonParser p = ClnRpc.JSON.createParser(in)) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            for (;;) {
                final JsonToken t;
                try {
                    t = p.nextToken();
                } catch (IOException e) {
                    log("unusual", "cannot read lightningd's message: " + e.getMessage());
                    break;
                }
                if (t == null) {
                    break;
                }
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                @SuppressWarnings("unchecked")
                final Map<String, Object> msg = (Map<String, Object>) JsonValues.value(p);
                handle(msg);
            }
        } finally {
            final AutopilotRunner r = runner;
            if (r != null) {
                r.stop(Duration.ofSeconds(1));
            }
            background.shutdownNow();
        }
        return 0;
    }

    private void handle(Map<String, Object> msg) throws IOException {
        final Object id = msg.get("id");
        final String method = String.valueOf(msg.get("method"));
        final Object params = msg.get("params");
        if (id == null) {
            if (method.equals("channel_opened") || method.equals("channel_state_changed")) {
                final ClnNode n = node;
                if (n != null) {
                    n.wake();
                }
            }
            return;
        }
        switch (method) {
            case "getmanifest" -> reply(id, this::manifest);
            case "init" -> init(id, params);
            case "autopilot-status" -> reply(id, this::status);
            case "autopilot-recommend" -> recommend(id);
            default -> error(id, -32601, "unknown method " + method);
        }
    }

    // ---- getmanifest --------------------------------------------------------------------------

    private void manifest(JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("options");
        for (AutopilotOptions.Def d : AutopilotOptions.ALL) {
            option(g, d);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("rpcmethods");
        rpcMethod(g, "autopilot-status", "What the autopilot is doing: its last decision and the channels it opened.");
        rpcMethod(g, "autopilot-recommend", "Which channels the autopilot would open now (a dry run).");
        g.writeEndArray();
        g.writeArrayFieldStart("subscriptions");
        g.writeString("channel_opened");
        g.writeString("channel_state_changed");
        g.writeEndArray();
        g.writeBooleanField("dynamic", false);
    }

    /** One option of the manifest: an {@code int}'s default as a number, a flag's none, a string's as text. */
    private static void option(JsonGenerator g, AutopilotOptions.Def d) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", AutopilotOptions.plugin(d.name()));
        g.writeStringField("type", d.type());
        switch (d.type()) {
            case "int" -> g.writeNumberField("default", Long.parseLong(d.defaultValue()));
            case "flag" -> {
            }
            default -> g.writeStringField("default", d.defaultValue());
        }
        g.writeStringField("description", d.description());
        g.writeEndObject();
    }

    private static void rpcMethod(JsonGenerator g, String name, String description) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("usage", "");
        g.writeStringField("description", description);
        g.writeEndObject();
    }

    // ---- init -----------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private void init(Object id, Object params) throws IOException {
        final Map<String, Object> p = params instanceof Map ? (Map<String, Object>) params : Map.of();
        final Map<String, Object> opts = p.get("options") instanceof Map ? (Map<String, Object>) p.get("options")
                : Map.of();
        final Map<String, Object> cfg = p.get("configuration") instanceof Map ? (Map<String, Object>) p
                .get("configuration") : Map.of();
        final Conf c;
        try {
            c = conf(opts, cfg);
        } catch (IllegalArgumentException | IOException e) {
            final String why = e.getMessage();
            reply(id, g -> g.writeStringField("disable", why));
            return;
        }
        conf = c;
        reply(id, g -> {
        });
        org.lnautopilot.agent.AutopilotLog.useLogger(new org.lnautopilot.node.LineLogger(System.Logger.Level.WARNING,
                line -> log("unusual", line)));
        final ClnNode n = new ClnNode(c.socket(), ClnNode.Settings.DEFAULT, false);
        node = n;
        final AutopilotRunner r = new AutopilotRunner(() -> n, new AutopilotRunner.Options(c.heuristic().get(),
                c.maxPending(), c.reserveSat(), c.exclude(), new StateStore(c.state()), c.execute(), false,
                AutopilotRunner.Timing.DEFAULT), new Listener(true));
        runner = r;
        running = true;
        log("info", (c.execute() ? "executing" : "dry run (set autopilot-execute to open channels)") + "; heuristic "
                + c.heuristicName() + ", seed " + c.seed() + ", state " + c.state());
        background.execute(() -> {
            try {
                r.run();
            } catch (NodeException | IOException e) {
                error = e.getMessage();
                log("unusual", "stopped: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                error = e.toString();
                log("broken", "stopped: " + e);
            } finally {
                running = false;
            }
        });
    }

    private static Conf conf(Map<String, Object> o, Map<String, Object> cfg) throws IOException {
        final String dir = String.valueOf(cfg.getOrDefault("lightning-dir", "."));
        final String rpcFile = String.valueOf(cfg.getOrDefault("rpc-file", "lightning-rpc"));
        final Path socket = Path.of(dir).resolve(rpcFile);
        final HeuristicSpec spec = AutopilotOptions.heuristic(P + AutopilotOptions.HEURISTIC,
                text(o, AutopilotOptions.HEURISTIC, AutopilotOptions.HEURISTIC_DEFAULT));
        final String scores = text(o, AutopilotOptions.SCORES, "");
        final ExternalScores external;
        if (spec.needsExternalScores()) {
            if (scores.isEmpty()) {
                throw new IllegalArgumentException(P + "heuristic " + spec + " needs " + P + "scores FILE");
            }
            external = ExternalScores.fromJson(Path.of(scores));
        } else {
            external = null;
        }
        final String allocationText = text(o, AutopilotOptions.ALLOCATION, AutopilotOptions.ALLOCATION_DEFAULT);
        final double allocation;
        try {
            allocation = Double.parseDouble(allocationText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(P + "allocation must be a number such as 0.6, got '" + allocationText
                    + "'", e);
        }
        final int maxChannels = AutopilotOptions.maxChannels(P + AutopilotOptions.MAX_CHANNELS,
                integer(o, AutopilotOptions.MAX_CHANNELS, AutopilotOptions.MAX_CHANNELS_DEFAULT));
        final long min = integer(o, AutopilotOptions.MIN_CHAN_SIZE, AutopilotOptions.MIN_CHAN_SIZE_DEFAULT);
        final long max = integer(o, AutopilotOptions.MAX_CHAN_SIZE, AutopilotOptions.MAX_CHAN_SIZE_DEFAULT);
        final int pending = AutopilotOptions.maxPending(P + AutopilotOptions.MAX_PENDING,
                integer(o, AutopilotOptions.MAX_PENDING, AutopilotOptions.MAX_PENDING_DEFAULT));
        final long reserve = AutopilotOptions.reserveSat(P + AutopilotOptions.RESERVE,
                integer(o, AutopilotOptions.RESERVE, AutopilotOptions.RESERVE_DEFAULT));
        final Set<NodeId> exclude = AutopilotOptions.exclude(P + AutopilotOptions.EXCLUDE,
                Arrays.asList(text(o, AutopilotOptions.EXCLUDE, "").split(",")));
        final String seedText = text(o, AutopilotOptions.SEED, "");
        final long seed;
        try {
            seed = seedText.isBlank() ? new SecureRandom().nextLong() : Long.parseLong(seedText.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(P + "seed must be an integer, got '" + seedText + "'", e);
        }
        final Object ex = o.get(P + AutopilotOptions.EXECUTE);
        final boolean execute = Boolean.TRUE.equals(ex) || "true".equals(String.valueOf(ex));
        final String stateText = text(o, AutopilotOptions.STATE, "");
        final Path state = stateText.isEmpty() ? Path.of(dir).resolve("lnautopilot").resolve("state.json")
                : Path.of(stateText);
        final long amountMsat = AutopilotOptions.amountMsat(P + AutopilotOptions.AMOUNT,
                integer(o, AutopilotOptions.AMOUNT, AutopilotOptions.AMOUNT_DEFAULT));
        final FeeSettings fees = AutopilotOptions.fees(P, optional(o, AutopilotOptions.FEE_BASE),
                optional(o, AutopilotOptions.FEE_PPM), optional(o, AutopilotOptions.CLTV_DELTA));
        final GreedyFlow.Check flowCheck = AutopilotOptions.flowCheck(P + AutopilotOptions.FLOW_CHECK,
                text(o, AutopilotOptions.FLOW_CHECK, AutopilotOptions.FLOW_CHECK_DEFAULT));
        // Checked now, so that a bad combination disables the plugin instead of failing later.
        final Supplier<AttachmentHeuristic> make = () -> spec.create(min, max, maxChannels, allocation, 1.0,
                new SplittableRandom(seed), external, TopCentrality::new, amountMsat, fees, GreedyFlow.DEFAULT_INBOUND,
                flowCheck);
        make.get();
        return new Conf(make, spec.toString(), pending, reserve, exclude, state, execute, seed, socket);
    }

    private static String text(Map<String, Object> o, String name, String dflt) {
        final Object v = o.get(P + name);
        return v == null ? dflt : String.valueOf(v);
    }

    /** An integer option that may be left empty: null (the graph's median) then. */
    private static Long optional(Map<String, Object> o, String name) {
        final Object v = o.get(P + name);
        if (v == null || String.valueOf(v).isBlank()) {
            return null;
        }
        return integer(o, name, "");
    }

    /** An integer option, or its default (the text of {@link AutopilotOptions}' constant) when absent. */
    private static long integer(Map<String, Object> o, String name, String dflt) {
        final Object v = o.get(P + name);
        if (v == null) {
            return Long.parseLong(dflt);
        }
        if (v instanceof Long) {
            return (Long) v;
        }
        try {
            return Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(P + name + " must be an integer, got '" + v + "'", e);
        }
    }

    // ---- autopilot-status and autopilot-recommend ---------------------------------------------

    private void status(JsonGenerator g) throws IOException {
        final Conf c = conf;
        g.writeBooleanField("running", running);
        g.writeBooleanField("execute", c != null && c.execute());
        g.writeStringField("heuristic", c == null ? null : c.heuristicName());
        g.writeStringField("stateFile", c == null ? null : c.state().toString());
        g.writeStringField("lastProgress", lastProgress);
        if (error != null) {
            g.writeStringField("error", error);
        }
        final AutopilotRunner r = runner;
        final AutopilotState s = r == null ? null : r.state();
        g.writeArrayFieldStart("opens");
        if (s != null) {
            for (AutopilotState.Open o : s.opens()) {
                g.writeStartObject();
                g.writeStringField("peer", o.peer().toHex());
                g.writeNumberField("amountSat", o.amountSat());
                g.writeStringField("status", o.status().name());
                g.writeStringField("chanPoint", o.chanPoint() == null ? null : o.chanPoint().toString());
                g.writeEndObject();
            }
        }
        g.writeEndArray();
        g.writeNumberField("failedPeers", s == null ? 0 : s.failedUntil().size());
        g.writeNumberField("neverReopen", s == null ? 0 : s.noReopen().size());
        final RunListener.Decision d = lastDecision;
        if (d == null) {
            g.writeNullField("lastDecision");
        } else {
            g.writeObjectFieldStart("lastDecision");
            RunJson.decision(g, d, c == null ? 0 : c.reserveSat());
            g.writeEndObject();
        }
    }

    private void recommend(Object id) throws IOException {
        final Conf c = conf;
        if (c == null) {
            error(id, -32600, "not initialised yet");
            return;
        }
        background.execute(() -> {
            final RunListener.Decision[] got = new RunListener.Decision[1];
            final Listener quiet = new Listener(false) {
                @Override
                public void decision(RunListener.Decision d) {
                    got[0] = d;
                }
            };
            try {
                new AutopilotRunner(() -> new ClnNode(c.socket(), ClnNode.Settings.DEFAULT, false),
                        new AutopilotRunner.Options(c.heuristic().get(), c.maxPending(), c.reserveSat(), c.exclude(),
                                new StateStore(c.state()), false, true, AutopilotRunner.Timing.DEFAULT), quiet).run();
                final RunListener.Decision d = got[0];
                reply(id, g -> {
                    if (d != null) {
                        RunJson.decision(g, d, c.reserveSat());
                    } else {
                        g.writeStringField("event", "none");
                    }
                });
            } catch (NodeException | IOException e) {
                sendQuietly(id, -1, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                sendQuietly(id, -1, e.toString());
            }
        });
    }

    private void sendQuietly(Object id, long code, String message) {
        try {
            error(id, code, message);
        } catch (IOException e) {
            // stdout is gone: lightningd is gone
        }
    }

    /** The run's reports, as log notifications and status snapshots. */
    private class Listener implements RunListener {
        private final boolean publish;

        Listener(boolean publish) {
            this.publish = publish;
        }

        @Override
        public void progress(String line) {
            if (publish) {
                lastProgress = line;
            }
            log("info", line);
        }

        @Override
        public void decision(Decision d) {
            lastDecision = d;
            log("info", json(g -> RunJson.decision(g, d, conf.reserveSat())));
        }

        @Override
        public void openResult(NodeId peer, long amountSat, OutPoint chanPoint, NodeException failure) {
            log(failure == null ? "info" : "unusual", json(g -> RunJson.open(g, peer, amountSat, chanPoint, failure)));
        }
    }

    // ---- output -----------------------------------------------------------------------------------

    private static String json(Body b) {
        try {
            return JsonText.object(b);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void send(Body b) throws IOException {
        final byte[] bytes = JsonText.objectBytes(b);
        synchronized (writeLock) {
            out.write(bytes);
            out.write('\n');
            out.write('\n');
            out.flush();
        }
    }

    private static void id(JsonGenerator g, Object id) throws IOException {
        if (id instanceof Long) {
            g.writeNumberField("id", (Long) id);
        } else {
            g.writeStringField("id", String.valueOf(id));
        }
    }

    private void reply(Object id, Body result) throws IOException {
        send(g -> {
            g.writeStringField("jsonrpc", "2.0");
            id(g, id);
            g.writeObjectFieldStart("result");
            result.write(g);
            g.writeEndObject();
        });
    }

    private void error(Object id, long code, String message) throws IOException {
        send(g -> {
            g.writeStringField("jsonrpc", "2.0");
            id(g, id);
            g.writeObjectFieldStart("error");
            g.writeNumberField("code", code);
            g.writeStringField("message", message);
            g.writeEndObject();
        });
    }

    /** A {@code log} notification to lightningd (never plain text on stdout). */
    private void log(String level, String message) {
        try {
            send(g -> {
                g.writeStringField("jsonrpc", "2.0");
                g.writeStringField("method", "log");
                g.writeObjectFieldStart("params");
                g.writeStringField("level", level);
                g.writeStringField("message", message);
                g.writeEndObject();
            });
        } catch (IOException e) {
            // stdout is gone: lightningd is gone, and stdin will close too
        }
    }
}
