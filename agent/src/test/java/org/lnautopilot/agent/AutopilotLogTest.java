package org.lnautopilot.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lnautopilot.AttachmentDirective;
import org.lnautopilot.ChannelNeed;
import org.lnautopilot.graph.MapGraph;
import org.lnautopilot.testing.TestKeys;

/** Output is off by default; with a logger, decisions arrive at DEBUG and failures at WARNING. */
class AutopilotLogTest {
    /** A System.Logger that keeps "LEVEL message" lines. */
    static final class Collecting implements System.Logger {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(level + " " + msg + (thrown == null ? "" : " " + thrown.getMessage()));
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level + " " + (params == null || params.length == 0 ? format : MessageFormat.format(format, params)));
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            lines.add(level + " " + msgSupplier.get());
        }
    }

    @AfterEach
    void off() {
        AutopilotLog.disableLog();
    }

    @Test
    void decisionsAtDebugFailuresAtWarningAndOffWhenDisabled() throws Exception {
        Collecting log = new Collecting();
        AutopilotLog.useLogger(log);
        ScriptedHeuristic h = new ScriptedHeuristic();
        RecordingController c = new RecordingController(RecordingController.Mode.THROW_CHECKED);
        Agent a = new Agent(new Config(TestKeys.key(1000), h, c, () -> 100, new MapGraph(), 5), List.of());
        try {
            a.start();
            h.nextNeed().reply(new ChannelNeed(50, 2, true));
            h.nextSelect().reply(List.of(new AttachmentDirective(TestKeys.key(5), 50, List.of()),
                    new AttachmentDirective(TestKeys.key(5), 50, List.of())));
            h.nextNeed().reply(ChannelNeed.NONE);
        } finally {
            a.stop();
        }
        String all = String.join("\n", log.lines);
        assertTrue(all.contains("DEBUG autopilot") && all.contains("select gave 2 directive(s)"), all);
        assertTrue(all.contains("already pending"), "why a directive was dropped: " + all);
        assertTrue(all.contains("WARNING") && all.contains("peer unreachable"), all);
        AutopilotLog.disableLog();
        int before = log.lines.size();
        Agent quiet = new Agent(new Config(TestKeys.key(1000), h, c, () -> 100, new MapGraph(), 5), List.of());
        try {
            quiet.start();
            h.nextNeed().reply(ChannelNeed.NONE);
        } finally {
            quiet.stop();
        }
        assertEquals(before, log.lines.size(), "nothing logged after disableLog()");
    }
}
