package org.lnautopilot.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the command line in-process, as {@code ./autopilot} would, capturing its streams. */
public final class Cli {
    /** What a run printed, and its exit status. */
    public record Run(int code, String out, String err) {
        /** stdout as one JSON object per line ({@code --json} of {@code run}). */
        public java.util.List<Map<String, Object>> lines() throws IOException {
            final java.util.List<Map<String, Object>> l = new java.util.ArrayList<>();
            for (String s : out.split("\n")) {
                if (!s.isBlank()) {
                    l.add(org.lnautopilot.node.JsonValues.object(s));
                }
            }
            return l;
        }

        /** stdout as one JSON object. */
        public Map<String, Object> json() throws IOException {
            try (JsonParser p = new JsonFactory().createParser(out)) {
                p.nextToken();
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) value(p);
                if (p.nextToken() != null) {
                    throw new AssertionError("more than one JSON value on stdout: " + out);
                }
                return m;
            }
        }
    }

    private Cli() {
    }

    /** The peers of a {@code run --json} decision line, in order. */
    @SuppressWarnings("unchecked")
    public static java.util.List<String> peers(Map<String, Object> decision) {
        final java.util.List<String> l = new java.util.ArrayList<>();
        for (Object d : (java.util.List<Object>) decision.get("directives")) {
            l.add((String) ((Map<String, Object>) d).get("peer"));
        }
        return l;
    }

    /** Runs {@code autopilot ARGS} in this JVM. */
    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    static Object value(JsonParser p) throws IOException {
        return org.lnautopilot.node.JsonValues.value(p);
    }

    static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    /**
     * A describegraph dump of 12 nodes with addresses in a ring with chords (each node to the next and
     * the third next), every channel of {@code capacitySat}, both directions at {@code policy} (a JSON
     * object, or {@code "null"} for none), written into {@code dir/name}.
     */
    public static java.nio.file.Path ringDump(java.nio.file.Path dir, String name, long capacitySat, String policy)
            throws IOException {
        final StringBuilder json = new StringBuilder("{\"nodes\": [");
        final int n = 12;
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ", ").append("{\"pub_key\": \"").append(org.lnautopilot.testing.TestKeys.key(i + 1)
                    .toHex()).append("\", \"addresses\": [{\"addr\": \"10.0.0.").append(i + 1).append(":9735\"}]}");
        }
        json.append("], \"edges\": [");
        for (int i = 0; i < n; i++) {
            for (int d : new int[] {1, 3}) {
                json.append(i == 0 && d == 1 ? "" : ", ").append("{\"channel_id\": \"").append(i * 10 + d)
                        .append("\", \"node1_pub\": \"").append(org.lnautopilot.testing.TestKeys.key(i + 1).toHex())
                        .append("\", \"node2_pub\": \"").append(org.lnautopilot.testing.TestKeys.key((i + d) % n + 1)
                                .toHex()).append("\", \"capacity\": \"").append(capacitySat)
                        .append("\", \"node1_policy\": ").append(policy).append(", \"node2_policy\": ").append(policy)
                        .append("}");
            }
        }
        json.append("]}");
        final java.nio.file.Path file = dir.resolve(name);
        java.nio.file.Files.writeString(file, json);
        return file;
    }
}
