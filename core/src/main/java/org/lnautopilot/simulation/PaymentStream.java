package org.lnautopilot.simulation;

/**
 * The payments of a simulation, one after another in time order: drawn ({@link PoissonPayments})
 * or replayed ({@link PaymentsFile}). Not thread-safe.
 */
public interface PaymentStream {
    /** The next payment, or null when there are no more. Times never decrease. */
    Payment next();
}
