package org.lnautopilot.graph;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Parsing of advertised node addresses and their compact byte encoding inside a {@link CsrGraph}.
 *
 * <p>Nothing here ever resolves a name: IPv4 literals are parsed by hand, bracketed IPv6 literals
 * through {@link InetAddress#getByName} (which for a bracketed argument only checks the literal), and
 * every other host (Tor {@code .onion}, DNS names) becomes an unresolved address.
 *
 * <p>Encoding of one address: a tag byte (4 = IPv4, 6 = IPv6, 1 = host name), the 4 or 16 address
 * bytes or a length byte and the ASCII host, then the port as two bytes, big-endian. Thread-safe.
 */
public final class Addresses {
    private static final byte IPV4 = 4;
    private static final byte IPV6 = 6;
    private static final byte HOST = 1;

    private Addresses() {
    }

    /**
     * Parses {@code host:port}, {@code [ipv6]:port} or an IPv4 literal with port, without DNS.
     *
     * @throws IllegalArgumentException if the port is missing or out of range, or a bracketed IPv6
     *                                  literal is malformed
     */
    public static InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("address must be host:port, got '" + hostPort + "'");
        }
        String host = hostPort.substring(0, colon);
        int port = port(hostPort, hostPort.substring(colon + 1));
        if (host.charAt(0) == '[') {
            if (host.charAt(host.length() - 1) != ']' || host.indexOf(':') < 0) {
                throw new IllegalArgumentException("bad IPv6 literal in address '" + hostPort + "'");
            }
            try {
                return new InetSocketAddress(InetAddress.getByName(host), port);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bad IPv6 literal in address '" + hostPort + "'", e);
            }
        }
        if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("IPv6 address must be in brackets: '" + hostPort + "'");
        }
        byte[] v4 = parseIpv4(host);
        if (v4 != null) {
            try {
                return new InetSocketAddress(InetAddress.getByAddress(v4), port);
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
        if (host.length() > 255) {
            throw new IllegalArgumentException("host name longer than 255 characters in '" + hostPort + "'");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /**
     * {@code host:port}, an IPv6 literal in brackets, a host name as given; the inverse of
     * {@link #parse}. Never resolves a name.
     */
    public static String format(InetSocketAddress a) {
        final String host = a.isUnresolved() ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static int port(String whole, String p) {
        int v = 0;
        if (p.length() > 5) {
            v = -1;
        }
        for (int i = 0; i < p.length() && v >= 0; i++) {
            char c = p.charAt(i);
            v = c >= '0' && c <= '9' ? v * 10 + (c - '0') : -1;
        }
        if (v < 0 || v > 65535) {
            throw new IllegalArgumentException("bad port '" + p + "' in address '" + whole + "'");
        }
        return v;
    }

    private static byte[] parseIpv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int val = -1;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                if (val < 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) val;
                val = -1;
            } else if (c >= '0' && c <= '9') {
                val = val < 0 ? c - '0' : val * 10 + (c - '0');
                if (val > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    /** Bytes the encoding of {@code a} takes. */
    static int encodedLength(InetSocketAddress a) {
        if (a.isUnresolved()) {
            return 2 + a.getHostString().getBytes(StandardCharsets.US_ASCII).length + 2;
        }
        return a.getAddress() instanceof Inet4Address ? 1 + 4 + 2 : 1 + 16 + 2;
    }

    /** Writes the encoding of {@code a} at {@code pos}; returns the position after it. */
    static int encode(InetSocketAddress a, byte[] out, int pos) {
        if (a.isUnresolved()) {
            byte[] host = a.getHostString().getBytes(StandardCharsets.US_ASCII);
            if (host.length > 255) {
                throw new IllegalArgumentException("host name longer than 255 characters: " + a.getHostString());
            }
            out[pos++] = HOST;
            out[pos++] = (byte) host.length;
            System.arraycopy(host, 0, out, pos, host.length);
            pos += host.length;
        } else {
            InetAddress ip = a.getAddress();
            byte[] raw = ip.getAddress();
            out[pos++] = ip instanceof Inet6Address ? IPV6 : IPV4;
            System.arraycopy(raw, 0, out, pos, raw.length);
            pos += raw.length;
        }
        out[pos++] = (byte) (a.getPort() >>> 8);
        out[pos++] = (byte) a.getPort();
        return pos;
    }

    /** Writes an IPv4 address and port at {@code pos}; returns the position after it. */
    static int encodeIpv4(int ip, int port, byte[] out, int pos) {
        out[pos++] = IPV4;
        out[pos++] = (byte) (ip >>> 24);
        out[pos++] = (byte) (ip >>> 16);
        out[pos++] = (byte) (ip >>> 8);
        out[pos++] = (byte) ip;
        out[pos++] = (byte) (port >>> 8);
        out[pos++] = (byte) port;
        return pos;
    }

    /** Decodes all addresses in {@code data[from, to)} into an unmodifiable list. */
    static List<InetSocketAddress> decode(byte[] data, int from, int to) {
        if (from == to) {
            return List.of();
        }
        int count = 0;
        for (int p = from; p < to; p = next(data, p)) {
            count++;
        }
        InetSocketAddress[] out = new InetSocketAddress[count];
        int p = from;
        for (int i = 0; i < count; i++) {
            out[i] = decodeOne(data, p);
            p = next(data, p);
        }
        return List.of(out);
    }

    /** Bytes of the encoded address at {@code p}. */
    static int encodedLength(byte[] data, int p) {
        return next(data, p) - p;
    }

    /** Position after the encoded address at {@code p}. */
    private static int next(byte[] data, int p) {
        byte tag = data[p];
        return tag == HOST ? p + 2 + (data[p + 1] & 0xFF) + 2 : p + 1 + (tag == IPV4 ? 4 : 16) + 2;
    }

    private static InetSocketAddress decodeOne(byte[] data, int p) {
        byte tag = data[p++];
        if (tag == HOST) {
            int len = data[p++] & 0xFF;
            String host = new String(data, p, len, StandardCharsets.US_ASCII);
            return InetSocketAddress.createUnresolved(host, port(data, p + len));
        }
        int len = tag == IPV4 ? 4 : 16;
        try {
            return new InetSocketAddress(InetAddress.getByAddress(Arrays.copyOfRange(data, p, p + len)),
                    port(data, p + len));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static int port(byte[] data, int p) {
        return (data[p] & 0xFF) << 8 | (data[p + 1] & 0xFF);
    }
}
