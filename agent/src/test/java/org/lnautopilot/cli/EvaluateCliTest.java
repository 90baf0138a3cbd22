package org.lnautopilot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnautopilot.testing.SharedGraphs;

/** {@code autopilot evaluate} end to end through picocli. */
class EvaluateCliTest {
    @Test
    @SuppressWarnings("unchecked")
    void jsonHasEveryHeuristicAndTrialAndTheSameSeedRepeats(@TempDir Path dir) throws IOException {
        Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        Path png = dir.resolve("eval.png");
        String[] args = {"evaluate", "--graph", file.toString(), "--trials", "2", "--chans", "3", "--seed", "5",
            "--heuristics", "uniform,preferential:0.3,top_centrality:0.7,greedy_centrality", "--json", "--plot", png.toString()};
        Cli.Run r = Cli.run(args);
        assertEquals(0, r.code(), r.err());
        Map<String, Object> o = r.json();
        assertEquals(3648.0, Cli.num(((Map<String, Object>) o.get("graph")).get("nodes")));
        assertEquals(3.0, Cli.num(o.get("chans")));
        assertEquals(2.0, Cli.num(o.get("trials")));
        assertEquals(5.0, Cli.num(o.get("seed")));
        List<Object> results = (List<Object>) o.get("results");
        assertEquals(3, results.size(), "uniform, one weighted combination, greedy");
        Map<String, Object> greedy = (Map<String, Object>) results.get(2);
        assertEquals("greedy_centrality", greedy.get("heuristic"));
        List<Object> trials = (List<Object>) greedy.get("trials");
        assertEquals(2, trials.size());
        Map<String, Object> t0 = (Map<String, Object>) trials.get(0);
        assertEquals(3, ((List<Object>) t0.get("peers")).size());
        for (String k : new String[] {"betweenness", "rank", "meanHops", "reach2", "reach3"}) {
            assertTrue(t0.containsKey(k), k);
            assertTrue(((Map<String, Object>) greedy.get("mean")).containsKey(k), k);
        }
        Map<String, Object> uniform = (Map<String, Object>) results.get(0);
        assertTrue(Cli.num(((Map<String, Object>) greedy.get("mean")).get("betweenness"))
                > Cli.num(((Map<String, Object>) uniform.get("mean")).get("betweenness")), "greedy buys more than uniform");
        assertTrue(Files.size(png) > 10_000, "a PNG was written");
        Cli.Run again = Cli.run(args);
        assertEquals(r.out(), again.out(), "same seed, same output");
    }

    @Test
    @SuppressWarnings("unchecked")
    void newcomersReportConcentrationBeforeAndAfter() throws IOException {
        Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        Cli.Run r = Cli.run("evaluate", "--graph", file.toString(), "--trials", "1", "--seed", "2", "--heuristics",
                "constrained,uniform", "--newcomers", "4", "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> nc = (Map<String, Object>) r.json().get("newcomers");
        assertEquals(4.0, Cli.num(nc.get("count")));
        assertEquals("exact", nc.get("betweenness"));
        List<Object> rs = (List<Object>) nc.get("results");
        assertEquals(2, rs.size());
        for (Object o : rs) {
            Map<String, Object> m = (Map<String, Object>) o;
            double before = Cli.num(((Map<String, Object>) m.get("before")).get("degreeGini"));
            double after = Cli.num(((Map<String, Object>) m.get("after")).get("degreeGini"));
            assertTrue(before > 0.5 && before < 1 && after > 0.5 && after < 1, m.toString());
            assertTrue(Cli.num(((Map<String, Object>) m.get("after")).get("top1Share")) > 0, m.toString());
        }
        Cli.Run text = Cli.run("evaluate", "--graph", file.toString(), "--trials", "1", "--seed", "2", "--heuristics",
                "uniform", "--newcomers", "2");
        assertTrue(text.out().contains("network: 2 newcomers join one after another"), text.out());
        Cli.Run bad = Cli.run("evaluate", "--graph", file.toString(), "--newcomers", "-1");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--newcomers must be non-negative"), bad.err());
    }

    @Test
    @SuppressWarnings("unchecked")
    void paymentMetricsBesideTheHopMetricsOnAGraphWithPolicies(@TempDir Path dir) throws IOException {
        Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        Cli.Run r = Cli.run("evaluate", "--graph", file.toString(), "--trials", "2", "--seed", "3", "--heuristics",
                "uniform,top_centrality", "--receivers", "200", "--fee-ppm", "500", "--amount", "50000", "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> o = r.json();
        assertEquals(50_000.0, Cli.num(o.get("amountSat")));
        Map<String, Object> policy = (Map<String, Object>) o.get("policy");
        assertEquals(500.0, Cli.num(policy.get("feeRatePpm")));
        assertTrue(policy.containsKey("baseFeeMsat") && policy.containsKey("timeLockDelta"), policy.toString());
        assertEquals(200.0, Cli.num(o.get("paymentReceivers")));
        for (Object res : (List<Object>) o.get("results")) {
            Map<String, Object> m = (Map<String, Object>) res;
            for (String k : new String[] {"routingShare", "feeIncomeMsat", "ownSuccess", "ownFeeMsat", "ownReach",
                "betweenness"}) {
                assertTrue(((Map<String, Object>) m.get("mean")).containsKey(k), k);
                for (Object t : (List<Object>) m.get("trials")) {
                    assertTrue(((Map<String, Object>) t).containsKey(k), k);
                }
            }
            double success = Cli.num(((Map<String, Object>) m.get("mean")).get("ownSuccess"));
            assertTrue(success > 0 && success <= 0.95, "own success " + success);
        }
        Cli.Run text = Cli.run("evaluate", "--graph", file.toString(), "--trials", "1", "--seed", "3", "--heuristics",
                "uniform", "--receivers", "100", "--plot", dir.resolve("p.png").toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("payments: 100,000 sat between nodes drawn by capacity"), text.out());
        assertTrue(text.out().contains("routing share"), text.out());
        assertTrue(Files.size(dir.resolve("p.png")) > 10_000);
        Cli.Run fee = Cli.run("evaluate", "--graph", file.toString(), "--trials", "1", "--seed", "3", "--heuristics",
                "top_centrality", "--receivers", "100", "--suggest-fee", "--json");
        assertEquals(0, fee.code(), fee.err());
        Map<String, Object> res = (Map<String, Object>) ((List<Object>) fee.json().get("results")).get(0);
        assertEquals(15, ((List<Object>) ((Map<String, Object>) res.get("suggestedFee")).get("scan")).size());
    }

    /** greedy_routing in the comparison: its peers forward more payments than uniform's, on the same receivers. */
    @Test
    @SuppressWarnings("unchecked")
    void greedyRoutingForwardsMoreThanUniform() throws IOException {
        Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        Cli.Run r = Cli.run("evaluate", "--graph", file.toString(), "--trials", "3", "--seed", "5", "--heuristics",
                "uniform,greedy_routing", "--receivers", "300", "--chan-size", "1000000", "--json");
        assertEquals(0, r.code(), r.err());
        final Map<String, Double> share = new java.util.HashMap<>();
        for (Object res : (List<Object>) r.json().get("results")) {
            Map<String, Object> m = (Map<String, Object>) res;
            share.put((String) m.get("heuristic"), Cli.num(((Map<String, Object>) m.get("mean")).get("routingShare")));
        }
        assertTrue(share.get("greedy_routing") > 3 * share.get("uniform"), share.toString());
    }

    /**
     * --simulate: every trial carries part 4's figures, each equal to a simulation of its own peers on
     * the same payments and starting balances (NewNodeSimulation, as simulate-payments --peers runs it),
     * trials with the same peers share one run, and the same seed repeats the output.
     */
    @Test
    @SuppressWarnings("unchecked")
    void simulateReportsEachTrialsRealisedForwardsOnCommonPayments() throws IOException {
        Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        String[] args = {"evaluate", "--graph", file.toString(), "--trials", "2", "--seed", "7", "--heuristics",
            "uniform,greedy_routing", "--receivers", "100", "--chan-size", "1000000", "--simulate", "1500",
            "--own-payments", "50", "--json"};
        Cli.Run r = Cli.run(args);
        assertEquals(0, r.code(), r.err());
        Map<String, Object> o = r.json();
        Map<String, Object> sim = (Map<String, Object>) o.get("simulation");
        assertEquals(1500.0, Cli.num(sim.get("payments")));
        assertEquals(0.5, Cli.num(sim.get("inbound")));
        org.lnautopilot.graph.CsrGraph g = org.lnautopilot.io.GraphReaders.read(file,
                new org.lnautopilot.io.GraphReaders.Options(true, false));
        org.lnautopilot.ChannelPolicy policy = org.lnautopilot.routing.FeeSettings.GRAPH_MEDIAN.resolve(g);
        org.lnautopilot.simulation.NewNodeSimulation.Settings settings = new org.lnautopilot.simulation
                .NewNodeSimulation.Settings(1500, 50, 100_000_000L, 3600, org.lnautopilot.simulation.BalancePrior.BIMODAL,
                0.5, 7);
        for (Object res : (List<Object>) o.get("results")) {
            Map<String, Object> m = (Map<String, Object>) res;
            for (String k : new String[] {"forwarded", "forwardedMsat", "feeIncomeSimMsat", "failedAtX",
                "realisedShare", "ownSuccessSim"}) {
                assertTrue(((Map<String, Object>) m.get("mean")).containsKey(k), k);
                assertTrue(((Map<String, Object>) m.get("ci95")).containsKey(k), k);
            }
            for (Object t : (List<Object>) m.get("trials")) {
                Map<String, Object> trial = (Map<String, Object>) t;
                List<Object> keys = (List<Object>) trial.get("peers");
                int[] peers = new int[keys.size()];
                for (int i = 0; i < peers.length; i++) {
                    peers[i] = g.indexOf(org.lnautopilot.NodeId.fromHex((String) keys.get(i)));
                }
                org.lnautopilot.simulation.NewNodeSimulation.Result own = org.lnautopilot.simulation.NewNodeSimulation
                        .run(org.lnautopilot.simulation.NewNodeSimulation.overlay(g, peers, 1_000_000, policy), settings,
                                org.lnautopilot.graph.Progress.NONE);
                String where = m.get("heuristic") + " " + keys;
                assertEquals((double) own.forwarded(), Cli.num(trial.get("forwarded")), where);
                assertEquals((double) own.feeIncomeMsat(), Cli.num(trial.get("feeIncomeSimMsat")), where);
                assertEquals((double) own.failedAtX(), Cli.num(trial.get("failedAtX")), where);
                assertEquals(own.realisedShare(), Cli.num(trial.get("realisedShare")), 1e-15, where);
                assertEquals(own.ownSuccess(), Cli.num(trial.get("ownSuccessSim")), 1e-15, where);
                assertEquals(1500, own.payments());
                assertEquals(50, own.ownPayments());
            }
        }
        assertEquals(r.out(), Cli.run(args).out());
        Cli.Run text = Cli.run("evaluate", "--graph", file.toString(), "--trials", "1", "--seed", "7", "--heuristics",
                "uniform", "--receivers", "100", "--simulate", "500", "--inbound", "0");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("simulated: 500 of the network's payments"), text.out());
        assertTrue(text.out().contains("channels 0% inbound"), text.out());
    }

    /**
     * --inbound auto: each trial's channels get InboundPlan's shares, chosen on the training seed's payments,
     * then simulated on --seed's; the mean share is reported, and greedy_flow can be named.
     */
    @Test
    @SuppressWarnings("unchecked")
    void autoInboundPlansEachTrialsChannelsOnOtherPayments(@TempDir Path dir) throws IOException {
        Path file = RecommendCliTest.smallWithPolicies(dir);
        String[] args = {"evaluate", "--graph", file.toString(), "--trials", "2", "--seed", "3", "--heuristics",
            "preferential,greedy_flow", "--chans", "2", "--chan-size", "1000000", "--amount", "20000", "--simulate",
            "400", "--inbound", "auto", "--forecast-runs", "2", "--json"};
        Cli.Run r = Cli.run(args);
        assertEquals(0, r.code(), r.err());
        Map<String, Object> o = r.json();
        assertEquals("auto", ((Map<String, Object>) o.get("simulation")).get("inbound"));
        org.lnautopilot.graph.CsrGraph g = org.lnautopilot.io.GraphReaders.read(file,
                new org.lnautopilot.io.GraphReaders.Options(false, false));
        org.lnautopilot.ChannelPolicy policy = org.lnautopilot.routing.FeeSettings.GRAPH_MEDIAN.resolve(g);
        org.lnautopilot.simulation.NewNodeSimulation.Settings settings = new org.lnautopilot.simulation
                .NewNodeSimulation.Settings(400, 0, 20_000_000L, 3600, org.lnautopilot.simulation.BalancePrior.BIMODAL,
                0.5, 3);
        int trials = 0;
        for (Object res : (List<Object>) o.get("results")) {
            for (Object t : (List<Object>) ((Map<String, Object>) res).get("trials")) {
                Map<String, Object> trial = (Map<String, Object>) t;
                List<Object> keys = (List<Object>) trial.get("peers");
                int[] peers = new int[keys.size()];
                for (int i = 0; i < peers.length; i++) {
                    peers[i] = g.indexOf(org.lnautopilot.NodeId.fromHex((String) keys.get(i)));
                }
                org.lnautopilot.graph.GraphOverlay x = org.lnautopilot.simulation.NewNodeSimulation.overlay(g, peers,
                        1_000_000, policy);
                double[] plan = org.lnautopilot.simulation.InboundPlan.choose(x, new org.lnautopilot.simulation
                        .NewNodeSimulation.Settings(400, 0, 20_000_000L, 3600,
                        org.lnautopilot.simulation.BalancePrior.BIMODAL, 0.5,
                        org.lnautopilot.simulation.InboundPlan.trainingSeed(3)), 1, null).inbound();
                org.lnautopilot.simulation.NewNodeSimulation.Result want = org.lnautopilot.simulation.NewNodeSimulation
                        .run(x, settings.withInbound(plan), org.lnautopilot.graph.Progress.NONE);
                assertEquals((double) want.forwarded(), Cli.num(trial.get("forwarded")), String.valueOf(keys));
                assertEquals((double) want.feeIncomeMsat(), Cli.num(trial.get("feeIncomeSimMsat")), String.valueOf(keys));
                double mean = java.util.Arrays.stream(plan).average().orElse(0);
                assertEquals(mean, Cli.num(trial.get("inboundShareSim")), 1e-12, String.valueOf(keys));
                if (trials % 2 == 0) {
                    // The first trial of each heuristic: greedy_flow's carries the forecast, preferential's not.
                    Map<String, Object> f = (Map<String, Object>) ((Map<String, Object>) res).get("forecast");
                    if (trials == 0) {
                        assertEquals(null, f, "preferential routes no payments: no forecast");
                    } else {
                        org.lnautopilot.simulation.EarningsForecast.Forecast fc = org.lnautopilot.simulation
                                .EarningsForecast.forecast(x, settings.withInbound(plan).withSeed(
                                        org.lnautopilot.simulation.EarningsForecast.runSeed(3, 1_000_003)), 2, 1, null);
                        Map<String, Object> fw = (Map<String, Object>) f.get("forwards");
                        assertEquals(fc.forwards().mean(), Cli.num(fw.get("mean")), 1e-9);
                        assertEquals(fc.forwards().hi(), Cli.num(fw.get("hi")), 1e-9);
                        assertEquals((double) want.forwarded(), Cli.num(f.get("simulatedForwards")));
                        assertEquals(want.forwarded() >= fc.forwards().lo() && want.forwarded() <= fc.forwards().hi(),
                                f.get("inside"));
                    }
                }
                trials++;
            }
        }
        assertEquals(4, trials);
        Cli.Run text = Cli.run("evaluate", "--graph", file.toString(), "--trials", "1", "--seed", "3", "--heuristics",
                "uniform", "--chans", "2", "--amount", "20000", "--simulate", "300", "--inbound", "auto");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("channels auto (each channel's share from 0, 25, 50, 75%"), text.out());
    }

    /** A listchannels dump has no addresses: without --include-addressless no peer can be picked, and evaluate says so. */
    @Test
    void aGraphWithoutAddressesGetsANote() {
        Path file = SharedGraphs.require(SharedGraphs.CLN_2021);
        Cli.Run r = Cli.run("evaluate", "--graph", file.toString(), "--trials", "1", "--seed", "1", "--heuristics",
                "uniform", "--receivers", "20");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("no node of this graph advertises an address"), r.err());
        assertTrue(r.out().contains("none: no channel"), r.out());
    }

    @Test
    void badSimulationFlagsAreOneLineExitTwo(@TempDir Path dir) throws IOException {
        Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        for (String[] bad : new String[][] {{"--simulate", "-1", "--simulate must be at least 0"},
            {"--own-payments", "-2", "--own-payments must be at least 0"},
            {"--inbound", "1.5", "--inbound must be a share in [0, 1] or auto"},
            {"--inbound", "lots", "--inbound must be a share in [0, 1] or auto"},
            {"--flow-check", "fast", "--flow-check must be quick or thorough, got fast"},
            {"--own-payments", "5", "--own-payments needs --simulate N"},
            {"--forecast-runs", "1", "--forecast-runs must be 0 or at least 2"},
            {"--forecast-runs", "3", "--forecast-runs needs --simulate N"},
            {"--balances", "wavy", "--balances"}}) {
            Cli.Run r = Cli.run("evaluate", "--graph", file.toString(), bad[0], bad[1]);
            assertEquals(2, r.code(), String.join(" ", bad));
            assertTrue(r.err().contains(bad[2]), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        Cli.Run plain = Cli.run("evaluate", "--graph", withoutPolicies(dir).toString(), "--heuristics", "uniform",
                "--chans", "2", "--simulate", "100");
        assertEquals(2, plain.code(), plain.err());
        assertTrue(plain.err().contains("--simulate makes payments, so it needs a graph with channel policies"),
                plain.err());
        assertEquals(1, plain.err().strip().lines().count(), plain.err());
    }

    /** A describegraph dump of 12 nodes in a ring with chords, every policy null, written into {@code dir}. */
    static Path withoutPolicies(Path dir) throws IOException {
        return Cli.ringDump(dir, "plain.json", 1_000_000, "null");
    }

    /** A describegraph dump without policies: the hop metrics alone, and one line saying why. */
    @Test
    @SuppressWarnings("unchecked")
    void withoutPoliciesOnlyHopsAndOneNote(@TempDir Path dir) throws IOException {
        final Path file = withoutPolicies(dir);
        Cli.Run text = Cli.run("evaluate", "--graph", file.toString(), "--trials", "2", "--seed", "1", "--heuristics",
                "uniform", "--chans", "2");
        assertEquals(0, text.code(), text.err());
        assertEquals(1, text.out().split("no channel policies", -1).length - 1, text.out());
        Cli.Run j = Cli.run("evaluate", "--graph", file.toString(), "--trials", "2", "--seed", "1", "--heuristics",
                "uniform", "--chans", "2", "--json");
        assertEquals(0, j.code(), j.err());
        assertTrue(String.valueOf(j.json().get("note")).contains("no channel policies"));
        assertTrue(!j.json().containsKey("amountSat"));
    }

    @Test
    void badPaymentFlagsAreOneLineExitTwo() {
        Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        for (String[] bad : new String[][] {{"--amount", "0", "--amount must be a positive"},
            {"--amount", "-5", "--amount must be a positive"}, {"--fee-base", "-1", "--fee-base must be in"},
            {"--fee-ppm", "-3", "--fee-ppm must be in"}, {"--cltv-delta", "70000", "--cltv-delta must be in"},
            {"--chan-size", "100", "--chan-size must be at least"}, {"--receivers", "-1", "--receivers must be"}}) {
            Cli.Run r = Cli.run("evaluate", "--graph", file.toString(), bad[0], bad[1]);
            assertEquals(2, r.code(), String.join(" ", bad));
            assertTrue(r.err().contains(bad[2]), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }

    @Test
    void badInputIsOneLine() {
        Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        Cli.Run h = Cli.run("evaluate", "--graph", file.toString(), "--heuristics", "uniform,bogus");
        assertEquals(2, h.code());
        assertTrue(h.err().startsWith("autopilot: --heuristics: unknown heuristic 'bogus'"), h.err());
        Cli.Run k = Cli.run("evaluate", "--graph", file.toString(), "--chans", "0");
        assertEquals(2, k.code());
        assertTrue(k.err().contains("--chans must be at least 1, got 0"), k.err());
        Cli.Run t = Cli.run("evaluate", "--graph", file.toString(), "--trials", "0");
        assertEquals(2, t.code());
        assertTrue(t.err().contains("--trials must be at least 1"), t.err());
        Cli.Run missing = Cli.run("evaluate", "--graph", "/nonexistent/graph.json");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no such file: /nonexistent/graph.json"), missing.err());
        Cli.Run ext = Cli.run("evaluate", "--graph", file.toString(), "--heuristics", "uniform,externalscore");
        assertEquals(2, ext.code());
        assertTrue(ext.err().contains("--heuristics externalscore needs --scores FILE"), ext.err());
        Cli.Run noGraph = Cli.run("evaluate");
        assertEquals(2, noGraph.code());
        for (Cli.Run x : List.of(h, k, t, missing, ext, noGraph)) {
            assertEquals(1, x.err().strip().lines().filter(l -> l.startsWith("autopilot:")).count(), x.err());
        }
    }

    @Test
    void splittingKeepsCombinationsTogether() {
        assertEquals(List.of("uniform", "preferential:0.3,top_centrality:0.7", "greedy_centrality"),
                EvaluateCommand.splitHeuristics("uniform,preferential:0.3,top_centrality:0.7,greedy_centrality"));
    }
}
