package org.lnautopilot.testing;

import java.math.BigInteger;
import org.lnautopilot.NodeId;
import org.lnautopilot.Secp256k1;

/** Valid node keys for tests: {@code key(i)} is the public key of private key {@code i}. */
public final class TestKeys {
    private TestKeys() {
    }

    /** The compressed public key {@code i * G}, {@code i >= 1}. */
    public static NodeId key(long i) {
        return NodeId.of(Secp256k1.G.multiply(BigInteger.valueOf(i)).normalize());
    }
}
