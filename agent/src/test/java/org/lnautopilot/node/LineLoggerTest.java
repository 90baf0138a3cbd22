package org.lnautopilot.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineLoggerTest {
    @Test
    void linesAtOrAboveTheThresholdReachTheSinkFormatted() {
        final List<String> lines = new ArrayList<>();
        final LineLogger log = new LineLogger(System.Logger.Level.WARNING, lines::add);
        log.log(System.Logger.Level.DEBUG, "autopilot {0}: quiet", 1);
        log.log(System.Logger.Level.WARNING, "autopilot {0}: select failed", 2);
        log.log(System.Logger.Level.ERROR, "wallet failed", new IllegalStateException("node gone"));
        assertEquals(List.of("autopilot 2: select failed", "wallet failed: java.lang.IllegalStateException: node gone"),
                lines);
    }
}
