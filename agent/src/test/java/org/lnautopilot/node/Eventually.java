package org.lnautopilot.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BooleanSupplier;

/** Waits for a condition that other threads bring about, failing after 5 s (a hang guard, not a speed test). */
public final class Eventually {
    private Eventually() {
    }

    /** Polls {@code c} every 10 ms for up to 5 s. */
    public static void waitFor(BooleanSupplier c) throws InterruptedException {
        for (int k = 0; k < 500 && !c.getAsBoolean(); k++) {
            Thread.sleep(10);
        }
        assertTrue(c.getAsBoolean(), "condition not reached within 5 s");
    }
}
