package org.lnautopilot.node;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.NodeId;
import org.lnautopilot.OutPoint;
import org.lnautopilot.graph.Addresses;

/**
 * The JSON members of a decision and of an open's result, as {@code autopilot run --json} prints them
 * and the Core Lightning plugin returns and logs them: one shape everywhere. Stateless, thread-safe.
 */
public final class RunJson {
    private RunJson() {
    }

    /**
     * Writes {@code "event": "decision"}, the balance, reserve, budget, channel count, whether it
     * executes, and {@code "directives": [{"peer", "amountSat", "addresses"}]} into the open object.
     */
    public static void decision(JsonGenerator g, RunListener.Decision d, long reserveSat) throws IOException {
        g.writeStringField("event", "decision");
        g.writeNumberField("balanceSat", d.balanceSat());
        g.writeNumberField("reserveSat", reserveSat);
        g.writeNumberField("budgetSat", d.budgetSat());
        g.writeNumberField("channels", d.channels());
        g.writeBooleanField("execute", d.execute());
        g.writeArrayFieldStart("directives");
        for (AttachmentDirective a : d.directives()) {
            g.writeStartObject();
            g.writeStringField("peer", a.peerKey().toHex());
            g.writeNumberField("amountSat", a.chanAmtSat());
            g.writeArrayFieldStart("addresses");
            for (InetSocketAddress x : a.addrs()) {
                g.writeString(Addresses.format(x));
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /**
     * Writes {@code "event": "open"}, the peer, the amount, {@code "ok"}, and either
     * {@code "chanPoint"} or {@code "failure"} (the kind) and {@code "error"} (one line).
     */
    public static void open(JsonGenerator g, NodeId peer, long amountSat, OutPoint chanPoint, NodeException failure)
            throws IOException {
        g.writeStringField("event", "open");
        g.writeStringField("peer", peer.toHex());
        g.writeNumberField("amountSat", amountSat);
        g.writeBooleanField("ok", failure == null);
        if (failure == null) {
            if (chanPoint == null) {
                g.writeNullField("chanPoint");
            } else {
                g.writeStringField("chanPoint", chanPoint.toString());
            }
        } else {
            g.writeStringField("failure", failure.kind().name());
            final String m = failure.getMessage();
            g.writeStringField("error", m == null ? failure.getClass().getSimpleName() : m.replace('\n', ' '));
        }
    }
}
