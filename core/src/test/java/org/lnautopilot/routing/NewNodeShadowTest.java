package org.lnautopilot.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.graph.GraphOverlay;

/**
 * {@link NewNodeShadow} against lnd's search with X itself: on random graphs, for every ordered
 * pair of the graph's nodes and several amounts, with and without a sender's history and balances,
 * whenever the shadow says X changes nothing the router with X must find exactly the route the
 * router without X found (the same nodes, amounts and probability), or none as it did. The shadow
 * must also say "nothing" often and "may change" sometimes, or the test proves nothing.
 */
class NewNodeShadowTest {
    static LongStream seeds() {
        return LongStream.rangeClosed(1, 40);
    }

    private static final long[] AMOUNTS = {100_000_000L, 20_000_000L, 140_000_000L};

    @ParameterizedTest
    @MethodSource("seeds")
    void nothingMeansTheSameRoute(long seed) {
        assertTrue(compare(seed)[0] > 0, "seed " + seed + ": the shadow never said nothing changes");
    }

    @Test
    void bothAnswersOccur() {
        long same = 0;
        long changed = 0;
        long real = 0;
        for (long seed : seeds().toArray()) {
            final long[] c = compare(seed);
            same += c[0];
            changed += c[1];
            real += c[2];
        }
        System.out.println("shadow: same " + same + ", may change " + changed + ", of which changed " + real);
        assertTrue(same > 0 && changed > 0, "same " + same + ", may change " + changed);
    }

    /** Every pair and amount of one seed's graph; the counts of "nothing" and "may change". */
    private static long[] compare(long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        final int n = 8 + r.nextInt(10);
        final CsrGraph g = RoutingGraphs.random(seed, n, n + r.nextInt(2 * n), seed % 4 == 0);
        final GraphOverlay x = RoutingGraphs.hubOverlay(g, r, 1, 4, 2, 3);
        final LndRouteChoice choice = new LndRouteChoice();
        final PaymentRouter without = new PaymentRouter(choice, g);
        final PaymentRouter with = new PaymentRouter(choice, x);
        final NewNodeShadow shadow = new NewNodeShadow(choice, x, without);
        final SenderState state = seed % 3 == 0 ? null : sender(r, g, x, seed);
        long same = 0;
        long changed = 0;
        long real = 0;
        for (long a : AMOUNTS) {
            for (int s = 0; s < n; s++) {
                for (int t = 0; t < n; t++) {
                    final boolean found = without.find(s, t, a, state);
                    final boolean may = shadow.mayChange(s, t, a, state);
                    final boolean foundWith = with.find(s, t, a, state);
                    final String where = "seed " + seed + ", " + s + " -> " + t + ", " + a + " msat";
                    if (!may) {
                        assertEquals(found, foundWith, where + ": a route appeared or vanished with X");
                        assertEquals(without.hops(), with.hops(), where);
                        for (int i = 0; i <= without.hops() && found; i++) {
                            assertEquals(without.node(i), with.node(i), where + ", node " + i);
                        }
                        for (int i = 0; i < without.hops(); i++) {
                            assertEquals(without.carried(i), with.carried(i), where + ", hop " + i);
                        }
                        assertEquals(without.probability(), with.probability(), where);
                        same++;
                    } else {
                        changed++;
                        if (found != foundWith || !sameRoute(without, with)) {
                            real++;
                        }
                    }
                }
            }
        }
        return new long[] {same, changed, real};
    }

    private static boolean sameRoute(PaymentRouter a, PaymentRouter b) {
        if (a.hops() != b.hops() || a.probability() != b.probability()) {
            return false;
        }
        for (int i = 0; i <= a.hops() && a.hops() > 0; i++) {
            if (a.node(i) != b.node(i) || i < a.hops() && a.carried(i) != b.carried(i)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aSenderNextToXWhoseRouteGoesThroughXIsAChange() {
        // 0 - 1 - 2 in a line of expensive channels; X joins 0 and 2 at low fees.
        final CsrGraph g = line();
        final GraphOverlay x = new GraphOverlay(g, new int[] {0, 2}, new long[] {10_000_000, 10_000_000},
                new org.lnautopilot.ChannelPolicy(0, 1, 18, 1_000, Long.MAX_VALUE, false));
        final LndRouteChoice choice = new LndRouteChoice();
        final PaymentRouter without = new PaymentRouter(choice, g);
        final NewNodeShadow shadow = new NewNodeShadow(choice, x, without);
        final PaymentRouter with = new PaymentRouter(choice, x);
        final long a = 100_000_000L;
        assertTrue(without.find(0, 2, a, null));
        assertTrue(with.find(0, 2, a, null));
        assertEquals(x.newNode(), with.node(1), "the cheap route through X");
        assertTrue(shadow.mayChange(0, 2, a, null));
        // 1 -> 2 is one hop to the receiver: X cannot beat it.
        assertTrue(without.find(1, 2, a, null));
        assertTrue(!shadow.mayChange(1, 2, a, null));
    }

    @Test
    void refusesARouterWithX() {
        final CsrGraph g = line();
        final GraphOverlay x = new GraphOverlay(g, new int[] {0}, new long[] {1_000_000}, Policies.graphMedian(g));
        final LndRouteChoice choice = new LndRouteChoice();
        assertThrows(IllegalArgumentException.class, () -> new NewNodeShadow(choice, x, new PaymentRouter(choice, x)));
    }

    private static CsrGraph line() {
        final CsrGraph.Builder b = CsrGraph.builder().addresslessEligible(true);
        for (int i = 0; i < 3; i++) {
            b.node(org.lnautopilot.testing.TestKeys.key(i + 1));
        }
        for (int i = 0; i < 2; i++) {
            final int c = b.addChannel(i + 1, i, i + 1, 10_000_000);
            b.policy(c, 0, 50_000, 5_000, 144, 1_000, -1, false);
            b.policy(c, 1, 50_000, 5_000, 144, 1_000, -1, false);
        }
        return b.build();
    }

    /** A sender with history from some of the graph's nodes and random balances, X's channels included. */
    private static FakeSender sender(SplittableRandom r, CsrGraph g, GraphOverlay x, long salt) {
        final int n = g.nodeCount();
        final int h = salt % 5 == 0 ? n : r.nextInt(n / 2 + 1); // some senders have results from every node
        final int[] history = new int[h];
        for (int i = 0; i < h; i++) {
            history[i] = (i * 7 + (int) salt) % n;
        }
        final int[] withPeers = java.util.Arrays.copyOf(history, h + x.channelCount());
        for (int j = 0; j < x.channelCount(); j++) {
            withPeers[h + j] = r.nextBoolean() ? x.peer(j) : history.length > 0 ? history[0] : 0; // results from X's peers
        }
        final int[] distinct = java.util.Arrays.stream(withPeers).distinct().toArray();
        final long[][] spend = new long[g.channelCount()][2];
        for (long[] s : spend) {
            s[0] = r.nextInt(4) == 0 ? 1_000 : 2_000_000_000L;
            s[1] = r.nextInt(4) == 0 ? 1_000 : 2_000_000_000L;
        }
        final long[][] newSpend = new long[x.channelCount()][2];
        for (long[] s : newSpend) {
            s[0] = r.nextInt(4) == 0 ? 1_000 : 2_000_000_000L;
            s[1] = r.nextInt(4) == 0 ? 1_000 : 2_000_000_000L;
        }
        return new FakeSender(distinct, salt, spend, newSpend);
    }
}
