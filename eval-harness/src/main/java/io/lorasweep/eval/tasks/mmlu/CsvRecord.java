package io.lorasweep.eval.tasks.mmlu;

import java.util.List;

/**
 * One record of a CSV file.
 *
 * @param line   1-based line on which the record starts (a quoted field may span several lines)
 * @param fields the fields, unquoted
 */
public record CsvRecord(int line, List<String> fields) {

    public CsvRecord {
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1, got " + line);
        }
        fields = List.copyOf(fields);
    }
}
