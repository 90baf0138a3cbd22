/**
 * {@code autopilot run}, independent of the node's implementation: what a node offers the autopilot
 * ({@link org.lnautopilot.node.LightningNode}), the persistent, crash-safe record of what autopilot
 * did ({@link org.lnautopilot.node.AutopilotState}, {@link org.lnautopilot.node.StateStore}), the
 * controller that records each open before sending it ({@link org.lnautopilot.node.NodeController}),
 * and the run itself ({@link org.lnautopilot.node.AutopilotRunner}: connect, reconcile, decide, open,
 * react to events, reconnect with back-off). The lnd adapter is in {@code org.lnautopilot.node.lnd}.
 */
package org.lnautopilot.node;
