package org.lnautopilot.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;

/** Writes the commands' JSON output with jackson-core's streaming generator. */
final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private Json() {
    }

    /** One JSON object as a string. */
    static String object(Body body) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        }
        return w.toString();
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
