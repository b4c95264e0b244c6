package io.lorasweep.eval.tasks.mmlu;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvReaderTest {

    private static List<List<String>> fields(String csv) {
        return CsvReader.parse(csv, "t.csv").stream().map(CsvRecord::fields).toList();
    }

    @Test
    void plainAndQuotedFields() {
        assertEquals(List.of(List.of("a", "b c", "d,e", "say \"hi\"", "")),
                fields("a,b c,\"d,e\",\"say \"\"hi\"\"\",\n"));
    }

    @Test
    void quotedFieldsMaySpanLinesAndRecordsRememberTheirFirstLine() {
        List<CsvRecord> r = CsvReader.parse("x,\"one\ntwo\r\nthree\",y\r\nz,w\n", "t.csv");
        assertEquals(List.of("x", "one\ntwo\r\nthree", "y"), r.get(0).fields());
        assertEquals(1, r.get(0).line());
        assertEquals(List.of("z", "w"), r.get(1).fields());
        assertEquals(4, r.get(1).line());
    }

    @Test
    void lastRecordWithoutLineBreakAndEmptyInput() {
        assertEquals(List.of(List.of("a", "b"), List.of("c")), fields("a,b\nc"));
        assertEquals(List.of(), fields(""));
        assertEquals(List.of(List.of("\"q\"", "")), fields("\"\"\"q\"\"\",\"\""));
    }

    @Test
    void blankLineIsARecordWithOneEmptyField() {
        assertEquals(List.of(List.of("a"), List.of(""), List.of("b")), fields("a\n\nb\n"));
    }

    @Test
    void byteOrderMarkIsIgnored() {
        assertEquals(List.of(List.of("a", "b")), fields("\uFEFFa,b\n"));
    }

    @Test
    void errorsNameSourceLineAndFault() {
        IllegalArgumentException unclosed = assertThrows(IllegalArgumentException.class,
                () -> CsvReader.parse("a,b\nc,\"never closed\nmore\n", "dev/x_dev.csv"));
        assertEquals("dev/x_dev.csv, line 2: a quoted field is never closed (missing closing double quote)",
                unclosed.getMessage());
        IllegalArgumentException stray = assertThrows(IllegalArgumentException.class,
                () -> CsvReader.parse("a,b\"c\n", "f.csv"));
        assertTrue(stray.getMessage().startsWith("f.csv, line 1: a double quote inside an unquoted field"),
                stray.getMessage());
        IllegalArgumentException after = assertThrows(IllegalArgumentException.class,
                () -> CsvReader.parse("ok\n\"a\"b,c\n", "f.csv"));
        assertTrue(after.getMessage().startsWith("f.csv, line 2: unexpected character 'b' after the closing quote"),
                after.getMessage());
    }
}
