package org.lnautopilot.node;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One JSON object written with jackson-core's streaming generator: the one writer of the command
 * line's JSON output and of the Core Lightning plugin's messages. Stateless, thread-safe.
 */
public final class JsonText {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** Writes the members of an object that is already open. */
    @FunctionalInterface
    public interface Body {
        /** Writes the members into {@code g}. */
        void write(JsonGenerator g) throws IOException;
    }

    private JsonText() {
    }

    /** The object {@code body} writes, as UTF-8 bytes, on one line. O(size). */
    public static byte[] objectBytes(Body body) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        }
        return bytes.toByteArray();
    }

    /** The object {@code body} writes, on one line. O(size). */
    public static String object(Body body) throws IOException {
        return new String(objectBytes(body), StandardCharsets.UTF_8);
    }
}
