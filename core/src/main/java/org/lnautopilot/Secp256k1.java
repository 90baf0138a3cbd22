package org.lnautopilot;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The secp256k1 curve (BouncyCastle's custom, constant-layout implementation) and point decoding.
 *
 * <p>Decoding a compressed key costs one field square root, about 10 us; that is why {@link NodeId}
 * validates only length and prefix on construction and leaves the curve check to
 * {@link NodeId#isOnCurve()}. Thread-safe: the curve objects are immutable.
 */
public final class Secp256k1 {
    /** Curve parameters (generator, order) of secp256k1. */
    public static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
    /** The curve. */
    public static final ECCurve CURVE = PARAMS.getCurve();
    /** The generator point G. */
    public static final ECPoint G = PARAMS.getG();

    private Secp256k1() {
    }

    /**
     * Decodes a 33-byte compressed point.
     *
     * @throws IllegalArgumentException if the bytes are not the compressed encoding of a curve point
     */
    public static ECPoint decode(byte[] compressed) {
        try {
            return CURVE.decodePoint(compressed);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("not a point on secp256k1: " + Hex.encode(compressed)
                    + " (" + e.getMessage() + ")", e);
        }
    }

    /** Whether {@code compressed} decodes to a point on the curve. O(1), about 10 us. */
    public static boolean isOnCurve(byte[] compressed) {
        try {
            CURVE.decodePoint(compressed);
            return true;
        } catch (IllegalArgumentException | ArithmeticException e) {
            return false;
        }
    }
}
