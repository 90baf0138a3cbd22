package org.lnautopilot.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lnautopilot.NodeId;
import org.lnautopilot.testing.TestKeys;

/** Opens through the node with the state file: every crash point, refusals, lost replies, closes by others. */
class NodeControllerTest {
    private static final NodeId PEER = TestKeys.key(7);
    private static final Duration BACKOFF = Duration.ofMinutes(10);
    private final AtomicLong clock = new AtomicLong(1_000_000);

    private NodeController controller(FakeNode node, StateStore store) throws Exception {
        AutopilotState s = NodeController.reconcile(store.load(), node, clock.get(), BACKOFF);
        store.save(s);
        return new NodeController(node, store, s, clock::get, BACKOFF);
    }

    @Test
    void theOpenIsOnDiskBeforeTheNodeHearsOfIt(@TempDir Path dir) throws Exception {
        StateStore store = new StateStore(dir.resolve("state.json"));
        FakeNode node = new FakeNode();
        node.onOpen = () -> {
            try {
                assertEquals(AutopilotState.Status.SENT, store.load().opens().get(0).status(), "recorded before sending");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        };
        NodeController c = controller(node, store);
        c.openChannel(PEER, 500_000, List.of());
        AutopilotState s = store.load();
        assertEquals(AutopilotState.Status.PENDING, s.opens().get(0).status());
        assertNotNull(s.opens().get(0).chanPoint());
        assertEquals(List.of("pendingOpens", "openChannels", "closedChannels", "connect " + PEER.toHex().substring(0, 8),
                "open " + PEER.toHex().substring(0, 8) + " 500000"), node.calls, "connect before each open");
        assertTrue(c.skipPeers().contains(PEER));
        assertTrue(assertThrows(IllegalStateException.class, () -> c.openChannel(PEER, 1, List.of())).getMessage()
                .contains("has an autopilot open already"), "never a second open to one peer");
        assertEquals(1, node.channelsTo(PEER));
    }

    @Test
    void aRefusalIsRecordedWithItsBackoff(@TempDir Path dir) throws Exception {
        StateStore store = new StateStore(dir.resolve("state.json"));
        FakeNode node = new FakeNode();
        node.fault = FakeNode.Fault.REFUSE;
        NodeController c = controller(node, store);
        NodeException e = assertThrows(NodeException.class, () -> c.openChannel(PEER, 500_000, List.of()));
        assertEquals(NodeException.Kind.REFUSED, e.kind());
        AutopilotState s = store.load();
        assertEquals(AutopilotState.Status.FAILED, s.opens().get(0).status());
        assertEquals(clock.get() + BACKOFF.toMillis(), s.failedUntil().get(PEER));
        assertTrue(c.skipPeers().contains(PEER));
        clock.addAndGet(BACKOFF.toMillis() + 1);
        assertTrue(!c.skipPeers().contains(PEER), "the back-off runs out");
        node.fault = FakeNode.Fault.NONE;
        c.openChannel(PEER, 500_000, List.of());
        assertEquals(1, node.channelsTo(PEER));
    }

    /**
     * Every crash point of an open, then a restart: the state file and the node agree, nothing is
     * lost, and the peer never gets a second channel, however often autopilot tries again.
     */
    @ParameterizedTest
    @EnumSource(value = FakeNode.Fault.class, names = {"CRASH_BEFORE_CONNECT", "CRASH_BEFORE_OPEN", "LOSE_REPLY",
        "CRASH_AFTER_OPEN"})
    void restartAfterEveryCrashPoint(FakeNode.Fault fault, @TempDir Path dir) throws Exception {
        StateStore store = new StateStore(dir.resolve("state.json"));
        FakeNode node = new FakeNode();
        node.fault = fault;
        NodeController before = controller(node, store);
        assertThrows(Exception.class, () -> before.openChannel(PEER, 500_000, List.of()));
        assertEquals(AutopilotState.Status.SENT, store.load().opens().get(0).status(), "the open is on disk");
        // Restart: a new process reads the file and reconciles with the node.
        node.fault = FakeNode.Fault.NONE;
        NodeController after = controller(node, store);
        AutopilotState s = store.load();
        assertEquals(1, s.opens().size(), "one record, not lost, not doubled");
        boolean nodeMadeIt = fault == FakeNode.Fault.LOSE_REPLY || fault == FakeNode.Fault.CRASH_AFTER_OPEN;
        assertEquals(nodeMadeIt ? 1 : 0, node.channelsTo(PEER));
        if (nodeMadeIt) {
            assertEquals(AutopilotState.Status.PENDING, s.opens().get(0).status(), "found among the pending channels");
            assertEquals(node.pending.get(0).chanPoint(), s.opens().get(0).chanPoint());
            assertThrows(IllegalStateException.class, () -> after.openChannel(PEER, 500_000, List.of()));
        } else {
            assertEquals(AutopilotState.Status.FAILED, s.opens().get(0).status(), "the node never had it");
            assertTrue(after.skipPeers().contains(PEER), "skipped for the back-off, then free to try again");
        }
        assertTrue(node.channelsTo(PEER) <= 1, "never two channels to one peer");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    @Test
    void confirmedThenClosedByOthersIsNeverReopened(@TempDir Path dir) throws Exception {
        StateStore store = new StateStore(dir.resolve("state.json"));
        FakeNode node = new FakeNode();
        controller(node, store).openChannel(PEER, 500_000, List.of());
        node.confirmAll();
        assertEquals(AutopilotState.Status.OPEN, controller(node, store).state().opens().get(0).status());
        node.closeByOthers(node.open.get(0).chanPoint());
        NodeController c = controller(node, store);
        assertEquals(AutopilotState.Status.CLOSED, c.state().opens().get(0).status());
        assertTrue(c.state().noReopen().contains(PEER));
        assertTrue(assertThrows(IllegalStateException.class, () -> c.openChannel(PEER, 1, List.of())).getMessage()
                .contains("never reopened"));
        assertTrue(store.load().noReopen().contains(PEER), "kept across restarts");
    }

    @Test
    void closingAndSplicingAreNotAutopilotsBusiness(@TempDir Path dir) throws Exception {
        NodeController c = controller(new FakeNode(), new StateStore(dir.resolve("s.json")));
        assertThrows(UnsupportedOperationException.class, () -> c.closeChannel(null));
        assertThrows(UnsupportedOperationException.class, () -> c.spliceIn(null, 1));
        assertThrows(UnsupportedOperationException.class, () -> c.spliceOut(null, 1));
    }
}
