package org.lnautopilot.testing;

import java.math.BigInteger;
import org.lnautopilot.NodeId;
import org.lnautopilot.Secp256k1;

/** Valid node keys for tests: {@code key(i)} is the public key of private key {@code i}. */
public final class TestKeys {
    private TestKeys() {
    }

    /** A 33-byte key with prefix 0x02 whose x is not on the curve (the first such small x). */
    public static NodeId offCurve() {
        byte[] k = new byte[33];
        k[0] = 2;
        int x = 0;
        do {
            k[32] = (byte) ++x;
        } while (Secp256k1.isOnCurve(k));
        return NodeId.of(k);
    }

    /** The compressed public key {@code i * G}, {@code i >= 1}. */
    public static NodeId key(long i) {
        return NodeId.of(Secp256k1.G.multiply(BigInteger.valueOf(i)).normalize());
    }
}
