package org.lnautopilot.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.testing.TestKeys;
import org.junit.jupiter.api.Test;

/** Replay files: good lines read, every kind of bad line refused with its line number. */
class PaymentsFileTest {
    static final CsrGraph G = SimGraphs.graph(3, SimGraphs.ch(0, 1, SimGraphs.BIG, 0, 1),
            SimGraphs.ch(1, 2, SimGraphs.BIG, 0, 1));

    static String k(int i) {
        return TestKeys.key(i + 1).toHex();
    }

    static PaymentsFile parse(String text) throws Exception {
        return PaymentsFile.parse(new BufferedReader(new StringReader(text)), "pay.csv", G);
    }

    @Test
    void readsPaymentsInOrder() throws Exception {
        final PaymentsFile f = parse("0," + k(0) + "," + k(2) + ",1000\n\n1.5," + k(2) + "," + k(1) + ",2000\n1.5,"
                + k(1) + "," + k(0) + ",3000\n");
        assertEquals(3, f.size());
        assertEquals(new Payment(0, 0, 2, 1000), f.next());
        assertEquals(new Payment(1.5, 2, 1, 2000), f.next());
        assertEquals(new Payment(1.5, 1, 0, 3000), f.next());
        assertNull(f.next());
    }

    static void bad(String text, String... parts) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(text));
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), e.getMessage() + " should contain " + p);
        }
    }

    @Test
    void badLinesNameTheirLine() {
        final String ok = "0," + k(0) + "," + k(2) + ",1000\n";
        bad(ok + "1," + TestKeys.key(77).toHex() + "," + k(2) + ",1000\n", "line 2", "not a node of the graph");
        bad(ok + "1," + k(1) + "," + k(1) + ",1000\n", "line 2", "same node");
        bad(ok + "x," + k(1) + "," + k(2) + ",1000\n", "line 2", "not a number");
        bad(ok + "1," + k(1) + "," + k(2) + ",1e3\n", "line 2", "amount_msat");
        bad(ok + "1," + k(1) + "," + k(2) + ",0\n", "line 2", "amount_msat");
        bad(ok + "1," + k(1) + "," + k(2) + ",-5\n", "line 2", "amount_msat");
        bad(ok + "1," + k(1) + "," + k(2) + ",99999999999999999999\n", "line 2", "amount_msat");
        bad("5," + k(0) + "," + k(2) + ",1000\n4," + k(1) + "," + k(2) + ",1000\n", "line 2", "before");
        bad(ok + "1," + k(1) + ",zz,1000\n", "line 2", "receiver key");
        bad(ok + "1," + k(1) + "," + k(2) + "\n", "line 2", "field");
        bad(ok + "-1," + k(1) + "," + k(2) + ",1000\n", "line 2", "non-negative");
        bad(ok + "NaN," + k(1) + "," + k(2) + ",1000\n", "line 2");
        bad("\n\n", "no payment");
    }
}
