package org.lnautopilot.node;

import java.text.MessageFormat;
import java.util.Objects;
import java.util.ResourceBundle;
import java.util.function.Consumer;

/**
 * A {@link System.Logger} that hands each record at or above a level to a line consumer as one line
 * (message, then the cause's message), for routing the agent's warnings
 * ({@link org.lnautopilot.agent.AutopilotLog}) into {@code autopilot run}'s stderr or the Core
 * Lightning plugin's {@code log} notifications. Thread-safe if the consumer is.
 */
public final class LineLogger implements System.Logger {
    private final Level threshold;
    private final Consumer<String> sink;

    /** Lines at {@code threshold} and above go to {@code sink}. */
    public LineLogger(Level threshold, Consumer<String> sink) {
        this.threshold = Objects.requireNonNull(threshold, "threshold");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public String getName() {
        return "lnautopilot";
    }

    @Override
    public boolean isLoggable(Level level) {
        return level.getSeverity() >= threshold.getSeverity();
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        if (isLoggable(level)) {
            sink.accept(thrown == null ? msg : msg + ": " + thrown);
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (isLoggable(level)) {
            sink.accept(params == null || params.length == 0 ? format : MessageFormat.format(format, params));
        }
    }
}
