/**
 * Payments that move balances (API.md part 4): channel balances ({@link org.lnautopilot.simulation.Balances},
 * drawn from a {@link org.lnautopilot.simulation.BalancePrior}), lnd's mission control per sender
 * ({@link org.lnautopilot.simulation.MissionControl}), and the payment loop
 * ({@link org.lnautopilot.simulation.PaymentSimulator}) that makes each payment as lnd does: route,
 * attempt, learn from the failure, route again, up to 60 attempts.
 *
 * <p>{@link org.lnautopilot.simulation.NewNodeSimulation} is the set-up a new node's runs share;
 * its {@code runAll} makes many peer sets' runs on common payments as one run of the network that
 * each peer set leaves when its node first changes a route ({@code ForkingRuns}, with
 * {@link org.lnautopilot.routing.NewNodeShadow} as the filter).
 *
 * <p>Route choice itself is {@code org.lnautopilot.routing}'s ({@link org.lnautopilot.routing.PaymentRouter});
 * this package supplies what a sender knows ({@link org.lnautopilot.routing.SenderState}).
 */
package org.lnautopilot.simulation;
