package org.lnautopilot.centrality;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.lnautopilot.graph.CsrGraph;

/**
 * Textbook Brandes (2001) on the multigraph, one adjacency entry per channel, predecessor lists, no
 * folding: the reference that {@link Betweenness#exact} is checked against. Single-threaded, O(n e).
 */
final class ReferenceBetweenness {
    private ReferenceBetweenness() {
    }

    static double[] of(CsrGraph g) {
        int n = g.nodeCount();
        double[] bc = new double[n];
        for (int s = 0; s < n; s++) {
            List<List<Integer>> pred = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                pred.add(new ArrayList<>());
            }
            double[] sigma = new double[n];
            int[] dist = new int[n];
            java.util.Arrays.fill(dist, -1);
            sigma[s] = 1;
            dist[s] = 0;
            ArrayDeque<Integer> q = new ArrayDeque<>();
            ArrayDeque<Integer> stack = new ArrayDeque<>();
            q.add(s);
            while (!q.isEmpty()) {
                int v = q.poll();
                stack.push(v);
                for (int k = g.slotStart(v); k < g.slotEnd(v); k++) {
                    int w = g.neighbour(k);
                    if (dist[w] < 0) {
                        dist[w] = dist[v] + 1;
                        q.add(w);
                    }
                    if (dist[w] == dist[v] + 1) {
                        sigma[w] += sigma[v];
                        pred.get(w).add(v);
                    }
                }
            }
            double[] delta = new double[n];
            while (!stack.isEmpty()) {
                int w = stack.pop();
                for (int v : pred.get(w)) {
                    delta[v] += sigma[v] / sigma[w] * (1 + delta[w]);
                }
                if (w != s) {
                    bc[w] += delta[w];
                }
            }
        }
        double pairs = (double) n * (n - 1);
        for (int i = 0; i < n; i++) {
            bc[i] = pairs > 0 ? bc[i] / pairs : 0;
        }
        return bc;
    }
}
