package org.lnautopilot.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.routing.FakeSender;
import org.lnautopilot.routing.LndRouteChoice;
import org.lnautopilot.routing.PaymentRouter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * lnd's search for a sender with history ({@link PaymentRouter} with a {@link SenderState}) against
 * the plain fixpoint of {@link ReferencePayments}, on every ordered pair of random graphs, with
 * arbitrary pair probabilities (0, a fraction of the a-priori one, the a-priori one, between it
 * and 0.95, 0.95) and local balances. The sender has history from one node or from every node,
 * so that both ways the search finds those nodes' offers (binary search, sweep) are exercised.
 */
class RouterWithHistoryTest {
    static LongStream seeds() {
        return LongStream.rangeClosed(1, 40);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyRouteIsTheReferences(long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        final int n = 7 + r.nextInt(3);
        final CsrGraph g = ReferencePaymentsTest.random(r, n, 14 + r.nextInt(10));
        final long[][] spend = new long[g.channelCount()][2];
        for (long[] s : spend) {
            s[0] = r.nextInt(4) == 0 ? 1_000 : 2_000_000_000L;
            s[1] = r.nextInt(4) == 0 ? 1_000 : 2_000_000_000L;
        }
        final int[] history;
        if (seed % 2 == 0) {
            history = new int[n];
            for (int i = 0; i < n; i++) {
                history[i] = i;
            }
        } else {
            history = new int[] {r.nextInt(n)}; // one node: found by binary search in longer lists
        }
        final FakeSender fake = new FakeSender(history, seed, spend);
        final long[] first = new long[g.channelCount()];
        final ReferencePayments ref = new ReferencePayments(g, first) {
            @Override
            double pairProbability(int sender, int from, int to, long amt, double apriori, double now) {
                return fake.has(from) ? fake.of(from, to, apriori) : apriori;
            }

            @Override
            long spendable(int c, int side) {
                return spend[c][side];
            }
        };
        final PaymentRouter router = new PaymentRouter(new LndRouteChoice(), g);
        final long amt = 20_000_000L * (1 + seed % 4);
        int found = 0;
        for (int s = 0; s < n; s++) {
            ref.mc.put(s, new HashMap<>()); // the reference asks its probabilities only for senders with history
            for (int t = 0; t < n; t++) {
                if (s == t) {
                    continue;
                }
                final String where = "seed " + seed + ", " + s + " -> " + t;
                final ReferencePayments.Label want = ref.best(s, t, amt, 0);
                final boolean got = router.find(s, t, amt, fake);
                assertEquals(want != null, got, where);
                if (!got) {
                    continue;
                }
                found++;
                final int[] nodes = new int[router.hops() + 1];
                for (int i = 0; i < nodes.length; i++) {
                    nodes[i] = router.node(i);
                }
                final ReferencePayments.Label along = ref.along(ReferencePayments.list(nodes), amt, 0);
                assertNotNull(along, where + ": the route breaks the rules");
                assertEquals(want.dist(), along.dist(), where);
                assertEquals(want.prob(), along.prob(), 1e-12, where);
                assertEquals(along.prob(), router.probability(), 1e-12, where);
            }
        }
        assertTrue(found > 0, "seed " + seed + ": no route at all");
    }
}
