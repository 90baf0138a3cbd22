package org.lnautopilot.cli;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.lnautopilot.AttachmentHeuristic;
import org.lnautopilot.Channel;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.routing.FeeScan;
import org.lnautopilot.routing.PaymentEvaluator;
import org.lnautopilot.simulation.BalancePrior;
import org.lnautopilot.simulation.EarningsForecast;
import org.lnautopilot.simulation.InboundPlan;
import org.lnautopilot.simulation.NewNodeSimulation;
import org.lnautopilot.simulation.PoissonPayments;
import org.lnautopilot.Secp256k1;
import org.lnautopilot.agent.Agent;
import org.lnautopilot.agent.AgentStatus;
import org.lnautopilot.agent.Config;
import org.lnautopilot.graph.Addresses;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.heuristic.ConstrainedPrefAttachment;
import org.lnautopilot.heuristic.GreedyFlow;
import org.lnautopilot.heuristic.HeuristicSpec;
import org.lnautopilot.heuristic.ScoredAttachment;
import org.lnautopilot.node.JsonText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code autopilot recommend}: runs the real {@link Agent} with the chosen heuristic (the seed's
 * {@link ConstrainedPrefAttachment} by default) and a dry-run controller against a graph, waits until
 * it is idle, and prints what it would open.
 */
@Command(name = "recommend", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Which channels should this node open? Runs the autopilot agent once, in dry run, "
                + "on a graph dump or on the embedded default graph (1,000,000 nodes, generated).")
final class RecommendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--graph", paramLabel = "FILE",
            description = "lnd describegraph or Core Lightning listchannels JSON, .gz or not (default: the embedded "
                    + "Barabasi-Albert graph of 1,000,000 nodes, m = 5).")
    Path graph;

    @Option(names = "--self", paramLabel = "PUBKEY", description = "This node's key, 66 hex characters "
            + "(default: a fresh key not in the graph).")
    String self;

    @Option(names = "--balance", paramLabel = "SAT", defaultValue = "100000000", description = "Wallet balance.")
    long balanceSat;

    @Mixin
    BudgetOptions budget;

    @Option(names = "--alpha", defaultValue = "1", description = "Attachment exponent: weight (degree + 1)^alpha; "
            + "1 is lnd's law.")
    double alpha;

    @Option(names = "--seed", description = "Random seed (default: random, and printed so a run can be repeated).")
    Long seed;

    @Mixin
    HeuristicOptions heuristicOptions;

    @Option(names = "--suggest-fee", description = "On a graph with channel policies, also scan fee rates for the "
            + "picked peers and print the one that earns the most routing fees (payments of --amount sat, 1,000 "
            + "receivers drawn by capacity).")
    boolean suggestFee;

    @Option(names = "--inbound", paramLabel = "F", defaultValue = "0.5", description = "With a payment heuristic on a "
            + "graph with policies: the share of each new channel on the peer's side that the forecast (and "
            + "greedy_flow's check) assumes, in [0, 1]; or auto: each channel's share from 0, 0.25, 0.5, 0.75, chosen "
            + "by simulation (up to five runs of 25,000 payments: a plan from the direction of the attempts through "
            + "each channel, and the uniform shares) and printed beside the peer.")
    String inbound;

    /** --inbound, parsed. */
    private BalanceOptions.Inbound in;
    /** With --inbound auto: each row's share, in the rows' order, or null. */
    private double[] plan;

    @Option(names = "--forecast-runs", paramLabel = "R", defaultValue = "0", description = "With greedy_reach, "
            + "greedy_routing or greedy_flow on a graph with policies: forecast the picks' forwards and fee income per 100,000 "
            + "network payments, with a 90%% interval, from R simulations with balances that move (8 is a good "
            + "choice; each takes about 11 s on the 2024 snapshot and 45 s on the 2019 one, spread over every "
            + "processor); 0, the default, skips it.")
    int forecastRuns;

    /** The forecast, or null. */
    private EarningsForecast.Forecast forecast;

    /** Payments per forecast run. */
    static final long FORECAST_PAYMENTS = 100_000;

    /**
     * The longest recommend waits for the agent's decision: a guard against a hang, not a budget. A
     * decision can take minutes ({@code greedy_flow --flow-check thorough} takes about 55 s on the
     * 2024 snapshot, and took over 2 minutes on the 2019 one, whose payments need more attempts, before
     * it dropped sets after its first run).
     */
    static final Duration DECISION_LIMIT = Duration.ofHours(1);

    /** The fee scan of --suggest-fee, or null. */
    private FeeScan.Result fee;
    private ChannelPolicy feePolicy;

    @Mixin
    AddresslessOption addressless;

    @Override
    public Integer call() throws Exception {
        if (balanceSat < 0) {
            throw new ParameterException(spec.commandLine(), "--balance must be non-negative, got " + balanceSat);
        }
        budget.check(spec.commandLine());
        in = BalanceOptions.Inbound.parse(spec.commandLine(), inbound);
        if (forecastRuns < 0 || forecastRuns == 1) {
            throw new ParameterException(spec.commandLine(), "--forecast-runs must be 0 or at least 2, got "
                    + forecastRuns);
        }
        final long runSeed = seed != null ? seed : new SecureRandom().nextLong();
        final HeuristicOptions.Parsed parsed = heuristicOptions.parse(spec.commandLine());
        if (in.auto() && !parsed.spec().needsPolicies()) {
            throw new ParameterException(spec.commandLine(), "--inbound auto plans the channels of a payment heuristic "
                    + "(greedy_reach, greedy_routing, greedy_flow); " + parsed.spec() + " is not one");
        }
        final AttachmentHeuristic pa = parsed.create(spec.commandLine(), budget, alpha, runSeed, in.share());
        if (pa instanceof GreedyFlow flow) {
            flowCheck = flow.check();
        }
        if (pa instanceof org.lnautopilot.heuristic.GreedyHeuristic greedy) {
            greedy.progress(new ConsoleProgress(spec.commandLine().getErr(), "choosing peers by " + parsed.spec()));
        }
        NodeId selfId = self == null ? null : parseSelf(self);
        HeuristicOptions.requirePoliciesBeforeLoad(spec.commandLine(), parsed.spec(), graph);
        GraphSource src = GraphSource.load(graph, addressless.includeAddressless, spec.commandLine().getErr());
        CsrGraph g = src.graph;
        HeuristicOptions.requirePolicies(spec.commandLine(), parsed.spec(), g);
        boolean generatedSelf = selfId == null;
        if (selfId == null) {
            selfId = freshKey(g);
        }
        long t0 = System.nanoTime();
        int eligible = prepare(pa, g);
        long samplerMillis = (System.nanoTime() - t0) / 1_000_000;
        if (eligible == 0 && !common.json) {
            spec.commandLine().getErr().println("autopilot: note: no node of this graph can be picked"
                    + (addressless.includeAddressless ? "" : " (none advertises an address; try --include-addressless)"));
        }
        DryRunController dry = new DryRunController();
        final long balance = balanceSat;
        Agent agent = new Agent(new Config(selfId, pa, dry, () -> balance, g, budget.maxChannels), List.of());
        long t1 = System.nanoTime();
        List<Channel> picks;
        try {
            agent.start();
            if (!agent.awaitIdle(DECISION_LIMIT)) {
                throw new IllegalStateException("the agent did not settle within " + DECISION_LIMIT.toMinutes()
                        + " minutes");
            }
            AgentStatus st = agent.status();
            picks = st.pendingOpens();
        } finally {
            agent.stop();
        }
        long decideMillis = (System.nanoTime() - t1) / 1_000_000;
        List<Row> rows = new ArrayList<>();
        for (Channel c : picks) {
            int idx = g.indexOf(c.node());
            rows.add(new Row(c.node(), c.capacitySat(), g.addresses(idx), g.degree(idx)));
        }
        if (suggestFee && g.hasPolicies() && !rows.isEmpty()) {
            feePolicy = parsed.fees().resolve(g);
            fee = FeeScan.scan(new PaymentEvaluator(), picksOverlay(g, rows, feePolicy), parsed.amountMsat(),
                    PaymentEvaluator.drawReceivers(g, 1_000, new SplittableRandom(runSeed)), FeeScan.DEFAULT_RATES_PPM,
                    Runtime.getRuntime().availableProcessors());
        }
        if ((forecastRuns > 0 || in.auto()) && parsed.spec().needsPolicies() && g.hasPolicies() && !rows.isEmpty()) {
            final GraphOverlay x = picksOverlay(g, rows, parsed.fees().resolve(g));
            final int threads = Runtime.getRuntime().availableProcessors();
            NewNodeSimulation.Settings settings = new NewNodeSimulation.Settings(FORECAST_PAYMENTS, 0,
                    parsed.amountMsat(), PoissonPayments.DEFAULT_RATE_PER_HOUR, BalancePrior.BIMODAL, in.share(), runSeed);
            if (in.auto()) {
                plan = InboundPlan.choose(x, InboundPlan.training(settings), threads,
                        new ConsoleProgress(spec.commandLine().getErr(), "choosing inbound")).inbound();
                settings = settings.withInbound(plan);
            }
            if (forecastRuns > 0) {
                forecast = EarningsForecast.forecast(x, settings, forecastRuns, threads,
                        new ConsoleProgress(spec.commandLine().getErr(), "forecasting earnings"));
            }
        }
        if (common.json) {
            printJson(src, selfId, runSeed, rows, samplerMillis, decideMillis);
        } else {
            printText(src, selfId, generatedSelf, runSeed, rows, samplerMillis, decideMillis);
        }
        return 0;
    }

    record Row(NodeId peer, long amountSat, List<InetSocketAddress> addrs, int degree) {
    }

    /** The new node with a channel of each row's amount to its peer, in the rows' order, at {@code policy}. O(k). */
    private static GraphOverlay picksOverlay(CsrGraph g, List<Row> rows, ChannelPolicy policy) {
        final int[] peers = new int[rows.size()];
        final long[] caps = new long[rows.size()];
        for (int i = 0; i < peers.length; i++) {
            peers[i] = g.indexOf(rows.get(i).peer());
            caps[i] = rows.get(i).amountSat();
        }
        return new GraphOverlay(g, peers, caps, policy);
    }

    /** Builds the heuristic's per-snapshot state now; returns how many nodes it may pick. */
    private static int prepare(AttachmentHeuristic h, CsrGraph g) {
        if (h instanceof ConstrainedPrefAttachment) {
            return ((ConstrainedPrefAttachment) h).prepare(g);
        }
        if (h instanceof ScoredAttachment) {
            return ((ScoredAttachment) h).prepare(g);
        }
        int dialable = 0;
        for (int i = 0; i < g.nodeCount(); i++) {
            dialable += g.isDialable(i) ? 1 : 0;
        }
        return dialable;
    }

    private NodeId parseSelf(String hex) {
        NodeId id;
        try {
            id = NodeId.fromHex(hex.trim());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--self: " + e.getMessage());
        }
        if (!id.isOnCurve()) {
            throw new ParameterException(spec.commandLine(), "--self: " + hex + " is not a point on secp256k1");
        }
        return id;
    }

    /** A random valid key that is not a node of {@code g}. */
    static NodeId freshKey(CsrGraph g) {
        return freshKey(g, new SecureRandom());
    }

    /** A valid key that is not a node of {@code g}, from {@code r} (a seeded generator repeats it). */
    static NodeId freshKey(CsrGraph g, java.util.random.RandomGenerator r) {
        BigInteger order = Secp256k1.PARAMS.getN();
        byte[] bytes = new byte[32];
        for (;;) {
            r.nextBytes(bytes);
            BigInteger d = new BigInteger(1, bytes);
            if (d.signum() == 0 || d.compareTo(order) >= 0) {
                continue;
            }
            NodeId id = NodeId.of(Secp256k1.G.multiply(d).normalize());
            if (g.indexOf(id) < 0) {
                return id;
            }
        }
    }

    /**
     * Why a payment heuristic opened nothing, when the graph says: no channel holds the payment
     * amount, so no route can carry it and no peer can raise a payment metric. Empty otherwise.
     */
    private String whyNone(CsrGraph g) {
        final HeuristicSpec hs = HeuristicSpec.parse(heuristicOptions.heuristic);
        final long largest = HeuristicOptions.largestChannelSat(g);
        if (hs.needsPolicies() && largest < heuristicOptions.amountSat) {
            return String.format(": no channel of the graph holds %,d sat (the largest has %,d), so no payment of "
                    + "--amount can be routed and %s has nothing to raise", heuristicOptions.amountSat, largest, hs);
        }
        return "";
    }

    private void printJson(GraphSource src, NodeId selfId, long runSeed, List<Row> rows, long samplerMillis,
            long decideMillis) throws java.io.IOException {
        CsrGraph g = src.graph;
        spec.commandLine().getOut().println(JsonText.object(j -> {
            j.writeObjectFieldStart("graph");
            j.writeNumberField("nodes", g.nodeCount());
            j.writeNumberField("channels", g.channelCount());
            j.writeEndObject();
            j.writeStringField("self", selfId.toHex());
            j.writeNumberField("seed", runSeed);
            j.writeStringField("heuristic", HeuristicSpec.parse(heuristicOptions.heuristic).toString());
            if (flowCheck != null) {
                j.writeObjectFieldStart("flowCheck");
                j.writeStringField("name", flowCheck.name());
                j.writeStringField("check", flowCheck.toString());
                j.writeEndObject();
            }
            j.writeArrayFieldStart("directives");
            for (int i = 0; i < rows.size(); i++) {
                final Row r = rows.get(i);
                j.writeStartObject();
                j.writeStringField("peer", r.peer().toHex());
                j.writeNumberField("amountSat", r.amountSat());
                j.writeArrayFieldStart("addresses");
                for (InetSocketAddress a : r.addrs()) {
                    j.writeString(Addresses.format(a));
                }
                j.writeEndArray();
                j.writeNumberField("degree", r.degree());
                if (plan != null) {
                    j.writeNumberField("inbound", plan[i]);
                }
                j.writeEndObject();
            }
            j.writeEndArray();
            if (fee != null) {
                j.writeObjectFieldStart("suggestedFee");
                FeeLines.json(j, fee, feePolicy);
                j.writeEndObject();
            }
            if (forecast != null) {
                j.writeObjectFieldStart("forecast");
                if (in.auto()) {
                    j.writeStringField("inbound", "auto");
                } else {
                    j.writeNumberField("inbound", in.share());
                }
                j.writeNumberField("runs", forecast.runs());
                interval(j, "forwardsPer100k", forecast.forwards());
                interval(j, "feeIncomeMsatPer100k", forecast.feeIncomeMsat());
                j.writeEndObject();
            }
            j.writeObjectFieldStart("millis");
            j.writeNumberField("load", src.millis);
            j.writeNumberField("sampler", samplerMillis);
            j.writeNumberField("decide", decideMillis);
            j.writeEndObject();
        }));
    }

    /** For greedy_flow, the check it makes; else null. */
    private GreedyFlow.Check flowCheck;

    private void printText(GraphSource src, NodeId selfId, boolean generatedSelf, long runSeed, List<Row> rows,
            long samplerMillis, long decideMillis) {
        java.io.PrintWriter out = spec.commandLine().getOut();
        CsrGraph g = src.graph;
        out.printf("graph:   %s%n         %,d nodes, %,d channels%n", src.description, g.nodeCount(), g.channelCount());
        out.printf("self:    %s%s%n", selfId.toHex(), generatedSelf ? " (generated, not in the graph)" : "");
        out.printf("seed:    %d (repeat with --seed %d)%n", runSeed, runSeed);
        out.printf("heuristic: %s%s%n", heuristicOptions.heuristic,
                flowCheck == null ? "" : " (flow check " + flowCheck.name() + ": " + flowCheck + ")");
        out.printf("budget:  balance %,d sat, allocation %s, up to %d channels of %,d..%,d sat%n%n", balanceSat,
                budget.allocation, budget.maxChannels, budget.minChanSize, budget.maxChanSize);
        if (rows.isEmpty()) {
            out.println("no channels to open" + whyNone(g));
        } else {
            out.printf("%-2s  %-66s  %12s  %6s  %s%s%n", "#", "peer", "amount_sat", "degree",
                    plan != null ? "inbound  " : "", "addresses");
            long total = 0;
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                List<String> as = new ArrayList<>();
                for (InetSocketAddress a : r.addrs()) {
                    as.add(Addresses.format(a));
                }
                out.printf("%-2d  %-66s  %,12d  %6d  %s%s%n", i + 1, r.peer().toHex(), r.amountSat(), r.degree(),
                        plan != null ? String.format("%6.0f%%  ", 100 * plan[i]) : "", String.join(", ", as));
                total += r.amountSat();
            }
            out.printf("%ntotal %,d sat in %d channel(s)%n", total, rows.size());
        }
        if (suggestFee) {
            out.printf("%nfee:     %s%n", !g.hasPolicies() ? "no suggestion: the graph has no channel policies"
                    : fee == null ? "no suggestion: no channel to open" : FeeLines.text(fee, feePolicy));
        }
        if (forecast != null) {
            final EarningsForecast.Interval f = forecast.forwards();
            final EarningsForecast.Interval e = forecast.feeIncomeMsat();
            out.printf("%nforecast: per 100,000 network payments of %,d sat, channels %s inbound (%d simulations with "
                    + "balances that move; 90%% interval for one more)%n", heuristicOptions.amountSat,
                    in.auto() ? "auto" : String.format("%.0f%%", 100 * in.share()), forecast.runs());
            out.printf("          forwards %,.0f [%,.0f, %,.0f]; fee income %,.0f msat [%,.0f, %,.0f]%n", f.mean(), f.lo(),
                    f.hi(), e.mean(), e.lo(), e.hi());
        }
        out.printf("%ntime:    load %,d ms, sampler %,d ms, decide %,d ms%n", src.millis, samplerMillis, decideMillis);
    }

    /** Writes {@code name: {mean, lo, hi}}: a forecast's interval, as recommend and evaluate print it. */
    static void interval(com.fasterxml.jackson.core.JsonGenerator j, String name, EarningsForecast.Interval v)
            throws java.io.IOException {
        j.writeObjectFieldStart(name);
        j.writeNumberField("mean", v.mean());
        j.writeNumberField("lo", v.lo());
        j.writeNumberField("hi", v.hi());
        j.writeEndObject();
    }
}
