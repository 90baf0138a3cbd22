package org.lnautopilot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import com.fasterxml.jackson.core.JsonGenerator;
import org.lnautopilot.growth.PowerLawFit;

/** How every command shows a power-law fit, as text and as the JSON field {@code fit}. */
final class FitOutput {
    private FitOutput() {
    }

    /** {@code "fit": {"gamma": g, "xmin": x, "ks": d}}, or {@code "fit": null} without a fit. */
    static void json(JsonGenerator j, PowerLawFit.Fit fit) throws IOException {
        if (fit == null) {
            j.writeNullField("fit");
            return;
        }
        j.writeObjectFieldStart("fit");
        j.writeNumberField("gamma", fit.gamma());
        j.writeNumberField("xmin", fit.xmin());
        j.writeNumberField("ks", fit.ks());
        j.writeEndObject();
    }

    /** Two lines naming the method, or one saying the tail is too small. */
    static void text(PrintWriter out, PowerLawFit.Fit fit) {
        if (fit == null) {
            out.println("power-law fit: the tail is too small to fit");
            return;
        }
        out.printf("power-law fit (discrete MLE, xmin by KS; Clauset, Shalizi, Newman 2009):%n"
                + "  gamma = %.3f for degree >= %d (%,d nodes), KS distance %.4f%n", fit.gamma(), fit.xmin(),
                fit.tailSize(), fit.ks());
    }
}
