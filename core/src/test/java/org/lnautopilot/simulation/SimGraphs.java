package org.lnautopilot.simulation;

import java.util.ArrayList;
import java.util.List;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.testing.TestKeys;

/** Small hand-made graphs with policies for the simulator's tests: node i has key {@code TestKeys.key(i + 1)}. */
final class SimGraphs {
    private SimGraphs() {
    }

    /** 10,000,000 sat: the capacity factor is exactly 1 for 100,000 sat. */
    static final long BIG = 10_000_000;
    /** 100,000 sat. */
    static final long AMT = 100_000_000L;

    /** A channel: ends, capacity (sat), each direction's base fee, rate and time lock (base -1: no policy). */
    record Ch(int a, int b, long capSat, long baseA, long rateA, int lockA, long baseB, long rateB, int lockB,
            long maxHtlcA) {
    }

    static Ch ch(int a, int b, long capSat, long base, long rate) {
        return new Ch(a, b, capSat, base, rate, 40, base, rate, 40, -1);
    }

    /** Nodes 0..n-1 and the channels in order (channel index = position). */
    static CsrGraph graph(int n, Ch... chans) {
        final CsrGraph.Builder b = CsrGraph.builder().addresslessEligible(true);
        for (int i = 0; i < n; i++) {
            b.node(TestKeys.key(i + 1));
        }
        int id = 1;
        for (Ch c : chans) {
            final int k = b.addChannel(id++, c.a(), c.b(), c.capSat());
            if (c.baseA() >= 0) {
                b.policy(k, 0, c.baseA(), c.rateA(), c.lockA(), 1_000, c.maxHtlcA(), false);
            }
            if (c.baseB() >= 0) {
                b.policy(k, 1, c.baseB(), c.rateB(), c.lockB(), 1_000, -1, false);
            }
        }
        return b.build();
    }

    /** Every attempt a listener saw, as text: "payment.attempt outcome nodes fail fee". */
    static final class Log implements AttemptListener {
        final List<String> lines = new ArrayList<>();

        @Override
        public void attempt(PaymentSimulator sim) {
            final StringBuilder s = new StringBuilder();
            s.append(sim.paymentNumber()).append('.').append(sim.attemptNumber()).append(' ').append(sim.outcome());
            for (int i = 0; i <= sim.attemptHops() && sim.attemptHops() > 0; i++) {
                s.append(i == 0 ? " " : "-").append(sim.attemptNode(i));
            }
            if (sim.failNode() >= 0) {
                s.append(" at ").append(sim.failNode());
            }
            if (sim.attemptHops() > 0) {
                s.append(" fee ").append(sim.attemptFeeMsat());
            }
            lines.add(s.toString());
        }
    }
}
