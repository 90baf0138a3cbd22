package org.lnautopilot.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.lnautopilot.evaluate.Evaluation;

/**
 * The PNG of {@code autopilot evaluate --plot}: b(X) per trial for each heuristic, the mean reach
 * within 1, 2, 3 hops, on graphs with policies the mean routing share and own success, and with
 * {@code --simulate} the mean fee income over the simulated payments (XChart).
 */
final class EvaluationPlot {
    private EvaluationPlot() {
    }

    static void write(Path file, String graph, int chans, Map<String, EvaluateCommand.Result> results)
            throws IOException {
        XYChart b = new XYChartBuilder().width(900).height(500)
                .title("b(X) of a new node with " + chans + " channels, per trial: " + graph)
                .xAxisTitle("trial").yAxisTitle("betweenness b(X)").build();
        b.getStyler().setMarkerSize(7);
        CategoryChart reach = new CategoryChartBuilder().width(900).height(400)
                .title("Mean fraction of nodes within h hops").xAxisTitle("hops").yAxisTitle("fraction of nodes").build();
        List<String> hops = List.of("1", "2", "3");
        for (EvaluateCommand.Result r : results.values()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            double sum2 = 0;
            double sum3 = 0;
            double sum1 = 0;
            int t = 0;
            for (Evaluation.Trial tr : r.trials()) {
                xs.add((double) ++t);
                ys.add(tr.metrics().betweenness());
                sum1 += tr.peers().size();
                sum2 += tr.metrics().reach2();
                sum3 += tr.metrics().reach3();
            }
            XYSeries s = b.addSeries(r.heuristic(), xs, ys);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            int n = r.trials().size();
            reach.addSeries(r.heuristic(), hops, List.of(sum1 / n / Math.max(1, r.nodes()), sum2 / n, sum3 / n));
        }
        final List<BufferedImage> panels = new ArrayList<>(List.of(BitmapEncoder.getBufferedImage(b),
                BitmapEncoder.getBufferedImage(reach)));
        if (!results.isEmpty() && results.values().iterator().next().paymentSummary() != null) {
            // Two panels: a routing share is a fraction of a percent, a success probability near 0.5.
            final String[] titles = {"Mean routing share: % of the network's payments the new node forwards",
                "Mean own success: probability of the new node's own payments (receivers by capacity)"};
            final String[] axes = {"routing share (%)", "own success"};
            final int[] column = {0, 2};
            final double[] scale = {100, 1};
            for (int c = 0; c < 2; c++) {
                final List<Double> values = new ArrayList<>();
                for (EvaluateCommand.Result r : results.values()) {
                    values.add(scale[c] * r.paymentSummary()[column[c]][0]);
                }
                panels.add(bars(titles[c], axes[c], results, values));
            }
        }
        if (!results.isEmpty() && results.values().iterator().next().simulatedSummary() != null) {
            final List<Double> income = new ArrayList<>();
            for (EvaluateCommand.Result r : results.values()) {
                income.add(r.simulatedSummary()[2][0]);
            }
            panels.add(bars("Mean fee income over the simulated payments (balances that move, retries, mission control)",
                    "fee income (msat)", results, income));
        }
        PngPanels.write(file, panels);
    }

    /** One bar per heuristic. */
    private static BufferedImage bars(String title, String axis, Map<String, EvaluateCommand.Result> results,
            List<Double> values) {
        final CategoryChart pay = new CategoryChartBuilder().width(900).height(320).title(title)
                .xAxisTitle("heuristic").yAxisTitle(axis).build();
        pay.getStyler().setLegendVisible(false);
        // Long names side by side overlap beyond a few heuristics: slant them.
        if (results.size() > 5) {
            pay.getStyler().setXAxisLabelRotation(20);
        }
        pay.addSeries(axis, new ArrayList<>(results.keySet()), values);
        return BitmapEncoder.getBufferedImage(pay);
    }
}
