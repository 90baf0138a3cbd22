/**
 * The Core Lightning adapter: {@link org.lnautopilot.node.cln.ClnNode}, a
 * {@link org.lnautopilot.node.LightningNode} over JSON-RPC 2.0 on lightningd's {@code lightning-rpc}
 * unix socket (Jackson streaming, a deadline on every call, lightningd's errors as
 * {@link org.lnautopilot.node.cln.ClnException} with code and message), and
 * {@link org.lnautopilot.node.cln.ClnPlugin}, the autopilot as a plugin that lightningd starts.
 * Needs only Java 16+ (unix-domain sockets) and jackson-core.
 */
package org.lnautopilot.node.cln;
