package io.lorasweep.eval.tasks.mmlu;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 reader: comma-separated fields; a field in double quotes may hold commas, line breaks and
 * doubled quotes ({@code ""} for one {@code "}); records end at CRLF or LF (a lone CR inside a quoted field is
 * kept as is). A final line break does not start an empty record. Anything RFC 4180 forbids (a quote inside an
 * unquoted field, text after a closing quote, an unclosed quote) is an error naming the source and line, because a
 * silently mis-split question would quietly corrupt an accuracy.
 */
public final class CsvReader {

    private CsvReader() {
    }

    /**
     * @param content the file's text (a leading byte-order mark is ignored)
     * @param source  the name used in error messages, e.g. the file path
     */
    public static List<CsvRecord> parse(String content, String source) {
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        List<CsvRecord> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        int i = 0;
        int n = text.length();
        boolean atFieldStart = true;
        boolean quoted = false;
        boolean afterClosingQuote = false;
        int quoteLine = 0;
        while (i < n) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                    afterClosingQuote = true;
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    field.append(ch);
                }
                i++;
                continue;
            }
            if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
                atFieldStart = true;
                afterClosingQuote = false;
                i++;
                continue;
            }
            if (ch == '\n' || (ch == '\r' && i + 1 < n && text.charAt(i + 1) == '\n')) {
                fields.add(field.toString());
                records.add(new CsvRecord(recordLine, fields));
                fields = new ArrayList<>();
                field.setLength(0);
                atFieldStart = true;
                afterClosingQuote = false;
                i += ch == '\r' ? 2 : 1;
                line++;
                recordLine = line;
                continue;
            }
            if (afterClosingQuote) {
                throw new IllegalArgumentException(source + ", line " + line + ": unexpected character '" + ch
                        + "' after the closing quote of a field (expected a comma or the end of the line)");
            }
            if (ch == '"') {
                if (!atFieldStart) {
                    throw new IllegalArgumentException(source + ", line " + line
                            + ": a double quote inside an unquoted field (RFC 4180 wants the whole field quoted "
                            + "and the quote doubled)");
                }
                quoted = true;
                quoteLine = line;
                atFieldStart = false;
                i++;
                continue;
            }
            field.append(ch);
            atFieldStart = false;
            i++;
        }
        if (quoted) {
            throw new IllegalArgumentException(source + ", line " + quoteLine
                    + ": a quoted field is never closed (missing closing double quote)");
        }
        // text after the last line break is a record too, unless nothing at all follows it
        if (!fields.isEmpty() || field.length() > 0 || afterClosingQuote) {
            fields.add(field.toString());
            records.add(new CsvRecord(recordLine, fields));
        }
        return records;
    }
}
