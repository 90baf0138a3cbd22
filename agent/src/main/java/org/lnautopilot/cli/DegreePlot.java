package org.lnautopilot.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.lnautopilot.growth.GrowthSimulation;
import org.lnautopilot.growth.PowerLawFit;
import org.lnautopilot.growth.RateEquation;

/** A log-log PNG plot of a degree distribution with its power-law fit and the rate-equation theory (XChart). */
final class DegreePlot {
    private DegreePlot() {
    }

    static void write(Path file, GrowthSimulation.Result r, PowerLawFit.Fit fit, int m, double alpha)
            throws IOException {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        long[] c = r.degreeCounts();
        for (int k = 1; k < c.length; k++) {
            if (c[k] > 0) {
                xs.add((double) k);
                ys.add((double) c[k] / r.nodes());
            }
        }
        XYChart chart = new XYChartBuilder().width(900).height(650)
                .title("Degree distribution: " + r.nodes() + " nodes, M = " + m + ", alpha = " + alpha)
                .xAxisTitle("degree k").yAxisTitle("fraction of nodes P(k)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(4);
        XYSeries obs = chart.addSeries("observed", xs, ys);
        obs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        double minY = ys.stream().mapToDouble(Double::doubleValue).min().orElse(1e-9);
        int maxK = c.length - 1;
        if (alpha <= 1) {
            int count = Math.max(1, maxK - m + 1);
            double[] th = RateEquation.fractions(m, alpha, count);
            List<Double> tx = new ArrayList<>();
            List<Double> ty = new ArrayList<>();
            for (int i = 0; i < th.length; i++) {
                if (th[i] >= minY / 10) {
                    tx.add((double) (m + i));
                    ty.add(th[i]);
                }
            }
            if (!tx.isEmpty()) {
                XYSeries t = chart.addSeries("rate equation", tx, ty);
                t.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                t.setMarker(SeriesMarkers.NONE);
            }
        }
        if (fit != null) {
            long tail = fit.tailSize();
            double z = PowerLawFit.hurwitzZeta(fit.gamma(), fit.xmin());
            List<Double> fx = new ArrayList<>();
            List<Double> fy = new ArrayList<>();
            for (int k = fit.xmin(); k <= maxK; k = Math.max(k + 1, (int) (k * 1.1))) {
                fx.add((double) k);
                fy.add((double) tail / r.nodes() * Math.pow(k, -fit.gamma()) / z);
            }
            XYSeries f = chart.addSeries(String.format("power-law fit, gamma = %.2f", fit.gamma()), fx, fy);
            f.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            f.setMarker(SeriesMarkers.NONE);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
