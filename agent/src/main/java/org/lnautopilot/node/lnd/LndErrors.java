package org.lnautopilot.node.lnd;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.lnautopilot.node.NodeException;

/**
 * Turns a failed gRPC call into a {@link NodeException} with one line that says what was asked and
 * what went wrong, and the right {@link NodeException.Kind}:
 * <ul>
 * <li>a TLS handshake failure (the node's certificate is not the given one), a refused macaroon
 * (lnd answers status UNKNOWN with "verification failed: ..." or "cannot get macaroon") and a reply
 * larger than the inbound limit are {@code FATAL}: retrying cannot help;</li>
 * <li>no answer within the deadline, an unreachable or dropped connection, a cancelled call:
 * {@code UNKNOWN}, the node may have done it;</li>
 * <li>anything else is lnd answering with an error ("peer ... is not online", "not enough witness
 * outputs to create funding transaction", ...): {@code REFUSED}.</li>
 * </ul>
 * Stateless and thread-safe.
 */
final class LndErrors {
    private LndErrors() {
    }

    static NodeException map(StatusRuntimeException e, String target, String what, Duration deadline) {
        final Status st = e.getStatus();
        final String desc = st.getDescription() == null ? "" : st.getDescription();
        final Throwable tls = tlsCause(e);
        if (tls != null) {
            return new NodeException(NodeException.Kind.FATAL, "TLS handshake with lnd at " + target
                    + " failed: the node's certificate does not match --tlscert (" + tls.getMessage() + ")", e);
        }
        if (isMacaroonRefusal(st, desc)) {
            return new NodeException(NodeException.Kind.FATAL, "lnd at " + target + " refused the macaroon: " + desc, e);
        }
        switch (st.getCode()) {
            case DEADLINE_EXCEEDED:
                return new NodeException(NodeException.Kind.UNKNOWN, "lnd at " + target + " did not answer " + what
                        + " within " + deadline.toMillis() / 1000.0 + " s", e);
            case UNAVAILABLE:
                return new NodeException(NodeException.Kind.UNKNOWN, "lnd at " + target + " is unreachable ("
                        + (desc.isEmpty() ? causeText(e) : desc) + ")", e);
            case CANCELLED:
            case ABORTED:
                return new NodeException(NodeException.Kind.UNKNOWN, "the call " + what + " to lnd at " + target
                        + " was cut off (" + desc + ")", e);
            case RESOURCE_EXHAUSTED:
                return new NodeException(NodeException.Kind.FATAL, "lnd at " + target + " sent a reply to " + what
                        + " beyond our limits: " + desc, e);
            case INTERNAL:
            case UNIMPLEMENTED:
            case DATA_LOSS:
                return new NodeException(NodeException.Kind.UNKNOWN, "lnd at " + target + " failed " + what + " ("
                        + st.getCode() + ": " + desc + ")", e);
            default:
                return new NodeException(NodeException.Kind.REFUSED, "lnd at " + target + " refused " + what + ": "
                        + (desc.isEmpty() ? st.getCode().toString() : desc), e);
        }
    }

    private static boolean isMacaroonRefusal(Status st, String desc) {
        if (st.getCode() == Status.Code.UNAUTHENTICATED || st.getCode() == Status.Code.PERMISSION_DENIED) {
            return true;
        }
        final String d = desc.toLowerCase(Locale.ROOT);
        return d.contains("verification failed") || d.contains("macaroon");
    }

    private static Throwable tlsCause(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SSLException || c instanceof CertificateException) {
                return c;
            }
        }
        return null;
    }

    private static String causeText(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
