package io.lorasweep.eval.metrics;

import io.lorasweep.eval.metrics.StridedWindows.Window;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StridedWindowsTest {

    @Test
    void workedExampleTenTokensLengthFourStrideTwo() {
        // windows [0,4) [2,6) [4,8) [6,10); scored: 1,2,3 | 4,5 | 6,7 | 8,9
        assertEquals(List.of(new Window(0, 4, 1), new Window(2, 6, 4), new Window(4, 8, 6), new Window(6, 10, 8)),
                StridedWindows.plan(10, 4, 2));
    }

    @Test
    void lastWindowIsShortWhenTheTextEndsEarly() {
        // [0,4) scores 1..3; [3,7) scores 4..6; [6,8) scores 7
        assertEquals(List.of(new Window(0, 4, 1), new Window(3, 7, 4), new Window(6, 8, 7)),
                StridedWindows.plan(8, 4, 3));
    }

    @Test
    void aTextShorterThanTheContextIsOneWindow() {
        assertEquals(List.of(new Window(0, 5, 1)), StridedWindows.plan(5, 8, 4));
    }

    @Test
    void nothingToPredictInZeroOrOneToken() {
        assertTrue(StridedWindows.plan(0, 4, 2).isEmpty());
        assertTrue(StridedWindows.plan(1, 4, 2).isEmpty());
        assertEquals(List.of(new Window(0, 2, 1)), StridedWindows.plan(2, 4, 2));
    }

    @Test
    void everyTokenAfterTheFirstIsScoredExactlyOnceWhenWindowsOverlap() {
        for (int n = 0; n <= 40; n++) {
            for (int max = 2; max <= 9; max++) {
                for (int stride = 1; stride < max; stride++) {
                    int[] scored = new int[n];
                    for (Window w : StridedWindows.plan(n, max, stride)) {
                        assertTrue(w.length() <= max);
                        for (int p = w.targetStart(); p < w.end(); p++) {
                            scored[p]++;
                        }
                    }
                    for (int p = 0; p < n; p++) {
                        assertEquals(p == 0 ? 0 : 1, scored[p], "n=" + n + " max=" + max + " stride=" + stride + " p=" + p);
                    }
                }
            }
        }
    }

    @Test
    void agreesWithTheGuidesLoopIncludingNonOverlappingWindows() {
        for (int n = 0; n <= 30; n++) {
            for (int max = 2; max <= 7; max++) {
                for (int stride = 1; stride <= max; stride++) {
                    assertEquals(guide(n, max, stride), scoredPositions(StridedWindows.plan(n, max, stride)),
                            "n=" + n + " max=" + max + " stride=" + stride);
                }
            }
        }
    }

    @Test
    void nonOverlappingWindowsDropEachWindowsFirstToken() {
        // [0,4) scores 1..3; [4,8) scores 5..7; [8,10) scores 9: positions 4 and 8 have no context in their window
        List<Window> plan = StridedWindows.plan(10, 4, 4);
        assertEquals(List.of(new Window(0, 4, 1), new Window(4, 8, 5), new Window(8, 10, 9)), plan);
        assertEquals(7, StridedWindows.scoredTokens(plan));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> StridedWindows.plan(-1, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> StridedWindows.plan(10, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> StridedWindows.plan(10, 4, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StridedWindows.plan(10, 4, 5));
        assertTrue(e.getMessage().contains("stride") && e.getMessage().contains("5"), e.getMessage());
    }

    /**
     * The guide's loop: labels = input copy with all but the last trg_len masked, then the model's shift drops the
     * window's first label. Returns each scored absolute position, in order.
     */
    private static List<Integer> guide(int seqLen, int maxLength, int stride) {
        List<Integer> scored = new ArrayList<>();
        int prevEnd = 0;
        for (int begin = 0; begin < seqLen; begin += stride) {
            int end = Math.min(begin + maxLength, seqLen);
            int trgLen = end - prevEnd;
            int len = end - begin;
            for (int i = 1; i < len; i++) { // shift: label i of the window predicted from 0..i-1
                boolean masked = i < len - trgLen;
                if (!masked) {
                    scored.add(begin + i);
                }
            }
            prevEnd = end;
            if (end == seqLen) {
                break;
            }
        }
        return scored;
    }

    private static List<Integer> scoredPositions(List<Window> plan) {
        List<Integer> scored = new ArrayList<>();
        for (Window w : plan) {
            for (int p = w.targetStart(); p < w.end(); p++) {
                scored.add(p);
            }
        }
        return scored;
    }
}
