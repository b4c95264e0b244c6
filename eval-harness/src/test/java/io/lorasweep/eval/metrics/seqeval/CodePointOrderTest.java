package io.lorasweep.eval.metrics.seqeval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Entity types sort as Python's sorted() sorts str: by code point. */
class CodePointOrderTest {

    @Test
    void asciiAsUsual() {
        List<String> types = new ArrayList<>(List.of("PER", "LOC", "MISC", "ORG", "B", "_", "loc", "LOC-X"));
        types.sort(CodePointOrder.INSTANCE);
        assertEquals(List.of("B", "LOC", "LOC-X", "MISC", "ORG", "PER", "_", "loc"), types);
    }

    @Test
    void beyondTheBasicPlaneAfterEveryBmpCharacter() {
        String emoji = "\uD83D\uDE00"; // U+1F600, two UTF-16 units starting with 0xD83D
        String fullwidthA = "\uFF21";
        assertTrue(emoji.compareTo(fullwidthA) < 0, "String.compareTo puts it first");
        assertTrue(CodePointOrder.INSTANCE.compare(fullwidthA, emoji) < 0, "Python puts it last");
        assertTrue(CodePointOrder.INSTANCE.compare("A", "AB") < 0);
        assertEquals(0, CodePointOrder.INSTANCE.compare(emoji, emoji));
    }
}
