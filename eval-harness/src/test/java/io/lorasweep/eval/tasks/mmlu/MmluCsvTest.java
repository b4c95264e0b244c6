package io.lorasweep.eval.tasks.mmlu;

import io.lorasweep.eval.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MmluCsvTest {

    static Path fixture() {
        return TestData.mmlu();
    }

    @Test
    void readsTheReleaseLayout() {
        MmluDataset data = MmluCsv.readFolder(fixture());
        assertEquals(List.of("anatomy", "high_school_biology"), data.subjects());
        assertEquals(3, data.devOf("anatomy").size());
        List<MmluQuestion> test = data.test().get("anatomy");
        assertEquals(2, test.size());
        assertEquals(" How many chambers does the human heart have? ", test.get(0).question());
        assertEquals(2, test.get(0).answer());
        assertEquals("Which of the following is a bone of the\nforearm?", test.get(1).question());
        assertEquals(List.of("Humerus", "Radius", "Tibia", "Fibula"), test.get(1).choices());
        assertEquals("B", test.get(1).answerLetter());
        assertEquals(1, test.get(1).index());
        MmluQuestion quoted = data.devOf("anatomy").get(1);
        assertEquals("Which bone is also called the \"collarbone\"?", quoted.question());
        assertEquals("foot, ankle", data.devOf("anatomy").get(2).choices().get(3));
    }

    @Test
    void badRowsNameFileLineAndFault() {
        IllegalArgumentException fields = assertThrows(IllegalArgumentException.class,
                () -> MmluCsv.parse("q,a,b,c,d,A\nq2,a,b,c,A\n", "test/x_test.csv", "x"));
        assertEquals("test/x_test.csv, line 2: expected 6 fields (question, A, B, C, D, answer), got 5",
                fields.getMessage());
        IllegalArgumentException letter = assertThrows(IllegalArgumentException.class,
                () -> MmluCsv.parse("\"multi\nline\",a,b,c,d,A\nq,a,b,c,d,E\n", "test/x_test.csv", "x"));
        assertEquals("test/x_test.csv, line 3: answer must be one of A, B, C, D, got 'E'", letter.getMessage());
    }

    @Test
    void quotedFieldsHoldCommasQuotesAndLineBreaksAndAByteOrderMarkIsIgnored() {
        List<MmluQuestion> q = MmluCsv.parse("\uFEFF\"say \"\"hi\"\", twice\",a,\"b,c\",\"one\r\ntwo\",d,A\r\n"
                + "q2,a,b,c,d,B", "f", "x");
        assertEquals(2, q.size());
        assertEquals("say \"hi\", twice", q.get(0).question());
        assertEquals(List.of("a", "b,c", "one\r\ntwo", "d"), q.get(0).choices());
        assertEquals(1, q.get(1).answer());
    }

    @Test
    void malformedQuotingStopsTheReadNamingFileAndLine() {
        IllegalArgumentException unclosed = assertThrows(IllegalArgumentException.class,
                () -> MmluCsv.parse("q,a,b,c,d,A\n\"never closed,a,b,c,d,A\nq3,a,b,c,d,A\n", "dev/x_dev.csv", "x"));
        assertTrue(unclosed.getMessage().startsWith("dev/x_dev.csv: not RFC 4180 CSV"), unclosed.getMessage());
        assertTrue(unclosed.getMessage().contains("startline 2"), unclosed.getMessage());
        IllegalArgumentException after = assertThrows(IllegalArgumentException.class,
                () -> MmluCsv.parse("q,a,b,c,d,A\n\"q2\"x,a,b,c,d,A\n", "f.csv", "x"));
        assertTrue(after.getMessage().contains("line: 2"), after.getMessage());
    }

    @Test
    void blankLinesAreSkippedAsPandasDoes() {
        assertEquals(2, MmluCsv.parse("q,a,b,c,d,A\n\nq2,a,b,c,d,B\n\n", "f", "x").size());
    }

    @Test
    void aFolderWithoutTestFilesIsAnError(@TempDir Path dir) throws Exception {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> MmluCsv.readFolder(dir));
        assertTrue(none.getMessage().contains("no test/ folder"), none.getMessage());
        Files.createDirectory(dir.resolve("test"));
        Files.writeString(dir.resolve("test/readme.txt"), "x");
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> MmluCsv.readFolder(dir));
        assertTrue(empty.getMessage().contains("_test.csv"), empty.getMessage());
    }
}
