package io.lorasweep.dashboard.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lorasweep.schemas.db.ClickHouseJdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * A few JDBC connections to ClickHouse shared by the dashboard's worker threads (HikariCP). A connection is lent to
 * one caller at a time (the driver's connections are not meant for concurrent statements) and evicted, not
 * returned, when a statement on it failed at the transport level, so a restarted ClickHouse heals by itself.
 */
public final class ConnectionPool implements AutoCloseable {

    /** Work done with a borrowed connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    static final int WAIT_SECONDS = 5;

    private final HikariDataSource dataSource;

    public ConnectionPool(String url, String user, String password, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException("url must look like http://host:port, got " + url);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("dashboard-clickhouse");
        config.setJdbcUrl(ClickHouseJdbc.jdbcUrl(url));
        ClickHouseJdbc.connectionProperties(user, password, ClickHouseJdbc.READ_LIMIT)
                .forEach((k, v) -> config.addDataSourceProperty((String) k, v));
        config.setMaximumPoolSize(size);
        // nothing is opened until a page asks, so the dashboard starts while ClickHouse is still down
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1);
        // a page waits this long for a free connection, or for ClickHouse to answer, before it fails
        config.setConnectionTimeout(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        this.dataSource = new HikariDataSource(config);
    }

    /** Runs {@code work} on a pooled connection, waiting up to {@link #WAIT_SECONDS} s for one. */
    public <T> T with(Work<T> work) throws SQLException {
        if (dataSource.isClosed()) {
            throw new SQLException("the connection pool is closed");
        }
        Connection c = dataSource.getConnection();
        try {
            return work.run(c);
        } catch (SQLException e) {
            // a query error (bad SQL, a missing table) carries ClickHouse's code and leaves the connection usable
            if (e.getErrorCode() <= 0) {
                dataSource.evictConnection(c);
            }
            throw e;
        } finally {
            c.close();
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
