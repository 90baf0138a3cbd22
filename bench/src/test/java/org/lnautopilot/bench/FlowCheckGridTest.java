package org.lnautopilot.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FlowCheckGrid's bookkeeping, which the published grids rest on: a grid line read back gives the
 * same decision, the judged file is read with and without each seed's forwards, the check's choice
 * takes the most (ties to the earlier), and the split-judged best set on a hand-computed case.
 */
class FlowCheckGridTest {
    static FlowCheckGrid.Decision decision() {
        final int m = FlowCheckGrid.AT.length;
        final long[][][] in = new long[2][2][3 * m];
        for (int i = 0; i < 2; i++) {
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 3 * m; c++) {
                    in[i][r][c] = 1_000L * i + 100L * r + c;
                }
            }
        }
        return new FlowCheckGrid.Decision(7, List.of("a1,b2", "a1,c3"), new int[] {0, 1, 1}, in);
    }

    @Test
    void aLineReadBackIsTheSameDecision() {
        final FlowCheckGrid.Decision d = decision();
        final FlowCheckGrid.Decision back = FlowCheckGrid.parse(FlowCheckGrid.line(d));
        assertEquals(d.seed(), back.seed());
        assertEquals(d.sets(), back.sets());
        assertArrayEquals(d.variantSet(), back.variantSet());
        for (int i = 0; i < 2; i++) {
            for (int r = 0; r < 2; r++) {
                assertArrayEquals(d.income()[i][r], back.income()[i][r], "set " + i + ", run " + r);
            }
        }
    }

    @Test
    void greedyRoutingsOwnSetIsReadBackAndIsTheBaseline(@TempDir Path dir) throws IOException {
        final FlowCheckGrid.Decision d0 = decision();
        assertEquals("a1,b2", d0.s()); // without it, the first set is greedy_routing's
        final FlowCheckGrid.Decision d = new FlowCheckGrid.Decision(d0.seed(), d0.sets(), d0.variantSet(),
                d0.income(), "a1,z9");
        final String line = FlowCheckGrid.line(d);
        assertTrue(line.endsWith(" | variants 0,1,1 | greedy_routing a1,z9"), line);
        final FlowCheckGrid.Decision back = FlowCheckGrid.parse(line);
        assertEquals("a1,z9", back.routing());
        assertEquals(d.sets(), back.sets());
        assertArrayEquals(d.variantSet(), back.variantSet());
        assertArrayEquals(d.income()[1][1], back.income()[1][1]);
        assertEquals(null, FlowCheckGrid.parse(FlowCheckGrid.line(d0)).routing());
        // The quick check on this decision: set 1 has more income than set 0 on both runs (1,000 more).
        final Path f = dir.resolve("judged.txt");
        Files.writeString(f, "set 1: (mean 10.0) peers a1,b2\nset 2: (mean 16.0) peers a1,c3\n"
                + "set 3: (mean 4.0) peers a1,z9\n");
        final FlowCheckGrid.AsBuilt q = FlowCheckGrid.asBuilt(List.of(back), FlowCheckGrid.judged(f),
                org.lnautopilot.heuristic.GreedyFlow.Check.QUICK);
        assertEquals(16.0, q.chosen(), 1e-12);
        assertEquals(4.0, q.s(), 1e-12); // against greedy_routing's own set, not the draw's first
    }

    @Test
    void theCheckChoosesTheMostTiesToTheEarlier() {
        final long[][][] in = {{{3}, {3}}, {{5}, {1}}, {{4}, {0}}};
        final FlowCheckGrid.Decision d = new FlowCheckGrid.Decision(1, List.of("x", "y", "z"), new int[] {0, 1, 2}, in);
        assertEquals(1, FlowCheckGrid.choice(d, 1, 0)); // 3, 5, 4
        assertEquals(0, FlowCheckGrid.choice(d, 2, 0)); // 6, 6, 4: the tie goes to the earlier
    }

    @Test
    void judgedLinesAreReadWithAndWithoutEachSeed(@TempDir Path dir) throws IOException {
        final Path f = dir.resolve("judged.txt");
        Files.writeString(f, "set 1: 10 0 (mean 5.0) peers b2,a1\nset 2: (mean 4.0) peers c3,a1\nsets: mean 4.5\n");
        final Map<String, FlowCheckGrid.Judged> j = FlowCheckGrid.judged(f);
        assertEquals(2, j.size());
        assertEquals(5.0, j.get("a1,b2").mean());
        assertArrayEquals(new int[] {10, 0}, j.get("a1,b2").each());
        assertArrayEquals(new int[0], j.get("a1,c3").each());
        // Without every set's seeds there is no split estimate.
        assertEquals(0, FlowCheckGrid.splitBest(List.of(decision()), j));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlowCheckGrid.forwards(j, "a1,d4"));
        assertTrue(e.getMessage().contains("a1,d4"), e.getMessage());
    }

    @Test
    void setsJudgedOnMoreSeedsAreReadOnTheSeedsAllShare(@TempDir Path dir) throws IOException {
        final Path f = dir.resolve("judged.txt");
        Files.writeString(f, "set 1: 10 20 30 (mean 20.0) peers b2,a1\n"
                + "set 2: 10 20 30 90 90 90 (mean 55.0) peers c3,a1\nset 3: (mean 7.0) peers d4,a1\n");
        final Map<String, FlowCheckGrid.Judged> j = FlowCheckGrid.judged(f);
        assertEquals(20.0, j.get("a1,b2").mean());
        assertEquals(20.0, j.get("a1,c3").mean(), 1e-12, "the first three seeds only");
        assertArrayEquals(new int[] {10, 20, 30}, j.get("a1,c3").each());
        assertEquals(7.0, j.get("a1,d4").mean(), "a mean alone is kept");
    }

    @Test
    void theSplitJudgedBestSetByHand(@TempDir Path dir) throws IOException {
        // Set A forwards 10 then 0, set B 4 and 4. Chosen on seed 0: A, judged on seed 1: 0. Chosen on
        // seed 1: B, judged on seed 0: 4. Mean 2, though the best mean of all seeds is 5.
        final Path f = dir.resolve("judged.txt");
        Files.writeString(f, "set 1: 10 0 (mean 5.0) peers a1,b2\nset 2: 4 4 (mean 4.0) peers a1,c3\n");
        assertEquals(2.0, FlowCheckGrid.splitBest(List.of(decision()), FlowCheckGrid.judged(f)), 1e-12);
    }

    @Test
    void greedyFlowsQuickCheckAsBuiltByHand(@TempDir Path dir) throws IOException {
        // Four sets from six variants (S, S without each pick; two variants repeat set 1); the quick check
        // sees the first three variants' sets, 0 and 1 (variant 2 gives set 1 again), over two runs of
        // 10,000 payments by income. Set 1 has more income; set 3, outside quick's variants, most of all.
        final int m = FlowCheckGrid.AT.length;
        final int at10k = 1; // AT is 5,000, 10,000, ...
        final long[][][] in = new long[4][2][3 * m];
        final long[] income = {100, 150, 120, 900};
        for (int i = 0; i < 4; i++) {
            for (int r = 0; r < 2; r++) {
                in[i][r][at10k] = income[i];
                in[i][r][m + at10k] = 3;
            }
        }
        final FlowCheckGrid.Decision a = new FlowCheckGrid.Decision(1, List.of("s", "t", "u", "v"),
                new int[] {0, 1, 1, 2, 3, 1}, in);
        // A second decision in which S has the most income: quick keeps S.
        final long[][][] in2 = new long[2][2][3 * m];
        in2[0][0][at10k] = 500;
        final FlowCheckGrid.Decision b = new FlowCheckGrid.Decision(2, List.of("s", "w"), new int[] {0, 1, 1, 1, 1, 1},
                in2);
        final Path f = dir.resolve("judged.txt");
        Files.writeString(f, "set 1: (mean 10.0) peers s\nset 2: (mean 16.0) peers t\nset 3: (mean 1.0) peers u\n"
                + "set 4: (mean 99.0) peers v\nset 5: (mean 30.0) peers w\n");
        final FlowCheckGrid.AsBuilt q = FlowCheckGrid.asBuilt(List.of(a, b), FlowCheckGrid.judged(f),
                org.lnautopilot.heuristic.GreedyFlow.Check.QUICK);
        // Decision 1 chooses t (16 against S's 10), decision 2 keeps s (10): mean 13 against 10.
        assertEquals(13.0, q.chosen(), 1e-12);
        assertEquals(10.0, q.s(), 1e-12);
        assertEquals(3.0, q.gain(), 1e-12);
        assertEquals(3.0, q.standardError(), 1e-12); // gains 6 and 0: sd 4.243, over sqrt(2)
        assertEquals(0, q.worse());
        // The default grid reads up to 40,000 payments: the thorough check (100,000) is not in it.
        assertEquals(null, FlowCheckGrid.asBuilt(List.of(a, b), FlowCheckGrid.judged(f),
                org.lnautopilot.heuristic.GreedyFlow.Check.THOROUGH));
    }
}
