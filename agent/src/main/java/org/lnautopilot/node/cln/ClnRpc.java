package org.lnautopilot.node.cln;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.lnautopilot.node.NodeException;

/**
 * JSON-RPC 2.0 to lightningd over its {@code lightning-rpc} unix socket, one connection per call (as
 * {@code lightning-cli} does), so a lightningd that restarts is simply reached again by the next
 * call. Requests are written and replies read with Jackson's streaming API straight off the socket:
 * a reply split across any number of reads is parsed as it arrives, and reading stops at the end of
 * the reply object (lightningd follows it with a blank line).
 *
 * <p>Every call has a deadline: a watchdog closes the socket when it passes, which ends a blocked
 * read at once. Outcomes: the result, handed to a {@link ResultReader} while it streams; an
 * {@code error} member becomes a {@link ClnException} with lightningd's code and message
 * ({@code REFUSED}); no connection, a dropped connection, a passed deadline or a reply that is not
 * JSON-RPC are {@code UNKNOWN} {@link NodeException}s. Thread-safe.
 */
final class ClnRpc {
    static final JsonFactory JSON = JsonFactory.builder().build();
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "cln-rpc-deadline");
        t.setDaemon(true);
        return t;
    });

    /** Writes the members of the params object. */
    @FunctionalInterface
    interface Params {
        /** No params: {@code {}}. */
        Params NONE = g -> {
        };

        void write(JsonGenerator g) throws IOException;
    }

    /** Reads the result: called with the parser on the result's first token, must consume the whole value. */
    @FunctionalInterface
    interface ResultReader<T> {
        T read(JsonParser p) throws IOException, NodeException;
    }

    private final Path socket;
    private final AtomicLong ids = new AtomicLong();

    ClnRpc(Path socket) {
        this.socket = socket;
    }

    Path socket() {
        return socket;
    }

    /**
     * Calls {@code method}.
     *
     * @throws ClnException  when lightningd answered with an error
     * @throws NodeException {@code UNKNOWN} for no answer within {@code deadline}, no connection,
     *                       or a malformed reply
     */
    <T> T call(String method, Params params, ResultReader<T> reader, Duration deadline) throws NodeException {
        final long id = ids.incrementAndGet();
        final SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new NodeException(NodeException.Kind.UNKNOWN, "cannot open a unix socket: " + e.getMessage(), e);
        }
        final AtomicBoolean expired = new AtomicBoolean();
        final ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            expired.set(true);
            try {
                ch.close();
            } catch (IOException e) {
                // closing is all we can do
            }
        }, deadline.toNanos(), TimeUnit.NANOSECONDS);
        try {
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw new NodeException(NodeException.Kind.UNKNOWN, "cannot reach lightningd at " + socket + " ("
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
            }
            final OutputStream out = Channels.newOutputStream(ch);
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                g.writeStartObject();
                g.writeStringField("jsonrpc", "2.0");
                g.writeNumberField("id", id);
                g.writeStringField("method", method);
                g.writeObjectFieldStart("params");
                params.write(g);
                g.writeEndObject();
                g.writeEndObject();
            }
            out.flush();
            try (JsonParser p = JSON.createParser(Channels.newInputStream(ch))) {
                return reply(p, method, id, reader);
            }
        } catch (NodeException e) {
            throw e;
        } catch (JsonProcessingException e) {
            if (expired.get()) {
                throw timeout(method, deadline, e);
            }
            throw new NodeException(NodeException.Kind.UNKNOWN, "lightningd answered " + method
                    + " with malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException | RuntimeException e) {
            if (expired.get()) {
                throw timeout(method, deadline, e);
            }
            throw new NodeException(NodeException.Kind.UNKNOWN, "lightningd at " + socket + " dropped the call "
                    + method + " (" + e + ")", e);
        } finally {
            watchdog.cancel(false);
            try {
                ch.close();
            } catch (IOException e) {
                // nothing left to do
            }
        }
    }

    private NodeException timeout(String method, Duration deadline, Exception cause) {
        return new NodeException(NodeException.Kind.UNKNOWN, "lightningd at " + socket + " did not answer " + method
                + " within " + deadline.toMillis() / 1000.0 + " s", cause);
    }

    private <T> T reply(JsonParser p, String method, long id, ResultReader<T> reader)
            throws IOException, NodeException {
        final JsonToken first = p.nextToken();
        if (first == null) {
            throw new NodeException(NodeException.Kind.UNKNOWN, "lightningd at " + socket
                    + " closed the connection without answering " + method);
        }
        if (first != JsonToken.START_OBJECT) {
            throw malformed(method, "the reply is not a JSON object");
        }
        T result = null;
        boolean haveResult = false;
        ClnException error = null;
        Long gotId = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            final String f = p.currentName();
            final JsonToken t = p.nextToken();
            switch (f) {
                case "id":
                    if (t != JsonToken.VALUE_NUMBER_INT) {
                        throw malformed(method, "its id is not the request's");
                    }
                    gotId = p.getLongValue();
                    break;
                case "result":
                    result = reader.read(p);
                    haveResult = true;
                    break;
                case "error":
                    error = error(p, t, method);
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (p.currentToken() == null) {
            throw new NodeException(NodeException.Kind.UNKNOWN, "lightningd at " + socket
                    + " closed the connection in the middle of the reply to " + method);
        }
        if (gotId == null || gotId != id) {
            throw malformed(method, "its id is not the request's (" + gotId + ", not " + id + ")");
        }
        if (error != null) {
            throw error;
        }
        if (!haveResult) {
            throw malformed(method, "it has neither 'result' nor 'error'");
        }
        return result;
    }

    private ClnException error(JsonParser p, JsonToken t, String method) throws IOException, NodeException {
        if (t != JsonToken.START_OBJECT) {
            throw malformed(method, "'error' is not an object");
        }
        long code = 0;
        String message = "";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            final String f = p.currentName();
            final JsonToken v = p.nextToken();
            if ("code".equals(f) && v == JsonToken.VALUE_NUMBER_INT) {
                code = p.getLongValue();
            } else if ("message".equals(f) && v == JsonToken.VALUE_STRING) {
                message = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return new ClnException(method, code, message);
    }

    NodeException malformed(String method, String what) {
        return new NodeException(NodeException.Kind.UNKNOWN, "lightningd answered " + method
                + " with a malformed reply: " + what);
    }
}
