package io.lorasweep.schemas.db;

import java.util.ArrayList;
import java.util.List;

/**
 * One numbered DDL file, e.g. {@code V001__core_tables.sql}.
 *
 * @param version  the number after V; migrations apply in increasing version
 * @param name     the file name without {@code .sql}, e.g. {@code V001__core_tables}; recorded when applied
 * @param sql      the file's text, line endings normalised to \n
 * @param checksum SHA-256 of {@code sql} in hex: an applied migration must never change
 */
public record Migration(int version, String name, String sql, String checksum) {

    /**
     * The statements of the file: lines that start with {@code --} are comments and dropped, and a statement
     * ends at a line that ends with {@code ;} (the semicolon itself is dropped). A trailing statement without
     * one still counts.
     */
    public List<String> statements() {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--")) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(line, 0, line.lastIndexOf(';'));
                add(statements, current);
                current.setLength(0);
            } else {
                current.append(line).append('\n');
            }
        }
        add(statements, current);
        return List.copyOf(statements);
    }

    private static void add(List<String> statements, StringBuilder statement) {
        String text = statement.toString().strip();
        if (!text.isEmpty()) {
            statements.add(text);
        }
    }
}
