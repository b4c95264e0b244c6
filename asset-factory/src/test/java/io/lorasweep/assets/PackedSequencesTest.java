package io.lorasweep.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.agent.data.TokenizedExample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackedSequencesTest {

    @Test
    void keepsEveryTokenInOrderWithinWindowsAndOpensWithBos() {
        List<int[]> docs = List.of(new int[] {10, 11, 12}, new int[] {20, 21}, range(30, 50), new int[] {60});
        List<TokenizedExample> packed = PackedSequences.pack(docs, 1, 2, 8);
        List<Integer> flat = new ArrayList<>();
        for (TokenizedExample e : packed) {
            assertTrue(e.length() <= 9, "window + 1 at most");
            assertTrue(e.targetCount() == e.length() - 1, "loss on every token");
            for (int id : e.ids()) {
                flat.add(id);
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (int[] d : docs) {
            expected.add(1);
            for (int t : d) {
                expected.add(t);
            }
            expected.add(2);
        }
        assertEquals(expected, flat);
        assertEquals(1, packed.get(0).ids()[0]);
        assertEquals(List.of(1, 10, 11, 12, 2, 1, 20, 21, 2), box(packed.get(0).ids()));
        assertEquals(1, packed.get(1).ids()[0], "a document that does not fit starts a new window");
    }

    @Test
    void rejectsATinyWindow() {
        assertThrows(IllegalArgumentException.class, () -> PackedSequences.pack(List.of(), 1, 2, 1));
    }

    private static int[] range(int from, int to) {
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }

    private static List<Integer> box(int[] a) {
        List<Integer> out = new ArrayList<>();
        for (int x : a) {
            out.add(x);
        }
        return out;
    }
}
