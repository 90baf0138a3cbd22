package org.lnautopilot.sample;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Exact sampling with weight {@code (deg + 1)^alpha}, any {@code alpha >= 0}, on a growing graph,
 * by degree classes: every node of degree {@code k} has the same weight {@code w_k}, so a draw
 * picks a class with probability {@code c_k w_k / sum_j c_j w_j} from a Fenwick tree over degrees
 * (P. M. Fenwick, "A new data structure for cumulative frequency tables", 1994), O(log D) for
 * maximum degree D, then a uniform member of the class, O(1).
 *
 * <p>The members live in one array ordered by decreasing degree: class {@code k} occupies
 * {@code [start[k], end(k))} with {@code end(0) = n} and {@code end(k) = start[k-1]}. A new node
 * (degree 0) is appended at the end. Raising a node from degree {@code k} to {@code k+1} swaps it
 * with the first member of class {@code k} and moves {@code start[k]} one to the right: the node is
 * now the last member of class {@code k+1}. O(1) plus two Fenwick updates.
 *
 * <p>The tree holds floating-point class weights; it is rebuilt from the exact class counts every
 * 2^20 updates so that round-off cannot accumulate. Not thread-safe.
 */
public final class DegreeClassSampler implements DynamicAttachmentSampler {
    private static final int REBUILD_EVERY = 1 << 20;

    private final double alpha;
    private int[] order;
    private int[] pos;
    private int[] degree;
    private int n;
    private int[] start = new int[64];
    private double[] classWeight = new double[64];
    private double[] tree = new double[65];
    private int maxDegree;
    private int updates;

    /**
     * @param alpha exponent of the weights, finite and non-negative
     * @param nodes expected number of nodes (it grows as needed)
     */
    public DegreeClassSampler(double alpha, int nodes) {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite and non-negative, got " + alpha);
        }
        this.alpha = alpha;
        int cap = Math.max(16, nodes);
        order = new int[cap];
        pos = new int[cap];
        degree = new int[cap];
        for (int k = 0; k < classWeight.length; k++) {
            classWeight[k] = Math.pow(k + 1.0, alpha);
        }
    }

    @Override
    public int addNode() {
        if (n == order.length) {
            order = Arrays.copyOf(order, n * 2);
            pos = Arrays.copyOf(pos, n * 2);
            degree = Arrays.copyOf(degree, n * 2);
        }
        order[n] = n;
        pos[n] = n;
        add(0, classWeight[0]);
        return n++;
    }

    @Override
    public void addChannel(int a, int b) {
        raise(a);
        raise(b);
    }

    private void raise(int v) {
        final int k = degree[v];
        if (k + 2 >= start.length) {
            grow(k + 2);
        }
        final int first = start[k];
        final int p = pos[v];
        final int u = order[first];
        order[first] = v;
        pos[v] = first;
        order[p] = u;
        pos[u] = p;
        start[k] = first + 1;
        degree[v] = k + 1;
        if (k + 1 > maxDegree) {
            maxDegree = k + 1;
        }
        add(k, -classWeight[k]);
        add(k + 1, classWeight[k + 1]);
        if (++updates == REBUILD_EVERY) {
            rebuild();
        }
    }

    private int end(int k) {
        return k == 0 ? n : start[k - 1];
    }

    /**
     * Draws a node. O(log D).
     *
     * @throws IllegalStateException if there are no nodes
     */
    @Override
    public int sample(RandomGenerator rng) {
        if (n == 0) {
            throw new IllegalStateException("no nodes to sample");
        }
        final double[] t = tree;
        final int size = t.length - 1;
        double u = rng.nextDouble() * totalWeight();
        // Fenwick descent: the largest prefix of classes whose weight is at most u; the next class is drawn.
        int idx = 0;
        for (int step = Integer.highestOneBit(size); step > 0; step >>= 1) {
            final int next = idx + step;
            if (next <= size && t[next] <= u) {
                idx = next;
                u -= t[next];
            }
        }
        int k = Math.min(idx, maxDegree);
        if (end(k) == start[k]) {
            k = nonEmptyNear(k);
        }
        return order[start[k] + rng.nextInt(end(k) - start[k])];
    }

    /** Rare: round-off pointed at an empty class; take the nearest lower non-empty one (or the top). */
    private int nonEmptyNear(int k) {
        for (int j = k; j >= 0; j--) {
            if (end(j) > start[j]) {
                return j;
            }
        }
        for (int j = maxDegree; j > k; j--) {
            if (end(j) > start[j]) {
                return j;
            }
        }
        throw new IllegalStateException("no non-empty degree class");
    }

    /** Sum of all weights. O(log D). */
    public double totalWeight() {
        return prefix(tree.length - 1);
    }

    private double prefix(int i) {
        double s = 0;
        for (; i > 0; i -= i & -i) {
            s += tree[i];
        }
        return s;
    }

    private void add(int k, double delta) {
        for (int i = k + 1; i < tree.length; i += i & -i) {
            tree[i] += delta;
        }
    }

    private void grow(int need) {
        int cap = Math.max(start.length * 2, need + 1);
        start = Arrays.copyOf(start, cap);
        int old = classWeight.length;
        classWeight = Arrays.copyOf(classWeight, cap);
        for (int k = old; k < cap; k++) {
            classWeight[k] = Math.pow(k + 1.0, alpha);
        }
        tree = new double[cap + 1];
        rebuild();
    }

    /** Recomputes the tree from the exact class counts. O(D). */
    private void rebuild() {
        Arrays.fill(tree, 0);
        for (int k = 0; k <= maxDegree && k + 1 < tree.length; k++) {
            tree[k + 1] = (end(k) - start[k]) * classWeight[k];
        }
        for (int i = 1; i < tree.length; i++) {
            int j = i + (i & -i);
            if (j < tree.length) {
                tree[j] += tree[i];
            }
        }
        updates = 0;
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public int degree(int i) {
        return degree[i];
    }

    @Override
    public double weight(int i) {
        return classWeight[degree[i]];
    }
}
