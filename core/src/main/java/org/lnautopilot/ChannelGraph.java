package org.lnautopilot;

import java.util.function.Consumer;

/**
 * A traversable channel graph (the seed's {@code ChannelGraph}).
 */
public interface ChannelGraph {
    /**
     * Calls {@code action} once for every node, with or without channels or addresses. A
     * {@code RuntimeException} thrown by the action ends the walk and propagates to the caller
     * unchanged (the seed's "return an error to stop").
     */
    void forEachNode(Consumer<? super Node> action);
}
