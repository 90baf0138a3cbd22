package org.lnautopilot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnautopilot.testing.TestKeys;

/** Every error path prints one line on stderr, nothing on stdout, and exits non-zero. */
class BadInputCliTest {
    static void oneLine(Cli.Run r, int code, String fragment) {
        assertEquals(code, r.code(), "exit status; stderr: " + r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), "exactly one line on stderr: " + err);
        assertTrue(err.startsWith("autopilot: "), err);
        assertTrue(err.contains(fragment), "'" + err + "' should contain '" + fragment + "'");
        assertEquals("", r.out(), "nothing on stdout");
    }

    @Test
    void missingFile(@TempDir Path dir) {
        oneLine(Cli.run("stats", "--graph", dir.resolve("nope.json").toString()), 1, "no such file");
        oneLine(Cli.run("recommend", "--graph", dir.resolve("nope.json").toString()), 1, "no such file");
    }

    @Test
    void malformedGraph(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"nodes\": [ {\"pub_key\": 12 ]}");
        oneLine(Cli.run("stats", "--graph", f.toString()), 1, "line 1");
        Files.writeString(f, "{\"edges\": [ {\"channel_id\": \"5\", \"node1_pub\": \"" + TestKeys.key(1).toHex()
                + "\", \"node2_pub\": \"" + TestKeys.key(1).toHex() + "\", \"capacity\": 5}]}");
        oneLine(Cli.run("recommend", "--graph", f.toString()), 1, "to itself");
    }

    @Test
    void badKey() {
        oneLine(Cli.run("recommend", "--self", "02zz"), 2, "--self");
        oneLine(Cli.run("recommend", "--self", TestKeys.offCurve().toHex()), 2, "not a point on secp256k1");
    }

    @Test
    void badNumbers() {
        oneLine(Cli.run("recommend", "--balance", "lots"), 2, "--balance");
        oneLine(Cli.run("recommend", "--balance", "-5"), 2, "--balance must be non-negative");
        oneLine(Cli.run("simulate", "--nodes", "1e6"), 2, "--nodes");
    }

    @Test
    void invalidConfiguration() {
        oneLine(Cli.run("recommend", "--allocation", "2"), 2, "--allocation must be in [0, 1]");
        oneLine(Cli.run("recommend", "--min-chan-size", "10", "--max-chan-size", "5"), 2, "--max-chan-size");
        oneLine(Cli.run("simulate", "--chans", "0"), 2, "--chans must be at least 1");
        oneLine(Cli.run("simulate", "--nodes", "3", "--chans", "5"), 2, "--nodes must be at least");
        oneLine(Cli.run("simulate", "--alpha", "-1"), 2, "--alpha");
        oneLine(Cli.run("stats"), 2, "--graph");
        oneLine(Cli.run("frobnicate"), 2, "frobnicate");
    }

    @Test
    void verboseShowsTheStackTrace(@TempDir Path dir) {
        Cli.Run r = Cli.run("stats", "--verbose", "--graph", dir.resolve("nope.json").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().lines().count() > 3 && r.err().contains("at "), r.err());
    }

    @Test
    void helpListsDefaults() {
        Cli.Run r = Cli.run("simulate", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Default: 1000000") && r.out().contains("--plot"), r.out());
    }
}
