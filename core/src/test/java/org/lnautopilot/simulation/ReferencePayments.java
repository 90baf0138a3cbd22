package org.lnautopilot.simulation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lnautopilot.ChannelPolicy;
import org.lnautopilot.graph.CsrGraph;

/**
 * The payment rules of API.md part 4 written plainly, one attempt at a time, for small graphs:
 * balances as two numbers per channel, mission control as maps of records, lnd's labels as the
 * fixpoint "each node's label is the best of its neighbours' labels extended by one hop" (the
 * sender never forwards), recomputed from scratch for every attempt. Nothing is shared with the
 * fast loop but the graph (a new node is a real node of this graph here).
 */
class ReferencePayments {
    static final double APRIORI = 0.6;
    static final double LOCAL = 0.95;
    static final double MIN_PROB = 0.01;
    static final long RISK = 15;
    static final int CLTV_LIMIT = 2016;
    static final int MAX_HOPS = 20;

    record Label(long amt, long weight, double prob, int lock, int hops, int next, long dist) {
    }

    /** lnd's last result of one pair. */
    static final class Result {
        long success;
        long failAmt;
        Double failTime;
    }

    final CsrGraph g;
    final long[][] bal;
    final Map<Integer, Map<List<Integer>, Result>> mc = new HashMap<>();
    final long[] earned;

    ReferencePayments(CsrGraph g, long[] first) {
        this.g = g;
        this.bal = new long[g.channelCount()][2];
        for (int c = 0; c < first.length; c++) {
            bal[c][0] = first[c];
            bal[c][1] = g.capacitySat(c) * 1000 - first[c];
        }
        this.earned = new long[g.nodeCount()];
    }

    long spendable(int c, int side) {
        return bal[c][side] - g.capacitySat(c) * 1000 / 100;
    }

    double weight(double age) {
        return StrictMath.pow(2, -age / 3600);
    }

    /** lnd's PairProbability for the sender, straight from probability_apriori.go. */
    double pairProbability(int sender, int from, int to, long amt, double apriori, double now) {
        final Map<List<Integer>, Result> m = mc.getOrDefault(sender, Map.of());
        double total = apriori;
        double weights = 1;
        boolean any = false;
        for (Map.Entry<List<Integer>, Result> e : m.entrySet()) {
            if (e.getKey().get(0) != from) {
                continue;
            }
            any = true;
            final Result r = e.getValue();
            if (amt <= r.success) {
                weights += 1;
                total += 0.95;
            } else if (r.failTime != null && amt >= r.failAmt) {
                weights += weight(now - r.failTime);
            }
        }
        final double node = any ? total / weights : apriori;
        final Result r = m.get(List.of(from, to));
        if (r == null) {
            return node;
        }
        if (amt <= r.success) {
            return 0.95;
        }
        if (r.failTime == null || amt < r.failAmt) {
            return node;
        }
        return node * (1 - weight(now - r.failTime));
    }

    double capacityFactor(long a, long capMsat) {
        if (capMsat == 0) {
            return 1;
        }
        if (a > capMsat) {
            return 0;
        }
        return 1 - 0.5 / (1 + StrictMath.exp(-((double) a - 0.9999 * capMsat) / (0.025 * capMsat)));
    }

    /** The label u gets by forwarding (or as the sender paying) over its channels to v. */
    Label hop(int u, int v, Label to, boolean isSender, int sender, double now, double cost) {
        boolean found = false;
        long fee = Long.MIN_VALUE;
        int lock = 0;
        long cap = 0;
        final long a = to.amt();
        for (int c = 0; c < g.channelCount(); c++) {
            for (int side = 0; side < 2; side++) {
                if (g.endpoint(c, side) != u || g.endpoint(c, 1 - side) != v) {
                    continue;
                }
                final ChannelPolicy pol = g.policy(c, side);
                if (pol == null || pol.disabled() || a > pol.maxHtlcMsat() || a < pol.minHtlcMsat()) {
                    continue;
                }
                final long capMsat = g.capacitySat(c) * 1000;
                if (isSender ? spendable(c, side) < a : capMsat > 0 && a > capMsat) {
                    continue;
                }
                found = true;
                cap = Math.max(cap, capMsat > 0 ? capMsat : pol.maxHtlcMsat() == Long.MAX_VALUE ? 0 : pol.maxHtlcMsat());
                lock = Math.max(lock, pol.timeLockDelta());
                fee = Math.max(fee, pol.feeMsat(a));
            }
        }
        if (!found || to.hops() + 1 > MAX_HOPS) {
            return null;
        }
        if (isSender) {
            final double pr = to.prob() * LOCAL;
            return pr < MIN_PROB ? null : new Label(a, to.weight(), pr, to.lock(), to.hops() + 1, v,
                    dist(to.weight(), pr, cost));
        }
        double edge = APRIORI * capacityFactor(a, cap);
        if (mc.containsKey(sender)) {
            edge = pairProbability(sender, u, v, a, edge, now);
        }
        final double pr = to.prob() * edge;
        final int newLock = to.lock() + lock;
        if (edge == 0 || pr < MIN_PROB || newLock > CLTV_LIMIT) {
            return null;
        }
        final long w = to.weight() + fee + a * lock * RISK / 1_000_000_000L;
        return new Label(a + fee, w, pr, newLock, to.hops() + 1, v, dist(w, pr, cost));
    }

    static long dist(long w, double pr, double cost) {
        return (long) (w + cost / pr);
    }

    static boolean better(Label a, Label b) {
        return b == null || a.dist() < b.dist() || a.dist() == b.dist() && a.prob() > b.prob();
    }

    static double cost(long amount) {
        return 100_000 + amount * 1_000 / 1_000_000;
    }

    /** The sender's best label towards t: the fixpoint over forwarding nodes, then its own choice. */
    Label best(int s, int t, long amount, double now) {
        final int n = g.nodeCount();
        final double cost = cost(amount);
        Label[] cur = new Label[n];
        cur[t] = new Label(amount, 0, 1, 0, 0, -1, 0);
        for (int round = 0;; round++) {
            if (round > 4 * n + 4) {
                throw new AssertionError("labels did not settle");
            }
            final Label[] nxt = new Label[n];
            nxt[t] = cur[t];
            for (int u = 0; u < n; u++) {
                for (int v = 0; v < n && u != t && u != s; v++) {
                    if (v != u && v != s && cur[v] != null) {
                        final Label l = hop(u, v, cur[v], false, s, now, cost);
                        if (l != null && better(l, nxt[u])) {
                            nxt[u] = l;
                        }
                    }
                }
            }
            if (java.util.Arrays.equals(nxt, cur)) {
                break;
            }
            cur = nxt;
        }
        Label best = null;
        for (int v = 0; v < n; v++) {
            if (v != s && cur[v] != null) {
                final Label l = hop(s, v, cur[v], true, s, now, cost);
                if (l != null && better(l, best)) {
                    best = l;
                }
            }
        }
        return best;
    }

    /** The sender's label along the given route (null where a hop breaks the rules). */
    Label along(List<Integer> nodes, long amount, double now) {
        final double cost = cost(amount);
        final int s = nodes.get(0);
        Label l = new Label(amount, 0, 1, 0, 0, -1, 0);
        for (int i = nodes.size() - 2; i >= 0 && l != null; i--) {
            l = hop(nodes.get(i), nodes.get(i + 1), l, i == 0, s, now, cost);
        }
        return l;
    }

    /** What each hop of the route carries: the amount plus the later forwarders' fees. */
    long[] carried(List<Integer> nodes, long amount) {
        final long[] a = new long[nodes.size() - 1];
        long amt = amount;
        for (int i = a.length - 1; i >= 0; i--) {
            a[i] = amt;
            if (i > 0) {
                long fee = Long.MIN_VALUE;
                for (int c = 0; c < g.channelCount(); c++) {
                    for (int side = 0; side < 2; side++) {
                        final ChannelPolicy pol = g.policy(c, side);
                        if (g.endpoint(c, side) == nodes.get(i) && g.endpoint(c, 1 - side) == nodes.get(i + 1)
                                && pol != null && !pol.disabled() && amt <= pol.maxHtlcMsat() && amt >= pol.minHtlcMsat()
                                && amt <= g.capacitySat(c) * 1000) {
                            fee = Math.max(fee, pol.feeMsat(amt));
                        }
                    }
                }
                amt += fee;
            }
        }
        return a;
    }

    /**
     * Makes one attempt over the route: returns -1 on success (balances moved, fees earned, all
     * pairs successes), else the index of the node that could not forward (its pair a failure, the
     * pairs before it successes).
     */
    int attempt(int sender, List<Integer> nodes, long amount, double now) {
        final long[] a = carried(nodes, amount);
        final int[] chan = new int[a.length];
        final int[] sideOf = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            int best = -1;
            int bestSide = 0;
            for (int c = 0; c < g.channelCount(); c++) {
                for (int side = 0; side < 2; side++) {
                    final ChannelPolicy pol = g.policy(c, side);
                    if (g.endpoint(c, side) != nodes.get(i) || g.endpoint(c, 1 - side) != nodes.get(i + 1) || pol == null
                            || pol.disabled() || a[i] > pol.maxHtlcMsat() || a[i] < pol.minHtlcMsat()
                            || spendable(c, side) < a[i]) {
                        continue;
                    }
                    if (best < 0 || spendable(c, side) > spendable(best, bestSide) || spendable(c, side) == spendable(best,
                            bestSide) && Long.compareUnsigned(g.channelId(c), g.channelId(best)) < 0) {
                        best = c;
                        bestSide = side;
                    }
                }
            }
            if (best < 0) {
                for (int k = 0; k < i; k++) {
                    record(sender, nodes.get(k), nodes.get(k + 1), a[k], now, true);
                }
                record(sender, nodes.get(i), nodes.get(i + 1), a[i], now, false);
                return i;
            }
            chan[i] = best;
            sideOf[i] = bestSide;
        }
        for (int i = 0; i < a.length; i++) {
            bal[chan[i]][sideOf[i]] -= a[i];
            bal[chan[i]][1 - sideOf[i]] += a[i];
            record(sender, nodes.get(i), nodes.get(i + 1), a[i], now, true);
            if (i > 0) {
                earned[nodes.get(i)] += a[i - 1] - a[i];
            }
        }
        return -1;
    }

    /** lnd's setLastPairResult, straight from missioncontrol_state.go. */
    void record(int sender, int from, int to, long amt, double now, boolean success) {
        final Result r = mc.computeIfAbsent(sender, k -> new HashMap<>()).computeIfAbsent(List.of(from, to),
                k -> new Result());
        if (success) {
            if (amt > r.success) {
                r.success = amt;
            }
            if (r.failTime != null && amt >= r.failAmt) {
                r.failAmt = amt + 1;
            }
        } else {
            if (amt > r.failAmt && r.failTime != null && now - r.failTime < 60) {
                return;
            }
            r.failTime = now;
            r.failAmt = amt;
            if (amt <= r.success) {
                r.success = amt - 1;
            }
        }
    }

    static List<Integer> list(int[] a) {
        final List<Integer> l = new ArrayList<>();
        for (int v : a) {
            l.add(v);
        }
        return l;
    }
}
