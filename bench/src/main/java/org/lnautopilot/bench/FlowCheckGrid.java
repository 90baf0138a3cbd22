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
 * Prints one line per decision seed ({@code seed S | keys,... r0:i1,i2,... f0:... a0:... | ... | variants
 * 0,1,2}: each distinct set with its incomes (r), first attempts through X (f) and attempts through X
 * (a) per run, then which set each variant gave, then {@code | greedy_routing keys,...}, greedy_routing's
 * own set, when greedy_flow's draw is not greedy_routing's), then the table when JUDGED is
 * given; its sets must include every set printed. The table's S, the paired baseline, is greedy_routing's
 * own set of the decision seed. Two threads. System properties change the grid:
 * {@code -Dvariants=6} (the first set and the greedy without each of its five picks), {@code -Druns=2}
 * check seeds, {@code -Dupto=10000} payments at most, {@code -Dreceivers=1000} distinct receivers in the
 * draw greedy_flow's greedy runs on ({@link #RECEIVERS}).
 */
public final class FlowCheckGrid {
    /** Check seeds per decision: 4, or the system property {@code runs}. */
    static final int RUNS = Integer.getInteger("runs", 4);
    /** Every payment count a grid can read at; a grid's {@link #AT} is a prefix of it. */
    static final long[] AT_ALL = {5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 40_000, 60_000, 100_000};
    /** Payment counts at which the check is read: up to 40,000, or to the system property {@code upto}. */
    static final long[] AT = Arrays.stream(AT_ALL).filter(c -> c <= Long.getLong("upto", 40_000)).toArray();
    /** Candidate sets per decision before dropping repeats: greedy_flow's, or the system property {@code variants}. */
    static final int VARIANTS = Integer.getInteger("variants", GreedyFlow.DEFAULT_VARIANTS);
    /**
     * Distinct receivers of the draw greedy_flow's greedy runs on: greedy_flow's (greedy_routing's
     * default), or the system property {@code receivers}, to ask what a larger draw would choose.
     */
    static final int RECEIVERS = Integer.getInteger("receivers", GreedyRouting.DEFAULT_RECEIVERS);
    static final long AMOUNT_MSAT = 100_000_000L;
    static final long CHAN_SAT = 1_000_000;
    /** Channels the new node opens (greedy_routing's picks per set). */
    static final int K = 5;

    private FlowCheckGrid() {
    }

    /**
     * One decision: its sets (sorted keys joined by commas), the set each variant gave, what the
     * check reads [set][run][statistic * payment counts + payment count] ({@link #simulate}), and
     * greedy_routing's own set when greedy_flow's draw differs from greedy_routing's (else null: the first
     * set is greedy_routing's).
     */
    record Decision(long seed, List<String> sets, int[] variantSet, long[][][] income, String routing) {
        /** A decision whose first set is greedy_routing's own (greedy_flow's draw is greedy_routing's). */
        Decision(long seed, List<String> sets, int[] variantSet, long[][][] income) {
            this(seed, sets, variantSet, income, null);
        }

        /** S: greedy_routing's own set, the paired baseline ({@link #routing}, or the first set when null). */
        String s() {
            return routing != null ? routing : sets.get(0);
        }
    }

    /**
     * {@code GRAPH FIRST_SEED LAST_SEED [JUDGED]}: the grid's lines for decision seeds FIRST to LAST,
     * then the table when JUDGED is given; or {@code --table GRID JUDGED}: the table from the lines of an
     * earlier run (file GRID). Exits 2 on too few arguments; a set missing from JUDGED
     * is an {@link IllegalArgumentException} naming it. About 1.5 minutes per decision seed on
     * mainnet-2024 with 2 cores.
     */
    public static void main(String[] a) throws Exception {
        if (a.length == 3 && a[0].equals("--table")) {
            final List<Decision> ds = new ArrayList<>();
            for (String l : Files.readAllLines(Path.of(a[1]))) {
                if (l.startsWith("seed ")) {
                    ds.add(parse(l));
                }
            }
            table(ds, judged(Path.of(a[2])));
            return;
        }
        if (a.length < 3) {
            System.err.println("usage: FlowCheckGrid GRAPH FIRST_SEED LAST_SEED [JUDGED]"
                    + " | FlowCheckGrid --table GRID JUDGED");
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

    /** A decision from its {@link #line}. */
    static Decision parse(String line) {
        final String[] parts = line.split(" \\| ");
        final long seed = Long.parseLong(parts[0].substring(5).trim());
        final boolean withRouting = parts[parts.length - 1].startsWith(ROUTING);
        final String routing = withRouting ? parts[parts.length - 1].substring(ROUTING.length()) : null;
        final int last = withRouting ? parts.length - 2 : parts.length - 1;
        final String[] vs = parts[last].substring("variants ".length()).split(",");
        final int[] variantSet = new int[vs.length];
        for (int v = 0; v < vs.length; v++) {
            variantSet[v] = Integer.parseInt(vs[v]);
        }
        final int sets = last - 1;
        final List<String> names = new ArrayList<>();
        final long[][][] income = new long[sets][][];
        for (int i = 0; i < sets; i++) {
            final String[] tok = parts[i + 1].split(" ");
            names.add(tok[0]);
            final int runs = (tok.length - 1) / 3;
            income[i] = new long[runs][];
            for (int t = 1; t < tok.length; t++) {
                final int stat = STAT_LETTERS.indexOf(tok[t].charAt(0));
                final int r = Integer.parseInt(tok[t].substring(1, tok[t].indexOf(':')));
                final String[] xs = tok[t].substring(tok[t].indexOf(':') + 1).split(",");
                if (income[i][r] == null) {
                    income[i][r] = new long[3 * xs.length];
                }
                for (int j = 0; j < xs.length; j++) {
                    income[i][r][stat * xs.length + j] = Long.parseLong(xs[j]);
                }
            }
        }
        return new Decision(seed, names, variantSet, income, routing);
    }

    /** The field of a grid line naming greedy_routing's own set, last, when the line has it. */
    static final String ROUTING = "greedy_routing ";

    /** The decision's sets and their check incomes. */
    static Decision decide(CsrGraph g, long seed, ExecutorService ex) throws Exception {
        final byte[] key = new byte[33];
        key[0] = 2;
        key[32] = 7;
        final NodeId self = NodeId.of(key);
        final int[] s = routing(seed).pick(g, self, K, Set.of());
        final List<int[]> sets = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        final int[] variantSet = new int[Math.min(VARIANTS, s.length + 1)];
        variantSet[0] = add(g, sets, names, s);
        for (int v = 1; v < variantSet.length; v++) {
            variantSet[v] = add(g, sets, names, routing(seed).pick(g, self, K, Set.of(g.nodeId(s[v - 1]))));
        }
        // greedy_flow's generator: the receiver draw's seed, then one seed per check run.
        final SplittableRandom rng = new SplittableRandom(seed);
        rng.nextLong();
        final long[] seeds = new long[RUNS];
        for (int r = 0; r < RUNS; r++) {
            seeds[r] = rng.nextLong();
        }
        final ChannelPolicy p = FeeSettings.GRAPH_MEDIAN.resolve(g);
        final long[][][] income = new long[sets.size()][RUNS][3 * AT.length];
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
        final String routing = RECEIVERS == GreedyRouting.DEFAULT_RECEIVERS ? null
                : name(g, routing(seed, GreedyRouting.DEFAULT_RECEIVERS).pick(g, self, K, Set.of()));
        return new Decision(seed, names, variantSet, income, routing);
    }

    /** greedy_routing as greedy_flow runs it for a decision seed ({@link #RECEIVERS} receivers). */
    static GreedyRouting routing(long seed) {
        return routing(seed, RECEIVERS);
    }

    /** greedy_routing for a decision seed on a draw of {@code receivers} distinct receivers. */
    static GreedyRouting routing(long seed, int receivers) {
        return new GreedyRouting(20_000, CHAN_SAT, K, 0.6, new SplittableRandom(seed), AMOUNT_MSAT,
                FeeSettings.GRAPH_MEDIAN, GreedyRouting.DEFAULT_EXACT_LIMIT, receivers, 2);
    }

    /** The name of the set {@code picks} ({@link #setName} of their keys). */
    static String name(CsrGraph g, int[] picks) {
        final String[] keys = new String[picks.length];
        for (int i = 0; i < picks.length; i++) {
            keys[i] = g.nodeId(picks[i]).toString();
        }
        return setName(keys);
    }

    /**
     * Adds {@code picks} unless the same set is there (greedy_flow checks each distinct set once);
     * returns the set's index.
     */
    static int add(CsrGraph g, List<int[]> sets, List<String> names, int[] picks) {
        final String name = name(g, picks);
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

    /**
     * After each count of {@link #AT} payments on check seed {@code seed}, X's fee income (msat: what
     * greedy_flow's check compares) into {@code out[j]}, the payments whose first attempt X forwarded on
     * into {@code out[AT.length + j]}, and the attempts X forwarded on (failed ones too) into
     * {@code out[2 AT.length + j]}.
     */
    static void simulate(GraphOverlay x, long seed, long[] out) {
        final int m = AT.length;
        final NewNodeSimulation.Settings st = new NewNodeSimulation.Settings(AT[m - 1], 0, AMOUNT_MSAT,
                PoissonPayments.DEFAULT_RATE_PER_HOUR, BalancePrior.BIMODAL, 0.5, seed);
        final int[] k = {0};
        final long[] through = {0};
        final NewNodeSimulation.Result r = NewNodeSimulation.run(x, st, new AttemptListener() {
            @Override
            public void attempt(PaymentSimulator s) {
                // The first attempt of a later payment: the earlier ones are done.
                while (k[0] < m && s.paymentNumber() > AT[k[0]]) {
                    read(out, m, k[0]++, s.feeIncomeMsat(s.newNode()), s.firstAttemptThroughX(), through[0]);
                }
                for (int i = 1, h = s.attemptHops(); i < h; i++) {
                    if (s.attemptNode(i) == s.newNode()) {
                        through[0]++;
                        break;
                    }
                }
            }
        }, Progress.NONE);
        while (k[0] < m) {
            read(out, m, k[0]++, r.feeIncomeMsat(), r.firstAttemptsThroughX(), through[0]);
        }
    }

    /** The three statistics after the j-th of {@code m} payment counts, into their columns of {@code out}. */
    static void read(long[] out, int m, int j, long income, long first, long attempts) {
        out[j] = income;
        out[m + j] = first;
        out[2 * m + j] = attempts;
    }

    static String line(Decision d) {
        final StringBuilder sb = new StringBuilder("seed " + d.seed);
        for (int i = 0; i < d.sets.size(); i++) {
            sb.append(" | ").append(d.sets.get(i));
            final int m = d.income[i][0].length / 3;
            for (int stat = 0; stat < 3; stat++) {
                for (int r = 0; r < d.income[i].length; r++) {
                    sb.append(' ').append(STAT_LETTERS.charAt(stat)).append(r).append(':');
                    for (int j = 0; j < m; j++) {
                        sb.append(j > 0 ? "," : "").append(d.income[i][r][stat * m + j]);
                    }
                }
            }
        }
        sb.append(" | variants");
        for (int v = 0; v < d.variantSet.length; v++) {
            sb.append(v > 0 ? "," : " ").append(d.variantSet[v]);
        }
        if (d.routing != null) {
            sb.append(" | ").append(ROUTING).append(d.routing);
        }
        return sb.toString();
    }

    /** A set's judged forwards: their mean, and each judging seed's when the line gives them (else empty). */
    record Judged(double mean, int[] each) {
    }

    /**
     * The judged forwards per set (sorted keys), from flow-check's PEERS output. When sets were judged on
     * different numbers of seeds (a file that grew: its first sets on seeds 101 to 103, later ones on
     * 101 to 106), every set is read on the seeds all share, the first ones, and its mean recomputed
     * over them, so that no ratio compares means over other seeds (said on stderr). Lines without each
     * seed's forwards keep their mean.
     */
    static Map<String, Judged> judged(Path file) throws IOException {
        final Map<String, Judged> m = read(file);
        int least = Integer.MAX_VALUE;
        int most = 0;
        for (Judged j : m.values()) {
            if (j.each().length > 0) {
                least = Math.min(least, j.each().length);
                most = Math.max(most, j.each().length);
            }
        }
        if (least == most || most == 0) {
            return m;
        }
        System.err.println("judged sets: read on the first " + least + " judging seeds of each (some sets have up to "
                + most + ")");
        for (Map.Entry<String, Judged> e : m.entrySet()) {
            final int[] each = e.getValue().each();
            if (each.length > least) {
                final int[] first = Arrays.copyOf(each, least);
                e.setValue(new Judged((double) Arrays.stream(first).sum() / least, first));
            }
        }
        return m;
    }

    /** Each line's judged forwards as written. */
    private static Map<String, Judged> read(Path file) throws IOException {
        final Map<String, Judged> m = new HashMap<>();
        for (String l : Files.readAllLines(file)) {
            final int mean = l.indexOf("(mean ");
            final int peers = l.indexOf(" peers ");
            if (mean < 0 || peers < 0) {
                continue;
            }
            final double f = Double.parseDouble(l.substring(mean + 6, l.indexOf(')', mean)));
            final String each = l.substring(l.indexOf(':') + 1, mean).trim();
            final int[] fs = each.isEmpty() ? new int[0]
                    : Arrays.stream(each.split(" +")).mapToInt(Integer::parseInt).toArray();
            m.put(setName(l.substring(peers + 7).trim().split(",")), new Judged(f, fs));
        }
        return m;
    }

    /** The letters of the check's statistics in a grid line ({@code r0:}, {@code f0:}, {@code a0:}), as {@link #STATS}. */
    static final String STAT_LETTERS = "rfa";
    /** The names of the check's statistics, in the order of {@link #simulate}'s output. */
    static final String[] STATS = {"income", "first attempts through X", "attempts through X"};

    /**
     * Mean judged forwards of the set each check chooses (by each statistic, runs and payment count),
     * against S's and the best set's; when every set's judging seeds are given, also the best set of each
     * decision chosen on half the judging seeds and judged on the others (the mean over every split), an
     * estimate of the best set's worth without the luck of its own judging seeds; then greedy_flow's quick
     * and thorough checks as built ({@link #asBuilt}).
     */
    static void table(List<Decision> ds, Map<String, Judged> judged) {
        double s = 0;
        double best = 0;
        for (Decision d : ds) {
            s += forwards(judged, d.s());
            double b = 0;
            for (String set : d.sets) {
                b = Math.max(b, forwards(judged, set));
            }
            best += b;
        }
        final int n = ds.size();
        System.out.printf("%d decisions: S (greedy_routing) %.1f; the best set of each %.1f (%.2fx)%n", n, s / n,
                best / n, best / s);
        final double split = splitBest(ds, judged);
        if (split > 0) {
            System.out.printf("the best set of each, chosen on half the judging seeds and judged on the others: "
                    + "%.1f (%.2fx)%n", split, split * n / s);
        }
        final int runs = ds.get(0).income[0].length;
        final int m = ds.get(0).income[0][0].length / 3;
        for (int stat = 0; stat < STATS.length; stat++) {
            System.out.println("check by " + STATS[stat] + ":");
            for (int r = 1; r <= runs; r++) {
                final StringBuilder sb = new StringBuilder(String.format("%d run(s):", r));
                for (int j = 0; j < m; j++) {
                    double sum = 0;
                    for (Decision d : ds) {
                        sum += forwards(judged, d.sets.get(choice(d, r, stat * m + j)));
                    }
                    sb.append(String.format(" %dk %.1f (%.2fx)", AT_ALL[j] / 1000, sum / n, sum / s));
                }
                System.out.println(sb);
            }
        }
        printAsBuilt(ds, judged, GreedyFlow.Check.QUICK);
        printAsBuilt(ds, judged, GreedyFlow.Check.THOROUGH);
    }

    /**
     * What greedy_flow's check chose over the decisions of a grid ({@link #asBuilt}): the mean judged
     * forwards of its sets and of S's, the paired gain's mean and standard error, and the decisions
     * where its set forwarded less than S.
     */
    record AsBuilt(double chosen, double s, double gain, double standardError, int worse, int decisions) {
    }

    /**
     * The set greedy_flow's {@code check} chooses in each decision, as {@link GreedyFlow} chooses it
     * ({@link GreedyFlow.Check#choose} on the sets of its first variants, from the runs it makes), judged
     * against S; null when the grid holds too few variants, runs or payments for the check.
     */
    static AsBuilt asBuilt(List<Decision> ds, Map<String, Judged> judged, GreedyFlow.Check check) {
        final Decision d0 = ds.get(0);
        final int variants = Math.min(check.variants(), K + 1);
        final int runs = d0.income[0].length;
        final int m = d0.income[0][0].length / 3;
        int j = -1;
        for (int c = 0; c < m; c++) {
            j = AT_ALL[c] == check.payments() ? c : j;
        }
        if (d0.variantSet.length < variants || runs < check.runs() || j < 0) {
            return null;
        }
        final int n = ds.size();
        double s = 0;
        double chosen = 0;
        final double[] gain = new double[n];
        int worse = 0;
        for (int k = 0; k < n; k++) {
            final Decision d = ds.get(k);
            // The distinct sets of the first variants: their indexes ascend in the order greedy_flow makes them.
            int sets = 0;
            for (int v = 0; v < variants; v++) {
                sets = Math.max(sets, d.variantSet[v] + 1);
            }
            // The first run of every set; the runs after it of the sets the check keeps (all, or its best).
            final NewNodeSimulation.Result[] firstRun = new NewNodeSimulation.Result[sets];
            for (int i = 0; i < sets; i++) {
                firstRun[i] = result(check, d.income[i][0], m, j);
            }
            final int[] which = check.survivors(firstRun, sets);
            final NewNodeSimulation.Result[] rs = new NewNodeSimulation.Result[check.runs() * which.length];
            for (int r = 0; r < check.runs(); r++) {
                for (int t = 0; t < which.length; t++) {
                    rs[r * which.length + t] = result(check, d.income[which[t]][r], m, j);
                }
            }
            final double f = forwards(judged, d.sets.get(which[check.choose(rs, which.length)]));
            final double f0 = forwards(judged, d.s());
            s += f0;
            chosen += f;
            gain[k] = f - f0;
            worse += f < f0 ? 1 : 0;
        }
        final double mean = (chosen - s) / n;
        double ss = 0;
        for (double g : gain) {
            ss += (g - mean) * (g - mean);
        }
        return new AsBuilt(chosen / n, s / n, mean, n > 1 ? Math.sqrt(ss / (n - 1) / n) : Double.NaN, worse, n);
    }

    /** A check run's result with what {@link GreedyFlow.Check} reads, from a grid row at payment count j of m. */
    private static NewNodeSimulation.Result result(GreedyFlow.Check check, long[] row, int m, int j) {
        return new NewNodeSimulation.Result(check.payments(), 0, 0, row[j], 0, row[m + j], 0, 0, 0, 0);
    }

    /** {@link #asBuilt}'s line for {@code check}, or why the grid cannot answer. */
    static void printAsBuilt(List<Decision> ds, Map<String, Judged> judged, GreedyFlow.Check check) {
        final AsBuilt a = asBuilt(ds, judged, check);
        if (a == null) {
            final Decision d0 = ds.get(0);
            System.out.printf("greedy_flow --flow-check %s (%s): not in this grid (%d variants, %d runs, up to %,d "
                    + "payments)%n", check.name(), check, d0.variantSet.length, d0.income[0].length,
                    AT_ALL[d0.income[0][0].length / 3 - 1]);
            return;
        }
        System.out.printf("greedy_flow --flow-check %s (%s): %.1f against S's %.1f (%.2fx); paired gain %+.1f, "
                + "standard error %.1f, t = %.2f on %d degrees of freedom; worse than S on %d of %d%n", check.name(), check,
                a.chosen(), a.s(), a.chosen() / a.s(), a.gain(), a.standardError(), a.gain() / a.standardError(),
                a.decisions() - 1, a.worse(), a.decisions());
    }

    /**
     * The mean over decisions of the best set chosen on half the judging seeds (most forwards over them,
     * ties to the earlier) and judged by its mean over the others, averaged over every split; 0 when some
     * set lacks its judging seeds' forwards or they differ in number.
     */
    static double splitBest(List<Decision> ds, Map<String, Judged> judged) {
        final int e = judged.get(ds.get(0).sets.get(0)).each().length;
        for (Decision d : ds) {
            for (String set : d.sets) {
                if (judged.get(set).each().length != e) {
                    return 0;
                }
            }
        }
        if (e < 2) {
            return 0;
        }
        double total = 0;
        int splits = 0;
        for (int mask = 0; mask < 1 << e; mask++) {
            if (Integer.bitCount(mask) != e / 2) {
                continue;
            }
            double sum = 0;
            for (Decision d : ds) {
                int b = -1;
                long bestOn = -1;
                for (int i = 0; i < d.sets.size(); i++) {
                    final int[] f = judged.get(d.sets.get(i)).each();
                    long on = 0;
                    for (int x = 0; x < e; x++) {
                        on += (mask >> x & 1) != 0 ? f[x] : 0;
                    }
                    if (on > bestOn) {
                        bestOn = on;
                        b = i;
                    }
                }
                final int[] f = judged.get(d.sets.get(b)).each();
                double off = 0;
                for (int x = 0; x < e; x++) {
                    off += (mask >> x & 1) == 0 ? f[x] : 0;
                }
                sum += off / (e - e / 2);
            }
            total += sum / ds.size();
            splits++;
        }
        return total / splits;
    }

    /** The set a check of {@code runs} runs chooses by column {@code col} of its runs: most, ties to the earlier. */
    static int choice(Decision d, int runs, int col) {
        int best = 0;
        long bestIncome = -1;
        for (int i = 0; i < d.sets.size(); i++) {
            long sum = 0;
            for (int r = 0; r < runs; r++) {
                sum += d.income[i][r][col];
            }
            if (sum > bestIncome) {
                bestIncome = sum;
                best = i;
            }
        }
        return best;
    }

    static double forwards(Map<String, Judged> judged, String set) {
        final Judged f = judged.get(set);
        if (f == null) {
            throw new IllegalArgumentException("no judged forwards for the set " + set
                    + "; judge it with PEERS=... bench/flow-check and add its line");
        }
        return f.mean();
    }
}
