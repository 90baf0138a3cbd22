package org.lnautopilot.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.NodeId;
import org.lnautopilot.evaluate.Evaluation;
import org.lnautopilot.evaluate.NetworkEffect;
import org.lnautopilot.evaluate.NewNodeMetrics;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.heuristic.ExternalScores;
import org.lnautopilot.heuristic.GreedyFlow;
import org.lnautopilot.heuristic.HeuristicSpec;
import org.lnautopilot.heuristic.TopCentrality;
import org.lnautopilot.node.JsonText;
import org.lnautopilot.routing.Demand;
import org.lnautopilot.routing.FeeSettings;
import org.lnautopilot.routing.PaymentEvaluator;
import org.lnautopilot.routing.PaymentMetrics;
import org.lnautopilot.simulation.BalancePrior;
import org.lnautopilot.simulation.EarningsForecast;
import org.lnautopilot.simulation.InboundPlan;
import org.lnautopilot.simulation.NewNodeSimulation;
import org.lnautopilot.simulation.PoissonPayments;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code autopilot evaluate}: which heuristic should a new node use? Trials of a new node opening
 * {@code K} channels by each heuristic, each measured exactly ({@link Evaluation}).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Measures what each heuristic buys a new node on a graph: trials in which a new node opens K "
                + "channels to the peers the heuristic picks, with its betweenness, rank, mean hops and reach, exactly; "
                + "on a graph with channel policies also what it forwards and earns and how well it pays, as lnd "
                + "routes payments.")
final class EvaluateCommand implements Callable<Integer> {
    /** Every heuristic name but externalscore. */
    static final String DEFAULT_HEURISTICS = "constrained,preferential,top_centrality,uniform,greedy_centrality";
    static final long MIN_CHAN = 20_000;
    static final long MAX_CHAN = 16_777_215;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    GraphFileOption graphFile;

    @Option(names = "--heuristics", paramLabel = "H,H,...", description = "Heuristics to compare, comma-separated; "
            + "consecutive name:weight items form one weighted combination (uniform,preferential:0.3,top_centrality:0.7 "
            + "is two heuristics). Default: " + DEFAULT_HEURISTICS + ", and greedy_reach and greedy_routing on a graph "
            + "with channel policies (greedy_flow, which runs greedy_routing's greedy three times and simulates the "
            + "sets, only when named).")
    String heuristics;

    @Option(names = "--scores", paramLabel = "FILE", description = "External scores, for externalscore.")
    Path scores;

    @Mixin
    FlowCheckOption flowCheck;

    @Option(names = "--chans", paramLabel = "K", defaultValue = "5", description = "Channels the new node opens.")
    int chans;

    @Option(names = "--trials", paramLabel = "T", defaultValue = "20", description = "Trials per heuristic.")
    int trials;

    @Option(names = "--seed", description = "Random seed (default: random, and printed).")
    Long seed;

    @Option(names = "--threads", defaultValue = "0", description = "Worker threads (0: one per processor).")
    int threads;

    @Mixin
    AddresslessOption addressless;

    @Option(names = "--newcomers", paramLabel = "N", defaultValue = "0", description = "Also let N new nodes join one "
            + "after another, each choosing by the heuristic on the growing graph, and report the degree Gini "
            + "coefficient and the top 1%% betweenness share before and after (0: skip).")
    int newcomers;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Write a PNG: b(X) per trial for each heuristic, "
            + "the mean reach within 1, 2, 3 hops, and (with policies) the mean routing share and own success.")
    Path plot;

    @Option(names = "--amount", paramLabel = "SAT", defaultValue = "100000", description = "Payment amount of the "
            + "payment metrics.")
    long amountSat;

    @Mixin
    FeeOptions feeOptions;

    @Option(names = "--chan-size", paramLabel = "SAT", defaultValue = "16777215", description = "Size of each of the "
            + "new node's channels.")
    long chanSize;

    @Option(names = "--receivers", paramLabel = "R", defaultValue = "1000", description = "Payment metrics over R "
            + "receivers drawn by capacity, the same for every trial (0: every receiver, exact).")
    int receivers;

    @Option(names = "--simulate", paramLabel = "N", defaultValue = "0", description = "On a graph with channel "
            + "policies, also make N of the network's payments with balances that move, lnd's retries and mission control "
            + "(API.md part 4) for each trial's peers, all on the same payments and starting balances, and report what "
            + "the new node really forwards and earns (0: skip).")
    long simulate;

    @Option(names = "--forecast-runs", paramLabel = "R", defaultValue = "0", description = "With --simulate: for each "
            + "payment heuristic (greedy_reach, greedy_routing, greedy_flow), forecast its first trial's forwards and fee "
            + "income over the same number of payments as recommend --forecast-runs does (R simulations on other "
            + "payments, 90%% interval for one more) and show whether the simulated figure fell inside (0: skip).")
    int forecastRuns;

    @Option(names = "--inbound", paramLabel = "F", defaultValue = "0.5", description = "With --simulate: the share of "
            + "each of the new node's channels on the peer's side at the start (bought inbound), in [0, 1], or auto: "
            + "each channel's share from 0, 0.25, 0.5, 0.75 by simulated flows (greedy_flow's check then uses 0.5).")
    String inbound;

    @Mixin
    BalanceOptions balanceOptions = new BalanceOptions();

    @Option(names = "--suggest-fee", description = "On a graph with channel policies, also scan fee rates for each "
            + "heuristic's peers (its first trial's) and report the rate that earns the most routing fees.")
    boolean suggestFee;

    /**
     * One heuristic's trials; {@code payments} per trial and their summary are null without policies,
     * {@code fee} without --suggest-fee.
     */
    record Result(String heuristic, List<Evaluation.Trial> trials, double[][] summary, int nodes,
            NetworkEffect.Result network, List<PaymentMetrics> payments, double[][] paymentSummary,
            org.lnautopilot.routing.FeeScan.Result fee, List<Simulated> simulated, double[][] simulatedSummary,
            EarningsForecast.Forecast forecast) {
    }

    /**
     * A trial's simulation, the share of its channels' capacity held as inbound at the start, the
     * plan per channel (overlay order) under --inbound auto, else null, and the new node simulated.
     */
    record Simulated(NewNodeSimulation.Result run, double inboundShare, double[] plan, GraphOverlay x) {
    }

    /** The figures of {@code --simulate} per trial, in {@link #SIMULATED_NAMES}' order. */
    static double[] simulatedValues(Simulated s) {
        final NewNodeSimulation.Result r = s.run();
        return new double[] {r.forwarded(), r.forwardedMsat(), r.feeIncomeMsat(), r.failedAtX(), r.realisedShare(),
            r.firstAttemptShare(), s.inboundShare(), r.ownSuccess()};
    }

    /** The JSON names of {@code --simulate}'s figures (API.md part 4). */
    static final String[] SIMULATED_NAMES = {"forwarded", "forwardedMsat", "feeIncomeSimMsat", "failedAtX",
        "realisedShare", "firstAttemptShareSim", "inboundShareSim", "ownSuccessSim"};
    /** The values each of {@link #SIMULATED_NAMES} can take (counts and amounts at least 0, shares in [0, 1]). */
    private static final double[] SIMULATED_LEAST = {0, 0, 0, 0, 0, 0, 0, 0};
    private static final double[] SIMULATED_MOST = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
        Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1, 1, 1, 1};

    @Override
    public Integer call() throws Exception {
        if (chans < 1) {
            throw new ParameterException(spec.commandLine(), "--chans must be at least 1, got " + chans);
        }
        if (trials < 1) {
            throw new ParameterException(spec.commandLine(), "--trials must be at least 1, got " + trials);
        }
        if (newcomers < 0) {
            throw new ParameterException(spec.commandLine(), "--newcomers must be non-negative, got " + newcomers);
        }
        if (threads < 0) {
            throw new ParameterException(spec.commandLine(), "--threads must be non-negative, got " + threads);
        }
        HeuristicOptions.amountMsat(spec.commandLine(), amountSat);
        final FeeSettings fees = feeOptions.settings(spec.commandLine());
        final GreedyFlow.Check check = flowCheck.check(spec.commandLine());
        if (chanSize < MIN_CHAN) {
            throw new ParameterException(spec.commandLine(), "--chan-size must be at least " + MIN_CHAN + " sat, got "
                    + chanSize);
        }
        if (receivers < 0) {
            throw new ParameterException(spec.commandLine(), "--receivers must be non-negative, got " + receivers);
        }
        final int workers = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        final List<HeuristicSpec> specs = parseHeuristics(heuristics != null ? heuristics : DEFAULT_HEURISTICS);
        final ExternalScores external = HeuristicOptions.externalScores(spec.commandLine(), "--heuristics", specs,
                scores);
        final long runSeed = seed != null ? seed : new SecureRandom().nextLong();
        simSettings = simulationSettings(runSeed);
        final PrintWriter err = spec.commandLine().getErr();
        final GraphSource src = GraphSource.load(graphFile.graph, addressless.includeAddressless, err);
        final CsrGraph g = src.graph;
        if (!g.addresslessEligible() && noAddress(g)) {
            err.println("autopilot: note: no node of this graph advertises an address, so no heuristic can pick a peer "
                    + "and every new node stays without channels; try --include-addressless");
        }
        if (heuristics == null && g.hasPolicies()) {
            specs.addAll(parseHeuristics("greedy_reach,greedy_routing"));
        }
        for (HeuristicSpec s : specs) {
            HeuristicOptions.requirePolicies(spec.commandLine(), s, g);
        }
        if (simSettings != null && !g.hasPolicies()) {
            throw new ParameterException(spec.commandLine(), "--simulate makes payments, so it needs a graph with "
                    + "channel policies (fees, HTLC limits), and this graph has none: give --graph a describegraph or "
                    + "listchannels dump");
        }
        final NodeId self = RecommendCommand.freshKey(g, new SplittableRandom(runSeed));
        final TopCentrality centrality = new TopCentrality(TopCentrality.DEFAULT_EXACT_LIMIT, 1e-3, 0.1,
                new SplittableRandom(runSeed), workers).progress(new ConsoleProgress(err, "computing betweenness"));
        final Evaluation evaluation = new Evaluation(g, workers);
        final Payments payments = g.hasPolicies() ? new Payments(g, runSeed, workers, fees) : null;
        final Map<String, Result> results = new LinkedHashMap<>();
        final List<Result> pending = new ArrayList<>(); // each heuristic's results before the simulation
        final long t0 = System.nanoTime();
        for (int i = 0; i < specs.size(); i++) {
            final HeuristicSpec s = specs.get(i);
            final long base = runSeed * 0x9E3779B97F4A7C15L + i;
            final java.util.function.LongFunction<org.lnautopilot.AttachmentHeuristic> make = sd -> s.create(MIN_CHAN,
                    chanSize, chans, 1.0, 1.0, new SplittableRandom(sd), external, () -> centrality, amountSat * 1000, fees,
                    simSettings != null ? simSettings.inbound() : GreedyFlow.DEFAULT_INBOUND, check);
            // One instance of a greedy heuristic for all trials: it answers a repeated question from its cache.
            final org.lnautopilot.AttachmentHeuristic shared = s.name().startsWith("greedy_") ? make.apply(base) : null;
            final List<Evaluation.Trial> ts = evaluation.run(t -> shared != null ? shared
                    : make.apply(base + 1_000_003L * t), self, chans, chanSize, trials,
                    new ConsoleProgress(err, "evaluating " + s));
            NetworkEffect.Result network = null;
            if (newcomers > 0) {
                final TopCentrality own = new TopCentrality(TopCentrality.DEFAULT_EXACT_LIMIT, 1e-3, 0.1,
                        new SplittableRandom(base), workers);
                network = NetworkEffect.grow(g, t -> s.create(MIN_CHAN, MAX_CHAN, chans, 1.0, 1.0,
                        new SplittableRandom(base + 7_000_003L * (t + 1)), external, () -> own, amountSat * 1000, fees),
                        chans, MAX_CHAN,
                        newcomers, runSeed, workers, new ConsoleProgress(err, "newcomers joining by " + s));
            }
            List<PaymentMetrics> pm = null;
            double[][] ps = null;
            org.lnautopilot.routing.FeeScan.Result fs = null;
            if (payments != null) {
                pm = payments.measure(ts, new ConsoleProgress(err, "routing payments for " + s));
                ps = Payments.summary(pm);
                if (suggestFee && !ts.isEmpty()) {
                    fs = payments.scanFees(ts.get(0));
                }
            }
            pending.add(new Result(s.toString(), ts, Evaluation.summary(ts), g.nodeCount(), network, pm, ps, fs, null,
                    null, null));
        }
        // Every heuristic's trials are simulated in one batch, so that the worker threads stay busy
        // (a greedy heuristic's single peer set would leave all but one idle) and a peer set two
        // heuristics chose runs once.
        List<Simulated> allSims = null;
        if (simSettings != null) {
            final List<Evaluation.Trial> all = new ArrayList<>();
            for (Result r : pending) {
                all.addAll(r.trials());
            }
            allSims = simulateTrials(g, payments.policy, all, simSettings, workers,
                    new ConsoleProgress(err, "simulating payments for every heuristic"),
                    new ConsoleProgress(err, "choosing inbound"));
        }
        int firstTrial = 0;
        for (int i = 0; i < pending.size(); i++) {
            final Result r = pending.get(i);
            final HeuristicSpec s = specs.get(i);
            final List<Evaluation.Trial> ts = r.trials();
            List<Simulated> sims = null;
            double[][] ss = null;
            if (allSims != null) {
                sims = allSims.subList(firstTrial, firstTrial + ts.size());
                firstTrial += ts.size();
                final double[][] rows = new double[sims.size()][];
                for (int k = 0; k < rows.length; k++) {
                    rows[k] = simulatedValues(sims.get(k));
                }
                ss = Evaluation.summary(rows, SIMULATED_LEAST, SIMULATED_MOST);
            }
            EarningsForecast.Forecast forecast = null;
            if (forecastRuns > 0 && s.needsPolicies() && sims != null && !ts.isEmpty()
                    && !ts.get(0).peers().isEmpty()) {
                forecast = forecastFirstTrial(sims.get(0), workers, new ConsoleProgress(err, "forecasting " + s));
            }
            results.put(r.heuristic(), new Result(r.heuristic(), ts, r.summary(), r.nodes(), r.network(), r.payments(),
                    r.paymentSummary(), r.fee(), sims, ss, forecast));
        }
        final long millis = (System.nanoTime() - t0) / 1_000_000;
        if (plot != null) {
            EvaluationPlot.write(plot, src.description, chans, results);
        }
        if (common.json) {
            printJson(g, runSeed, results);
        } else {
            printText(src, runSeed, results, millis);
        }
        return 0;
    }

    /** Whether no node of {@code g} advertises an address. O(n). */
    private static boolean noAddress(CsrGraph g) {
        for (int v = 0; v < g.nodeCount(); v++) {
            if (g.hasAddress(v)) {
                return false;
            }
        }
        return true;
    }

    /** {@code --simulate}'s settings once checked (null without it), for the run and its output. */
    private NewNodeSimulation.Settings simSettings;
    /** Whether {@code --inbound auto}: each trial's channels get {@link InboundPlan}'s shares. */
    private boolean autoInbound;

    /** {@code --simulate}'s settings, checked; null without it. */
    private NewNodeSimulation.Settings simulationSettings(long runSeed) {
        final picocli.CommandLine cl = spec.commandLine();
        if (simulate < 0) {
            throw new ParameterException(cl, "--simulate must be at least 0, got " + simulate);
        }
        final BalanceOptions.Inbound in = BalanceOptions.Inbound.parse(cl, inbound);
        autoInbound = in.auto();
        final double f = in.share();
        final BalancePrior prior = balanceOptions.prior(cl);
        if (forecastRuns < 0 || forecastRuns == 1) {
            throw new ParameterException(cl, "--forecast-runs must be 0 or at least 2, got " + forecastRuns);
        }
        if (simulate == 0) {
            if (balanceOptions.ownPayments > 0) {
                throw new ParameterException(cl, "--own-payments needs --simulate N");
            }
            if (forecastRuns > 0) {
                throw new ParameterException(cl, "--forecast-runs needs --simulate N");
            }
            return null;
        }
        return new NewNodeSimulation.Settings(simulate, balanceOptions.ownPayments, HeuristicOptions.amountMsat(cl, amountSat),
                PoissonPayments.DEFAULT_RATE_PER_HOUR, prior, f, runSeed);
    }

    /**
     * Each trial's simulation, on the same payments and starting balances ({@code --seed}'s). Trials
     * with the same peers are simulated once; distinct peer sets run on {@code workers} threads
     * ({@link NewNodeSimulation#runAll}). With {@code --inbound auto}, each set's channels first get
     * {@link InboundPlan}'s shares, chosen on other payments ({@link InboundPlan#training}).
     */
    List<Simulated> simulateTrials(CsrGraph g, ChannelPolicy policy, List<Evaluation.Trial> ts,
            NewNodeSimulation.Settings settings, int workers, ConsoleProgress progress, ConsoleProgress planning) {
        final Map<List<NodeId>, Integer> slot = new LinkedHashMap<>();
        final int[] slotOfTrial = new int[ts.size()];
        for (int i = 0; i < slotOfTrial.length; i++) {
            slotOfTrial[i] = slot.computeIfAbsent(ts.get(i).peers().stream().sorted().toList(), k -> slot.size());
        }
        final GraphOverlay[] xs = new GraphOverlay[slot.size()];
        for (Map.Entry<List<NodeId>, Integer> e : slot.entrySet()) {
            final int[] peers = new int[e.getKey().size()];
            for (int i = 0; i < peers.length; i++) {
                peers[i] = g.indexOf(e.getKey().get(i));
            }
            xs[e.getValue()] = NewNodeSimulation.overlay(g, peers, chanSize, policy);
        }
        final NewNodeSimulation.Settings[] each = new NewNodeSimulation.Settings[xs.length];
        final double[] share = new double[xs.length];
        final double[][] plans = new double[xs.length][];
        java.util.Arrays.fill(each, settings);
        java.util.Arrays.fill(share, settings.inbound());
        if (autoInbound) {
            final NewNodeSimulation.Settings training = InboundPlan.training(settings);
            for (int i = 0; i < xs.length; i++) {
                if (xs[i].channelCount() > 0) {
                    final double[] plan = InboundPlan.choose(xs[i], training, workers, planning).inbound();
                    each[i] = settings.withInbound(plan);
                    share[i] = mean(plan);
                    plans[i] = plan;
                }
            }
        }
        final NewNodeSimulation.Result[] results = NewNodeSimulation.runAll(xs, each, workers, progress);
        final List<Simulated> out = new ArrayList<>();
        for (int k : slotOfTrial) {
            out.add(new Simulated(results[k], share[k], plans[k], xs[k]));
        }
        return out;
    }

    private List<HeuristicSpec> parseHeuristics(String list) {
        final List<HeuristicSpec> specs = new ArrayList<>();
        for (String h : splitHeuristics(list)) {
            try {
                specs.add(HeuristicSpec.parse(h));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--heuristics: " + e.getMessage());
            }
        }
        return specs;
    }

    /** Splits at commas, keeping consecutive {@code name:weight} items together as one combination. */
    static List<String> splitHeuristics(String list) {
        final List<String> out = new ArrayList<>();
        StringBuilder combo = null;
        for (String item : list.split(",")) {
            final String t = item.trim();
            if (t.indexOf(':') >= 0) {
                combo = combo == null ? new StringBuilder(t) : combo.append(',').append(t);
                continue;
            }
            if (combo != null) {
                out.add(combo.toString());
                combo = null;
            }
            out.add(t);
        }
        if (combo != null) {
            out.add(combo.toString());
        }
        return out;
    }

    private void printJson(CsrGraph g, long runSeed, Map<String, Result> results) throws java.io.IOException {
        spec.commandLine().getOut().println(JsonText.object(j -> {
            j.writeObjectFieldStart("graph");
            j.writeNumberField("nodes", g.nodeCount());
            j.writeNumberField("channels", g.channelCount());
            j.writeEndObject();
            j.writeNumberField("chans", chans);
            j.writeNumberField("trials", trials);
            j.writeNumberField("seed", runSeed);
            final PaymentsHeader h = paymentsHeader;
            if (h != null) {
                j.writeNumberField("amountSat", amountSat);
                j.writeObjectFieldStart("policy");
                j.writeNumberField("baseFeeMsat", h.policy().baseFeeMsat());
                j.writeNumberField("feeRatePpm", h.policy().feeRatePpm());
                j.writeNumberField("timeLockDelta", h.policy().timeLockDelta());
                j.writeEndObject();
                j.writeNumberField("chanSizeSat", chanSize);
                j.writeNumberField("paymentReceivers", h.receivers());
                j.writeBooleanField("paymentsExact", h.exact());
                if (simulate > 0) {
                    j.writeObjectFieldStart("simulation");
                    j.writeNumberField("payments", simulate);
                    j.writeNumberField("ownPayments", balanceOptions.ownPayments);
                    if (autoInbound) {
                        j.writeStringField("inbound", "auto");
                    } else {
                        j.writeNumberField("inbound", simSettings.inbound());
                    }
                    j.writeStringField("balances", balanceOptions.balances);
                    j.writeEndObject();
                }
            } else {
                j.writeStringField("note", NO_POLICIES);
            }
            j.writeArrayFieldStart("results");
            for (Result r : results.values()) {
                j.writeStartObject();
                j.writeStringField("heuristic", r.heuristic());
                j.writeObjectFieldStart("mean");
                for (int k = 0; k < NewNodeMetrics.NAMES.length; k++) {
                    Json.number(j, NewNodeMetrics.NAMES[k], r.summary()[k][0]);
                }
                for (int k = 0; r.paymentSummary() != null && k < PaymentMetrics.NAMES.length; k++) {
                    Json.number(j, PaymentMetrics.NAMES[k], r.paymentSummary()[k][0]);
                }
                for (int k = 0; r.simulatedSummary() != null && k < simulatedCount(); k++) {
                    Json.number(j, SIMULATED_NAMES[k], r.simulatedSummary()[k][0]);
                }
                j.writeEndObject();
                j.writeObjectFieldStart("ci95");
                for (int k = 0; k < NewNodeMetrics.NAMES.length; k++) {
                    j.writeArrayFieldStart(NewNodeMetrics.NAMES[k]);
                    j.writeNumber(r.summary()[k][1]);
                    j.writeNumber(r.summary()[k][2]);
                    j.writeEndArray();
                }
                for (int k = 0; r.paymentSummary() != null && k < PaymentMetrics.NAMES.length; k++) {
                    j.writeArrayFieldStart(PaymentMetrics.NAMES[k]);
                    j.writeNumber(r.paymentSummary()[k][1]);
                    j.writeNumber(r.paymentSummary()[k][2]);
                    j.writeEndArray();
                }
                for (int k = 0; r.simulatedSummary() != null && k < simulatedCount(); k++) {
                    j.writeArrayFieldStart(SIMULATED_NAMES[k]);
                    j.writeNumber(r.simulatedSummary()[k][1]);
                    j.writeNumber(r.simulatedSummary()[k][2]);
                    j.writeEndArray();
                }
                j.writeEndObject();
                if (r.forecast() != null) {
                    final NewNodeSimulation.Result got = r.simulated().get(0).run();
                    j.writeObjectFieldStart("forecast");
                    j.writeNumberField("runs", r.forecast().runs());
                    RecommendCommand.interval(j, "forwards", r.forecast().forwards());
                    RecommendCommand.interval(j, "feeIncomeMsat", r.forecast().feeIncomeMsat());
                    j.writeNumberField("simulatedForwards", got.forwarded());
                    j.writeNumberField("simulatedFeeIncomeMsat", got.feeIncomeMsat());
                    j.writeBooleanField("inside", inside(r.forecast().forwards(), got.forwarded()));
                    j.writeEndObject();
                }
                if (r.fee() != null) {
                    j.writeObjectFieldStart("suggestedFee");
                    FeeLines.json(j, r.fee(), paymentsHeader.policy());
                    j.writeEndObject();
                }
                j.writeArrayFieldStart("trials");
                for (int ti = 0; ti < r.trials().size(); ti++) {
                    final Evaluation.Trial t = r.trials().get(ti);
                    j.writeStartObject();
                    j.writeArrayFieldStart("peers");
                    for (NodeId p : t.peers()) {
                        j.writeString(p.toHex());
                    }
                    j.writeEndArray();
                    double[] v = t.metrics().values();
                    for (int k = 0; k < v.length; k++) {
                        if (k == 1) {
                            j.writeNumberField(NewNodeMetrics.NAMES[k], t.metrics().rank());
                        } else {
                            Json.number(j, NewNodeMetrics.NAMES[k], v[k]);
                        }
                    }
                    if (r.payments() != null) {
                        final double[] pv = r.payments().get(ti).values();
                        for (int k = 0; k < pv.length; k++) {
                            Json.number(j, PaymentMetrics.NAMES[k], pv[k]);
                        }
                    }
                    if (r.simulated() != null) {
                        final double[] sv = simulatedValues(r.simulated().get(ti));
                        for (int k = 0; k < simulatedCount(); k++) {
                            Json.number(j, SIMULATED_NAMES[k], sv[k]);
                        }
                    }
                    j.writeEndObject();
                }
                j.writeEndArray();
                j.writeEndObject();
            }
            j.writeEndArray();
            if (newcomers > 0) {
                j.writeObjectFieldStart("newcomers");
                j.writeNumberField("count", newcomers);
                j.writeStringField("betweenness", exactNetwork(results) ? "exact" : "approximate");
                j.writeArrayFieldStart("results");
                for (Result r : results.values()) {
                    j.writeStartObject();
                    j.writeStringField("heuristic", r.heuristic());
                    writeConcentration(j, "before", r.network().before());
                    writeConcentration(j, "after", r.network().after());
                    j.writeEndObject();
                }
                j.writeEndArray();
                j.writeEndObject();
            }
        }));
    }

    private static void writeConcentration(com.fasterxml.jackson.core.JsonGenerator j, String name,
            NetworkEffect.Concentration c) throws java.io.IOException {
        j.writeObjectFieldStart(name);
        Json.number(j, "degreeGini", c.degreeGini());
        Json.number(j, "top1Share", c.top1Share());
        j.writeEndObject();
    }

    private static boolean exactNetwork(Map<String, Result> results) {
        for (Result r : results.values()) {
            if (r.network() != null && !r.network().exact()) {
                return false;
            }
        }
        return true;
    }

    static final String NO_POLICIES = "the graph has no channel policies, so only the hop metrics are reported";

    private void printPayments(PrintWriter out, CsrGraph g, Map<String, Result> results) {
        final PaymentsHeader h = paymentsHeader;
        out.printf("payments: %,d sat between nodes drawn by capacity, routed as lnd routes them; the new node forwards "
                + "at %,d msat + %,d ppm, %d blocks%s, on channels of %,d sat%n", amountSat, h.policy().baseFeeMsat(),
                h.policy().feeRatePpm(), h.policy().timeLockDelta(), h.defaulted() ? " (the graph's medians)" : "", chanSize);
        out.printf("          %s%n", h.exact() ? "every receiver (exact)" : String.format("%,d receivers drawn by "
                + "capacity, the same for every trial (--receivers 0: every receiver, exact)", h.receivers()));
        if (h.largestSat() < amountSat) {
            out.printf("          no channel of the graph holds %,d sat (the largest has %,d), so no payment is "
                    + "routed and every metric is 0%n", amountSat, h.largestSat());
        } else if (chanSize < amountSat) {
            out.printf("          the new node's channels (%,d sat) cannot carry %,d sat, so it forwards and pays "
                    + "nothing%n", chanSize, amountSat);
        }
        out.printf("%n%-20s  %-34s  %-34s  %-20s  %-28s  %-20s%n", "heuristic", "routing share", "fee income msat / payment",
                "own success", "own fee msat", "own reach");
        for (Result r : results.values()) {
            final double[][] s = r.paymentSummary();
            out.printf("%-20s  %-34s  %-34s  %-20s  %-28s  %-20s%n", r.heuristic(),
                    cell("%.3e", s[0]), cell("%.3e", s[1]), cell("%.3f", s[2]), cell("%,.0f", s[3]),
                    cell("%.3f", s[4]));
        }
        if (suggestFee) {
            out.printf("%nfee:      for each heuristic's first trial's peers, the rate that earns the most%n");
            for (Result r : results.values()) {
                out.printf("%-20s  %s%n", r.heuristic(), FeeLines.text(r.fee(), h.policy()));
            }
        }
    }

    /** The number of {@link #SIMULATED_NAMES} reported: own success only with own payments. */
    private int simulatedCount() {
        return balanceOptions.ownPayments > 0 ? SIMULATED_NAMES.length : SIMULATED_NAMES.length - 1;
    }

    private void printSimulated(PrintWriter out, Map<String, Result> results) {
        out.printf("%nsimulated: %,d of the network's payments of %,d sat with balances that move, lnd's retries and "
                + "mission control%n", simulate, amountSat);
        out.printf("           %s starting balances, the new node's channels %s inbound; every trial's peers on the "
                + "same payments and balances%s%n", balanceOptions.balances, autoInbound
                        ? "auto (each channel's share from 0, 25, 50, 75%, chosen on other payments)"
                        : String.format("%.0f%%", 100 * simSettings.inbound()),
                balanceOptions.ownPayments > 0 ? String.format("; the new node also pays %,d receivers", balanceOptions.ownPayments) : "");
        out.printf("%n%-20s  %-28s  %-34s  %-24s  %-30s  %-30s  %-22s%s%n", "heuristic", "forwarded", "fee income msat",
                "failed at X", "realised share %", "first-attempt share %", "inbound %",
                balanceOptions.ownPayments > 0 ? "  own success" : "");
        for (Result r : results.values()) {
            final double[][] s = r.simulatedSummary();
            out.printf("%-20s  %-28s  %-34s  %-24s  %-30s  %-30s  %-22s%s%n", r.heuristic(), cell("%,.1f", s[0]),
                    cell("%,.0f", s[2]), cell("%,.1f", s[3]), cell("%.4f", percent(s[4])), cell("%.4f", percent(s[5])),
                    cell("%.1f", percent(s[6])), balanceOptions.ownPayments > 0 ? "  " + cell("%.3f", s[7]) : "");
        }
        out.printf("           realised share: forwards per 100 network payments; first-attempt share: of 100 network "
                + "payments, those whose first route passed the new node%n");
        boolean any = false;
        for (Result r : results.values()) {
            if (r.forecast() == null) {
                continue;
            }
            if (!any) {
                out.printf("%nforecast against the simulation, first trial (recommend's forecast: %d simulations on other "
                        + "payments, 90%% interval for one more)%n", forecastRuns);
                out.printf("%-20s  %-30s  %-10s  %-36s  %-12s  %s%n", "heuristic", "forwards forecast", "simulated",
                        "fee income forecast msat", "simulated", "inside");
                any = true;
            }
            final EarningsForecast.Interval f = r.forecast().forwards();
            final EarningsForecast.Interval e = r.forecast().feeIncomeMsat();
            final NewNodeSimulation.Result got = r.simulated().get(0).run();
            out.printf("%-20s  %-30s  %,10d  %-36s  %,12d  %s%n", r.heuristic(),
                    String.format("%,.0f [%,.0f, %,.0f]", f.mean(), f.lo(), f.hi()), got.forwarded(),
                    String.format("%,.0f [%,.0f, %,.0f]", e.mean(), e.lo(), e.hi()), got.feeIncomeMsat(),
                    inside(f, got.forwarded()) ? "yes" : "no");
        }
    }

    /** Whether {@code v} lies in the interval. */
    static boolean inside(EarningsForecast.Interval i, double v) {
        return v >= i.lo() && v <= i.hi();
    }

    /**
     * The forecast recommend would make for a trial's peers ({@link EarningsForecast}, R runs of the
     * simulation's settings and plan, seeded apart from --seed's payments), to set beside what the
     * simulation of the same peers gave.
     */
    private EarningsForecast.Forecast forecastFirstTrial(Simulated sim, int workers, ConsoleProgress progress) {
        final NewNodeSimulation.Settings settings = simSettings.withInbound(sim.plan())
                .withSeed(EarningsForecast.runSeed(simSettings.seed(), FORECAST_STREAM));
        return EarningsForecast.forecast(sim.x(), settings, forecastRuns, workers, progress);
    }

    /** The stream of seeds a forecast in evaluate takes, apart from --seed's run and the plans' seeds. */
    private static final int FORECAST_STREAM = 1_000_003;

    private static double mean(double[] a) {
        double sum = 0;
        for (double v : a) {
            sum += v;
        }
        return a.length == 0 ? 0 : sum / a.length;
    }

    /** A mean and its interval, times 100. */
    private static double[] percent(double[] meanLowHigh) {
        return new double[] {100 * meanLowHigh[0], 100 * meanLowHigh[1], 100 * meanLowHigh[2]};
    }

    private PaymentsHeader paymentsHeader;

    /** What the payments line says: the policy used, whether defaulted, the receivers, the largest channel. */
    record PaymentsHeader(ChannelPolicy policy, boolean defaulted, int receivers, boolean exact, long largestSat) {
    }

    /** The payment metrics of every trial, over one draw of receivers shared by all trials. */
    final class Payments {
        final CsrGraph g;
        final ChannelPolicy policy;
        final int[] drawn;
        final int workers;
        final PaymentEvaluator evaluator = new PaymentEvaluator();

        Payments(CsrGraph g, long runSeed, int workers, FeeSettings fees) {
            this.g = g;
            this.workers = workers;
            this.policy = fees.resolve(g);
            final int positive = Demand.byCapacity(g).positiveCount();
            this.drawn = receivers == 0 || receivers >= positive ? null
                    : PaymentEvaluator.drawReceivers(g, receivers, new SplittableRandom(runSeed ^ 0x5DEECE66DL));
            paymentsHeader = new PaymentsHeader(policy, fees.allMedian(),
                    receiverCount(), exact(), HeuristicOptions.largestChannelSat(g));
        }

        int receiverCount() {
            return drawn == null ? Demand.byCapacity(g).positiveCount() : drawn.length;
        }

        boolean exact() {
            return drawn == null;
        }

        /** The new node of a trial: its peers, each with a channel of --chan-size, at the policy. */
        GraphOverlay overlay(Evaluation.Trial t) {
            final int[] peers = new int[t.peers().size()];
            final long[] caps = new long[peers.length];
            for (int i = 0; i < peers.length; i++) {
                peers[i] = g.indexOf(t.peers().get(i));
                caps[i] = chanSize;
            }
            return new GraphOverlay(g, peers, caps, policy);
        }

        org.lnautopilot.routing.FeeScan.Result scanFees(Evaluation.Trial t) {
            return org.lnautopilot.routing.FeeScan.scan(evaluator, overlay(t), amountSat * 1000, drawn,
                    org.lnautopilot.routing.FeeScan.DEFAULT_RATES_PPM, workers);
        }

        /**
         * Each trial's metrics. Trials with the same peers (a greedy heuristic answers every trial alike) are
         * measured once: the metrics depend only on the peers, the channel size, the policy and the receivers.
         */
        List<PaymentMetrics> measure(List<Evaluation.Trial> trials, ConsoleProgress progress) {
            final List<PaymentMetrics> out = new ArrayList<>();
            final Map<List<NodeId>, PaymentMetrics> seen = new java.util.HashMap<>();
            int done = 0;
            for (Evaluation.Trial t : trials) {
                out.add(seen.computeIfAbsent(List.copyOf(t.peers()), k -> {
                    final GraphOverlay x = overlay(t);
                    return drawn == null ? evaluator.exact(x, amountSat * 1000, workers)
                            : evaluator.onReceivers(x, amountSat * 1000, drawn, workers, null);
                }));
                progress.update(++done, trials.size());
            }
            return out;
        }

        static double[][] summary(List<PaymentMetrics> pm) {
            final double[][] rows = new double[pm.size()][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = pm.get(i).values();
            }
            // Shares lie in [0, 1], fees are not negative: the intervals are cut there.
            final double inf = Double.POSITIVE_INFINITY;
            return Evaluation.summary(rows, new double[] {0, 0, 0, 0, 0}, new double[] {1, inf, 1, inf, 1});
        }
    }

    /**
     * The mean hops cell: a trial whose new node got no channel reaches nobody and has no mean hop
     * count (NaN), which would make the mean NaN too; say so instead of printing NaN.
     */
    static String hopsCell(double[] meanLowHigh) {
        return Double.isNaN(meanLowHigh[0]) ? "none: no channel" : cell("%.3f", meanLowHigh);
    }

    /** A mean and its 95% interval, {@code "m [lo, hi]"}, each in {@code format}. */
    private static String cell(String format, double[] meanLowHigh) {
        return String.format(format + " [" + format + ", " + format + "]", meanLowHigh[0], meanLowHigh[1],
                meanLowHigh[2]);
    }

    private void printText(GraphSource src, long runSeed, Map<String, Result> results, long millis) {
        PrintWriter out = spec.commandLine().getOut();
        CsrGraph g = src.graph;
        out.printf("graph:   %s%n         %,d nodes, %,d channels%n", src.description, g.nodeCount(), g.channelCount());
        out.printf("trials:  %d per heuristic, a new node opening %d channels; seed %d (repeat with --seed %d)%n",
                trials, chans, runSeed, runSeed);
        out.printf("metrics: exact, mean [95%% interval, cut to the values a metric can take] over the trials%n%n");
        out.printf("%-20s  %-34s  %-26s  %-20s  %-20s  %-20s%n", "heuristic", "betweenness b(X)", "rank", "mean hops",
                "reach 2 hops", "reach 3 hops");
        for (Result r : results.values()) {
            double[][] s = r.summary();
            out.printf("%-20s  %-34s  %-26s  %-20s  %-20s  %-20s%n", r.heuristic(),
                    cell("%.3e", s[0]), cell("%,.0f", s[1]), hopsCell(s[2]), cell("%.3f", s[3]),
                    cell("%.3f", s[4]));
        }
        out.println();
        if (results.isEmpty() || results.values().iterator().next().payments() == null) {
            out.printf("payments: %s%n", NO_POLICIES);
        } else {
            printPayments(out, g, results);
        }
        if (!results.isEmpty() && results.values().iterator().next().simulated() != null) {
            printSimulated(out, results);
        }
        if (newcomers > 0) {
            out.printf("%nnetwork: %d newcomers join one after another, each opening %d channels by the heuristic "
                    + "(betweenness %s)%n", newcomers, chans, exactNetwork(results) ? "exact" : "approximate, epsilon 1e-3");
            out.printf("%-20s  %-28s  %-34s%n", "heuristic", "degree Gini before -> after",
                    "top 1% betweenness share before -> after");
            for (Result r : results.values()) {
                NetworkEffect.Result e = r.network();
                out.printf("%-20s  %-28s  %-34s%n", r.heuristic(),
                        String.format("%.4f -> %.4f", e.before().degreeGini(), e.after().degreeGini()),
                        String.format("%.4f -> %.4f", e.before().top1Share(), e.after().top1Share()));
            }
        }
        out.printf("%ntime:    load %,d ms, trials %,d ms%n", src.millis, millis);
    }
}
