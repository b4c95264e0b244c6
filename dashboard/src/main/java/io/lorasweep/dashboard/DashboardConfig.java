package io.lorasweep.dashboard;

/**
 * How the dashboard starts.
 *
 * @param clickHouseUrl ClickHouse's HTTP URL ({@code http://host:port})
 * @param port          0 for any free port
 * @param pollMillis    how often live pages are checked for changes
 * @param connections   JDBC connections to ClickHouse
 */
public record DashboardConfig(String clickHouseUrl, String clickHouseUser, String clickHousePassword, String host,
                              int port, long pollMillis, int connections) {

    public static final long DEFAULT_POLL_MILLIS = 2000;
    public static final int DEFAULT_CONNECTIONS = 4;

    public DashboardConfig {
        if (clickHouseUrl == null || !(clickHouseUrl.startsWith("http://") || clickHouseUrl.startsWith("https://"))) {
            throw new IllegalArgumentException("clickHouseUrl must look like http://host:port, got " + clickHouseUrl);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (pollMillis < 100) {
            throw new IllegalArgumentException("pollMillis must be >= 100, got " + pollMillis);
        }
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be >= 1, got " + connections);
        }
    }

    public static DashboardConfig of(String clickHouseUrl, String user, String password, String host, int port) {
        return new DashboardConfig(clickHouseUrl, user, password, host, port, DEFAULT_POLL_MILLIS, DEFAULT_CONNECTIONS);
    }
}
