package org.lnautopilot.simulation;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How a channel's starting balance is drawn when the network's balances are unknown (API.md part
 * 4, {@code --balances}): the balance of the channel's first node, in msat on [0, capacity].
 */
public enum BalancePrior {
    /**
     * Density proportional to {@code exp(-x/s) + exp(-(c-x)/s)} on [0, c] with s = 300,000 sat, the
     * scale of lnd's bimodal estimator: measured balances sit near the ends. The default.
     */
    BIMODAL,
    /** Uniform on [0, c]. */
    UNIFORM,
    /** Half of the capacity on each side ({@code c / 2}). */
    HALF;

    /** lnd's bimodal scale, 300,000 sat, in msat. */
    public static final long BIMODAL_SCALE_MSAT = 300_000_000L;

    /**
     * One draw for a channel of {@code capMsat}: the first node's balance in [0, capMsat].
     *
     * <p>Bimodal: the density is an equal mixture of an exponential of scale s truncated to [0, c]
     * and its mirror {@code c - x} (both halves have the same mass), so one uniform picks the half
     * and a second inverts the truncated exponential's distribution: {@code x = -s ln(1 - u (1 -
     * e^{-c/s}))}, computed with {@code log1p} and {@code expm1} to keep precision when c is small
     * against s. O(1).
     */
    public long draw(long capMsat, SplittableRandom r) {
        if (capMsat <= 0) {
            return 0;
        }
        switch (this) {
            case HALF:
                return capMsat / 2;
            case UNIFORM:
                return capMsat == Long.MAX_VALUE ? r.nextLong(capMsat) : r.nextLong(capMsat + 1);
            default:
                final boolean mirror = r.nextBoolean();
                final double s = BIMODAL_SCALE_MSAT;
                final double mass = -StrictMath.expm1(-capMsat / s);
                final double x = -s * StrictMath.log1p(-r.nextDouble() * mass);
                final long v = Math.min(capMsat, Math.max(0, Math.round(x)));
                return mirror ? capMsat - v : v;
        }
    }

    /** The lower-case name used on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The prior of a command-line name ({@code bimodal}, {@code uniform}, {@code half}).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static BalancePrior parse(String s) {
        for (BalancePrior p : values()) {
            if (p.cliName().equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown balance prior '" + s + "': use bimodal, uniform or half");
    }
}
