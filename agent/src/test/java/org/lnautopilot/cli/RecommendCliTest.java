package org.lnautopilot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.io.GraphReaders;
import org.lnautopilot.testing.SharedGraphs;
import org.lnautopilot.testing.TestKeys;

class RecommendCliTest {
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> directives(Map<String, Object> j) {
        return (List<Map<String, Object>>) j.get("directives");
    }

    @Test
    void onThe2019Snapshot() throws Exception {
        Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        String self = TestKeys.key(4242).toHex();
        Cli.Run r = Cli.run("recommend", "--graph", file.toString(), "--self", self, "--seed", "11", "--balance",
                "1000000000", "--max-chan-size", "100000000", "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> j = r.json();
        assertEquals(Map.of("nodes", 3648L, "channels", 31124L), j.get("graph"));
        assertEquals(self, j.get("self"));
        assertEquals(11L, j.get("seed"));
        assertFalse(j.containsKey("flowCheck"), "only greedy_flow makes a flow check");
        List<Map<String, Object>> ds = directives(j);
        assertEquals(5, ds.size(), "6 BTC for 5 channels of at most 1 BTC");
        CsrGraph g = GraphReaders.describeGraph(file);
        Set<String> peers = new HashSet<>();
        for (Map<String, Object> d : ds) {
            String peer = (String) d.get("peer");
            assertTrue(peers.add(peer), "distinct peers");
            assertFalse(peer.equals(self));
            int idx = g.indexOf(NodeId.fromHex(peer));
            assertTrue(idx >= 0 && g.hasAddress(idx));
            assertEquals((long) g.degree(idx), d.get("degree"));
            assertEquals(100_000_000L, d.get("amountSat"));
            assertFalse(((List<?>) d.get("addresses")).isEmpty());
        }
        Map<?, ?> millis = (Map<?, ?>) j.get("millis");
        assertTrue(millis.containsKey("load") && millis.containsKey("decide"));
        Cli.Run again = Cli.run("recommend", "--graph", file.toString(), "--self", self, "--seed", "11", "--balance",
                "1000000000", "--max-chan-size", "100000000", "--json");
        assertEquals(ds, directives(again.json()), "same seed, same recommendation");
    }

    /** greedy_reach on a graph with policies; on the embedded default (no policies) one line, exit 2. */
    @Test
    @SuppressWarnings("unchecked")
    void greedyReachNeedsPolicies() throws Exception {
        Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        Cli.Run r = Cli.run("recommend", "--graph", file.toString(), "--seed", "3", "--heuristic", "greedy_reach",
                "--amount", "50000", "--json");
        assertEquals(0, r.code(), r.err());
        java.util.List<Object> d = (java.util.List<Object>) r.json().get("directives");
        assertEquals(4, d.size(), r.out()); // the default budget: 0.6 BTC, three channels of 16,777,215 sat and the rest
        Cli.Run again = Cli.run("recommend", "--graph", file.toString(), "--seed", "3", "--heuristic", "greedy_reach",
                "--amount", "50000", "--json");
        assertEquals(Cli.peers(r.json()), Cli.peers(again.json()), "same seed, same picks");
        Cli.Run none = Cli.run("recommend", "--heuristic", "greedy_reach", "--seed", "1");
        assertEquals(2, none.code(), none.err());
        assertTrue(none.err().contains("greedy_reach routes payments, so it needs a graph with channel policies"),
                none.err());
        assertEquals(1, none.err().lines().filter(l -> l.startsWith("autopilot:")).count(), none.err()); // after the progress bar
        Cli.Run bad = Cli.run("recommend", "--graph", file.toString(), "--heuristic", "greedy_reach", "--amount", "0");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("--amount must be a positive"), bad.err());
    }

    /**
     * greedy_routing on a graph with policies, with the new node's fee flags; on the embedded default one line,
     * exit 2; a fee flag out of range, one line, exit 2.
     */
    @Test
    void greedyRoutingNeedsPoliciesAndTakesTheFeeFlags() throws Exception {
        Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        Cli.Run r = Cli.run("recommend", "--graph", file.toString(), "--seed", "3", "--heuristic", "greedy_routing",
                "--fee-ppm", "300", "--cltv-delta", "80", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(4, Cli.peers(r.json()).size(), r.out());
        assertTrue(r.err().contains("choosing peers by greedy_routing") && r.err().contains("100%"), r.err());
        Cli.Run again = Cli.run("recommend", "--graph", file.toString(), "--seed", "3", "--heuristic", "greedy_routing",
                "--fee-ppm", "300", "--cltv-delta", "80", "--json");
        assertEquals(Cli.peers(r.json()), Cli.peers(again.json()), "same seed, same picks");
        Cli.Run none = Cli.run("recommend", "--heuristic", "greedy_routing", "--seed", "1");
        assertEquals(2, none.code(), none.err());
        assertTrue(none.err().contains("greedy_routing routes payments, so it needs a graph with channel policies"),
                none.err());
        for (String[] bad : new String[][] {{"--fee-ppm", "-1", "--fee-ppm must be in [0, 2^32)"},
                {"--fee-base", "4294967296", "--fee-base must be in [0, 2^32) msat"},
                {"--cltv-delta", "70000", "--cltv-delta must be in [0, 65535]"}}) {
            Cli.Run b = Cli.run("recommend", "--graph", file.toString(), "--heuristic", "greedy_routing", bad[0], bad[1]);
            assertEquals(2, b.code(), b.err());
            assertTrue(b.err().contains(bad[2]), b.err());
            assertEquals(1, b.err().lines().filter(l -> l.startsWith("autopilot:")).count(), b.err());
        }
    }

    /** --suggest-fee: a rate from the scan on a graph with policies; a note on one without. */
    @Test
    @SuppressWarnings("unchecked")
    void suggestFee() throws Exception {
        Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        Cli.Run r = Cli.run("recommend", "--graph", file.toString(), "--seed", "3", "--suggest-fee", "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> f = (Map<String, Object>) r.json().get("suggestedFee");
        assertEquals(15, ((java.util.List<Object>) f.get("scan")).size(), f.toString());
        assertTrue(f.containsKey("feeRatePpm") && f.containsKey("baseFeeMsat"), f.toString());
        Cli.Run text = Cli.run("recommend", "--graph", file.toString(), "--seed", "3", "--suggest-fee");
        assertTrue(text.out().contains("fee:     charge ") || text.out().contains("fee:     no rate earns"), text.out());
        Cli.Run none = Cli.run("recommend", "--seed", "1", "--suggest-fee");
        assertEquals(0, none.code(), none.err());
        assertTrue(none.out().contains("fee:     no suggestion: the graph has no channel policies"), none.out());
    }

    @Test
    void textOutputOnTheSnapshot() {
        Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        Cli.Run r = Cli.run("recommend", "--graph", file.toString(), "--seed", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("seed:    3 (repeat with --seed 3)"), r.out());
        assertTrue(r.out().contains("total 60,000,000 sat in 4 channel(s)"), r.out());
        assertTrue(r.out().contains("time:    load"), r.out());
    }

    @Test
    void listChannelsNeedsAddresslessNodes() {
        Path file = SharedGraphs.require(SharedGraphs.CLN_2021);
        Cli.Run none = Cli.run("recommend", "--graph", file.toString(), "--seed", "1");
        assertEquals(0, none.code());
        assertTrue(none.out().contains("no channels to open"), none.out());
        assertTrue(none.err().contains("--include-addressless"), none.err());
        Cli.Run some = Cli.run("recommend", "--graph", file.toString(), "--seed", "1", "--include-addressless", "--json");
        assertEquals(0, some.code(), some.err());
    }

    @Test
    void embeddedDefaultGraph() throws Exception {
        Cli.Run r = Cli.run("recommend", "--seed", "5", "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> j = r.json();
        assertEquals(Map.of("nodes", 1_000_000L, "channels", 4_999_985L), j.get("graph"));
        List<Map<String, Object>> ds = directives(j);
        assertEquals(4, ds.size(), "0.6 BTC: three channels of 16,777,215 sat and one of the rest");
        long total = 0;
        for (Map<String, Object> d : ds) {
            total += (Long) d.get("amountSat");
        }
        assertEquals(60_000_000L, total);
        assertTrue(r.err().contains("building the embedded default graph"), "progress shown on stderr");
    }

    /** Issue 29's rough edges: refused before the default graph is built; an empty answer says why. */
    @Test
    void paymentHeuristicsSayWhyTheyOpenNothing() {
        final Cli.Run noGraph = Cli.run("recommend", "--heuristic", "greedy_routing");
        assertEquals(2, noGraph.code());
        assertTrue(noGraph.err().contains("the embedded default graph has none"), noGraph.err());
        assertFalse(noGraph.err().contains("building the embedded default"), "refused before building it");
        final Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        final Cli.Run big = Cli.run("recommend", "--graph", file.toString(), "--heuristic", "greedy_routing", "--amount",
                "50000000", "--seed", "1");
        assertEquals(0, big.code(), big.err());
        assertTrue(big.out().contains("no channels to open: no channel of the graph holds 50,000,000 sat (the largest "
                + "has 16,777,216)"), big.out());
        final Cli.Run eval = Cli.run("evaluate", "--graph", file.toString(), "--heuristics", "greedy_routing", "--amount",
                "50000000", "--trials", "1", "--seed", "1");
        assertEquals(0, eval.code(), eval.err());
        assertFalse(eval.out().contains("NaN"), eval.out());
        assertTrue(eval.out().contains("none: no channel"), eval.out());
    }

    /** A describegraph dump of 12 nodes in a ring with chords, every direction at 1,000 msat + 1 ppm, written into {@code dir}. */
    static Path smallWithPolicies(Path dir) throws java.io.IOException {
        return Cli.ringDump(dir, "small.json", 5_000_000, "{\"time_lock_delta\": 40, \"min_htlc\": \"1000\", "
                + "\"fee_base_msat\": \"1000\", \"fee_rate_milli_msat\": \"1\", \"disabled\": false, "
                + "\"max_htlc_msat\": \"5000000000\"}");
    }

    /**
     * A payment heuristic's picks come with a forecast of their forwards and fee income per 100,000 network
     * payments: the runs EarningsForecast makes for the same peers, settings and seed.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aPaymentHeuristicForecastsItsEarnings(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        final Path file = smallWithPolicies(dir);
        final Cli.Run r = Cli.run("recommend", "--graph", file.toString(), "--heuristic", "greedy_routing", "--amount",
                "20000", "--max-channels", "2", "--max-chan-size", "1000000", "--forecast-runs", "3", "--inbound", "0.25",
                "--seed", "4", "--json");
        assertEquals(0, r.code(), r.err());
        final Map<String, Object> o = r.json();
        final Map<String, Object> f = (Map<String, Object>) o.get("forecast");
        assertEquals(0.25, Cli.num(f.get("inbound")));
        assertEquals(3.0, Cli.num(f.get("runs")));
        final org.lnautopilot.simulation.EarningsForecast.Forecast want = org.lnautopilot.simulation.EarningsForecast
                .forecast(picks(file, o), new org.lnautopilot.simulation.NewNodeSimulation.Settings(100_000, 0,
                        20_000_000L, 3600, org.lnautopilot.simulation.BalancePrior.BIMODAL, 0.25, 4), 3, 1,
                        org.lnautopilot.graph.Progress.NONE);
        final Map<String, Object> fw = (Map<String, Object>) f.get("forwardsPer100k");
        assertEquals(want.forwards().mean(), Cli.num(fw.get("mean")), 1e-9);
        assertEquals(want.forwards().lo(), Cli.num(fw.get("lo")), 1e-9);
        assertEquals(want.forwards().hi(), Cli.num(fw.get("hi")), 1e-9);
        final Map<String, Object> fe = (Map<String, Object>) f.get("feeIncomeMsatPer100k");
        assertEquals(want.feeIncomeMsat().mean(), Cli.num(fe.get("mean")), 1e-9);
        assertTrue(want.forwards().mean() > 0, "the picks forward something on this ring: " + want);
        final Cli.Run text = Cli.run("recommend", "--graph", file.toString(), "--heuristic", "greedy_routing", "--amount",
                "20000", "--max-channels", "2", "--max-chan-size", "1000000", "--forecast-runs", "2", "--seed", "4");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("forecast: per 100,000 network payments of 20,000 sat, channels 50% inbound"),
                text.out());
        for (String[] bad : new String[][] {{"--inbound", "1.5", "--inbound must be a share in [0, 1] or auto"},
            {"--flow-check", "fast", "--flow-check must be quick or thorough, got fast"},
            {"--forecast-runs", "1", "--forecast-runs must be 0 or at least 2"},
            {"--forecast-runs", "-1", "--forecast-runs must be 0 or at least 2"}}) {
            final Cli.Run b = Cli.run("recommend", "--graph", file.toString(), bad[0], bad[1]);
            assertEquals(2, b.code(), String.join(" ", bad));
            assertTrue(b.err().contains(bad[2]), b.err());
        }
    }

    /**
     * greedy_flow with --inbound auto: each pick gets a share from the grid, the one InboundPlan chooses
     * for the same peers on the training seed's payments, and the forecast runs with that plan; auto
     * with a heuristic that does not route payments, and greedy_flow without policies, are one line, exit 2.
     */
    @Test
    @SuppressWarnings("unchecked")
    void greedyFlowWithAutoInboundPlansEachChannel(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        final Path file = smallWithPolicies(dir);
        final Cli.Run r = Cli.run("recommend", "--graph", file.toString(), "--heuristic", "greedy_flow", "--amount",
                "20000", "--max-channels", "2", "--max-chan-size", "1000000", "--forecast-runs", "2", "--inbound", "auto",
                "--seed", "5", "--json");
        assertEquals(0, r.code(), r.err());
        final Map<String, Object> o = r.json();
        assertEquals("auto", ((Map<String, Object>) o.get("forecast")).get("inbound"));
        assertEquals(Map.of("name", "quick", "check", "3 variants, 2 checks of 10000 payments by income"),
                o.get("flowCheck"));
        final java.util.List<Object> ds = (java.util.List<Object>) o.get("directives");
        assertEquals(2, ds.size());
        final double[] shares = new double[ds.size()];
        for (int i = 0; i < shares.length; i++) {
            shares[i] = Cli.num(((Map<String, Object>) ds.get(i)).get("inbound"));
        }
        final org.lnautopilot.graph.GraphOverlay x = picks(file, o);
        final double[] want = org.lnautopilot.simulation.InboundPlan.choose(x,
                new org.lnautopilot.simulation.NewNodeSimulation.Settings(25_000, 0, 20_000_000L, 3600,
                        org.lnautopilot.simulation.BalancePrior.BIMODAL, 0.5,
                        org.lnautopilot.simulation.InboundPlan.trainingSeed(5)), 1, null).inbound();
        org.junit.jupiter.api.Assertions.assertArrayEquals(want, shares, 0);
        final Cli.Run text = Cli.run("recommend", "--graph", file.toString(), "--heuristic", "greedy_flow", "--amount",
                "20000", "--max-channels", "2", "--max-chan-size", "1000000", "--inbound", "auto", "--seed", "5");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("inbound  addresses"), text.out());
        assertTrue(text.out().contains("heuristic: greedy_flow (flow check quick: 3 variants, 2 checks of 10000 "
                + "payments by income)"), text.out());
        final Cli.Run thorough = Cli.run("recommend", "--graph", file.toString(), "--heuristic", "greedy_flow",
                "--amount", "20000", "--max-channels", "2", "--max-chan-size", "1000000", "--flow-check", "thorough",
                "--seed", "5");
        assertEquals(0, thorough.code(), thorough.err());
        assertTrue(thorough.out().contains("heuristic: greedy_flow (flow check thorough: every pick left out, 3 checks "
                + "of 100000 payments by first attempts, the first check's best 3 go on)"), thorough.out());
        final Cli.Run scorer = Cli.run("recommend", "--graph", file.toString(), "--heuristic", "preferential",
                "--inbound", "auto");
        assertEquals(2, scorer.code());
        assertTrue(scorer.err().contains("--inbound auto plans the channels of a payment heuristic"), scorer.err());
        final Cli.Run bare = Cli.run("recommend", "--heuristic", "greedy_flow");
        assertEquals(2, bare.code());
        assertTrue(bare.err().contains("greedy_flow routes payments, so it needs a graph with channel policies"),
                bare.err());
        assertEquals(1, bare.err().strip().lines().count(), bare.err());
    }

    /** The new node of recommend's JSON output {@code o} on {@code file}: a channel to each directive's peer, at the graph's median policy. */
    @SuppressWarnings("unchecked")
    static org.lnautopilot.graph.GraphOverlay picks(Path file, Map<String, Object> o) throws java.io.IOException {
        final org.lnautopilot.graph.CsrGraph g = org.lnautopilot.io.GraphReaders.read(file,
                new org.lnautopilot.io.GraphReaders.Options(false, false));
        final java.util.List<Object> ds = (java.util.List<Object>) o.get("directives");
        final int[] peers = new int[ds.size()];
        final long[] caps = new long[ds.size()];
        for (int i = 0; i < peers.length; i++) {
            final Map<String, Object> d = (Map<String, Object>) ds.get(i);
            peers[i] = g.indexOf(org.lnautopilot.NodeId.fromHex((String) d.get("peer")));
            caps[i] = (long) Cli.num(d.get("amountSat"));
        }
        return new org.lnautopilot.graph.GraphOverlay(g, peers, caps,
                org.lnautopilot.routing.FeeSettings.GRAPH_MEDIAN.resolve(g));
    }
}
