/**
 * What the autopilot needs from a live node, independent of the node's implementation: the
 * persistent, crash-safe record of what autopilot did ({@link org.lnautopilot.node.AutopilotState},
 * {@link org.lnautopilot.node.StateStore}). The lnd and Core Lightning adapters build on it.
 */
package org.lnautopilot.node;
