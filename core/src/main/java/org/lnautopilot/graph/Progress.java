package org.lnautopilot.graph;

/**
 * Receives progress reports from long-running work (graph generation, loading). Called from the
 * working thread, a few hundred times per job at most.
 */
@FunctionalInterface
public interface Progress {
    /** Ignores all reports. */
    Progress NONE = (done, total) -> { };

    /** {@code done} units of {@code total} are finished. */
    void update(long done, long total);
}
