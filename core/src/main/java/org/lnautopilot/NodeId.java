package org.lnautopilot;

import java.util.Arrays;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A node's identity: its secp256k1 public key in 33-byte compressed form (the seed's {@code NodeID}).
 *
 * <p>Construction checks the length and the 0x02/0x03 prefix only; whether the bytes are a curve
 * point is checked by {@link #isOnCurve()} and {@link #toPublicKey()} (about 10 us each), so that
 * graphs of millions of keys load quickly. Immutable and thread-safe; {@code equals}/{@code hashCode}
 * by content; ordered unsigned-lexicographically.
 */
public final class NodeId implements Comparable<NodeId> {
    /** Length of a compressed public key. */
    public static final int LENGTH = 33;

    private final byte[] key;
    private int hash;

    private NodeId(byte[] key) {
        this.key = key;
    }

    /**
     * A node id from 33 compressed-key bytes (copied). O(1).
     *
     * @throws IllegalArgumentException if the length is not 33 or the prefix is not 0x02 or 0x03
     */
    public static NodeId of(byte[] compressed) {
        check(compressed, 0, compressed.length);
        return new NodeId(compressed.clone());
    }

    /**
     * A node id from the 33 bytes at {@code off} in {@code buf} (copied). O(1).
     *
     * @throws IllegalArgumentException if the prefix is not 0x02 or 0x03, or fewer than 33 bytes remain
     */
    public static NodeId of(byte[] buf, int off) {
        check(buf, off, Math.max(0, Math.min(LENGTH, buf.length - off)));
        return new NodeId(Arrays.copyOfRange(buf, off, off + LENGTH));
    }

    /**
     * A node id from 66 hex characters. O(1).
     *
     * @throws IllegalArgumentException on a wrong length, a non-hex character (with its position) or a bad prefix
     */
    public static NodeId fromHex(CharSequence hex) {
        byte[] b;
        try {
            b = Hex.decode(hex, LENGTH);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad node id: " + e.getMessage(), e);
        }
        check(b, 0, LENGTH);
        return new NodeId(b);
    }

    /** The node id of a public key point (compressed). O(1) plus the point's normalisation. */
    public static NodeId of(ECPoint point) {
        if (point.isInfinity()) {
            throw new IllegalArgumentException("the point at infinity is not a public key");
        }
        return new NodeId(point.getEncoded(true));
    }

    static void check(byte[] b, int off, int len) {
        if (len != LENGTH) {
            throw new IllegalArgumentException("a node id is 33 bytes (compressed public key), got " + len);
        }
        byte p = b[off];
        if (p != 2 && p != 3) {
            throw new IllegalArgumentException(String.format(
                    "a compressed public key starts with 0x02 or 0x03, got 0x%02x", p & 0xFF));
        }
    }

    /** A copy of the 33 key bytes. O(1). */
    public byte[] toByteArray() {
        return key.clone();
    }

    /** Copies the 33 key bytes into {@code dst} at {@code off}. O(1), no allocation. */
    public void copyTo(byte[] dst, int off) {
        System.arraycopy(key, 0, dst, off, LENGTH);
    }

    /** Byte {@code i} of the key, for allocation-free hashing and comparison. */
    public byte byteAt(int i) {
        return key[i];
    }

    /** The key as 66 lower-case hex characters. */
    public String toHex() {
        return Hex.encode(key);
    }

    /**
     * Decodes the key on secp256k1. About 10 us.
     *
     * @throws IllegalArgumentException if the bytes are not a curve point
     */
    public ECPoint toPublicKey() {
        return Secp256k1.decode(key);
    }

    /** Whether the key is a point on secp256k1. About 10 us. */
    public boolean isOnCurve() {
        return Secp256k1.isOnCurve(key);
    }

    /** Whether the key equals the 33 bytes at {@code off} in {@code buf}. O(1). */
    public boolean equalsBytes(byte[] buf, int off) {
        return Arrays.equals(key, 0, LENGTH, buf, off, off + LENGTH);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof NodeId && Arrays.equals(key, ((NodeId) o).key));
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(key);
            hash = h;
        }
        return h;
    }

    @Override
    public int compareTo(NodeId o) {
        return Arrays.compareUnsigned(key, o.key);
    }

    /** The key in hex. */
    @Override
    public String toString() {
        return toHex();
    }
}
