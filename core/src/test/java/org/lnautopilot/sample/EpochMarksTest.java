package org.lnautopilot.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EpochMarksTest {
    /**
     * Random marks, tests and resets against a {@link HashSet}: epochs of a few marks (kept in the
     * small table) and of hundreds (moved to the stamps mid-epoch), on small and large index ranges.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void behavesAsASetThatEmptiesOnReset(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int n : new int[] {1, 70, 1000, 1_000_000}) {
            EpochMarks marks = new EpochMarks(n);
            Set<Integer> ref = new HashSet<>();
            for (int epoch = 0; epoch < 40; epoch++) {
                int ops = rng.nextInt(2) == 0 ? rng.nextInt(20) : rng.nextInt(400);
                for (int op = 0; op < ops; op++) {
                    int i = rng.nextInt(n);
                    if (rng.nextBoolean()) {
                        assertEquals(ref.add(i), marks.mark(i), "seed " + seed + ", n " + n + ", mark " + i);
                    } else {
                        assertEquals(ref.contains(i), marks.isMarked(i), "seed " + seed + ", n " + n + ", test " + i);
                    }
                }
                for (int i = 0; i < Math.min(n, 200); i++) {
                    assertEquals(ref.contains(i), marks.isMarked(i), "seed " + seed + ", n " + n + ", index " + i);
                }
                for (int i : ref) {
                    assertEquals(true, marks.isMarked(i), "seed " + seed + ", n " + n + ", marked " + i);
                }
                marks.reset(n);
                ref.clear();
            }
        }
    }

    @Test
    void growsOnResetAndRejectsIndexesOutsideTheRange() {
        EpochMarks marks = new EpochMarks(3);
        assertThrows(IndexOutOfBoundsException.class, () -> marks.mark(3));
        assertThrows(IndexOutOfBoundsException.class, () -> marks.isMarked(-1));
        marks.mark(2);
        marks.reset(10);
        assertEquals(false, marks.isMarked(2));
        assertEquals(true, marks.mark(9));
        assertEquals(false, marks.mark(9));
    }
}
