package org.lnautopilot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lnautopilot.node.AutopilotOptions;
import org.lnautopilot.node.JsonValues;
import org.lnautopilot.node.cln.ClnPlugin;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One definition of each option of the autopilot on a live node serves both front ends: {@code run}'s
 * flags and the Core Lightning plugin's options have the same names, defaults and descriptions, and a
 * bad value gets the same message from both, each naming the flag as its user wrote it.
 */
class AutopilotOptionsTest {
    @Test
    void everyPluginOptionIsRunsFlagWithTheSameDefaultAndDescription() throws Exception {
        final CommandLine run = new CommandLine(new Main()).getSubcommands().get("run");
        final Map<String, Object> manifest = pluginAnswers("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getmanifest\","
                + "\"params\":{}}").get(0);
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> options = (List<Map<String, Object>>) manifest.get("options");
        assertEquals(AutopilotOptions.ALL.size(), options.size());
        for (int i = 0; i < options.size(); i++) {
            final AutopilotOptions.Def d = AutopilotOptions.ALL.get(i);
            final Map<String, Object> o = options.get(i);
            assertEquals("autopilot-" + d.name(), o.get("name"));
            assertEquals(d.description(), o.get("description"));
            final OptionSpec flag = run.getCommandSpec().findOption("--" + d.name());
            assertNotNull(flag, "run has no --" + d.name());
            assertEquals(d.description(), String.join(" ", flag.description()), d.name());
            if (d.type().equals("flag")) {
                assertEquals(boolean.class, flag.type(), d.name());
                assertTrue(!o.containsKey("default"), d.name());
            } else if (d.defaultValue().isEmpty()) {
                assertEquals(null, flag.defaultValue(), d.name());
                assertEquals("", o.get("default"), d.name());
            } else {
                assertEquals(d.defaultValue(), flag.defaultValue(), d.name());
                assertEquals(d.defaultValue(), String.valueOf(o.get("default")), d.name());
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        "max-pending, 0, must be in [1, 65535], got 0",
        "max-pending, 65536, must be in [1, 65535], got 65536",
        "reserve, -1, must be non-negative, got -1",
        "max-channels, -1, must be non-negative, got -1",
        "exclude, 02zz, 02zz:",
        "amount, 0, must be a positive number of satoshis, got 0",
        "fee-base, -1, must be in [0, 2^32) msat, got -1",
        "fee-ppm, 4294967296, 'must be in [0, 2^32), got 4294967296'",
        "cltv-delta, 70000, 'must be in [0, 65535], got 70000'",
        "heuristic, nope, :",
        "flow-check, fast, 'must be quick or thorough, got fast'",
    })
    void aBadValueGetsTheSameMessageFromBothFrontEnds(String name, String value, String says) throws Exception {
        final Cli.Run cli = Cli.run("run", "--cln-rpc", "/nonexistent/lightning-rpc", "--" + name, value);
        assertEquals(2, cli.code(), cli.err());
        final String cliLine = cli.err().strip();
        assertTrue(cliLine.contains("--" + name + " " + says) || cliLine.contains("--" + name + says), cliLine);

        final String init = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"init\",\"params\":{\"options\":{\"autopilot-"
                + name + "\":\"" + value + "\"},\"configuration\":{\"lightning-dir\":\"/nonexistent\","
                + "\"rpc-file\":\"lightning-rpc\"}}}";
        final Map<String, Object> answer = pluginAnswers(init).get(0);
        final String why = String.valueOf(answer.get("disable"));
        assertTrue(why.startsWith("autopilot-" + name), why);
        // The same words after the flag's own name.
        final String cliWords = cliLine.substring(cliLine.indexOf("--" + name) + 2 + name.length())
                .replace(" (see --help)", "");
        assertEquals(cliWords, why.substring(("autopilot-" + name).length()));
    }

    /** The results the plugin answers to the given requests (stdin then closes). */
    private static List<Map<String, Object>> pluginAnswers(String... requests) throws Exception {
        final String in = String.join("\n\n", requests) + "\n\n";
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ClnPlugin(new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)), out).run();
        final List<Map<String, Object>> results = new ArrayList<>();
        for (String message : out.toString(StandardCharsets.UTF_8).split("\n\n")) {
            if (message.isBlank()) {
                continue;
            }
            final Map<String, Object> m = JsonValues.object(message);
            if (m.containsKey("result")) {
                @SuppressWarnings("unchecked")
                final Map<String, Object> r = (Map<String, Object>) m.get("result");
                results.add(r);
            }
        }
        return results;
    }
}
