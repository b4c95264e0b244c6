package io.lorasweep.schemas.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * How every module connects to ClickHouse: the HTTP URL that {@code --clickhouse-url} takes, turned into a
 * clickhouse-jdbc 0.9 connection with the properties that driver needs (explicit user and password, no LZ4, which
 * the embedded engine's HTTP front does not speak). The driver itself is on the caller's class path.
 */
public final class ClickHouseJdbc {

    private ClickHouseJdbc() {
    }

    /** {@code http://host:port[/database]} → {@code jdbc:clickhouse:http://host:port/database}. */
    public static String jdbcUrl(String httpUrl) {
        String url = httpUrl.endsWith("/") ? httpUrl.substring(0, httpUrl.length() - 1) : httpUrl;
        String afterScheme = url.substring(url.indexOf("://") + 3);
        return "jdbc:clickhouse:" + url + (afterScheme.contains("/") ? "" : "/default");
    }

    public static Connection connect(String httpUrl, String user, String password) throws SQLException {
        if (httpUrl == null || !(httpUrl.startsWith("http://") || httpUrl.startsWith("https://"))) {
            throw new SQLException("ClickHouse URL must look like http://host:port, got: " + httpUrl);
        }
        return DriverManager.getConnection(jdbcUrl(httpUrl), connectionProperties(user, password));
    }

    /** The driver properties of every connection, for a pool that opens its own. */
    public static Properties connectionProperties(String user, String password) {
        Properties props = new Properties();
        props.setProperty("user", user == null || user.isBlank() ? "default" : user);
        props.setProperty("password", password == null ? "" : password);
        props.setProperty("compress", "false");
        return props;
    }
}
