package org.lnautopilot.simulation;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;

/**
 * A replay file (API.md part 4): CSV lines {@code time_s,sender_key,receiver_key,amount_msat}, no
 * header, {@code time_s} a decimal number of seconds, non-decreasing; keys 66 hex characters of
 * nodes in the graph. Blank lines are skipped. The whole file is checked before any payment is
 * made: a bad line is an {@link IllegalArgumentException} naming the file, the line and what is
 * wrong, never a partial replay. O(lines) time and memory.
 */
public final class PaymentsFile implements PaymentStream {
    private final List<Payment> payments;
    private int next;

    private PaymentsFile(List<Payment> payments) {
        this.payments = payments;
    }

    /**
     * Reads and checks {@code file} against {@code g}.
     *
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException for a malformed line, an unknown node, a sender equal to its
     *                                  receiver, a bad number or amount, times out of order, or no payment
     */
    public static PaymentsFile read(Path file, CsrGraph g) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(in, file.toString(), g);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text", e);
        }
    }

    /** As {@link #read}, from a reader; {@code source} names it in errors. */
    public static PaymentsFile parse(BufferedReader in, String source, CsrGraph g) throws IOException {
        final List<Payment> out = new ArrayList<>();
        double last = 0;
        int lineNo = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            final String where = source + " line " + lineNo;
            final String[] f = line.split(",", -1);
            if (f.length != 4) {
                throw new IllegalArgumentException(where + ": expected time_s,sender_key,receiver_key,amount_msat, got "
                        + f.length + " field(s)");
            }
            final double t;
            try {
                t = Double.parseDouble(f[0].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": time_s '" + f[0].trim() + "' is not a number");
            }
            if (!(t >= 0) || Double.isInfinite(t)) {
                throw new IllegalArgumentException(where + ": time_s must be finite and non-negative, got " + f[0].trim());
            }
            if (t < last) {
                throw new IllegalArgumentException(where + ": time_s " + f[0].trim() + " is before the previous line's "
                        + last + " (times must not decrease)");
            }
            final int s = node(g, f[1].trim(), where, "sender");
            final int r = node(g, f[2].trim(), where, "receiver");
            if (s == r) {
                throw new IllegalArgumentException(where + ": the sender and the receiver are the same node");
            }
            final long amt;
            try {
                amt = Long.parseLong(f[3].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": amount_msat '" + f[3].trim() + "' is not a whole number");
            }
            if (!Payment.validAmount(amt)) {
                throw new IllegalArgumentException(where + ": amount_msat must be in (0, 21 million BTC], got " + amt);
            }
            out.add(new Payment(t, s, r, amt));
            last = t;
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(source + ": no payment in the file");
        }
        return new PaymentsFile(out);
    }

    private static int node(CsrGraph g, String hex, String where, String what) {
        final NodeId id;
        try {
            id = NodeId.fromHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + what + " key: " + e.getMessage());
        }
        final int i = g.indexOf(id);
        if (i < 0) {
            throw new IllegalArgumentException(where + ": " + what + " " + hex + " is not a node of the graph");
        }
        return i;
    }

    /** The number of payments in the file. */
    public int size() {
        return payments.size();
    }

    @Override
    public Payment next() {
        return next < payments.size() ? payments.get(next++) : null;
    }
}
