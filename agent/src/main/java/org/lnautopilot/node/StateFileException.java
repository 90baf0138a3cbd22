package org.lnautopilot.node;

import java.io.IOException;

/** The state file exists but cannot be used: corrupt, truncated, or of an unknown version. The message names the file. */
public final class StateFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** With a message naming the file, the problem and its place. */
    public StateFileException(String message) {
        super(message);
    }

    /** With a message naming the file and the problem, and the cause. */
    public StateFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
