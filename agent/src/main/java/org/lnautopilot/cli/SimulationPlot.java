package org.lnautopilot.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.simulation.AttemptListener;
import org.lnautopilot.simulation.Balances;
import org.lnautopilot.simulation.PaymentSimulator;

/**
 * {@code simulate-payments --plot}: the new node's channel balances (its own side, sat) and its
 * cumulative fee income over the payments, two panels (XChart). Samples after every
 * {@code every}-th payment, so a long run keeps about 2,000 points per line.
 */
final class SimulationPlot implements AttemptListener {
    private final int every;
    private final int k;
    private final int m;
    private final List<Double> xs = new ArrayList<>();
    private final List<List<Double>> local = new ArrayList<>();
    private final List<Double> income = new ArrayList<>();

    SimulationPlot(long payments, CsrGraph g, int newChannels) {
        this.every = (int) Math.max(1, payments / 2_000);
        this.k = newChannels;
        this.m = g.channelCount();
        for (int j = 0; j < k; j++) {
            local.add(new ArrayList<>());
        }
    }

    @Override
    public void payment(PaymentSimulator sim) {
        if (sim.paymentNumber() % every != 0 && sim.paymentNumber() != 1) {
            return;
        }
        final Balances b = sim.balances();
        xs.add((double) sim.paymentNumber());
        for (int j = 0; j < k; j++) {
            local.get(j).add(b.balanceMsat(m + j, 0) / 1000.0);
        }
        income.add(sim.feeIncomeMsat(sim.newNode()) / 1000.0);
    }

    void write(Path file, String title, List<String> peerNames) throws IOException {
        final XYChart bal = new XYChartBuilder().width(900).height(450).title("New node's channel balances: " + title)
                .xAxisTitle("payments").yAxisTitle("new node's side (sat)").build();
        final XYChart fees = new XYChartBuilder().width(900).height(350).title("New node's cumulative fee income")
                .xAxisTitle("payments").yAxisTitle("fee income (sat)").build();
        if (xs.isEmpty()) {
            xs.add(0.0);
            income.add(0.0);
            for (List<Double> l : local) {
                l.add(0.0);
            }
        }
        for (int j = 0; j < k; j++) {
            final XYSeries s = bal.addSeries((j + 1) + ": " + peerNames.get(j), xs, local.get(j));
            s.setMarker(SeriesMarkers.NONE);
        }
        final XYSeries f = fees.addSeries("fee income", xs, income);
        f.setMarker(SeriesMarkers.NONE);
        fees.getStyler().setLegendVisible(false);
        PngPanels.write(file, List.of(BitmapEncoder.getBufferedImage(bal), BitmapEncoder.getBufferedImage(fees)));
    }
}
