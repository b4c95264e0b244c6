package io.lorasweep.dashboard.store;

import io.lorasweep.schemas.db.ClickHouseJdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A few JDBC connections to ClickHouse shared by the dashboard's worker threads. A connection is lent to one caller
 * at a time (the driver's connections are not meant for concurrent statements) and dropped, not returned, when a
 * statement on it failed at the transport level, so a restarted ClickHouse heals by itself.
 */
public final class ConnectionPool implements AutoCloseable {

    /** Work done with a borrowed connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final String url;
    private final String user;
    private final String password;
    private final BlockingQueue<Connection> idle;
    private final java.util.concurrent.Semaphore permits;
    private volatile boolean closed;

    public ConnectionPool(String url, String user, String password, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException("url must look like http://host:port, got " + url);
        }
        this.url = url;
        this.user = user;
        this.password = password;
        this.idle = new ArrayBlockingQueue<>(size);
        this.permits = new java.util.concurrent.Semaphore(size, true);
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Runs {@code work} on a pooled connection, waiting up to 30 s for one to be free. */
    public <T> T with(Work<T> work) throws SQLException {
        if (closed) {
            throw new SQLException("the connection pool is closed");
        }
        try {
            if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new SQLException("no ClickHouse connection free after 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a ClickHouse connection", e);
        }
        Connection c = null;
        boolean healthy = false;
        try {
            c = idle.poll();
            if (c == null || c.isClosed()) {
                c = ClickHouseJdbc.connect(url, user, password);
            }
            T result = work.run(c);
            healthy = true;
            return result;
        } catch (SQLException e) {
            // a query error (bad SQL, a missing table) leaves the connection usable; anything else may not
            healthy = c != null && e.getErrorCode() > 0;
            throw e;
        } finally {
            if (c != null) {
                if (healthy && !closed) {
                    idle.offer(c);
                } else {
                    closeQuietly(c);
                }
            }
            permits.release();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // dropping it anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c);
        }
    }
}
