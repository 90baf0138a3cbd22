package org.lnautopilot.growth;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.bouncycastle.math.ec.ECPoint;
import org.lnautopilot.NodeId;
import org.lnautopilot.Secp256k1;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.Progress;

/**
 * Deterministic synthetic channel graphs grown by the Barabasi-Albert model (Barabasi and Albert,
 * "Emergence of scaling in random networks", Science 1999), for tests and benchmarks.
 *
 * <p>Growth: a clique of {@code m + 1} nodes, then each new node opens {@code m} channels to
 * distinct existing nodes, each chosen with probability proportional to its degree. A pick is O(1):
 * a uniform element of the list of all channel ends so far is a node drawn in proportion to its
 * degree; a repeat within one newcomer's picks is redrawn. The degree distribution tends to
 * {@code 2m(m+1)/(k(k+1)(k+2))}, a power law with exponent 3.
 *
 * <p>Keys are valid secp256k1 points derived from the seed: {@code P_0 = d*G} for a scalar
 * {@code d} drawn from the seed and {@code P_i = P_{i-1} + G}, computed in Jacobian coordinates and
 * brought to affine form 4,096 at a time with one field inversion (Montgomery's batch inversion
 * trick, {@link org.bouncycastle.math.ec.ECCurve#normalizeAll}), so a million keys take seconds.
 * Each node gets one synthetic IPv4 address {@code 10.x.y.z:9735} derived from its index (node
 * {@code i < 2^24}), channel ids {@code (500000 + c/4096) x (c mod 4096) x 0} and capacities uniform
 * in [20,000, 16,777,215] sat.
 *
 * <p>Same arguments, same graph, byte for byte. Stateless and thread-safe.
 */
public final class BarabasiAlbert {
    private static final int KEY_BATCH = 4096;

    private BarabasiAlbert() {
    }

    /** {@link #generate(int, int, long, Progress)} without progress reports. */
    public static CsrGraph generate(int nodes, int m, long seed) {
        return generate(nodes, m, seed, Progress.NONE);
    }

    /**
     * Grows a graph of {@code nodes} nodes with {@code m} channels per newcomer. O(nodes * m) time
     * plus one point addition per key (about 1 us each).
     *
     * @param progress told about key derivation and growth, as units of {@code 2 * nodes}
     * @throws IllegalArgumentException if {@code m < 1}, {@code nodes < m + 1} or
     *                                  {@code nodes > 2^24}
     */
    public static CsrGraph generate(int nodes, int m, long seed, Progress progress) {
        if (m < 1) {
            throw new IllegalArgumentException("m (channels per new node) must be at least 1, got " + m);
        }
        if (nodes < m + 1) {
            throw new IllegalArgumentException("need at least m + 1 = " + (m + 1) + " nodes, got " + nodes);
        }
        if (nodes > 1 << 24) {
            throw new IllegalArgumentException("at most 16,777,216 nodes, got " + nodes);
        }
        long channels = (long) m * (m + 1) / 2 + (long) (nodes - m - 1) * m;
        if (channels > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("too many channels: " + channels);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        CsrGraph.Builder b = CsrGraph.builder();
        addKeys(b, nodes, rnd, progress);
        for (int i = 0; i < nodes; i++) {
            b.addIpv4Address(i, 10 << 24 | i, 9735);
        }
        grow(b, nodes, m, (int) channels, rnd, progress);
        return b.build();
    }

    private static void addKeys(CsrGraph.Builder b, int nodes, SplittableRandom rnd, Progress progress) {
        BigInteger order = Secp256k1.PARAMS.getN();
        BigInteger d = new BigInteger(255, new java.util.Random(rnd.nextLong())).mod(order.subtract(BigInteger.TWO))
                .add(BigInteger.ONE);
        ECPoint g = Secp256k1.G;
        ECPoint p = g.multiply(d);
        ECPoint[] batch = new ECPoint[KEY_BATCH];
        byte[] buf = new byte[NodeId.LENGTH];
        int done = 0;
        while (done < nodes) {
            int len = Math.min(KEY_BATCH, nodes - done);
            for (int j = 0; j < len; j++) {
                batch[j] = p;
                p = p.add(g);
            }
            Secp256k1.CURVE.normalizeAll(batch, 0, len, null);
            for (int j = 0; j < len; j++) {
                byte[] enc = batch[j].getEncoded(true);
                System.arraycopy(enc, 0, buf, 0, NodeId.LENGTH);
                int before = b.nodeCount();
                int idx = b.node(buf, 0);
                if (idx != before) {
                    throw new IllegalStateException("derived key repeated at node " + (done + j));
                }
                b.declare(idx);
            }
            done += len;
            progress.update(done, 2L * nodes);
        }
    }

    private static void grow(CsrGraph.Builder b, int nodes, int m, int channels, SplittableRandom rnd,
            Progress progress) {
        final int[] endList = new int[2 * channels];
        final int[] picked = new int[m];
        int ends = 0;
        int c = 0;
        for (int u = 0; u <= m; u++) {
            for (int v = u + 1; v <= m; v++) {
                b.addChannel(scid(c), u, v, capacity(rnd));
                c++;
                endList[ends++] = u;
                endList[ends++] = v;
            }
        }
        final long step = Math.max(1, nodes / 100);
        for (int v = m + 1; v < nodes; v++) {
            final int avail = ends;
            for (int k = 0; k < m; k++) {
                int t;
                do {
                    t = endList[rnd.nextInt(avail)];
                } while (contains(picked, k, t));
                picked[k] = t;
            }
            for (int k = 0; k < m; k++) {
                b.addChannel(scid(c), v, picked[k], capacity(rnd));
                c++;
                endList[ends++] = v;
                endList[ends++] = picked[k];
            }
            if (v % step == 0) {
                progress.update(nodes + (long) v, 2L * nodes);
            }
        }
        progress.update(2L * nodes, 2L * nodes);
    }

    private static boolean contains(int[] a, int len, int x) {
        for (int i = 0; i < len; i++) {
            if (a[i] == x) {
                return true;
            }
        }
        return false;
    }

    private static long scid(int c) {
        return (long) (500_000 + (c >>> 12)) << 40 | (long) (c & 4095) << 16;
    }

    private static long capacity(SplittableRandom rnd) {
        return rnd.nextLong(20_000, 16_777_216);
    }
}
