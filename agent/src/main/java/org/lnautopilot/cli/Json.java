package org.lnautopilot.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** Helpers for the commands' JSON output; objects are written by {@link org.lnautopilot.node.JsonText}. */
final class Json {
    private Json() {
    }

    /** A number field, or null when the value is not finite. */
    static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(name, v);
        } else {
            g.writeNullField(name);
        }
    }
}
