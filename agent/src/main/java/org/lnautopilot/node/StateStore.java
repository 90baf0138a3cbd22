package org.lnautopilot.node;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.lnautopilot.NodeId;
import org.lnautopilot.OutPoint;

/**
 * Keeps an {@link AutopilotState} in a JSON file with a version field, written atomically: the new
 * content goes to a temporary file in the same folder, is forced to disk, renamed over the old file
 * (an atomic replace), and the folder is forced too, so that after a crash at any point the file
 * holds either the old state or the new one, whole. A leftover temporary file from a crash is
 * ignored by {@link #load} and removed by the next {@link #save}. A file that exists but cannot be
 * read as a state is an error naming it ({@link StateFileException}); it is never silently reset.
 *
 * <p>Format: {@code {"version": 1, "node": "<66 hex>", "network": "mainnet", "opens": [{"peer": "<66 hex>", "amountSat": n, "sentAtMs": n,
 * "status": "SENT|PENDING|OPEN|FAILED|CLOSED", "chanPoint": "<txid>:<index>" or null}, ...],
 * "failedUntil": {"<66 hex>": epochMs, ...}, "noReopen": ["<66 hex>", ...]}}; {@code node} and
 * {@code network} (the node the state belongs to) are absent until a run has met its node.
 *
 * <p>Thread-safe: saves are serialized. One process per file: two processes sharing a file would
 * overwrite each other's states.
 */
public final class StateStore {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final String TEMP_SUFFIX = ".tmp-";

    private final Path file;

    /** A store at {@code file}; nothing is read or written yet. */
    public StateStore(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    }

    /** {@code $HOME/.lnautopilot/state.json}. */
    public static Path defaultFile() {
        return Paths.get(System.getProperty("user.home"), ".lnautopilot", "state.json");
    }

    /** The state file. */
    public Path file() {
        return file;
    }

    /**
     * The stored state, or {@link AutopilotState#EMPTY} when the file does not exist yet. O(file size).
     *
     * @throws StateFileException naming the file when it is not a valid state (malformed or truncated
     *                            JSON, a missing or unknown version, a bad key, amount, status or
     *                            outpoint, an unknown field)
     * @throws IOException        when the file cannot be read
     */
    public AutopilotState load() throws IOException {
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return AutopilotState.EMPTY;
        }
        if (bytes.length == 0) {
            throw new StateFileException("state file " + file + " is empty (truncated); not starting, so nothing "
                    + "autopilot did is forgotten: repair or move the file");
        }
        try (JsonParser p = JSON.createParser(bytes)) {
            final AutopilotState s = parse(p);
            if (p.nextToken() != null) {
                throw bad("unexpected content after the state", p);
            }
            return s;
        } catch (JsonEOFException e) {
            throw new StateFileException("state file " + file + " is truncated (it ends inside the JSON at line "
                    + e.getLocation().getLineNr() + "); not starting, so nothing autopilot did is forgotten: "
                    + "repair or move the file", e);
        } catch (JsonParseException e) {
            throw new StateFileException("state file " + file + " is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
        } catch (IllegalArgumentException e) {
            throw new StateFileException("state file " + file + " is corrupt: " + e.getMessage(), e);
        }
    }

    private AutopilotState parse(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw bad("expected a JSON object", p);
        }
        Integer version = null;
        List<AutopilotState.Open> opens = new ArrayList<>();
        Map<NodeId, Long> failed = new LinkedHashMap<>();
        Set<NodeId> noReopen = new LinkedHashSet<>();
        NodeId node = null;
        String network = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            final String name = p.currentName();
            final JsonToken t = p.nextToken();
            switch (name) {
                case "version":
                    version = integer(p, t, "version");
                    if (version != AutopilotState.VERSION) {
                        throw new StateFileException("state file " + file + " has version " + version
                                + "; this lnautopilot reads version " + AutopilotState.VERSION);
                    }
                    break;
                case "opens":
                    expect(p, t, JsonToken.START_ARRAY, "opens");
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        opens.add(open(p));
                    }
                    expect(p, p.currentToken(), JsonToken.END_ARRAY, "opens");
                    break;
                case "failedUntil":
                    expect(p, t, JsonToken.START_OBJECT, "failedUntil");
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        final NodeId id = key(p, p.currentName());
                        failed.put(id, longValue(p, p.nextToken(), "failedUntil of " + id));
                    }
                    break;
                case "noReopen":
                    expect(p, t, JsonToken.START_ARRAY, "noReopen");
                    while (p.nextToken() == JsonToken.VALUE_STRING) {
                        noReopen.add(key(p, p.getText()));
                    }
                    expect(p, p.currentToken(), JsonToken.END_ARRAY, "noReopen");
                    break;
                case "node":
                    expect(p, t, JsonToken.VALUE_STRING, "node");
                    node = key(p, p.getText());
                    break;
                case "network":
                    expect(p, t, JsonToken.VALUE_STRING, "network");
                    network = p.getText();
                    break;
                default:
                    throw bad("unknown field \"" + name + "\"", p);
            }
        }
        if (version == null) {
            throw bad("no \"version\" field", p);
        }
        if ((node == null) != (network == null)) {
            throw bad("\"node\" and \"network\" go together", p);
        }
        return new AutopilotState(opens, failed, noReopen, node, network);
    }

    private AutopilotState.Open open(JsonParser p) throws IOException {
        NodeId peer = null;
        Long amount = null;
        Long sentAt = null;
        AutopilotState.Status status = null;
        OutPoint point = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            final String name = p.currentName();
            final JsonToken t = p.nextToken();
            switch (name) {
                case "peer":
                    expect(p, t, JsonToken.VALUE_STRING, "peer");
                    peer = key(p, p.getText());
                    break;
                case "amountSat":
                    amount = longValue(p, t, "amountSat");
                    break;
                case "sentAtMs":
                    sentAt = longValue(p, t, "sentAtMs");
                    break;
                case "status":
                    expect(p, t, JsonToken.VALUE_STRING, "status");
                    try {
                        status = AutopilotState.Status.valueOf(p.getText().toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw bad("unknown status \"" + p.getText() + "\"", p);
                    }
                    break;
                case "chanPoint":
                    if (t != JsonToken.VALUE_NULL) {
                        expect(p, t, JsonToken.VALUE_STRING, "chanPoint");
                        try {
                            point = OutPoint.parse(p.getText());
                        } catch (IllegalArgumentException e) {
                            throw bad("bad chanPoint \"" + p.getText() + "\": " + e.getMessage(), p);
                        }
                    }
                    break;
                default:
                    throw bad("unknown field \"" + name + "\" in an open", p);
            }
        }
        if (peer == null || amount == null || sentAt == null || status == null) {
            throw bad("an open needs peer, amountSat, sentAtMs and status", p);
        }
        if (amount <= 0) {
            throw bad("amountSat must be positive, got " + amount, p);
        }
        return new AutopilotState.Open(peer, amount, sentAt, status, point);
    }

    private NodeId key(JsonParser p, String hex) throws StateFileException {
        try {
            return NodeId.fromHex(hex);
        } catch (IllegalArgumentException e) {
            throw bad("bad node key \"" + hex + "\": " + e.getMessage(), p);
        }
    }

    private int integer(JsonParser p, JsonToken t, String what) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw bad(what + " must be an integer", p);
        }
        return p.getIntValue();
    }

    private long longValue(JsonParser p, JsonToken t, String what) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw bad(what + " must be an integer", p);
        }
        try {
            return p.getLongValue();
        } catch (IOException e) {
            throw bad(what + " does not fit in 64 bits", p);
        }
    }

    private void expect(JsonParser p, JsonToken t, JsonToken want, String what) throws StateFileException {
        if (t != want) {
            throw bad(what + ": expected " + want + ", got " + t, p);
        }
    }

    private StateFileException bad(String what, JsonParser p) {
        return new StateFileException("state file " + file + " is corrupt: " + what + " at line "
                + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr()
                + "; not starting, so nothing autopilot did is forgotten: repair or move the file");
    }

    /**
     * Writes {@code state} atomically (see the class comment), creating the folder if needed, and
     * removes temporary files left by earlier crashes. O(state size) plus two fsyncs.
     */
    public synchronized void save(AutopilotState state) throws IOException {
        Objects.requireNonNull(state, "state");
        final Path dir = file.getParent();
        Files.createDirectories(dir);
        removeLeftovers(dir);
        final Path tmp = Files.createTempFile(dir, file.getFileName().toString() + TEMP_SUFFIX, "");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                final OutputStream out = Channels.newOutputStream(ch);
                try (JsonGenerator g = JSON.createGenerator(out)) {
                    // The channel stays open for the fsync below.
                    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                    write(g, state);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + file + " atomically on this file system", e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        forceDirectory(dir);
    }

    private static void write(JsonGenerator g, AutopilotState s) throws IOException {
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeNumberField("version", AutopilotState.VERSION);
        if (s.node() != null) {
            g.writeStringField("node", s.node().toHex());
            g.writeStringField("network", s.network());
        }
        g.writeArrayFieldStart("opens");
        for (AutopilotState.Open o : s.opens()) {
            g.writeStartObject();
            g.writeStringField("peer", o.peer().toHex());
            g.writeNumberField("amountSat", o.amountSat());
            g.writeNumberField("sentAtMs", o.sentAtMs());
            g.writeStringField("status", o.status().name());
            if (o.chanPoint() == null) {
                g.writeNullField("chanPoint");
            } else {
                g.writeStringField("chanPoint", o.chanPoint().toString());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("failedUntil");
        for (Map.Entry<NodeId, Long> e : s.failedUntil().entrySet()) {
            g.writeNumberField(e.getKey().toHex(), e.getValue());
        }
        g.writeEndObject();
        g.writeArrayFieldStart("noReopen");
        for (NodeId id : s.noReopen()) {
            g.writeString(id.toHex());
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private void removeLeftovers(Path dir) throws IOException {
        final String prefix = file.getFileName().toString() + TEMP_SUFFIX;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, prefix + "*")) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Forces the folder's entry for the renamed file to disk (a no-op where folders cannot be opened). */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open a directory; the rename itself is still atomic there.
        }
    }
}
