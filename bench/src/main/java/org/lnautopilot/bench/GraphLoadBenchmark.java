package org.lnautopilot.bench;

import java.io.ByteArrayInputStream;
import java.util.concurrent.TimeUnit;
import org.lnautopilot.graph.CsrGraph;
import org.lnautopilot.io.GraphReaders;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reading the real snapshots from memory, uncompressed, so the figure is the parser's: divide the
 * uncompressed size (printed at setup) by the time for MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GraphLoadBenchmark {
    byte[] lnd;
    byte[] cln;

    @Setup
    public void setup() throws Exception {
        lnd = BenchGraphs.gunzip(BenchGraphs.snapshot("lnd_describegraph_2019-03-09.json.gz"));
        cln = BenchGraphs.gunzip(BenchGraphs.snapshot("cln_listchannels_2021-04-16.json.gz"));
        System.out.println("uncompressed: describegraph " + lnd.length + " bytes, listchannels " + cln.length + " bytes");
    }

    @Benchmark
    public CsrGraph describeGraph() throws Exception {
        return GraphReaders.describeGraph(new ByteArrayInputStream(lnd));
    }

    @Benchmark
    public CsrGraph listChannels() throws Exception {
        return GraphReaders.listChannels(new ByteArrayInputStream(cln));
    }
}
