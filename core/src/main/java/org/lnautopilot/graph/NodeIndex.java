package org.lnautopilot.graph;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.Arrays;
import org.lnautopilot.NodeId;

/**
 * Key to node-index map over a flat array of 33-byte keys: open addressing with linear probing in
 * an {@code int[]} table, load factor at most 1/2, and no {@code byte[]} object per key. An entry
 * holds {@code index + 1} in its low bits (0 = empty) and, in the bits the index does not need, a
 * tag taken from the top of the key's hash: a probe compares the 33-byte key (a second cache miss,
 * into the key array) only when the tags agree, so misses and collisions rarely touch the keys.
 *
 * <p>Hash: NH (Black, Halevi, Krawczyk, Krovetz and Rogaway, "UMAC", CRYPTO 1999) over the eight
 * 32-bit words of key bytes 1..32, with eight 32-bit salt words drawn once per process from
 * {@link SecureRandom}, then the prefix byte mixed in and a murmur3 finaliser. NH is
 * 2<sup>-32</sup>-almost-universal, so someone who can choose node keys (which costs them nothing)
 * but does not know the salt cannot force probe chains longer than chance would.
 *
 * <p>Cost: {@code indexOf} is O(1) expected, one hash of 33 bytes plus usually one key comparison.
 * Memory: 4 to 8 bytes per key. Instances held by a {@link CsrGraph} are immutable and thread-safe;
 * the mutating methods are package-private and used only by {@link CsrGraph.Builder}.
 */
public final class NodeIndex {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long[] SALT = new long[9];

    static {
        SecureRandom r = new SecureRandom();
        for (int i = 0; i < SALT.length; i++) {
            SALT[i] = r.nextLong();
        }
    }

    private static final int K = NodeId.LENGTH;

    private byte[] keys;
    private int[] table;
    private int mask;
    private int size;
    /** Bits of an entry that hold {@code index + 1}; the rest hold the tag. */
    private int indexBits;
    private int indexMask;

    /** An index over the first {@code n} keys of {@code keys}; they must be distinct. O(n). */
    NodeIndex(byte[] keys, int n) {
        this.keys = keys;
        allocate(n);
        for (int i = 0; i < n; i++) {
            insertNew(i);
        }
    }

    private void allocate(int n) {
        int cap = Integer.highestOneBit(Math.max(4, n) * 2 - 1) << 1;
        if (cap < 0 || cap > 1 << 30) {
            throw new IllegalArgumentException("too many nodes for one index: " + n);
        }
        table = new int[cap];
        mask = cap - 1;
        size = 0;
        // index + 1 <= cap / 2, so log2(cap) bits always hold it; the remaining high bits are the tag.
        indexBits = Integer.numberOfTrailingZeros(cap);
        indexMask = (int) ((1L << indexBits) - 1);
    }

    /**
     * NH hash of the 33 key bytes at {@code off}. O(1), allocation-free.
     */
    static long hash(byte[] b, int off) {
        final long[] s = SALT;
        long h = 0;
        for (int j = 0; j < 4; j++) {
            long w = (long) LONGS.get(b, off + 1 + 8 * j);
            long lo = (w + s[2 * j]) & 0xFFFFFFFFL;
            long hi = ((w >>> 32) + s[2 * j + 1]) & 0xFFFFFFFFL;
            h += lo * hi;
        }
        h ^= (b[off] & 0xFFL) * s[8];
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** The entry for index {@code i} with hash {@code h}: its tag bits over {@code i + 1}. */
    private int entry(long h, int i) {
        return (int) (h >>> 32) & ~indexMask | (i + 1);
    }

    /**
     * Index of the node whose key is the 33 bytes at {@code off} in {@code key}, or -1.
     * O(1) expected; allocation-free.
     */
    public int indexOf(byte[] key, int off) {
        final int[] t = table;
        final int m = mask;
        final int im = indexMask;
        final byte[] ks = keys;
        final long h = hash(key, off);
        final int tag = (int) (h >>> 32) & ~im;
        int slot = (int) h & m;
        for (;;) {
            final int e = t[slot];
            if (e == 0) {
                return -1;
            }
            if ((e & ~im) == tag) {
                final int i = (e & im) - 1;
                final int base = i * K;
                if (Arrays.equals(ks, base, base + K, key, off, off + K)) {
                    return i;
                }
            }
            slot = (slot + 1) & m;
        }
    }

    /** Index of the node with key {@code id}, or -1. O(1) expected; allocates one 33-byte buffer. */
    public int indexOf(NodeId id) {
        byte[] buf = new byte[K];
        id.copyTo(buf, 0);
        return indexOf(buf, 0);
    }

    /** Number of keys indexed. */
    public int size() {
        return size;
    }

    /** Bytes held by the table (not the keys). */
    public long tableBytes() {
        return 16L + 4L * table.length;
    }

    // ---- used by the builder only -------------------------------------------------------------

    /** Replaces the key array (after the builder grew it); the keys already indexed must be unchanged. */
    void keys(byte[] newKeys) {
        this.keys = newKeys;
    }

    /** Indexes key {@code i} of the key array, which must not be indexed yet; grows when half full. */
    void insertNew(int i) {
        if ((size + 1) * 2 > table.length) {
            int n = size;
            allocate(n + 1);
            for (int j = 0; j < n; j++) {
                place(j);
            }
        }
        place(i);
    }

    private void place(int i) {
        final long h = hash(keys, i * K);
        int slot = (int) h & mask;
        while (table[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        table[slot] = entry(h, i);
        size++;
    }
}
