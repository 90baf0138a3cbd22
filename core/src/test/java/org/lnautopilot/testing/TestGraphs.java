package org.lnautopilot.testing;

import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import org.lnautopilot.graph.CsrGraph;

/**
 * Small graphs for tests, built fast: node {@code i} gets the key {@code 02 || i} (big-endian,
 * padded), which the builder accepts without a curve check, and, when asked, one IPv4 address.
 */
public final class TestGraphs {
    private TestGraphs() {
    }

    /** The 33-byte key of node {@code i}. */
    public static byte[] key(int i) {
        byte[] k = new byte[33];
        k[0] = 2;
        k[29] = (byte) (i >>> 24);
        k[30] = (byte) (i >>> 16);
        k[31] = (byte) (i >>> 8);
        k[32] = (byte) i;
        return k;
    }

    /**
     * Nodes {@code 0..n-1} in index order, every one with an address, and the given channels
     * ({@code {a, b}} pairs; repeat a pair for parallel channels).
     */
    public static CsrGraph of(int n, int[][] channels) {
        return of(n, channels, true);
    }

    /** As {@link #of(int, int[][])}; {@code addresses} false leaves every node without one. */
    public static CsrGraph of(int n, int[][] channels, boolean addresses) {
        CsrGraph.Builder b = CsrGraph.builder();
        for (int i = 0; i < n; i++) {
            int idx = b.node(key(i), 0);
            b.declare(idx);
            if (addresses) {
                b.addAddress(idx, InetSocketAddress.createUnresolved("10.0." + (i >> 8 & 255) + "." + (i & 255), 9735));
            }
        }
        for (int c = 0; c < channels.length; c++) {
            b.addChannel(c + 1L, channels[c][0], channels[c][1], 100_000L * (1 + c % 7));
        }
        return b.build();
    }

    /**
     * A random multigraph on {@code n} nodes from {@code seed}: about {@code n * density} random
     * channels, some of them doubled or tripled, plus pendant paths and trees, so that it has several
     * components, isolated nodes, leaves and parallel channels.
     */
    public static CsrGraph randomMultigraph(long seed, int n, double density) {
        SplittableRandom r = new SplittableRandom(seed);
        int m = (int) (n * density);
        int[][] ch = new int[3 * m + n][];
        int c = 0;
        int core = Math.max(2, n * 2 / 3);
        for (int i = 0; i < m; i++) {
            int a = r.nextInt(core);
            int bb = r.nextInt(core);
            if (a == bb) {
                continue;
            }
            int copies = r.nextInt(10) == 0 ? 2 + r.nextInt(2) : 1;
            for (int k = 0; k < copies; k++) {
                ch[c++] = new int[] {a, bb};
            }
        }
        // The rest hang off earlier nodes (trees), or stay isolated.
        for (int v = core; v < n; v++) {
            if (r.nextInt(6) == 0) {
                continue;
            }
            int parent = r.nextInt(v);
            ch[c++] = new int[] {v, parent};
            if (r.nextInt(8) == 0) {
                ch[c++] = new int[] {v, parent};
            }
        }
        return of(n, java.util.Arrays.copyOf(ch, c));
    }
}
