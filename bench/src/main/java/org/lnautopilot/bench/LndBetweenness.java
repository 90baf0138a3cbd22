package org.lnautopilot.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import org.lnautopilot.ChannelGraph;
import org.lnautopilot.NodeId;

/**
 * A faithful Java port of lnd's {@code autopilot/betweenness_centrality.go} and the
 * {@code NewSimpleGraph} it calls, as lnd wrote them: the reference the benchmarks compare
 * {@code Betweenness.exact} with. Neither slowed nor tuned: the same work lnd does.
 *
 * <ul>
 * <li>Each call builds the simple graph from the channel graph: a map from node id to index and a map
 * from index to an adjacency slice, filled by walking every node and channel ({@code ForEachNode} /
 * {@code ForEachChannel}); a channel seen from both ends appears in both slices, parallel channels
 * once each.</li>
 * <li>{@code workers} threads take sources from an unbuffered channel (here a
 * {@link SynchronousQueue}, which hands each item to a waiting taker as Go's unbuffered channel
 * does), each adding into its own partial array.</li>
 * <li>Per source, as in lnd's {@code betweennessCentrality}: {@code pred} as one slice per node,
 * {@code sigma} as 64-bit integers, {@code dist}, the stack and the queue as slices, {@code delta},
 * all allocated for that source; slices grow by append ({@link IntSlice}).</li>
 * <li>Partials are summed, halved (undirected), and stored in a map by node id.</li>
 * </ul>
 */
final class LndBetweenness {
    private LndBetweenness() {
    }

    /** Go's {@code []int} with {@code append}: doubling growth, nil until the first append. */
    static final class IntSlice {
        int[] a = new int[0];
        int len;

        void append(int v) {
            if (len == a.length) {
                a = java.util.Arrays.copyOf(a, Math.max(1, a.length * 2));
            }
            a[len++] = v;
        }
    }

    /** lnd's {@code SimpleGraph}. */
    static final class SimpleGraph {
        NodeId[] nodes;
        IntSlice[] adj;
    }

    static SimpleGraph simpleGraph(ChannelGraph g) {
        final Map<NodeId, Integer> nodes = new HashMap<>();
        final Map<Integer, IntSlice> adj = new HashMap<>();
        final int[] nextIndex = {0};
        g.forEachNode(node -> {
            final int u = index(nodes, nextIndex, node.pubKey());
            node.forEachChannel(edge -> {
                final int v = index(nodes, nextIndex, edge.peer().pubKey());
                adj.computeIfAbsent(u, k -> new IntSlice()).append(v);
            });
        });
        final SimpleGraph sg = new SimpleGraph();
        sg.nodes = new NodeId[nodes.size()];
        sg.adj = new IntSlice[nodes.size()];
        for (Map.Entry<NodeId, Integer> e : nodes.entrySet()) {
            final IntSlice a = adj.get(e.getValue());
            sg.adj[e.getValue()] = a != null ? a : new IntSlice();
            sg.nodes[e.getValue()] = e.getKey();
        }
        return sg;
    }

    private static int index(Map<NodeId, Integer> nodes, int[] next, NodeId id) {
        final Integer i = nodes.get(id);
        if (i != null) {
            return i;
        }
        nodes.put(id, next[0]);
        return next[0]++;
    }

    /** lnd's {@code betweennessCentrality(g, s, centrality)}. */
    static void betweennessCentrality(SimpleGraph g, int s, double[] centrality) {
        final int n = g.nodes.length;
        final IntSlice[] pred = new IntSlice[n];
        final long[] sigma = new long[n];
        sigma[s] = 1;
        final int[] dist = new int[n];
        for (int i = 0; i < n; i++) {
            dist[i] = -1;
        }
        dist[s] = 0;
        final IntSlice st = new IntSlice();
        final IntSlice q = new IntSlice();
        int qFront = 0;
        q.append(s);
        while (qFront < q.len) {
            final int v = q.a[qFront++];
            st.append(v);
            final IntSlice nb = g.adj[v];
            for (int k = 0; k < nb.len; k++) {
                final int w = nb.a[k];
                if (dist[w] < 0) {
                    dist[w] = dist[v] + 1;
                    q.append(w);
                }
                if (dist[w] == dist[v] + 1) {
                    sigma[w] += sigma[v];
                    if (pred[w] == null) {
                        pred[w] = new IntSlice();
                    }
                    pred[w].append(v);
                }
            }
        }
        final double[] delta = new double[n];
        while (st.len > 0) {
            final int w = st.a[--st.len];
            final IntSlice p = pred[w];
            if (p != null) {
                for (int k = 0; k < p.len; k++) {
                    final int v = p.a[k];
                    delta[v] += ((double) sigma[v] / (double) sigma[w]) * (1.0 + delta[w]);
                }
            }
            if (w != s) {
                centrality[w] += delta[w];
            }
        }
    }

    /** lnd's {@code Refresh}: the raw (halved) centrality of every node, by id. */
    static Map<NodeId, Double> refresh(ChannelGraph graph, int workers) throws InterruptedException {
        final SimpleGraph cache = simpleGraph(graph);
        final int n = cache.nodes.length;
        final SynchronousQueue<Integer> work = new SynchronousQueue<>();
        final BlockingQueue<double[]> partials = new LinkedBlockingQueue<>();
        final CountDownLatch wg = new CountDownLatch(workers);
        final Integer done = -1;
        for (int i = 0; i < workers; i++) {
            final Thread t = new Thread(() -> {
                final double[] partial = new double[n];
                try {
                    for (;;) {
                        final Integer node = work.take();
                        if (node == done) {
                            break;
                        }
                        betweennessCentrality(cache, node, partial);
                    }
                    partials.add(partial);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    wg.countDown();
                }
            });
            t.setDaemon(true);
            t.start();
        }
        for (int node = 0; node < n; node++) {
            work.put(node);
        }
        // close(work): every worker sees the end.
        for (int i = 0; i < workers; i++) {
            work.put(done);
        }
        wg.await();
        final double[] centrality = new double[n];
        double[] partial;
        while ((partial = partials.poll()) != null) {
            for (int i = 0; i < partial.length; i++) {
                centrality[i] += partial[i];
            }
        }
        final Map<NodeId, Double> out = new HashMap<>();
        for (int u = 0; u < n; u++) {
            out.put(cache.nodes[u], centrality[u] / 2.0);
        }
        return out;
    }
}
