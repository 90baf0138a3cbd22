package org.lnautopilot.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lnautopilot.NodeId;
import org.lnautopilot.OutPoint;
import org.lnautopilot.testing.TestKeys;

/** The state file: round trips, atomic replacement, crash leftovers, and every kind of corruption. */
class StateStoreTest {
    private static final NodeId A = TestKeys.key(1);
    private static final NodeId B = TestKeys.key(2);
    private static final OutPoint POINT = OutPoint.parse(
            "a3f1c8e2d4b6a8c0e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a2b4c6d8:1");

    static AutopilotState sample() {
        return AutopilotState.EMPTY
                .withOpen(new AutopilotState.Open(A, 1_000_000, 1_700_000_000_000L, AutopilotState.Status.SENT, null))
                .withOpen(new AutopilotState.Open(B, 16_777_215, 1_700_000_000_500L, AutopilotState.Status.OPEN, POINT))
                .withFailure(B, 1_800_000_000_000L)
                .withNoReopen(A);
    }

    @Test
    void roundTripAndMissingFile(@TempDir Path dir) throws IOException {
        StateStore s = new StateStore(dir.resolve("sub/state.json"));
        assertEquals(AutopilotState.EMPTY, s.load(), "no file yet: nothing done");
        s.save(sample());
        assertEquals(sample(), s.load());
        assertTrue(Files.readString(s.file()).contains("\"version\" : 1"));
        AutopilotState next = sample().withOpenAt(0, sample().opens().get(0).with(AutopilotState.Status.PENDING, POINT));
        s.save(next);
        assertEquals(next, new StateStore(dir.resolve("sub/state.json")).load(), "a new store reads what was saved");
        assertEquals(List.of(sample().opens().get(0)), sample().unanswered());
        try (Stream<Path> files = Files.list(dir.resolve("sub"))) {
            assertEquals(List.of(s.file()), files.toList(), "no temporary file is left");
        }
    }

    /** A crash after the temporary file was written but before the rename: the old state stands, whole. */
    @Test
    void crashBeforeTheRenameKeepsTheOldStateAndTheLeftoverIsCleanedUp(@TempDir Path dir) throws IOException {
        StateStore s = new StateStore(dir.resolve("state.json"));
        s.save(sample());
        Path leftover = dir.resolve("state.json.tmp-123");
        Files.writeString(leftover, "{\"version\": 1, \"opens\": [");
        assertEquals(sample(), s.load(), "the half-written temporary file is not read");
        s.save(AutopilotState.EMPTY.withNoReopen(B));
        assertFalse(Files.exists(leftover), "the next save removes it");
        assertEquals(AutopilotState.EMPTY.withNoReopen(B), s.load());
    }

    static Stream<Arguments> corrupt() {
        String a = A.toHex();
        String open = "{\"peer\": \"" + a + "\", \"amountSat\": 5, \"sentAtMs\": 1, \"status\": \"SENT\", \"chanPoint\": null}";
        return Stream.of(
                Arguments.of("", "is empty (truncated)"),
                Arguments.of("{\"version\": 1, \"opens\": [", "truncated"),
                Arguments.of("not json", "not valid JSON"),
                Arguments.of("[]", "expected a JSON object"),
                Arguments.of("{\"opens\": []}", "no \"version\" field"),
                Arguments.of("{\"version\": 2}", "has version 2; this lnautopilot reads version 1"),
                Arguments.of("{\"version\": \"1\"}", "version must be an integer"),
                Arguments.of("{\"version\": 1, \"extra\": 1}", "unknown field \"extra\""),
                Arguments.of("{\"version\": 1, \"opens\": [" + open.replace(a, "zz") + "]}", "bad node key \"zz\""),
                Arguments.of("{\"version\": 1, \"opens\": [" + open.replace("\"amountSat\": 5", "\"amountSat\": -5") + "]}",
                        "amountSat must be positive, got -5"),
                Arguments.of("{\"version\": 1, \"opens\": [" + open.replace("\"amountSat\": 5", "\"amountSat\": 99999999999999999999")
                        + "]}", "amountSat does not fit in 64 bits"),
                Arguments.of("{\"version\": 1, \"opens\": [" + open.replace("SENT", "LOST") + "]}", "unknown status \"LOST\""),
                Arguments.of("{\"version\": 1, \"opens\": [" + open.replace("null", "\"xyz:1\"") + "]}", "bad chanPoint"),
                Arguments.of("{\"version\": 1, \"opens\": [{\"peer\": \"" + a + "\"}]}", "an open needs peer"),
                Arguments.of("{\"version\": 1, \"failedUntil\": {\"" + a + "\": \"soon\"}}", "must be an integer"),
                Arguments.of("{\"version\": 1} {}", "unexpected content after the state"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("corrupt")
    void corruptFilesStopWithAMessageNamingTheFile(String content, String says, @TempDir Path dir) throws IOException {
        Path f = dir.resolve("state.json");
        Files.write(f, content.getBytes(StandardCharsets.UTF_8));
        StateFileException e = assertThrows(StateFileException.class, () -> new StateStore(f).load());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
        assertEquals(content, Files.readString(f), "the file is never reset");
    }

    @Test
    void defaultFileIsInTheHomeFolder() {
        assertTrue(StateStore.defaultFile().endsWith(Path.of(".lnautopilot", "state.json")));
    }

    @Test
    void opensNeedAPositiveAmount() {
        assertThrows(IllegalArgumentException.class, () -> new AutopilotState.Open(A, 0, 0, AutopilotState.Status.SENT, null));
    }
}
