package org.lnautopilot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;
import org.lnautopilot.graph.Progress;
import org.lnautopilot.io.GraphReaders;
import org.lnautopilot.routing.FeeSettings;
import org.lnautopilot.simulation.BalancePrior;
import org.lnautopilot.simulation.NewNodeSimulation;
import org.lnautopilot.simulation.PoissonPayments;

/**
 * Peer sets judged as {@code PEERS=... bench/flow-check} judges them, in one process (not JMH;
 * bench/README.md, "greedy_flow"): each set, as a new node with a 1,000,000 sat channel to each peer
 * at the graph's median policy and half of each channel on the peer's side, runs through 100,000
 * payments of 100,000 sat on each judging seed, with the graph's bimodal balances; the count is the
 * payments the node forwarded. The figures equal {@code simulate-payments --peers ... --chan-size
 * 1000000 --inbound 0.5 --payments 100000 --seed E}'s, one process per set and seed; here all sets of
 * a seed share the run of the network without the node until each first matters
 * ({@link NewNodeSimulation#runAll}): the 252 five-peer sets of ten peers on the 2021 snapshot take
 * about six minutes per judging seed on 2 cores, where one process per set and seed would take hours.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.lnautopilot.bench.JudgeSets GRAPH SEEDS SETS [--subsets K]
 * </pre>
 * SEEDS: judging seeds, {@code 101,102,103} or {@code 101-106}. SETS: a file of peer sets, one line of
 * comma-separated 66-hex keys each (blank lines skipped); with {@code --subsets K}, one line of peers
 * whose every K-subset is judged, in lexicographic order of their positions. Prints flow-check's lines,
 * {@code set N: f1 f2 ... (mean M) peers k1,...}, which {@link FlowCheckGrid} reads as judged sets,
 * then the mean over all. Two threads; a line per seed on stderr. Exits 2 on bad arguments.
 */
public final class JudgeSets {
    /** Network payments per judging run, as flow-check's. */
    static final long PAYMENTS = 100_000;

    private JudgeSets() {
    }

    /** See the class comment. */
    public static void main(String[] a) throws IOException {
        if (a.length != 3 && !(a.length == 5 && a[3].equals("--subsets"))) {
            System.err.println("usage: JudgeSets GRAPH SEEDS SETS [--subsets K]");
            System.exit(2);
        }
        final CsrGraph g = GraphReaders.read(Path.of(a[0]), new GraphReaders.Options(true, false));
        final long[] seeds = seeds(a[1]);
        final List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of(a[2]))) {
            if (!l.isBlank()) {
                lines.add(l.trim());
            }
        }
        final List<int[]> sets = new ArrayList<>();
        if (a.length == 5) {
            if (lines.size() != 1) {
                throw new IllegalArgumentException("--subsets takes a file of one line of peers, got " + lines.size()
                        + " lines in " + a[2]);
            }
            sets.addAll(subsets(peers(g, lines.get(0)), Integer.parseInt(a[4])));
        } else {
            for (String l : lines) {
                sets.add(peers(g, l));
            }
        }
        final long[][] f = forwards(g, sets, seeds, PAYMENTS, 2, true);
        long sum = 0;
        for (int i = 0; i < sets.size(); i++) {
            final StringBuilder sb = new StringBuilder("set " + (i + 1) + ":");
            long row = 0;
            for (long x : f[i]) {
                sb.append(' ').append(x);
                row += x;
            }
            sum += row;
            sb.append(String.format(" (mean %.1f) peers ", (double) row / seeds.length));
            final int[] set = sets.get(i);
            for (int j = 0; j < set.length; j++) {
                sb.append(j > 0 ? "," : "").append(g.nodeId(set[j]));
            }
            System.out.println(sb);
        }
        System.out.printf("sets: mean %.1f forwards over %d runs%n", (double) sum / (sets.size() * seeds.length),
                sets.size() * seeds.length);
    }

    /** {@code 101,102} or {@code 101-106} (both ends included). */
    static long[] seeds(String text) {
        final int dash = text.indexOf('-');
        if (dash > 0) {
            final long first = Long.parseLong(text.substring(0, dash));
            final long last = Long.parseLong(text.substring(dash + 1));
            if (last < first) {
                throw new IllegalArgumentException("seeds " + text + ": the last is below the first");
            }
            final long[] s = new long[(int) (last - first + 1)];
            for (int i = 0; i < s.length; i++) {
                s[i] = first + i;
            }
            return s;
        }
        return Arrays.stream(text.split(",")).mapToLong(x -> Long.parseLong(x.trim())).toArray();
    }

    /** The node indexes of a line of comma-separated keys, in its order. */
    static int[] peers(CsrGraph g, String line) {
        final String[] keys = line.split(",");
        final int[] idx = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            idx[i] = g.indexOf(NodeId.fromHex(keys[i].trim()));
            if (idx[i] < 0) {
                throw new IllegalArgumentException("peer " + keys[i].trim() + " is not in the graph");
            }
        }
        return idx;
    }

    /** Every {@code k}-subset of {@code peers}, in lexicographic order of positions. O(C(n, k) k). */
    static List<int[]> subsets(int[] peers, int k) {
        if (k < 1 || k > peers.length) {
            throw new IllegalArgumentException("subsets of " + k + " from " + peers.length + " peers");
        }
        final List<int[]> out = new ArrayList<>();
        final int[] pos = new int[k];
        for (int i = 0; i < k; i++) {
            pos[i] = i;
        }
        for (;;) {
            final int[] s = new int[k];
            for (int i = 0; i < k; i++) {
                s[i] = peers[pos[i]];
            }
            out.add(s);
            int i = k - 1;
            while (i >= 0 && pos[i] == peers.length - k + i) {
                i--;
            }
            if (i < 0) {
                return out;
            }
            pos[i]++;
            for (int j = i + 1; j < k; j++) {
                pos[j] = pos[j - 1] + 1;
            }
        }
    }

    /**
     * The forwards of each set ({@code [set][seed]}) over {@code payments} payments of each seed, as
     * the class comment says.
     */
    static long[][] forwards(CsrGraph g, List<int[]> sets, long[] seeds, long payments, int threads,
            boolean log) {
        final ChannelPolicy p = FeeSettings.GRAPH_MEDIAN.resolve(g);
        final GraphOverlay[] xs = new GraphOverlay[sets.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = NewNodeSimulation.overlay(g, sets.get(i), FlowCheckGrid.CHAN_SAT, p);
        }
        final long[][] f = new long[xs.length][seeds.length];
        for (int e = 0; e < seeds.length; e++) {
            final NewNodeSimulation.Settings[] st = new NewNodeSimulation.Settings[xs.length];
            Arrays.fill(st, new NewNodeSimulation.Settings(payments, 0, FlowCheckGrid.AMOUNT_MSAT,
                    PoissonPayments.DEFAULT_RATE_PER_HOUR, BalancePrior.BIMODAL, 0.5, seeds[e]));
            final NewNodeSimulation.Result[] r = NewNodeSimulation.runAll(xs, st, threads, Progress.NONE);
            for (int i = 0; i < xs.length; i++) {
                f[i][e] = r[i].forwarded();
            }
            if (log) {
                System.err.println("seed " + seeds[e] + ": " + xs.length + " sets judged");
            }
        }
        return f;
    }
}
