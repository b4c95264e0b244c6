package io.lorasweep.dashboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement under construction: text, with every value from outside the process appended as a {@code ?} and
 * bound, never spliced into the text. Identifiers are written only by code, from fixed strings.
 */
public final class Sql {

    /** Reads one row of a result. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final StringBuilder text = new StringBuilder();
    private final List<Object> values = new ArrayList<>();

    /** Appends fixed SQL written in this code base. */
    public Sql sql(String fixed) {
        text.append(fixed);
        return this;
    }

    /** Appends a placeholder for {@code value} (String, Long, Integer, Double or null). */
    public Sql value(Object value) {
        if (value != null && !(value instanceof String || value instanceof Long || value instanceof Integer
                || value instanceof Double)) {
            throw new IllegalArgumentException("cannot bind a " + value.getClass().getSimpleName());
        }
        text.append('?');
        values.add(value);
        return this;
    }

    /** Appends {@code (?, ?, …)} for the values; {@code ('')}-free callers must not pass an empty list. */
    public Sql values(List<?> list) {
        if (list.isEmpty()) {
            throw new IllegalArgumentException("an IN list needs at least one value");
        }
        text.append('(');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                text.append(", ");
            }
            value(list.get(i));
        }
        text.append(')');
        return this;
    }

    /** Appends fixed SQL holding one {@code ?} per value, each bound to its value in order. */
    public Sql condition(String fixedWithPlaceholders, List<?> bound) {
        String[] parts = fixedWithPlaceholders.split("\\?", -1);
        if (parts.length - 1 != bound.size()) {
            throw new IllegalArgumentException((parts.length - 1) + " placeholders for " + bound.size() + " values");
        }
        for (int i = 0; i < bound.size(); i++) {
            sql(parts[i]).value(bound.get(i));
        }
        return sql(parts[parts.length - 1]);
    }

    /** Appends another statement part with its values. */
    public Sql append(Sql other) {
        text.append(other.text);
        values.addAll(other.values);
        return this;
    }

    public String text() {
        return text.toString();
    }

    public List<Object> boundValues() {
        return List.copyOf(values);
    }

    public <T> List<T> query(Connection c, RowReader<T> reader) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(text.toString())) {
            bind(ps);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
            }
            return rows;
        }
    }

    private void bind(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (v == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else if (v instanceof String) {
                ps.setString(i + 1, (String) v);
            } else if (v instanceof Double) {
                ps.setDouble(i + 1, (Double) v);
            } else {
                ps.setLong(i + 1, ((Number) v).longValue());
            }
        }
    }

    /** A nullable double column. */
    public static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    /** A nullable epoch-millisecond column. */
    public static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    @Override
    public String toString() {
        return text + " " + values;
    }
}
