package org.lnautopilot.node;

/**
 * A call to the node did not succeed. {@link #kind()} says whether the node answered no, or whether
 * the answer is unknown (the node may have done it: never assume it did not).
 */
public class NodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** How a call failed. */
    public enum Kind {
        /** The node answered and refused: it did not do it (not enough funds, peer offline, ...). */
        REFUSED,
        /** No answer within the deadline, or the connection dropped: the node may or may not have done it. */
        UNKNOWN,
        /** The node cannot be used at all (unreachable, TLS mismatch, credentials refused, wrong network). */
        FATAL
    }

    private final Kind kind;

    /** With a one-line message that says what was asked and what went wrong. */
    public NodeException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
    }

    /** With a one-line message that says what was asked and what went wrong. */
    public NodeException(Kind kind, String message) {
        this(kind, message, null);
    }

    /** How the call failed. */
    public Kind kind() {
        return kind;
    }
}
