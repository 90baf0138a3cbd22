package org.lnautopilot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.io.GraphReaders;
import org.lnautopilot.testing.SharedGraphs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code autopilot simulate-payments} end to end through picocli, on the 2019 snapshot. */
class SimulatePaymentsCliTest {
    static String peers(Path file, int... idx) throws IOException {
        final CsrGraph g = GraphReaders.describeGraph(file);
        final StringBuilder s = new StringBuilder();
        for (int i : idx) {
            s.append(s.length() == 0 ? "" : ",").append(g.nodeId(i).toHex());
        }
        return s.toString();
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonEventsAndPlotDescribeTheRunAndTheSameSeedRepeats(@TempDir Path dir) throws IOException {
        final Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        final Path ev = dir.resolve("events.csv");
        final Path png = dir.resolve("x.png");
        final String[] args = {"simulate-payments", "--graph", file.toString(), "--payments", "300", "--seed", "4",
            "--heuristic", "preferential", "--inbound", "0.5", "--json", "--events", ev.toString(), "--plot", png.toString()};
        final Cli.Run r = Cli.run(args);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("simulating payments"), "a progress bar on stderr");
        final Map<String, Object> o = r.json();
        assertEquals(300.0, Cli.num(o.get("payments")));
        final double ok = Cli.num(o.get("succeeded"));
        assertEquals(ok / 300, Cli.num(o.get("successRate")), 1e-12);
        assertTrue(Cli.num(o.get("attemptsPerPayment")) >= 1);
        final Map<String, Object> x = (Map<String, Object>) o.get("x");
        for (String k : new String[] {"forwarded", "forwardedMsat", "feeIncomeMsat", "failedAtX", "firstAttemptShare"}) {
            assertTrue(x.containsKey(k), k);
        }
        final List<Object> chans = (List<Object>) x.get("channels");
        assertEquals(5, chans.size());
        final List<String> lines = Files.readAllLines(ev);
        assertEquals(SimulationEvents.HEADER, lines.get(0));
        assertTrue(lines.size() - 1 >= 300, "one line per attempt");
        long oks = lines.stream().filter(l -> l.split(",", -1)[7].equals("ok")).count();
        assertEquals((long) ok, oks, "an ok line per payment that arrived");
        for (String l : lines.subList(1, lines.size())) {
            final String[] f = l.split(",", -1);
            assertEquals(10, f.length, l);
            assertEquals(f[7].equals("fail"), !f[8].isEmpty(), l);
            assertEquals(f[7].equals("noroute"), f[6].isEmpty(), l);
        }
        assertTrue(Files.size(png) > 10_000, "a PNG was written");
        final Cli.Run again = Cli.run(args);
        assertEquals(stripMillis(r.out()), stripMillis(again.out()), "same seed, same output");
        assertEquals(lines, Files.readAllLines(ev), "same seed, same events");
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file is left behind");
        }
    }

    static String stripMillis(String json) {
        return json.replaceAll("\"millis\":\\{[^}]*\\}", "");
    }

    /** A replay with half balances gives the same events every time: written here, then replayed. */
    @Test
    void aReplayIsExact(@TempDir Path dir) throws IOException {
        final Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        final Path first = dir.resolve("first.csv");
        assertEquals(0, Cli.run("simulate-payments", "--graph", file.toString(), "--payments", "200", "--seed", "9",
                "--events", first.toString()).code());
        // The drawn payments, as a replay file.
        final StringBuilder replay = new StringBuilder();
        String last = "";
        for (String l : Files.readAllLines(first).subList(1, Files.readAllLines(first).size())) {
            final String[] f = l.split(",", -1);
            if (!f[0].equals(last)) {
                replay.append(f[2]).append(',').append(f[3]).append(',').append(f[4]).append(',').append(f[5]).append('\n');
                last = f[0];
            }
        }
        final Path pay = dir.resolve("pay.csv");
        Files.writeString(pay, replay);
        final Path a = dir.resolve("a.csv");
        final Path b = dir.resolve("b.csv");
        final String p = peers(file, 10, 20, 30);
        for (Path out : new Path[] {a, b}) {
            final Cli.Run r = Cli.run("simulate-payments", "--graph", file.toString(), "--payments-file", pay.toString(),
                    "--balances", "half", "--peers", p, "--inbound", "0.5", "--events", out.toString(), "--seed",
                    out == a ? "1" : "2");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("200 replayed"), r.out());
        }
        assertEquals(Files.readAllLines(a), Files.readAllLines(b), "half balances: the seed changes nothing but X's key");
    }

    @Test
    void badInputIsOneLine(@TempDir Path dir) throws IOException {
        final Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        final String p = peers(file, 10, 20);
        final String twice = peers(file, 10, 10);
        final String unknown = org.lnautopilot.testing.TestKeys.key(999_999).toHex();
        final Path noDir = dir.resolve("missing").resolve("e.csv");
        for (String[] bad : new String[][] {
            {"--inbound", "1.5", "--inbound must lie in [0, 1]"}, {"--inbound", "-0.1", "--inbound must lie"},
            {"--flow-check", "fast", "--flow-check must be quick or thorough, got fast"},
            {"--rate", "0", "--rate must be a positive"}, {"--rate", "-2", "--rate must be a positive"},
            {"--payments", "0", "--payments must be positive"}, {"--payments", "-3", "--payments must be positive"},
            {"--balances", "lumpy", "--balances: unknown balance prior"}, {"--peers", unknown, "is not a node of the graph"},
            {"--peers", twice, "is given twice"}, {"--peers", "abc", "--peers:"},
            {"--events", noDir.toString(), "--events: cannot write"}, {"--plot", dir.toString(), "--plot: cannot write"},
            {"--amount", "0", "--amount must be a positive"}, {"--own-payments", "-1", "--own-payments must be at least"},
            {"--own-payments", "5", "--own-payments needs a new node"}}) {
            final Cli.Run r = Cli.run("simulate-payments", "--graph", file.toString(), bad[0], bad[1]);
            assertEquals(2, r.code(), String.join(" ", bad) + ": " + r.err());
            assertTrue(r.err().contains(bad[2]), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        final Cli.Run both = Cli.run("simulate-payments", "--graph", file.toString(), "--peers", p, "--heuristic",
                "uniform");
        assertEquals(2, both.code());
        final Cli.Run plain = Cli.run("simulate-payments", "--graph", EvaluateCliTest.withoutPolicies(dir).toString());
        assertEquals(2, plain.code());
        assertTrue(plain.err().contains("needs a graph with channel policies"), plain.err());
        assertEquals(1, plain.err().strip().lines().count(), plain.err());
    }

    /** --own-payments: X pays M receivers among the others' payments; its success is reported. */
    @Test
    @SuppressWarnings("unchecked")
    void theNewNodesOwnPaymentsAreMadeAndCounted(@TempDir Path dir) throws IOException {
        final Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        final Path ev = dir.resolve("ev.csv");
        final Cli.Run r = Cli.run("simulate-payments", "--graph", file.toString(), "--payments", "200", "--own-payments",
                "40", "--peers", peers(file, 10, 20, 30), "--seed", "3", "--json", "--events", ev.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(240.0, Cli.num(r.json().get("payments")));
        final Map<String, Object> x = (Map<String, Object>) r.json().get("x");
        assertEquals(40.0, Cli.num(x.get("ownPayments")));
        final double ok = Cli.num(x.get("ownSucceeded"));
        assertEquals(ok / 40, Cli.num(x.get("ownSuccessSim")), 1e-12);
        final String xKey = (String) x.get("key");
        final List<String> lines = Files.readAllLines(ev);
        final long xPayments = lines.stream().skip(1).map(l -> l.split(",", -1)).filter(f -> f[1].equals("1")
                && f[3].equals(xKey)).count();
        assertEquals(40, xPayments, "40 payments sent by the new node");
        final long xOk = lines.stream().skip(1).map(l -> l.split(",", -1)).filter(f -> f[3].equals(xKey)
                && f[7].equals("ok")).count();
        assertEquals((long) ok, xOk);
        assertTrue(Cli.run("simulate-payments", "--graph", file.toString(), "--payments-file", ev.toString(),
                "--own-payments", "3", "--peers", peers(file, 10)).err().contains("--own-payments"));
    }

    @Test
    void aBadReplayFileNamesItsLineAndWritesNothing(@TempDir Path dir) throws IOException {
        final Path file = SharedGraphs.require(SharedGraphs.LND_2019);
        final CsrGraph g = GraphReaders.describeGraph(file);
        final String a = g.nodeId(1).toHex();
        final String b = g.nodeId(2).toHex();
        final Path ev = dir.resolve("ev.csv");
        for (String[] bad : new String[][] {{"5," + a + "," + b + ",1000\n4," + b + "," + a + ",1000\n", "line 2"},
            {"1," + a + "," + a + ",1000\n", "line 1"}, {"1," + a + "," + b + ",x\n", "line 1"},
            {"1," + a + ",02" + "00".repeat(32) + ",1000\n", "not a node of the graph"}}) {
            final Path pay = dir.resolve("pay.csv");
            Files.writeString(pay, bad[0]);
            final Cli.Run r = Cli.run("simulate-payments", "--graph", file.toString(), "--payments-file", pay.toString(),
                    "--events", ev.toString());
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().contains(bad[1]), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(ev), "nothing half-written");
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the replay file: no temporary file is left behind");
        }
    }
}
