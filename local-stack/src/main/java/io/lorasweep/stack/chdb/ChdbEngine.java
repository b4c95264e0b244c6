package io.lorasweep.stack.chdb;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The ClickHouse engine of chDB, loaded in this process through JNA.
 *
 * <p>One connection, used by one caller at a time: chDB's session state (current database) is per connection,
 * and a fair lock keeps concurrent HTTP requests from interleaving inside it.
 */
public final class ChdbEngine implements AutoCloseable {

    private final ChdbNative lib;
    private final Pointer connectionPointer;
    private final Pointer connection;
    private static final byte[] DISCARD = "SELECT 1".getBytes();
    private final ReentrantLock lock = new ReentrantLock(true);
    private String currentDatabase = "default";
    /** The session's {@code max_execution_time} in seconds; 0 is ClickHouse's "no limit". */
    private long currentLimitSeconds;
    private boolean closed;

    private ChdbEngine(ChdbNative lib, Pointer connectionPointer) {
        this.lib = lib;
        this.connectionPointer = connectionPointer;
        this.connection = connectionPointer.getPointer(0);
    }

    /** Loads {@code libchdb.so} and opens a persistent session whose data lives under {@code dataDir}. */
    public static ChdbEngine open(Path library, Path dataDir) throws IOException {
        if (!Files.isRegularFile(library)) {
            throw new IOException("chDB library not found at " + library + "; install it with `./lorasweep setup`");
        }
        Files.createDirectories(dataDir);
        ChdbNative lib = Native.load(library.toAbsolutePath().toString(), ChdbNative.class);
        lib.chdb_set_signal_handlers_enabled(0);
        Pointer pointer = lib.chdb_connect(2, new String[] {"clickhouse", "--path=" + dataDir.toAbsolutePath()});
        if (pointer == null || pointer.getPointer(0) == null) {
            throw new IOException("chDB could not open a session in " + dataDir);
        }
        return new ChdbEngine(lib, pointer);
    }

    /** Runs one statement with no time limit; see {@link #query(String, long, byte[], byte[], String)}. */
    public Result query(String database, byte[] queryText, byte[] body, String format) {
        return query(database, 0, queryText, body, format);
    }

    /**
     * Runs one statement, which the engine stops with {@code TIMEOUT_EXCEEDED} (code 159) after
     * {@code limitSeconds} (0: no limit). {@code body}, if not empty, follows the query text after a newline, as
     * ClickHouse's HTTP interface does: that is how {@code INSERT ... FORMAT X} receives its rows.
     */
    public Result query(String database, long limitSeconds, byte[] queryText, byte[] body, String format) {
        byte[] query = body.length == 0 ? queryText : concat(queryText, body);
        lock.lock();
        try {
            if (closed) {
                return Result.failure("Code: 210. DB::Exception: the chDB session is closed (NETWORK_ERROR)");
            }
            if (!database.equals(currentDatabase)) {
                Result use = run(("USE `" + database.replace("`", "``") + "`").getBytes(), "TabSeparated");
                if (use.error() != null) {
                    return use;
                }
                currentDatabase = database;
            }
            if (limitSeconds != currentLimitSeconds) {
                Result set = run(("SET max_execution_time = " + limitSeconds).getBytes(), "TabSeparated");
                if (set.error() != null) {
                    return set;
                }
                currentLimitSeconds = limitSeconds;
            }
            return run(query, format);
        } finally {
            lock.unlock();
        }
    }

    private Result run(byte[] query, String format) {
        Memory text = new Memory(query.length + 1L);
        text.write(0, query, 0, query.length);
        text.setByte(query.length, (byte) 0);
        Pointer result = lib.chdb_query_n(connection, text, query.length, format, format.length());
        if (result == null) {
            return Result.failure("Code: 1001. DB::Exception: chDB returned no result (STD_EXCEPTION)");
        }
        try {
            String error = lib.chdb_result_error(result);
            if (error != null) {
                discardLeftover();
                return Result.failure(error);
            }
            long length = lib.chdb_result_length(result);
            Pointer buffer = lib.chdb_result_buffer(result);
            byte[] output = length == 0 || buffer == null ? new byte[0]
                    : buffer.getByteArray(0, Math.toIntExact(length));
            return new Result(output, null, lib.chdb_result_rows_read(result), lib.chdb_result_bytes_read(result),
                    lib.chdb_result_rows_written(result), lib.chdb_result_bytes_written(result),
                    lib.chdb_result_elapsed(result));
        } finally {
            lib.chdb_destroy_query_result(result);
        }
    }

    /**
     * chDB keeps what a failed statement had already written (a header, some rows) and puts it in front of the next
     * statement's output, where a reader takes it for data. A throwaway statement takes it instead.
     */
    private void discardLeftover() {
        Memory text = new Memory(DISCARD.length + 1L);
        text.write(0, DISCARD, 0, DISCARD.length);
        text.setByte(DISCARD.length, (byte) 0);
        Pointer result = lib.chdb_query_n(connection, text, DISCARD.length, "Null", 4);
        if (result != null) {
            lib.chdb_destroy_query_result(result);
        }
    }

    private static byte[] concat(byte[] query, byte[] body) {
        byte[] all = new byte[query.length + 1 + body.length];
        System.arraycopy(query, 0, all, 0, query.length);
        all[query.length] = '\n';
        System.arraycopy(body, 0, all, query.length + 1, body.length);
        return all;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                lib.chdb_close_conn(connectionPointer);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Output of one statement, or the ClickHouse error text ({@code Code: N. DB::Exception: ...}). */
    public record Result(byte[] output, String error, long rowsRead, long bytesRead, long rowsWritten,
                         long bytesWritten, double elapsedSeconds) {

        static Result failure(String error) {
            return new Result(new byte[0], error, 0, 0, 0, 0, 0);
        }

        /** The numeric code of the error, or 0 when the text carries none. */
        public int errorCode() {
            if (error == null) {
                return 0;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Code: (\\d+)").matcher(error);
            return m.find() ? Integer.parseInt(m.group(1)) : 1001;
        }
    }
}
