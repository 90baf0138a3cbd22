package org.lnautopilot.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.statistics.inference.ChiSquareTest;

/**
 * Chi-square goodness of fit for the statistical tests: bins whose expected count is below 5 are
 * pooled (smallest first) until every bin expects at least 5, and a test fails only at p < 1e-6, a
 * threshold a correct sampler practically never reaches.
 */
public final class Stats {
    /** Failing threshold. */
    public static final double ALPHA = 1e-6;

    private Stats() {
    }

    /**
     * The p-value of {@code observed} counts against probabilities {@code prob} (summing to 1),
     * after pooling small bins. An observation in a bin of probability 0 gives p = 0.
     */
    public static double pValue(double[] prob, long[] observed) {
        long total = 0;
        for (long o : observed) {
            total += o;
        }
        // Sort bin indexes by expected count; pool from the smallest up.
        Integer[] order = new Integer[prob.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(prob[a], prob[b]));
        List<double[]> bins = new ArrayList<>();
        double pe = 0;
        long po = 0;
        for (Integer i : order) {
            double e = prob[i] * total;
            if (e == 0) {
                if (observed[i] != 0) {
                    return 0.0;
                }
                continue;
            }
            if (pe + e < 5 || (pe > 0 && pe < 5)) {
                pe += e;
                po += observed[i];
                if (pe >= 5) {
                    bins.add(new double[] {pe, po});
                    pe = 0;
                    po = 0;
                }
            } else {
                bins.add(new double[] {e, observed[i]});
            }
        }
        if (pe > 0) {
            double[] last = bins.get(bins.size() - 1);
            last[0] += pe;
            last[1] += po;
        }
        if (bins.size() < 2) {
            return 1.0;
        }
        double[] exp = new double[bins.size()];
        long[] obs = new long[bins.size()];
        for (int i = 0; i < exp.length; i++) {
            exp[i] = bins.get(i)[0];
            obs[i] = (long) bins.get(i)[1];
        }
        return ChiSquareTest.withDefaults().test(exp, obs).getPValue();
    }

    /**
     * Exact probabilities of each selected set (bit mask over indexes) when {@code k} indexes are
     * drawn sequentially without replacement with weights {@code w}, skipping indexes with
     * {@code excluded} set or weight 0. Enumerates every ordered pick sequence.
     */
    public static Map<Long, Double> exactSetLaw(double[] w, boolean[] excluded, int k) {
        Map<Long, Double> out = new TreeMap<>();
        enumerate(w, excluded, k, 0L, 1.0, out);
        return out;
    }

    private static void enumerate(double[] w, boolean[] excluded, int left, long picked, double p, Map<Long, Double> out) {
        double rest = 0;
        for (int i = 0; i < w.length; i++) {
            if (!excluded[i] && (picked >>> i & 1) == 0) {
                rest += w[i];
            }
        }
        if (left == 0 || rest == 0) {
            out.merge(picked, p, Double::sum);
            return;
        }
        for (int i = 0; i < w.length; i++) {
            if (!excluded[i] && (picked >>> i & 1) == 0 && w[i] > 0) {
                enumerate(w, excluded, left - 1, picked | 1L << i, p * w[i] / rest, out);
            }
        }
    }
}
