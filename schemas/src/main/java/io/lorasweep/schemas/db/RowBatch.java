package io.lorasweep.schemas.db;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Rows for one table in ClickHouse's JSONEachRow format, each added as its {@link TableRow}: the unit that every
 * writer inserts (the controller, which also spools it to disk when ClickHouse cannot take it, the dev seeder, the
 * tests' fixtures). Times are epoch milliseconds, which a DateTime64(3) column reads as such; non-finite doubles
 * are written as ClickHouse's own {@code nan}, {@code inf} and {@code -inf}.
 */
public final class RowBatch {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER) // a metric value in every row
            .build();

    private final String table;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    private final JsonGenerator out;
    private int rows;
    private boolean open;

    public RowBatch(String table) {
        this.table = table;
        try {
            this.out = JSON.createGenerator(bytes);
            out.setRootValueSeparator(null); // rows are separated by our newlines
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A batch of {@code rows} rows of {@code table}, all of the same table. */
    public static RowBatch of(String table, java.util.Collection<? extends TableRow> rows) {
        RowBatch batch = new RowBatch(table);
        rows.forEach(batch::add);
        return batch;
    }

    /** A batch read back from where it was kept (JSONEachRow bytes of {@code rows} rows). */
    public static RowBatch of(String table, int rows, byte[] data) {
        RowBatch batch = new RowBatch(table);
        batch.bytes.writeBytes(data);
        batch.rows = rows;
        return batch;
    }

    public String table() {
        return table;
    }

    public int rows() {
        return rows;
    }

    public boolean isEmpty() {
        return rows == 0;
    }

    /** Adds one row; it must be of this batch's table. */
    public RowBatch add(TableRow row) {
        if (!row.table().equals(table)) {
            throw new IllegalArgumentException("a row of " + row.table() + " added to a batch of " + table);
        }
        begin();
        row.columns(this);
        return end();
    }

    /** Bytes so far, for a writer that sends a batch once it is big enough. */
    public int size() {
        return bytes.size();
    }

    RowBatch begin() {
        try {
            out.writeStartObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        open = true;
        return this;
    }

    RowBatch end() {
        try {
            out.writeEndObject();
            out.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        open = false;
        rows++;
        return this;
    }

    RowBatch put(String column, String value) {
        try {
            out.writeStringField(column, value == null ? "" : value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    RowBatch put(String column, long value) {
        try {
            out.writeNumberField(column, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    RowBatch put(String column, double value) {
        try {
            if (Double.isNaN(value)) {
                out.writeStringField(column, "nan");
            } else if (Double.isInfinite(value)) {
                out.writeStringField(column, value > 0 ? "inf" : "-inf");
            } else {
                out.writeNumberField(column, value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** An Array(Float64) column; null is the empty array. Values must be finite. */
    RowBatch put(String column, List<Double> values) {
        try {
            out.writeArrayFieldStart(column);
            for (double v : values == null ? List.<Double>of() : values) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(column + " holds " + v + "; only finite values are stored");
                }
                out.writeNumber(v);
            }
            out.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A Nullable column: null stays NULL instead of becoming a default. */
    RowBatch putNullable(String column, Long value) {
        if (value == null) {
            return putNull(column);
        }
        return put(column, value.longValue());
    }

    RowBatch putNullable(String column, Double value) {
        if (value == null) {
            return putNull(column);
        }
        return put(column, value.doubleValue());
    }

    private RowBatch putNull(String column) {
        try {
            out.writeNullField(column);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The rows as JSONEachRow bytes. */
    public byte[] data() {
        if (open) {
            throw new IllegalStateException("a row of " + table + " was begun and not ended");
        }
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The first half of the rows and the rest, as two batches of the same table (rows are lines). */
    public List<RowBatch> halves() {
        if (rows < 2) {
            throw new IllegalStateException("a batch of " + rows + " rows has no halves");
        }
        byte[] data = data();
        int half = rows / 2;
        int cut = 0;
        for (int seen = 0; seen < half; cut++) {
            if (data[cut] == '\n') {
                seen++;
            }
        }
        return List.of(of(table, half, java.util.Arrays.copyOfRange(data, 0, cut)),
                of(table, rows - half, java.util.Arrays.copyOfRange(data, cut, data.length)));
    }
}
