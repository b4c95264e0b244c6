package io.lorasweep.schemas.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * How every module connects to ClickHouse: the HTTP URL that {@code --clickhouse-url} takes, turned into a
 * clickhouse-jdbc 0.9 connection with the properties that driver needs (explicit user and password, no LZ4, which
 * the embedded engine's HTTP front does not speak). The driver itself is on the caller's class path.
 */
public final class ClickHouseJdbc {

    /** How long a writer's statement (the controller's inserts and reads, migrations, tools) may run. */
    public static final Duration STATEMENT_LIMIT = Duration.ofSeconds(60);
    /** How long a dashboard read may run: a heavy page gives way rather than hold up the writers. */
    public static final Duration READ_LIMIT = Duration.ofSeconds(15);
    /**
     * How much longer than the statement's limit the client waits for an answer: long enough that ClickHouse's own
     * TIMEOUT_EXCEEDED arrives first, short enough that a server that stops answering is an error, not a hang.
     */
    static final Duration ANSWER_MARGIN = Duration.ofSeconds(15);

    private ClickHouseJdbc() {
    }

    /** {@code http://host:port[/database]} → {@code jdbc:clickhouse:http://host:port/database}. */
    public static String jdbcUrl(String httpUrl) {
        String url = httpUrl.endsWith("/") ? httpUrl.substring(0, httpUrl.length() - 1) : httpUrl;
        String afterScheme = url.substring(url.indexOf("://") + 3);
        return "jdbc:clickhouse:" + url + (afterScheme.contains("/") ? "" : "/default");
    }

    /** A connection whose statements run at most {@link #STATEMENT_LIMIT}. */
    public static Connection connect(String httpUrl, String user, String password) throws SQLException {
        if (httpUrl == null || !(httpUrl.startsWith("http://") || httpUrl.startsWith("https://"))) {
            throw new SQLException("ClickHouse URL must look like http://host:port, got: " + httpUrl);
        }
        return DriverManager.getConnection(jdbcUrl(httpUrl), connectionProperties(user, password));
    }

    /** The driver properties of a writer's connection, for a pool that opens its own. */
    public static Properties connectionProperties(String user, String password) {
        return connectionProperties(user, password, STATEMENT_LIMIT);
    }

    /** The driver properties of a connection whose statements ClickHouse stops after {@code limit}. */
    public static Properties connectionProperties(String user, String password, Duration limit) {
        if (limit.toSeconds() < 1) {
            throw new IllegalArgumentException("a statement's time limit must be at least 1 s, got " + limit);
        }
        Properties props = new Properties();
        props.setProperty("user", user == null || user.isBlank() ? "default" : user);
        props.setProperty("password", password == null ? "" : password);
        props.setProperty("compress", "false");
        // the driver sends clickhouse_setting_X as the server setting X on every request
        props.setProperty("clickhouse_setting_max_execution_time", Long.toString(limit.toSeconds()));
        props.setProperty("socket_timeout", Long.toString(limit.plus(ANSWER_MARGIN).toMillis()));
        return props;
    }
}
