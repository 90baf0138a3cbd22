package org.lnautopilot.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that other threads bring about, failing after 30 s: a hang guard, not a speed
 * test. It returns as soon as the condition holds, so the guard's length costs a passing test nothing;
 * it is long because a full build on 2 busy cores once took more than 5 s (the guard before) to make a
 * run test's five opens.
 */
public final class Eventually {
    private Eventually() {
    }

    /** Polls {@code c} every 10 ms for up to 30 s. */
    public static void waitFor(BooleanSupplier c) throws InterruptedException {
        for (int k = 0; k < 3_000 && !c.getAsBoolean(); k++) {
            Thread.sleep(10);
        }
        assertTrue(c.getAsBoolean(), "condition not reached within 30 s");
    }
}
