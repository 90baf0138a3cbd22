package org.lnautopilot.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.routing.FeeScan;

/** How recommend and evaluate print a fee scan ({@code --suggest-fee}): one line of text, or JSON fields. */
final class FeeLines {
    private FeeLines() {
    }

    /** One line: the best rate with its income and share, or why there is none. */
    static String text(FeeScan.Result r, ChannelPolicy p) {
        final long[] rates = r.ratesPpm();
        final String scan = String.format("scan of %d rates from %,d to %,d ppm", rates.length, rates[0],
                rates[rates.length - 1]);
        if (r.best() < 0) {
            return "no rate earns anything with these peers: no payment is routed through them (" + scan + ")";
        }
        return String.format("charge %,d ppm (base %,d msat, %d blocks): %.3e msat of fee income per network payment, "
                + "%.3e of the payments forwarded (%s%s)", r.bestRatePpm(), p.baseFeeMsat(), p.timeLockDelta(),
                r.incomeMsat()[r.best()], r.routingShare()[r.best()], scan,
                r.best() == rates.length - 1 ? "; the highest rate scanned, so a higher one may earn more" : "");
    }

    /** The fields of a {@code suggestedFee} object. */
    static void json(JsonGenerator j, FeeScan.Result r, ChannelPolicy p) throws IOException {
        if (r.best() < 0) {
            j.writeNullField("feeRatePpm");
        } else {
            j.writeNumberField("feeRatePpm", r.bestRatePpm());
            Json.number(j, "feeIncomeMsat", r.incomeMsat()[r.best()]);
            Json.number(j, "routingShare", r.routingShare()[r.best()]);
        }
        j.writeNumberField("baseFeeMsat", p.baseFeeMsat());
        j.writeNumberField("timeLockDelta", p.timeLockDelta());
        j.writeArrayFieldStart("scan");
        for (int i = 0; i < r.ratesPpm().length; i++) {
            j.writeStartObject();
            j.writeNumberField("feeRatePpm", r.ratesPpm()[i]);
            Json.number(j, "feeIncomeMsat", r.incomeMsat()[i]);
            Json.number(j, "routingShare", r.routingShare()[i]);
            j.writeEndObject();
        }
        j.writeEndArray();
    }
}
