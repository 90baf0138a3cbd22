package org.lnautopilot.node.cln;

import org.lnautopilot.node.NodeException;

/**
 * lightningd answered a call with a JSON-RPC error: it refused ({@link NodeException.Kind#REFUSED}).
 * Carries lightningd's code (e.g. 301 "Cannot afford transaction" from {@code fundchannel}, 400
 * "Unable to connect" from {@code connect}) and message.
 */
public final class ClnException extends NodeException {
    private static final long serialVersionUID = 1L;

    private final String method;
    private final long code;
    private final String errorMessage;

    /** lightningd's error {@code code} and {@code message} for {@code method}. */
    public ClnException(String method, long code, String message) {
        super(Kind.REFUSED, "lightningd refused " + method + ": " + message + " (code " + code + ")");
        this.method = method;
        this.code = code;
        this.errorMessage = message;
    }

    /** The method that failed. */
    public String method() {
        return method;
    }

    /** lightningd's error code. */
    public long code() {
        return code;
    }

    /** lightningd's error message, as it gave it. */
    public String errorMessage() {
        return errorMessage;
    }
}
