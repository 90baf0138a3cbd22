package org.lnautopilot.simulation;

/**
 * Told of every attempt and every finished payment of a {@link PaymentSimulator}, on the
 * simulating thread, while the simulator's state is the one just reached: the attempt's fields
 * ({@link PaymentSimulator#attemptNumber}, {@link PaymentSimulator#outcome}, the route's nodes, ...)
 * and the balances after it. Must not call back into {@link PaymentSimulator#pay}.
 */
public interface AttemptListener {
    /** Ignores everything. */
    AttemptListener NONE = new AttemptListener() {
    };

    /** An attempt has just been made (or found no route). */
    default void attempt(PaymentSimulator sim) {
    }

    /** A payment has just finished: succeeded, or given up. */
    default void payment(PaymentSimulator sim) {
    }
}
