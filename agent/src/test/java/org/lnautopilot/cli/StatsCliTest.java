package org.lnautopilot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lnautopilot.testing.SharedGraphs;
import org.lnautopilot.testing.TestKeys;

class StatsCliTest {
    @Test
    void handWrittenGraph(@TempDir Path dir) throws Exception {
        String a = TestKeys.key(1).toHex();
        String b = TestKeys.key(2).toHex();
        String c = TestKeys.key(3).toHex();
        String json = "{\"nodes\": [{\"pub_key\": \"" + a + "\", \"addresses\": [{\"addr\": \"1.2.3.4:9735\"}]},"
                + "{\"pub_key\": \"" + b + "\", \"addresses\": []}, {\"pub_key\": \"" + c + "\"}],"
                + "\"edges\": [{\"channel_id\": \"1\", \"node1_pub\": \"" + a + "\", \"node2_pub\": \"" + b
                + "\", \"capacity\": \"1000\"}, {\"channel_id\": \"2\", \"node1_pub\": \"" + a + "\", \"node2_pub\": \""
                + c + "\", \"capacity\": \"500\"}]}";
        Path f = dir.resolve("g.json");
        Files.writeString(f, json);
        Cli.Run r = Cli.run("stats", "--graph", f.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> j = r.json();
        assertEquals(3L, j.get("nodes"));
        assertEquals(2L, j.get("channels"));
        assertEquals(1L, j.get("nodesWithAddresses"));
        assertEquals(1500L, j.get("totalCapacitySat"));
        assertEquals(2L, j.get("maxDegree"));
        assertEquals(4.0 / 3, Cli.num(j.get("meanDegree")), 1e-12);
        assertEquals(a, ((Map<?, ?>) ((List<?>) j.get("top")).get(0)).get("node"));
        assertTrue(j.containsKey("fit"));
    }

    @Test
    void theSnapshots() throws Exception {
        Map<String, Object> j = Cli.run("stats", "--graph", SharedGraphs.require(SharedGraphs.LND_2019).toString(),
                "--json").json();
        assertEquals(3648L, j.get("nodes"));
        assertEquals(31124L, j.get("channels"));
        assertEquals(2899L, j.get("nodesWithAddresses"));
        assertEquals(1078L, j.get("maxDegree"));
        assertEquals(2.0 * 31124 / 3648, Cli.num(j.get("meanDegree")), 1e-9);
        double gamma = Cli.num(((Map<?, ?>) j.get("fit")).get("gamma"));
        assertTrue(gamma > 1.5 && gamma < 4, "gamma " + gamma);
        Cli.Run text = Cli.run("stats", "--graph", SharedGraphs.require(SharedGraphs.CLN_2021).toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("channels:            37,454"), text.out());
        assertTrue(text.out().contains("top 10 nodes by degree"), text.out());
    }
}
