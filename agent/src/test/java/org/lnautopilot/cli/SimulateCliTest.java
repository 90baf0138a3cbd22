package org.lnautopilot.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulateCliTest {
    @ParameterizedTest(name = "M={0} alpha={1} seed={2}")
    @CsvSource({"1, 1.0, 101", "5, 1.0, 102", "1, 0.5, 103", "5, 0.5, 104"})
    void fractionsMatchTheRateEquation(int m, double alpha, long seed) throws Exception {
        Cli.Run r = Cli.run("simulate", "--nodes", "200000", "--chans", Integer.toString(m), "--alpha",
                Double.toString(alpha), "--seed", Long.toString(seed), "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> j = r.json();
        Map<?, ?> obs = (Map<?, ?>) j.get("fractions");
        Map<?, ?> th = (Map<?, ?>) j.get("theoryFractions");
        assertEquals(10, obs.size());
        for (int k = m; k < m + 10; k++) {
            String key = Integer.toString(k);
            double d = Math.abs(Cli.num(obs.get(key)) - Cli.num(th.get(key)));
            assertTrue(d < 0.005, "degree " + k + ": observed " + obs.get(key) + ", theory " + th.get(key) + " (seed "
                    + seed + ")");
        }
        if (alpha == 1.0) {
            assertEquals(3.0 + 1.0 / m, Cli.num(j.get("theoryGamma")), 1e-12);
        } else {
            assertNull(j.get("theoryGamma"));
        }
    }

    @Test
    void millionNodesFitNearTheory() throws Exception {
        Cli.Run r = Cli.run("simulate", "--seed", "7", "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> j = r.json();
        assertEquals(1_000_000L, j.get("nodes"));
        assertEquals(5L, j.get("chans"));
        double gamma = Cli.num(((Map<?, ?>) j.get("fit")).get("gamma"));
        assertTrue(Math.abs(gamma - 3.2) < 0.15, "fitted exponent " + gamma);
        assertTrue((Long) j.get("maxDegree") > 500);
    }

    @Test
    void sameSeedSameNetwork() throws Exception {
        Map<String, Object> a = Cli.run("simulate", "--nodes", "50000", "--seed", "9", "--json").json();
        Map<String, Object> b = Cli.run("simulate", "--nodes", "50000", "--seed", "9", "--json").json();
        a.remove("millis");
        b.remove("millis");
        assertEquals(a, b);
    }

    @Test
    void superlinearHasNoTheory() throws Exception {
        Map<String, Object> j = Cli.run("simulate", "--nodes", "20000", "--alpha", "1.5", "--seed", "1", "--json").json();
        assertNull(j.get("theoryFractions"));
        assertNull(j.get("theoryGamma"));
    }

    @Test
    void plotIsAPng(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("degrees.png");
        Cli.Run r = Cli.run("simulate", "--nodes", "30000", "--seed", "2", "--plot", png.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("plot written to"), r.out());
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}, head);
        assertTrue(Files.size(png) > 5_000);
    }
}
