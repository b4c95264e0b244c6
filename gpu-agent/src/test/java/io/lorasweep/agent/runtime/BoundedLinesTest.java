package io.lorasweep.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedLinesTest {

    @TempDir
    Path dir;

    private static List<String> lines(String text, int max) throws Exception {
        List<String> out = new ArrayList<>();
        BoundedLines.forEach(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max, out::add);
        return out;
    }

    @Test
    void linesEndAtAnyNewlineAndALongOneIsCutNotRead() throws Exception {
        assertEquals(List.of("a", "b", "", "c", "dé"), lines("a\r\nb\n\nc\rdé", 10));
        assertEquals(List.of("0123" + BoundedLines.CUT, "next"), lines("0123456789\nnext\n", 4));
    }

    @Test
    void theTailOfABigLogReadsOnlyItsEnd() throws Exception {
        Path log = dir.resolve("trial.log");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            text.append("line ").append(i).append('\n');
        }
        Files.writeString(log, text);
        assertEquals(List.of("line 199997", "line 199998", "line 199999"), BoundedLines.tail(log, 3));
        Files.writeString(log, "x".repeat(10 * BoundedLines.MAX_CHARS) + "\nlast");
        assertEquals(List.of("last"), BoundedLines.tail(log, 3), "a piece of a line is no line");
        assertEquals(List.of(), BoundedLines.tail(dir.resolve("missing.log"), 3));
    }
}
