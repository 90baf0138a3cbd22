package org.lnautopilot;

/**
 * Lower-case hexadecimal encoding and strict decoding of byte strings.
 *
 * <p>All methods are static, allocation-free where they write into a caller's buffer, and
 * thread-safe.
 */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /**
     * Encodes {@code len} bytes of {@code bytes} from {@code off} as lower-case hex. O(len).
     *
     * @return a string of {@code 2 * len} characters
     */
    public static String encode(byte[] bytes, int off, int len) {
        char[] out = new char[len * 2];
        for (int i = 0; i < len; i++) {
            int b = bytes[off + i] & 0xFF;
            out[2 * i] = DIGITS[b >>> 4];
            out[2 * i + 1] = DIGITS[b & 0xF];
        }
        return new String(out);
    }

    /** Encodes all of {@code bytes} as lower-case hex. O(n). */
    public static String encode(byte[] bytes) {
        return encode(bytes, 0, bytes.length);
    }

    /**
     * Value of one hex digit, or -1 when {@code c} is not one of {@code 0-9a-fA-F}.
     */
    public static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Decodes exactly {@code out.length - off >= chars/2} bytes of hex into {@code out} at {@code off}.
     * O(length).
     *
     * @throws IllegalArgumentException if the length is odd or not {@code 2 * expectedBytes}, or a
     *                                  character is not a hex digit (the message gives its position)
     */
    public static void decode(CharSequence hex, int expectedBytes, byte[] out, int off) {
        if (hex.length() != 2 * expectedBytes) {
            throw new IllegalArgumentException("expected " + 2 * expectedBytes + " hex characters ("
                    + expectedBytes + " bytes), got " + hex.length());
        }
        for (int i = 0; i < expectedBytes; i++) {
            int hi = digit(hex.charAt(2 * i));
            int lo = digit(hex.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                int bad = hi < 0 ? 2 * i : 2 * i + 1;
                throw new IllegalArgumentException("bad hex character '" + hex.charAt(bad) + "' at position " + bad);
            }
            out[off + i] = (byte) (hi << 4 | lo);
        }
    }

    /** Decodes hex of exactly {@code expectedBytes} bytes into a new array. O(length). */
    public static byte[] decode(CharSequence hex, int expectedBytes) {
        byte[] out = new byte[expectedBytes];
        decode(hex, expectedBytes, out, 0);
        return out;
    }
}
