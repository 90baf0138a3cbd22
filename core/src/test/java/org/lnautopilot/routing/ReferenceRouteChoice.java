package org.lnautopilot.routing;

import java.util.ArrayList;
import java.util.List;
import org.lnautopilot.graph.CsrGraph;

/**
 * Plain references for lnd's route choice on small graphs, written for clarity, not speed.
 *
 * <p>{@link #labels}: lnd's labels as the fixpoint "each node's label is the best of its
 * neighbours' labels extended by one edge", recomputed from scratch every round until nothing
 * changes (no heap, no settled set). {@link #allPaths}: every simple path ranked by lnd's rules.
 * Both read the graph through {@link #hop}, the rules of one hop written once, plainly.
 */
final class ReferenceRouteChoice {
    /** A label: what the node must receive, the summed weight, probability, time lock, hops, next node. */
    record Label(long amt, long weight, double prob, int lock, int hops, int next, long dist) {
    }

    private final CsrGraph g;
    private final LndRouteChoice p;
    private final long amount;
    private final double cost;

    ReferenceRouteChoice(CsrGraph g, LndRouteChoice p, long amount) {
        this.g = g;
        this.p = p;
        this.amount = amount;
        this.cost = (double) (p.attemptCostMsat + amount * p.attemptCostPpm / 1_000_000);
    }

    /** The label that u gets by forwarding (or, as the sender, paying) over its channels to v, or null. */
    Label hop(int u, int v, Label to, boolean sender) {
        boolean found = false;
        long fee = Long.MIN_VALUE;
        int lock = 0;
        long cap = 0;
        long bandwidth = -1;
        for (int c = 0; c < g.channelCount(); c++) {
            for (int side = 0; side < 2; side++) {
                if (g.endpoint(c, side) != u || g.endpoint(c, 1 - side) != v) {
                    continue;
                }
                var pol = g.policy(c, side);
                if (pol == null || pol.disabled()) {
                    continue;
                }
                final long capMsat = g.capacitySat(c) * 1000;
                final long a = to.amt();
                if (capMsat > 0 && a > capMsat || a > pol.maxHtlcMsat() || a < pol.minHtlcMsat()) {
                    continue;
                }
                found = true;
                if (sender) {
                    bandwidth = Math.max(bandwidth, capMsat > 0 ? capMsat : Long.MAX_VALUE);
                } else {
                    // Unknown capacity: lnd's factor reads the maximum HTLC, when the policy has one.
                    cap = Math.max(cap, capMsat > 0 ? capMsat : pol.maxHtlcMsat() == Long.MAX_VALUE ? 0
                            : pol.maxHtlcMsat());
                    lock = Math.max(lock, pol.timeLockDelta());
                    fee = Math.max(fee, pol.feeMsat(a));
                }
            }
        }
        if (!found || to.hops() + 1 > p.maxHops) {
            return null;
        }
        if (sender) {
            final double pr = to.prob() * p.localProbability;
            if (pr < p.minProbability) {
                return null;
            }
            return new Label(to.amt(), to.weight(), pr, to.lock(), to.hops() + 1, v,
                    PathfindRules.distance(to.weight(), pr, cost));
        }
        final double edgeProb = p.aprioriHopProbability * p.capacityFactor(to.amt(), cap);
        final int newLock = to.lock() + lock;
        final double pr = to.prob() * edgeProb;
        if (edgeProb == 0 || newLock > p.cltvLimit || pr < p.minProbability) {
            return null;
        }
        final long w = to.weight() + fee + to.amt() * lock * p.riskFactorBillionths / 1_000_000_000L;
        return new Label(to.amt() + fee, w, pr, newLock, to.hops() + 1, v, PathfindRules.distance(w, pr, cost));
    }

    static boolean better(Label a, Label b) {
        return b == null || a.dist() < b.dist() || a.dist() == b.dist() && a.prob() > b.prob();
    }

    /** The fixpoint labels towards t (null where none). */
    Label[] labels(int t) {
        final int n = g.nodeCount();
        Label[] cur = new Label[n];
        cur[t] = new Label(amount, 0, 1, 0, 0, -1, 0);
        for (int round = 0; round < 4 * n + 4; round++) {
            final Label[] nxt = new Label[n];
            nxt[t] = cur[t];
            for (int u = 0; u < n; u++) {
                if (u == t) {
                    continue;
                }
                for (int v = 0; v < n; v++) {
                    if (v != u && cur[v] != null) {
                        final Label l = hop(u, v, cur[v], false);
                        if (l != null && better(l, nxt[u])) {
                            nxt[u] = l;
                        }
                    }
                }
            }
            if (java.util.Arrays.equals(nxt, cur)) {
                return cur;
            }
            cur = nxt;
        }
        throw new AssertionError("labels did not settle");
    }

    /** The sender's label from the fixpoint: its best own channel to a labelled neighbour. */
    Label choose(Label[] labels, int s) {
        Label best = null;
        for (int v = 0; v < g.nodeCount(); v++) {
            if (v != s && labels[v] != null) {
                final Label l = hop(s, v, labels[v], true);
                if (l != null && better(l, best)) {
                    best = l;
                }
            }
        }
        return best;
    }

    /** Every simple path s -> t that lnd's rules admit, each with its sender's label, best first. */
    List<Object[]> allPaths(int s, int t) {
        final List<Object[]> out = new ArrayList<>();
        final List<Integer> path = new ArrayList<>();
        path.add(s);
        dfs(s, t, path, new boolean[g.nodeCount()], out);
        out.sort((a, b) -> {
            final Label x = (Label) a[1];
            final Label y = (Label) b[1];
            return x.dist() != y.dist() ? Long.compare(x.dist(), y.dist()) : Double.compare(y.prob(), x.prob());
        });
        return out;
    }

    private void dfs(int v, int t, List<Integer> path, boolean[] on, List<Object[]> out) {
        if (v == t) {
            Label l = new Label(amount, 0, 1, 0, 0, -1, 0);
            for (int i = path.size() - 2; i >= 0 && l != null; i--) {
                l = hop(path.get(i), path.get(i + 1), l, i == 0);
            }
            if (l != null) {
                out.add(new Object[] {List.copyOf(path), l});
            }
            return;
        }
        on[v] = true;
        for (int u = 0; u < g.nodeCount(); u++) {
            if (!on[u] && adjacent(v, u)) {
                path.add(u);
                dfs(u, t, path, on, out);
                path.remove(path.size() - 1);
            }
        }
        on[v] = false;
    }

    private boolean adjacent(int a, int b) {
        for (int s = g.slotStart(a); s < g.slotEnd(a); s++) {
            if (g.neighbour(s) == b) {
                return true;
            }
        }
        return false;
    }
}
