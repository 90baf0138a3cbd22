package org.lnautopilot.agent;

/**
 * Reads the backing wallet's spendable balance (the seed's {@code WalletBalance} closure). Called
 * by the agent's controller thread; may block or throw, and the agent survives either.
 */
@FunctionalInterface
public interface WalletBalance {
    /** The balance in satoshis. */
    long balanceSat() throws Exception;
}
