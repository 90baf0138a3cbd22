package org.lnautopilot.node;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.lnautopilot.NodeId;
import org.lnautopilot.OutPoint;

/** Records what an {@link AutopilotRunner} reports, for tests. Thread-safe. */
public final class RecordingListener implements RunListener {
    /** Intervals for tests: 20 ms sync polls, 200 ms balance polls, 100 ms graph refresh, 50..400 ms back-off. */
    public static final AutopilotRunner.Timing QUICK = new AutopilotRunner.Timing(java.time.Duration.ofMillis(20),
            java.time.Duration.ofMillis(200), java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(50),
            java.time.Duration.ofMillis(400), java.time.Duration.ofHours(1));

    public final List<String> progress = new CopyOnWriteArrayList<>();
    public final List<Decision> decisions = new CopyOnWriteArrayList<>();
    /** {@code "<peer hex> ok <outpoint>"} or {@code "<peer hex> <failure kind>"}. */
    public final List<String> results = new CopyOnWriteArrayList<>();

    @Override
    public void progress(String line) {
        progress.add(line);
    }

    @Override
    public void decision(Decision d) {
        decisions.add(d);
    }

    @Override
    public void openResult(NodeId peer, long amountSat, OutPoint chanPoint, NodeException failure) {
        results.add(peer.toHex() + " " + (failure == null ? "ok " + chanPoint : failure.kind().name()));
    }
}
