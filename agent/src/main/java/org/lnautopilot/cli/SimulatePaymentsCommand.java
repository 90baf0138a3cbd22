package org.lnautopilot.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.AttachmentHeuristic;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.heuristic.GreedyFlow;
import org.lnautopilot.heuristic.GreedyHeuristic;
import org.lnautopilot.heuristic.HeuristicSpec;
import org.lnautopilot.heuristic.TopCentrality;
import org.lnautopilot.node.JsonText;
import org.lnautopilot.routing.FeeSettings;
import org.lnautopilot.routing.LndRouteChoice;
import org.lnautopilot.simulation.AttemptListener;
import org.lnautopilot.simulation.BalancePrior;
import org.lnautopilot.simulation.Balances;
import org.lnautopilot.simulation.MissionControl;
import org.lnautopilot.simulation.NewNodeSimulation;
import org.lnautopilot.simulation.PaymentSimulator;
import org.lnautopilot.simulation.PaymentStream;
import org.lnautopilot.simulation.PaymentsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code autopilot simulate-payments} (API.md part 4): the network's payments made as lnd makes
 * them, with balances that move, lnd's retries and mission control; optionally with a new node X
 * joined to the given peers (or those a heuristic picks), reporting what X forwards and earns.
 */
@Command(name = "simulate-payments", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "What would a node really forward and earn? Makes the network's payments one after another as "
                + "lnd does (route, attempt, learn from the failure, retry; up to 60 attempts), with channel "
                + "balances that move, and reports the success rate and a new node's forwards, fees and balances.")
final class SimulatePaymentsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    GraphFileOption graphFile;

    @Option(names = "--payments", paramLabel = "N", description = "Payments to draw by the demand (default "
            + "10,000; not with --payments-file).")
    Long payments;

    @Option(names = "--payments-file", paramLabel = "CSV", description = "Replay these payments instead: lines "
            + "time_s,sender_key,receiver_key,amount_msat, no header, times non-decreasing.")
    Path paymentsFile;

    @Option(names = "--amount", paramLabel = "SAT", defaultValue = "100000", description = "Amount of each drawn "
            + "payment.")
    long amountSat;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "3600", description = "Payments per hour across the "
            + "network (Poisson arrivals): what sets how fast failures fade from mission control.")
    double rate;

    @Option(names = "--peers", paramLabel = "KEY,KEY,...", split = ",", description = "The new node's peers (66-hex "
            + "keys of nodes in the graph); one channel of --chan-size each.")
    List<String> peers;

    @Option(names = "--heuristic", paramLabel = "SPEC", description = "Let a heuristic pick the new node's peers "
            + "instead (any of recommend's), --chans of them.")
    String heuristic;

    @Option(names = "--scores", paramLabel = "FILE", description = "External scores for --heuristic externalscore.")
    Path scores;

    @Option(names = "--chans", paramLabel = "K", defaultValue = "5", description = "Channels a --heuristic opens.")
    int chans;

    @Mixin
    FlowCheckOption flowCheck;

    @Option(names = "--chan-size", paramLabel = "SAT", defaultValue = "1000000", description = "Capacity of each of "
            + "the new node's channels.")
    long chanSize;

    @Option(names = "--inbound", paramLabel = "F", defaultValue = "0", description = "Share of each new channel on "
            + "the peer's side at the start (bought inbound or dual-funded), in [0, 1]; 0 is a channel the new node "
            + "funded alone, which nothing can enter until balances move.")
    double inbound;

    @Mixin
    BalanceOptions balanceOptions = new BalanceOptions();

    @Mixin
    FeeOptions fees = new FeeOptions();

    @Option(names = "--seed", description = "Random seed for balances and payments (default: random, and printed).")
    Long seed;

    @Option(names = "--events", paramLabel = "CSV", description = "Write one CSV line per attempt.")
    Path events;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Write a PNG of the new node's channel balances "
            + "and cumulative fee income over the payments.")
    Path plot;

    /** Default number of drawn payments. */
    static final long DEFAULT_PAYMENTS = 10_000;

    @Override
    public Integer call() throws Exception {
        final picocli.CommandLine cl = spec.commandLine();
        final PrintWriter err = cl.getErr();
        checkOptions(cl);
        final BalancePrior prior = balanceOptions.prior(cl);
        final long amountMsat = HeuristicOptions.amountMsat(cl, amountSat);
        final FeeSettings feeSettings = fees.settings(cl);
        final HeuristicSpec hs = heuristic == null ? null : parseHeuristic(cl);
        final GreedyFlow.Check check = flowCheck.check(cl);
        final long runSeed = seed != null ? seed : new SecureRandom().nextLong();
        final Path eventsTmp = events == null ? null : writableTemp(cl, "--events", events);
        final Path plotTmp = plot == null ? null : writableTemp(cl, "--plot", plot);
        try {
            final GraphSource src = GraphSource.load(graphFile.graph, true, err);
            final CsrGraph g = src.graph;
            if (!g.hasPolicies()) {
                throw new ParameterException(cl, "simulate-payments routes payments, so it needs a graph with channel "
                        + "policies (fees, HTLC limits), and " + graphFile.graph + " has none: give a describegraph or "
                        + "listchannels dump");
            }
            final int[] peerIdx = hs != null ? pickPeers(cl, hs, g, amountMsat, feeSettings, check, runSeed)
                    : parsePeers(cl, g);
            final ChannelPolicy xPolicy = feeSettings.resolve(g);
            final GraphOverlay x = peerIdx == null ? null : NewNodeSimulation.overlay(g, peerIdx, chanSize, xPolicy);
            final NodeId xKey = x == null ? null : RecommendCommand.freshKey(g, new SplittableRandom(runSeed));
            final NewNodeSimulation.Settings settings = new NewNodeSimulation.Settings(
                    payments != null ? payments : DEFAULT_PAYMENTS, balanceOptions.ownPayments, amountMsat, rate, prior, inbound, runSeed);
            final PaymentStream stream;
            final long total;
            if (paymentsFile != null) {
                final PaymentsFile f = PaymentsFile.read(paymentsFile, g);
                stream = f;
                total = f.size();
            } else {
                total = settings.payments() + balanceOptions.ownPayments;
                stream = NewNodeSimulation.payments(g, x, settings);
            }
            final Balances b = NewNodeSimulation.balances(g, x, settings);
            final PaymentSimulator sim = new PaymentSimulator(g, x, b, new LndRouteChoice(), new MissionControl());
            final SimulationPlot plotter = plotTmp != null && x != null ? new SimulationPlot(total, g, x.channelCount())
                    : null;
            final long t0 = System.nanoTime();
            try (BufferedWriter ev = eventsTmp == null ? null : Files.newBufferedWriter(eventsTmp,
                    StandardCharsets.UTF_8)) {
                final AttemptListener events = ev == null ? null : new SimulationEvents(ev, g, xKey);
                final AttemptListener listener = both(events, plotter);
                sim.run(stream, listener, new ConsoleProgress(err, "simulating payments"), total);
            }
            final long millis = (System.nanoTime() - t0) / 1_000_000;
            if (plotTmp != null) {
                final List<String> names = new ArrayList<>();
                for (int j = 0; x != null && j < x.channelCount(); j++) {
                    names.add(g.nodeId(x.peer(j)).toHex().substring(0, 16) + "...");
                }
                if (plotter != null) {
                    plotter.write(plotTmp, graphFile.graph.getFileName().toString(), names);
                } else {
                    new SimulationPlot(0, g, 0).write(plotTmp, "no new node (give --peers or --heuristic)", names);
                }
            }
            moveInto(eventsTmp, events);
            moveInto(plotTmp, plot);
            final Report report = new Report(src, sim, x, xKey, xPolicy, prior, runSeed, total, amountMsat, millis);
            if (common.json) {
                report.json(cl.getOut());
            } else {
                report.text(cl.getOut());
            }
            return 0;
        } finally {
            if (eventsTmp != null) {
                Files.deleteIfExists(eventsTmp);
            }
            if (plotTmp != null) {
                Files.deleteIfExists(plotTmp);
            }
        }
    }

    private void checkOptions(picocli.CommandLine cl) {
        if (payments != null && paymentsFile != null) {
            throw new ParameterException(cl, "give --payments or --payments-file, not both");
        }
        if (payments != null && payments <= 0) {
            throw new ParameterException(cl, "--payments must be positive, got " + payments);
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new ParameterException(cl, "--rate must be a positive number of payments per hour, got " + rate);
        }
        BalanceOptions.inbound(cl, inbound);
        if (peers != null && heuristic != null) {
            throw new ParameterException(cl, "give --peers or --heuristic, not both");
        }
        if (balanceOptions.ownPayments > 0 && peers == null && heuristic == null) {
            throw new ParameterException(cl, "--own-payments needs a new node: give --peers or --heuristic");
        }
        if (balanceOptions.ownPayments > 0 && paymentsFile != null) {
            throw new ParameterException(cl, "--own-payments draws the new node's payments; a replay file has none of "
                    + "its own (give --payments instead)");
        }
        if (chans < 1) {
            throw new ParameterException(cl, "--chans must be at least 1, got " + chans);
        }
        if (!HeuristicSpec.validAmountSat(chanSize)) {
            throw new ParameterException(cl, "--chan-size must be a positive number of satoshis, got " + chanSize);
        }
    }

    private HeuristicSpec parseHeuristic(picocli.CommandLine cl) {
        try {
            return HeuristicSpec.parse(heuristic);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--heuristic: " + e.getMessage());
        }
    }

    /** The peers of --peers as indexes, sorted; null without --peers. */
    private int[] parsePeers(picocli.CommandLine cl, CsrGraph g) {
        if (peers == null) {
            return null;
        }
        final int[] out = new int[peers.size()];
        for (int i = 0; i < out.length; i++) {
            final String hex = peers.get(i).trim();
            final NodeId id;
            try {
                id = NodeId.fromHex(hex);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cl, "--peers: " + e.getMessage());
            }
            out[i] = g.indexOf(id);
            if (out[i] < 0) {
                throw new ParameterException(cl, "--peers: " + hex + " is not a node of the graph");
            }
            for (int j = 0; j < i; j++) {
                if (out[j] == out[i]) {
                    throw new ParameterException(cl, "--peers: " + hex + " is given twice");
                }
            }
        }
        return out;
    }

    /** The peers the heuristic picks for a new node with --chans channels of --chan-size. */
    private int[] pickPeers(picocli.CommandLine cl, HeuristicSpec hs, CsrGraph g, long amountMsat, FeeSettings fs,
            GreedyFlow.Check check, long runSeed) throws IOException {
        HeuristicOptions.requirePolicies(cl, hs, g);
        final AttachmentHeuristic h;
        try {
            h = hs.create(Math.min(20_000, chanSize), chanSize, chans, 1.0, 1.0, new SplittableRandom(runSeed),
                    HeuristicOptions.externalScores(cl, "--heuristic", List.of(hs), scores),
                    () -> new TopCentrality().progress(new ConsoleProgress(cl.getErr(), "computing betweenness")),
                    amountMsat, fs, inbound, check);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--heuristic: " + e.getMessage());
        }
        if (h instanceof GreedyHeuristic greedy) {
            greedy.progress(new ConsoleProgress(cl.getErr(), "choosing peers by " + hs));
        }
        final NodeId self = RecommendCommand.freshKey(g, new SplittableRandom(runSeed));
        final List<AttachmentDirective> ds = h.select(self, g, Math.multiplyExact(chans, chanSize), chans, Set.of());
        if (ds.isEmpty()) {
            throw new IllegalStateException(hs + " picked no peer on this graph");
        }
        final int[] out = new int[ds.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = g.indexOf(ds.get(i).peerKey());
        }
        return out;
    }

    /** A temporary file beside {@code target}, made now so that an unwritable path fails before the work. */
    private static Path writableTemp(picocli.CommandLine cl, String option, Path target) {
        final Path dir = target.toAbsolutePath().getParent();
        try {
            if (Files.isDirectory(target)) {
                throw new IOException(target + " is a directory");
            }
            return Files.createTempFile(dir, "." + target.getFileName(), ".part");
        } catch (IOException | RuntimeException e) {
            throw new ParameterException(cl, option + ": cannot write " + target + " (" + Main.describe(e) + ")");
        }
    }

    private static void moveInto(Path tmp, Path target) throws IOException {
        if (tmp != null) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static AttemptListener both(AttemptListener a, AttemptListener b) {
        if (a == null) {
            return b == null ? AttemptListener.NONE : b;
        }
        if (b == null) {
            return a;
        }
        return new AttemptListener() {
            @Override
            public void attempt(PaymentSimulator sim) {
                a.attempt(sim);
                b.attempt(sim);
            }

            @Override
            public void payment(PaymentSimulator sim) {
                a.payment(sim);
                b.payment(sim);
            }
        };
    }

    /** The summary, as text or JSON. */
    private final class Report {
        final GraphSource src;
        final PaymentSimulator sim;
        final GraphOverlay x;
        final NodeId xKey;
        final ChannelPolicy policy;
        final BalancePrior prior;
        final long runSeed;
        final long total;
        final long amountMsat;
        final long millis;

        Report(GraphSource src, PaymentSimulator sim, GraphOverlay x, NodeId xKey, ChannelPolicy policy,
                BalancePrior prior, long runSeed, long total, long amountMsat, long millis) {
            this.src = src;
            this.sim = sim;
            this.x = x;
            this.xKey = xKey;
            this.policy = policy;
            this.prior = prior;
            this.runSeed = runSeed;
            this.total = total;
            this.amountMsat = amountMsat;
            this.millis = millis;
        }

        double ratio(long a, long b) {
            return b == 0 ? 0 : (double) a / b;
        }

        void text(PrintWriter out) {
            final CsrGraph g = src.graph;
            out.printf("graph:     %s%n           %,d nodes, %,d channels%n", src.description, g.nodeCount(),
                    g.channelCount());
            if (paymentsFile != null) {
                out.printf("payments:  %,d replayed from %s%n", sim.payments(), paymentsFile);
            } else {
                out.printf("payments:  %,d of %,d sat, Poisson at %s per hour, senders and receivers by capacity%n",
                        sim.payments(), amountMsat / 1000, rateText());
            }
            out.printf("balances:  %s; seed %d (repeat with --seed %d)%n", prior.cliName(), runSeed, runSeed);
            if (x != null) {
                out.printf("new node:  %s, %d channel(s) of %,d sat, %s%% inbound; fee %d msat + %d ppm, time lock %d%n",
                        xKey.toHex(), x.channelCount(), chanSize, trim(100 * inbound), policy.baseFeeMsat(),
                        policy.feeRatePpm(), policy.timeLockDelta());
            }
            out.printf("%nsucceeded: %,d of %,d payments (%.2f%%), %.2f%% by amount; %.3f attempts per payment%n",
                    sim.succeeded(), sim.payments(), 100 * ratio(sim.succeeded(), sim.payments()),
                    100 * ratio(sim.succeededMsat(), sim.amountMsat()), ratio(sim.attempts(), sim.payments()));
            out.printf("fees:      senders paid %,d msat in all%n", sim.feesPaidMsat());
            if (x != null) {
                final int xi = x.newNode();
                out.printf("%nnew node:  forwarded %,d payments, %,d msat; earned %,d msat in fees%n", sim.forwarded(xi),
                        sim.forwardedMsat(xi), sim.feeIncomeMsat(xi));
                out.printf("           %,d attempts failed at it; first attempts through it: %,d (%.3f%% of payments)%n",
                        sim.failedAt(xi), sim.firstAttemptThroughX(), 100 * ratio(sim.firstAttemptThroughX(),
                                sim.payments()));
                if (sim.ownPayments() > 0) {
                    out.printf("own:       %,d of its %,d payments arrived (%.2f%%); %.3f attempts each; %,d msat in fees%n",
                            sim.ownSucceeded(), sim.ownPayments(), 100 * ratio(sim.ownSucceeded(), sim.ownPayments()),
                            ratio(sim.ownAttempts(), sim.ownPayments()), sim.ownFeesMsat());
                }
                out.printf("%n%-2s  %-66s  %14s  %18s  %18s%n", "#", "peer", "capacity_sat", "local_msat", "remote_msat");
                final Balances b = sim.balances();
                for (int j = 0; j < x.channelCount(); j++) {
                    final int c = g.channelCount() + j;
                    out.printf("%-2d  %-66s  %,14d  %,18d  %,18d%n", j + 1, g.nodeId(x.peer(j)).toHex(),
                            x.capacitySat(j), b.balanceMsat(c, 0), b.balanceMsat(c, 1));
                }
            } else {
                out.printf("%n(no new node: give --peers or --heuristic to see what a node would forward and earn)%n");
            }
            out.printf("%ntime:      load %,d ms, simulate %,d ms (%,.0f payments per second)%n", src.millis, millis,
                    1000.0 * sim.payments() / Math.max(1, millis));
        }

        String rateText() {
            return trim(rate);
        }

        String trim(double v) {
            return v == Math.rint(v) ? String.format("%,d", (long) v) : Double.toString(v);
        }

        void json(PrintWriter out) throws IOException {
            out.println(JsonText.object(j -> {
                j.writeNumberField("payments", sim.payments());
                j.writeNumberField("succeeded", sim.succeeded());
                j.writeNumberField("successRate", ratio(sim.succeeded(), sim.payments()));
                j.writeNumberField("amountSuccessRate", ratio(sim.succeededMsat(), sim.amountMsat()));
                j.writeNumberField("attemptsPerPayment", ratio(sim.attempts(), sim.payments()));
                j.writeNumberField("feesPaidMsat", sim.feesPaidMsat());
                j.writeStringField("balances", prior.cliName());
                j.writeNumberField("seed", runSeed);
                if (x != null) {
                    final int xi = x.newNode();
                    j.writeObjectFieldStart("x");
                    j.writeStringField("key", xKey.toHex());
                    j.writeNumberField("inbound", inbound);
                    j.writeNumberField("forwarded", sim.forwarded(xi));
                    j.writeNumberField("forwardedMsat", sim.forwardedMsat(xi));
                    j.writeNumberField("feeIncomeMsat", sim.feeIncomeMsat(xi));
                    j.writeNumberField("failedAtX", sim.failedAt(xi));
                    j.writeNumberField("firstAttemptShare", ratio(sim.firstAttemptThroughX(), sim.payments()));
                    if (sim.ownPayments() > 0) {
                        j.writeNumberField("ownPayments", sim.ownPayments());
                        j.writeNumberField("ownSucceeded", sim.ownSucceeded());
                        j.writeNumberField("ownSuccessSim", ratio(sim.ownSucceeded(), sim.ownPayments()));
                        j.writeNumberField("ownAttemptsPerPayment", ratio(sim.ownAttempts(), sim.ownPayments()));
                        j.writeNumberField("ownFeesMsat", sim.ownFeesMsat());
                    }
                    j.writeArrayFieldStart("channels");
                    for (int k = 0; k < x.channelCount(); k++) {
                        j.writeStartObject();
                        j.writeStringField("peer", src.graph.nodeId(x.peer(k)).toHex());
                        j.writeNumberField("capacitySat", x.capacitySat(k));
                        j.writeNumberField("localMsat", sim.balances().balanceMsat(src.graph.channelCount() + k, 0));
                        j.writeEndObject();
                    }
                    j.writeEndArray();
                    j.writeEndObject();
                }
                j.writeObjectFieldStart("millis");
                j.writeNumberField("load", src.millis);
                j.writeNumberField("simulate", millis);
                j.writeEndObject();
            }));
        }
    }
}
