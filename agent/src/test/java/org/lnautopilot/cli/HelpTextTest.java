package org.lnautopilot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * picocli formats every description as a format string: a lone {@code %} ("the top 1% share") makes
 * it warn on stderr and print the raw text in {@code --help}. Every command's help must render
 * without a warning. (picocli warns on {@code System.err}, so the test captures it; the tests of this
 * module run one at a time.)
 */
class HelpTextTest {
    @Test
    void everyCommandsHelpRendersWithoutAWarning() {
        final PrintStream saved = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rendered = 0;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            for (Map.Entry<String, CommandLine> c : new CommandLine(new Main()).getSubcommands().entrySet()) {
                assertTrue(c.getValue().getUsageMessage().contains("Usage:"), c.getKey());
                rendered++;
            }
        } finally {
            System.setErr(saved);
        }
        assertTrue(rendered >= 8, "commands rendered: " + rendered);
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }
}
