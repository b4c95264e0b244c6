package io.lorasweep.stack.chdb;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/** The part of chDB's C API (chdb.h) that the HTTP front uses. */
interface ChdbNative extends Library {

    /** Must run before {@link #chdb_connect}, so the engine leaves the JVM's signals (GC, null checks) alone. */
    void chdb_set_signal_handlers_enabled(int enabled);

    /** Returns a {@code chdb_connection*}; the handle the query calls take is the pointer it points to. */
    Pointer chdb_connect(int argc, String[] argv);

    void chdb_close_conn(Pointer connectionPointer);

    Pointer chdb_query_n(Pointer connection, Pointer query, long queryLength, String format, long formatLength);

    Pointer chdb_result_buffer(Pointer result);

    long chdb_result_length(Pointer result);

    double chdb_result_elapsed(Pointer result);

    long chdb_result_rows_read(Pointer result);

    long chdb_result_bytes_read(Pointer result);

    long chdb_result_rows_written(Pointer result);

    long chdb_result_bytes_written(Pointer result);

    String chdb_result_error(Pointer result);

    void chdb_destroy_query_result(Pointer result);
}
