package org.lnautopilot.io;

import java.io.IOException;

/**
 * A graph dump that cannot be read: malformed or truncated JSON or gzip, a bad key, a bad amount, or
 * a channel that breaks the graph's rules. The message says what was wrong and where (JSON line and
 * column, or the channel's id).
 */
public class GraphFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** With a message that names the problem and its place. */
    public GraphFormatException(String message) {
        super(message);
    }

    /** With a message that names the problem and its place, and the underlying cause. */
    public GraphFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
