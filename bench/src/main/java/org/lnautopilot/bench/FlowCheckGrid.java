package org.lnautopilot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.graph.Progress;
import org.lnautopilot.heuristic.GreedyFlow;
import org.lnautopilot.heuristic.GreedyRouting;
import org.lnautopilot.io.GraphReaders;
import org.lnautopilot.routing.FeeSettings;
import org.lnautopilot.simulation.AttemptListener;
import org.lnautopilot.simulation.BalancePrior;
import org.lnautopilot.simulation.NewNodeSimulation;
import org.lnautopilot.simulation.PaymentSimulator;
import org.lnautopilot.simulation.PoissonPayments;

/**
 * How big greedy_flow's check must be (not JMH; bench/README.md, "greedy_flow: a shorter check").
 * For each decision seed, the candidate sets greedy_flow would check (greedy_routing's set S, and
 * greedy_routing without S's first pick, then without its second: the same sets as {@link GreedyFlow}
 * with its defaults, on a new node, 1,000,000 sat channels, 100,000 sat payments, the graph's
 * median policy), each simulated on {@value #RUNS} check seeds (the ones greedy_flow's generator
 * gives after its receiver draw, so the first two are greedy_flow's own) at inbound 0.5, with X's
 * fee income read after 5,000 to 40,000 payments. Then, with a file of the sets' forwards judged on
 * other payments ({@code bench/flow-check}'s {@code PEERS} output: "set N: f1 f2 ... (mean M)
 * peers k1,k2,..."), the mean forwards of the set each check size would choose (most income
 * over its runs, ties to the earlier), beside S's and the best set's.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.lnautopilot.bench.FlowCheckGrid GRAPH FIRST LAST [JUDGED]
 * </pre>
 * Prints one line per decision seed ({@code seed S | keys,... r0:i1,i2,... | ... | variants 0,1,2}: each
 * distinct set with its incomes, then which set each variant gave), then the table when JUDGED is
 * given; its sets must include every set printed. Two threads. System properties change the grid:
 * {@code -Dvariants=6} (S and S without each of its five picks), {@code -Druns=2} check seeds,
 * {@code -Dupto=10000} payments at most.
 */
public final class FlowCheckGrid {
    /** Check seeds per decision: 4, or the system property {@code runs}. */
    static final int RUNS = Integer.getInteger("runs", 4);
    /** Payment counts at which X's income is read: up to 40,000, or to the system property {@code upto}. */
    static final long[] AT = java.util.stream.LongStream.of(5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 40_000)
            .filter(c -> c <= Long.getLong("upto", 40_000)).toArray();
    /** Candidate sets per decision before dropping repeats: greedy_flow's, or the system property {@code variants}. */
    static final int VARIANTS = Integer.getInteger("variants", GreedyFlow.DEFAULT_VARIANTS);
    static final long AMOUNT_MSAT = 100_000_000L;
    static final long CHAN_SAT = 1_000_000;

    private FlowCheckGrid() {
    }

    /** One decision: its sets (sorted keys joined by commas) and incomes [set][run][payment count]. */
    record Decision(long seed, List<String> sets, int[] variantSet, long[][][] income) {
    }

    /**
     * {@code GRAPH FIRST_SEED LAST_SEED [JUDGED]}: the grid's lines for decision seeds FIRST to LAST,
     * then the table when JUDGED is given. Exits 2 on too few arguments; a set missing from JUDGED
     * is an {@link IllegalArgumentException} naming it. About 1.5 minutes per decision seed on
     * mainnet-2024 with 2 cores.
     */
    public static void main(String[] a) throws Exception {
        if (a.length < 3) {
            System.err.println("usage: FlowCheckGrid GRAPH FIRST_SEED LAST_SEED [JUDGED]");
            System.exit(2);
        }
        final CsrGraph g = GraphReaders.read(Path.of(a[0]), new GraphReaders.Options(true, false));
        final long first = Long.parseLong(a[1]);
        final long last = Long.parseLong(a[2]);
        final List<Decision> ds = new ArrayList<>();
        final ExecutorService ex = Executors.newFixedThreadPool(2);
        try {
            for (long seed = first; seed <= last; seed++) {
                final Decision d = decide(g, seed, ex);
                ds.add(d);
                System.out.println(line(d));
            }
        } finally {
            ex.shutdown();
        }
        if (a.length > 3) {
            table(ds, judged(Path.of(a[3])));
        }
    }

    /** The decision's sets and their check incomes. */
    static Decision decide(CsrGraph g, long seed, ExecutorService ex) throws Exception {
        final byte[] key = new byte[33];
        key[0] = 2;
        key[32] = 7;
        final NodeId self = NodeId.of(key);
        final int[] s = routing(seed).pick(g, self, 5, Set.of());
        final List<int[]> sets = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        final int[] variantSet = new int[Math.min(VARIANTS, s.length + 1)];
        variantSet[0] = add(g, sets, names, s);
        for (int v = 1; v < variantSet.length; v++) {
            variantSet[v] = add(g, sets, names, routing(seed).pick(g, self, 5, Set.of(g.nodeId(s[v - 1]))));
        }
        // greedy_flow's generator: the receiver draw's seed, then one seed per check run.
        final SplittableRandom rng = new SplittableRandom(seed);
        rng.nextLong();
        final long[] seeds = new long[RUNS];
        for (int r = 0; r < RUNS; r++) {
            seeds[r] = rng.nextLong();
        }
        final ChannelPolicy p = FeeSettings.GRAPH_MEDIAN.resolve(g);
        final long[][][] income = new long[sets.size()][RUNS][AT.length];
        final List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            for (int r = 0; r < RUNS; r++) {
                final GraphOverlay x = NewNodeSimulation.overlay(g, sets.get(i), CHAN_SAT, p);
                final long[] out = income[i][r];
                final long cs = seeds[r];
                fs.add(ex.submit(() -> {
                    simulate(x, cs, out);
                    return null;
                }));
            }
        }
        for (Future<?> f : fs) {
            f.get();
        }
        return new Decision(seed, names, variantSet, income);
    }

    /** greedy_routing as greedy_flow runs it for a decision seed. */
    static GreedyRouting routing(long seed) {
        return new GreedyRouting(20_000, CHAN_SAT, 5, 0.6, new SplittableRandom(seed), AMOUNT_MSAT,
                FeeSettings.GRAPH_MEDIAN, GreedyRouting.DEFAULT_EXACT_LIMIT, GreedyRouting.DEFAULT_RECEIVERS, 2);
    }

    /**
     * Adds {@code picks} unless the same set is there (greedy_flow checks each distinct set once);
     * returns the set's index.
     */
    static int add(CsrGraph g, List<int[]> sets, List<String> names, int[] picks) {
        final String[] keys = new String[picks.length];
        for (int i = 0; i < picks.length; i++) {
            keys[i] = g.nodeId(picks[i]).toString();
        }
        final String name = setName(keys);
        if (!names.contains(name)) {
            names.add(name);
            sets.add(picks);
        }
        return names.indexOf(name);
    }

    /** A set's name in the grid and the judged file: its keys sorted (in place), joined by commas. */
    static String setName(String[] keys) {
        Arrays.sort(keys);
        return String.join(",", keys);
    }

    /** X's fee income after each count of {@link #AT} payments on check seed {@code seed}. */
    static void simulate(GraphOverlay x, long seed, long[] out) {
        final long n = AT[AT.length - 1];
        final NewNodeSimulation.Settings st = new NewNodeSimulation.Settings(n, 0, AMOUNT_MSAT,
                PoissonPayments.DEFAULT_RATE_PER_HOUR, BalancePrior.BIMODAL, 0.5, seed);
        final int[] k = {0};
        final NewNodeSimulation.Result r = NewNodeSimulation.run(x, st, new AttemptListener() {
            @Override
            public void attempt(PaymentSimulator s) {
                // The first attempt of a later payment: the earlier ones are done.
                while (k[0] < AT.length && s.paymentNumber() > AT[k[0]]) {
                    out[k[0]++] = s.feeIncomeMsat(s.newNode());
                }
            }
        }, Progress.NONE);
        while (k[0] < AT.length) {
            out[k[0]++] = r.feeIncomeMsat();
        }
    }

    static String line(Decision d) {
        final StringBuilder sb = new StringBuilder("seed " + d.seed);
        for (int i = 0; i < d.sets.size(); i++) {
            sb.append(" | ").append(d.sets.get(i));
            for (int r = 0; r < RUNS; r++) {
                sb.append(" r").append(r).append(':');
                for (int j = 0; j < AT.length; j++) {
                    sb.append(j > 0 ? "," : "").append(d.income[i][r][j]);
                }
            }
        }
        sb.append(" | variants");
        for (int v = 0; v < d.variantSet.length; v++) {
            sb.append(v > 0 ? "," : " ").append(d.variantSet[v]);
        }
        return sb.toString();
    }

    /** The judged mean forwards per set (sorted keys), from flow-check's PEERS output. */
    static Map<String, Double> judged(Path file) throws IOException {
        final Map<String, Double> m = new HashMap<>();
        for (String l : Files.readAllLines(file)) {
            final int mean = l.indexOf("(mean ");
            final int peers = l.indexOf(" peers ");
            if (mean < 0 || peers < 0) {
                continue;
            }
            final double f = Double.parseDouble(l.substring(mean + 6, l.indexOf(')', mean)));
            m.put(setName(l.substring(peers + 7).trim().split(",")), f);
        }
        return m;
    }

    /** Mean judged forwards of the set each check size chooses, against S's and the best set's. */
    static void table(List<Decision> ds, Map<String, Double> judged) {
        double s = 0;
        double best = 0;
        for (Decision d : ds) {
            s += forwards(judged, d.sets.get(0));
            double b = 0;
            for (String set : d.sets) {
                b = Math.max(b, forwards(judged, set));
            }
            best += b;
        }
        final int n = ds.size();
        System.out.printf("%d decisions: S (greedy_routing) %.1f; the best set of each %.1f (%.2fx)%n", n, s / n,
                best / n, best / s);
        for (int runs = 1; runs <= RUNS; runs++) {
            final StringBuilder sb = new StringBuilder(String.format("%d run(s):", runs));
            for (int j = 0; j < AT.length; j++) {
                double sum = 0;
                for (Decision d : ds) {
                    sum += forwards(judged, d.sets.get(choice(d, runs, j)));
                }
                sb.append(String.format(" %dk %.1f (%.2fx)", AT[j] / 1000, sum / n, sum / s));
            }
            System.out.println(sb);
        }
    }

    /** The set a check of {@code runs} runs of {@code AT[j]} payments chooses: most income, ties to the earlier. */
    static int choice(Decision d, int runs, int j) {
        int best = 0;
        long bestIncome = -1;
        for (int i = 0; i < d.sets.size(); i++) {
            long sum = 0;
            for (int r = 0; r < runs; r++) {
                sum += d.income[i][r][j];
            }
            if (sum > bestIncome) {
                bestIncome = sum;
                best = i;
            }
        }
        return best;
    }

    static double forwards(Map<String, Double> judged, String set) {
        final Double f = judged.get(set);
        if (f == null) {
            throw new IllegalArgumentException("no judged forwards for the set " + set
                    + "; judge it with PEERS=... bench/flow-check and add its line");
        }
        return f;
    }
}
