package org.lnautopilot.io;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.lnautopilot.graph.CsrGraph;

/**
 * Readers for real channel-graph dumps into a {@link CsrGraph}:
 * <ul>
 * <li>{@link #describeGraph}: lnd's {@code lncli describegraph} JSON ({@code nodes[]} with
 * {@code pub_key} and {@code addresses}, {@code edges[]} with {@code channel_id}, {@code node1_pub},
 * {@code node2_pub}, {@code capacity});</li>
 * <li>{@link #listChannels}: Core Lightning's {@code listchannels} JSON, where each channel appears
 * once per direction and the two halves are merged into one channel. It carries no addresses.</li>
 * </ul>
 * Gzip is detected by its magic bytes, whatever the file is called. Parsing streams with
 * jackson-core (no tree model, keys decoded straight from the parser's character buffer), O(size of
 * the input). Unknown fields, missing or {@code null} policies are ignored; 64-bit numbers that lnd
 * writes as strings are read as unsigned.
 *
 * <p>Bad input throws {@link GraphFormatException} naming the problem and where it is; the caller
 * never gets a partial graph. Thread-safe: every call uses its own parser.
 */
public final class GraphReaders {
    static final JsonFactory JSON = JsonFactory.builder().build();

    /**
     * Reading options.
     *
     * @param keepAddressless let heuristics pick nodes that advertise no address (needed for
     *                        listchannels dumps, which carry none)
     * @param verifyKeys      check that every key is a point on secp256k1 (about 10 us a key)
     */
    public record Options(boolean keepAddressless, boolean verifyKeys) {
        /** Addressless nodes not eligible, keys not curve-checked. */
        public static final Options DEFAULT = new Options(false, false);
    }

    /** The dump formats. */
    public enum Format {
        /** lnd {@code lncli describegraph}. */
        DESCRIBEGRAPH,
        /** Core Lightning {@code listchannels}. */
        LISTCHANNELS
    }

    private GraphReaders() {
    }

    /** Reads an lnd {@code describegraph} dump, plain or gzip, with default options. */
    public static CsrGraph describeGraph(Path file) throws IOException {
        return describeGraph(file, Options.DEFAULT);
    }

    /** Reads an lnd {@code describegraph} dump, plain or gzip. */
    public static CsrGraph describeGraph(Path file, Options options) throws IOException {
        return readFile(file, Format.DESCRIBEGRAPH, options);
    }

    /** Reads an lnd {@code describegraph} dump from a stream (not closed), with default options. */
    public static CsrGraph describeGraph(InputStream in) throws IOException {
        return describeGraph(in, Options.DEFAULT);
    }

    /** Reads an lnd {@code describegraph} dump from a stream (not closed). */
    public static CsrGraph describeGraph(InputStream in, Options options) throws IOException {
        return read(in, Format.DESCRIBEGRAPH, options, "<stream>");
    }

    /** Reads a Core Lightning {@code listchannels} dump, plain or gzip, with default options. */
    public static CsrGraph listChannels(Path file) throws IOException {
        return listChannels(file, Options.DEFAULT);
    }

    /** Reads a Core Lightning {@code listchannels} dump, plain or gzip. */
    public static CsrGraph listChannels(Path file, Options options) throws IOException {
        return readFile(file, Format.LISTCHANNELS, options);
    }

    /** Reads a Core Lightning {@code listchannels} dump from a stream (not closed), with default options. */
    public static CsrGraph listChannels(InputStream in) throws IOException {
        return listChannels(in, Options.DEFAULT);
    }

    /** Reads a Core Lightning {@code listchannels} dump from a stream (not closed). */
    public static CsrGraph listChannels(InputStream in, Options options) throws IOException {
        return read(in, Format.LISTCHANNELS, options, "<stream>");
    }

    /**
     * Reads a {@code listchannels} result embedded in a larger JSON document, such as lightningd's
     * JSON-RPC reply: {@code p}'s current token must be the start of the object with the
     * {@code channels} array; on return it is that object's end, and {@code p} is not closed. The
     * same checks as the dump reader apply (each direction of a channel at most once, both
     * directions agreeing on ends and capacity). Streams: O(channels) time, no copy of the text.
     *
     * @param source    names the origin in error messages
     * @param addresses addresses to attach to the nodes (listchannels carries none), e.g. from
     *                  {@code listnodes}; nodes absent from it get none
     * @throws GraphFormatException saying what was wrong and where
     */
    public static CsrGraph listChannels(com.fasterxml.jackson.core.JsonParser p, String source, Options options,
            java.util.Map<org.lnautopilot.NodeId, java.util.List<java.net.InetSocketAddress>> addresses)
            throws IOException {
        return new DumpParser(p, Format.LISTCHANNELS, options, source, true, addresses).parse();
    }

    /** Reads either format, telling them apart by their top-level fields. */
    public static CsrGraph read(Path file, Options options) throws IOException {
        return readFile(file, null, options);
    }

    private static CsrGraph readFile(Path file, Format expected, Options options) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, expected, options, file.toString());
        }
    }

    /** Reads either format from a stream (not closed), telling them apart by their top-level fields. */
    public static CsrGraph read(InputStream in, Options options) throws IOException {
        return read(in, null, options, "<stream>");
    }

    private static CsrGraph read(InputStream raw, Format expected, Options options, String source)
            throws IOException {
        InputStream in = maybeGunzip(raw, source);
        try {
            return new DumpParser(JSON.createParser(in), expected, options, source).parse();
        } catch (EOFException e) {
            throw new GraphFormatException(source + ": truncated gzip stream (" + e.getMessage() + ")", e);
        } catch (ZipException e) {
            throw new GraphFormatException(source + ": corrupt gzip stream (" + e.getMessage() + ")", e);
        }
    }

    private static InputStream maybeGunzip(InputStream raw, String source) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            } catch (EOFException | ZipException e) {
                throw new GraphFormatException(source + ": corrupt or truncated gzip header (" + e.getMessage() + ")", e);
            }
        }
        return in;
    }
}
