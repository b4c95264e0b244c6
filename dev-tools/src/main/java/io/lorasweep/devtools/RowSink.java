package io.lorasweep.devtools;

import io.lorasweep.schemas.db.HttpRowInsert;
import io.lorasweep.schemas.db.RowBatch;
import io.lorasweep.schemas.db.TableRow;
import java.io.IOException;

/** Rows of one table, inserted in batches of about {@link #FLUSH_BYTES}: millions of rows go in a few requests. */
final class RowSink {

    static final int FLUSH_BYTES = 16 << 20;

    private final HttpRowInsert insert;
    private final String table;
    private RowBatch batch;
    private long count;

    RowSink(HttpRowInsert insert, String table) {
        this.insert = insert;
        this.table = table;
        this.batch = new RowBatch(table);
    }

    void add(TableRow row) throws IOException {
        batch.add(row);
        count++;
        if (batch.size() >= FLUSH_BYTES) {
            flush();
        }
    }

    long count() {
        return count;
    }

    void flush() throws IOException {
        insert.insert(batch);
        batch = new RowBatch(table);
    }
}
