package org.lnautopilot.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.simulation.AttemptListener;
import org.lnautopilot.simulation.Payment;
import org.lnautopilot.simulation.PaymentSimulator;

/**
 * {@code simulate-payments --events}: a header, then one CSV line per attempt in API.md part 4's
 * columns ({@code payment,attempt,time_s,sender,receiver,amount_msat,nodes,result,fail_node,fee_msat}),
 * nodes as 66 hex characters (each node's text made once), the new node under its own key.
 */
final class SimulationEvents implements AttemptListener {
    static final String HEADER = "payment,attempt,time_s,sender,receiver,amount_msat,nodes,result,fail_node,fee_msat";

    private final BufferedWriter out;
    private final CsrGraph g;
    private final String xHex;
    private final String[] hex;
    private final StringBuilder line = new StringBuilder(512);

    SimulationEvents(BufferedWriter out, CsrGraph g, NodeId x) throws IOException {
        this.out = out;
        this.g = g;
        this.xHex = x == null ? null : x.toHex();
        this.hex = new String[g.nodeCount()];
        out.write(HEADER);
        out.newLine();
    }

    private String key(int v) {
        if (v >= hex.length) {
            return xHex;
        }
        String h = hex[v];
        if (h == null) {
            h = g.nodeId(v).toHex();
            hex[v] = h;
        }
        return h;
    }

    @Override
    public void attempt(PaymentSimulator sim) {
        final Payment p = sim.currentPayment();
        final StringBuilder s = line;
        s.setLength(0);
        s.append(sim.paymentNumber()).append(',').append(sim.attemptNumber()).append(',')
                .append(timeText(p.timeS())).append(',').append(key(p.sender())).append(',')
                .append(key(p.receiver())).append(',').append(p.amountMsat()).append(',');
        final int hops = sim.attemptHops();
        for (int i = 0; i <= hops && hops > 0; i++) {
            if (i > 0) {
                s.append(';');
            }
            s.append(key(sim.attemptNode(i)));
        }
        s.append(',').append(sim.outcome().name().toLowerCase(java.util.Locale.ROOT)).append(',');
        if (sim.failNode() >= 0) {
            s.append(key(sim.failNode()));
        }
        s.append(',');
        if (hops > 0) {
            s.append(sim.attemptFeeMsat());
        }
        try {
            out.append(s);
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A time in seconds as plain decimal text, exactly as the double holds it (no exponent). */
    static String timeText(double t) {
        return new java.math.BigDecimal(Double.toString(t)).toPlainString();
    }
}
