package org.lnautopilot.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.testing.SharedGraphs;

/** The real mainnet snapshots load with their exact counts. */
class SnapshotReadTest {
    @Test
    void lndDescribeGraph2019() throws IOException {
        CsrGraph g = GraphReaders.describeGraph(SharedGraphs.require(SharedGraphs.LND_2019));
        assertEquals(3648, g.nodeCount());
        assertEquals(31124, g.channelCount());
        assertEquals(1078, g.maxDegree());
        int withAddr = 0;
        for (int i = 0; i < g.nodeCount(); i++) {
            withAddr += g.hasAddress(i) ? 1 : 0;
        }
        assertEquals(3648 - 749, withAddr, "749 nodes advertise no address");
        assertFalse(g.addresslessEligible());
    }

    @Test
    void lndDescribeGraphPlainStreamAndStrictKeys() throws IOException {
        Path f = SharedGraphs.require(SharedGraphs.LND_2019);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
            CsrGraph g = GraphReaders.describeGraph(in, new GraphReaders.Options(true, true));
            assertEquals(3648, g.nodeCount());
            assertTrue(g.addresslessEligible());
        }
    }

    @Test
    void clnListChannels2021() throws IOException {
        CsrGraph g = GraphReaders.listChannels(SharedGraphs.require(SharedGraphs.CLN_2021));
        assertEquals(8827, g.nodeCount());
        assertEquals(37454, g.channelCount(), "each channel's two directions merged into one");
        assertEquals(1440, g.maxDegree());
    }

    @Test
    void formatIsDetected() throws IOException {
        assertEquals(31124, GraphReaders.read(SharedGraphs.require(SharedGraphs.LND_2019),
                GraphReaders.Options.DEFAULT).channelCount());
        assertEquals(37454, GraphReaders.read(SharedGraphs.require(SharedGraphs.CLN_2021),
                GraphReaders.Options.DEFAULT).channelCount());
    }
}
