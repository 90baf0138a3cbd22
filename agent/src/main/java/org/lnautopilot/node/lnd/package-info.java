/**
 * The lnd adapter: {@link org.lnautopilot.node.lnd.LndNode}, a
 * {@link org.lnautopilot.node.LightningNode} over lnd's gRPC API through lnd's own generated stubs
 * (lightningj), with TLS pinned to the node's certificate, the macaroon header, deadlines on every
 * call, and the graph built straight from {@code DescribeGraph}. Needs the optional dependencies
 * {@code org.lightningj:lightningj}, {@code io.grpc:grpc-netty-shaded}, {@code grpc-protobuf} and
 * {@code grpc-stub} on the class path ({@code autopilot.jar} has them).
 */
package org.lnautopilot.node.lnd;
