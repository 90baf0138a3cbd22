package org.lnautopilot;

import java.util.Arrays;

/**
 * A transaction output: 32-byte txid and output index (the seed's {@code wire.OutPoint}), used to
 * name a channel's funding output.
 *
 * <p>The txid bytes are kept in the order of their hex text, which is how lnd prints a
 * {@code chan_point}. Immutable and thread-safe.
 */
public final class OutPoint {
    private final byte[] txid;
    private final int index;

    /**
     * @param txid  32 bytes, copied
     * @param index output index, non-negative
     * @throws IllegalArgumentException on a wrong txid length or a negative index
     */
    public OutPoint(byte[] txid, int index) {
        if (txid.length != 32) {
            throw new IllegalArgumentException("a txid is 32 bytes, got " + txid.length);
        }
        if (index < 0) {
            throw new IllegalArgumentException("output index must be non-negative, got " + index);
        }
        this.txid = txid.clone();
        this.index = index;
    }

    /**
     * Parses {@code TXIDHEX:INDEX}, lnd's {@code chan_point} form.
     *
     * @throws IllegalArgumentException if the colon is missing, the txid is not 64 hex characters or
     *                                  the index is not a non-negative 32-bit decimal
     */
    public static OutPoint parse(CharSequence text) {
        String s = text.toString();
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("outpoint must look like <txid hex>:<index>, got '" + s + "'");
        }
        byte[] txid;
        try {
            txid = Hex.decode(s.substring(0, colon), 32);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad txid in outpoint '" + s + "': " + e.getMessage(), e);
        }
        String idx = s.substring(colon + 1);
        long index;
        try {
            index = idx.isEmpty() || idx.charAt(0) == '+' || idx.charAt(0) == '-' ? -1 : Long.parseLong(idx);
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < 0 || index > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad output index '" + idx + "' in outpoint '" + s + "'");
        }
        return new OutPoint(txid, (int) index);
    }

    /** A copy of the 32 txid bytes, in hex-text order. */
    public byte[] txid() {
        return txid.clone();
    }

    /** The output index. */
    public int index() {
        return index;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof OutPoint && ((OutPoint) o).index == index
                && Arrays.equals(((OutPoint) o).txid, txid));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(txid) * 31 + index;
    }

    /** {@code TXIDHEX:INDEX}. */
    @Override
    public String toString() {
        return Hex.encode(txid) + ":" + index;
    }
}
