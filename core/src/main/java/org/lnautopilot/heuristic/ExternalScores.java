package org.lnautopilot.heuristic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.lnautopilot.NodeId;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.io.GraphFormatException;

/**
 * Scores given from outside ({@code externalscore}, lnd's {@code SetNodeScores}): nodes absent score 0.
 *
 * <p>{@link #set} replaces every score at once and bumps {@link #version()}; {@link #scores} is
 * O(n + |scores|). Thread-safe: a call sees either the old or the new scores, never a mix.
 */
public final class ExternalScores implements NodeScorer {
    private volatile Map<NodeId, Double> scores = Map.of();
    private volatile long version;

    @Override
    public String name() {
        return "externalscore";
    }

    /**
     * Replaces every score at once. O(|scores|).
     *
     * @throws IllegalArgumentException naming the key whose score is outside [0, 1] or NaN; nothing
     *                                  changes then
     */
    public void set(Map<NodeId, Double> newScores) {
        Objects.requireNonNull(newScores, "scores");
        Map<NodeId, Double> copy = new HashMap<>(newScores.size() * 2);
        for (Map.Entry<NodeId, Double> e : newScores.entrySet()) {
            NodeId k = Objects.requireNonNull(e.getKey(), "a node id in the scores is null");
            Double v = e.getValue();
            if (v == null || !(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("score of " + k + " must be in [0, 1], got " + v);
            }
            copy.put(k, v);
        }
        synchronized (this) {
            scores = Map.copyOf(copy);
            version++;
        }
    }

    /** The scores now set (an immutable copy). O(1). */
    public Map<NodeId, Double> get() {
        return scores;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public double[] scores(CsrGraph graph) {
        final Map<NodeId, Double> m = scores;
        final double[] s = new double[graph.nodeCount()];
        for (Map.Entry<NodeId, Double> e : m.entrySet()) {
            int i = graph.indexOf(e.getKey());
            if (i >= 0) {
                s[i] = e.getValue();
            }
        }
        return s;
    }

    /**
     * Reads {@code {"<66-hex key>": score, ...}} from a file. O(file size).
     *
     * @throws GraphFormatException saying what is wrong and where: not an object, a bad key, a score
     *                              that is not a number in [0, 1], a key given twice, trailing content
     * @throws IOException          if the file cannot be read
     */
    public static ExternalScores fromJson(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return fromJson(in, file.toString());
        }
    }

    /** As {@link #fromJson(Path)}, from a stream; {@code source} names it in messages. */
    public static ExternalScores fromJson(InputStream in, String source) throws IOException {
        Map<NodeId, Double> m = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new GraphFormatException(source + ": expected a JSON object {\"<66-hex key>\": score, ...} at "
                        + where(p));
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                NodeId id;
                try {
                    id = NodeId.fromHex(key);
                } catch (IllegalArgumentException e) {
                    throw new GraphFormatException(source + ": bad node key \"" + key + "\" at " + where(p) + ": "
                            + e.getMessage());
                }
                JsonToken v = p.nextToken();
                if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
                    throw new GraphFormatException(source + ": score of " + key + " must be a number, got " + v
                            + " at " + where(p));
                }
                double d = p.getDoubleValue();
                if (!(d >= 0 && d <= 1)) {
                    throw new GraphFormatException(source + ": score of " + key + " must be in [0, 1], got " + d
                            + " at " + where(p));
                }
                if (m.put(id, d) != null) {
                    throw new GraphFormatException(source + ": node " + key + " is scored twice (at " + where(p) + ")");
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new GraphFormatException(source + ": truncated JSON: the object is not closed (at " + where(p)
                        + ")");
            }
            if (p.nextToken() != null) {
                throw new GraphFormatException(source + ": unexpected content after the object at " + where(p));
            }
        } catch (com.fasterxml.jackson.core.io.JsonEOFException e) {
            throw new GraphFormatException(source + ": truncated JSON: it ends inside the object at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (JsonParseException e) {
            throw new GraphFormatException(source + ": malformed JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        ExternalScores s = new ExternalScores();
        s.set(m);
        return s;
    }

    private static String where(JsonParser p) {
        return "line " + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr();
    }

    @Override
    public String toString() {
        return name() + "[" + scores.size() + " scores]";
    }
}
