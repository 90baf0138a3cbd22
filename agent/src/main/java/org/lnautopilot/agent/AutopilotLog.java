package org.lnautopilot.agent;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The library's log switch (the seed's {@code UseLogger}/{@code DisableLog}). Output is off until
 * {@link #useLogger} is called. The agent logs its decisions at {@code DEBUG} (which signal, what
 * NeedMoreChans answered, which peers were picked and why some were dropped) and failures at
 * {@code WARNING}. Thread-safe: the logger is held in a volatile field.
 */
public final class AutopilotLog {
    private static volatile Logger logger;

    private AutopilotLog() {
    }

    /** Sends the library's log output to {@code log}. */
    public static void useLogger(Logger log) {
        logger = java.util.Objects.requireNonNull(log, "log");
    }

    /** Turns the library's log output off. */
    public static void disableLog() {
        logger = null;
    }

    /** {@code format} in {@link java.text.MessageFormat} style ({@code {0}}). */
    static void debug(String format, Object... args) {
        Logger l = logger;
        if (l != null && l.isLoggable(Level.DEBUG)) {
            l.log(Level.DEBUG, format, args);
        }
    }

    static void warn(String message, Throwable t) {
        Logger l = logger;
        if (l != null && l.isLoggable(Level.WARNING)) {
            l.log(Level.WARNING, message, t);
        }
    }
}
