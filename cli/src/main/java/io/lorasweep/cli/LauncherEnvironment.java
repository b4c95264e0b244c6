package io.lorasweep.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * The environment variables the launcher reads. docker-compose.yml configures containers through exactly these
 * names (a test checks it), so a flag, its variable and the compose file never drift apart.
 */
public final class LauncherEnvironment {

    public static final String KAFKA_BOOTSTRAP = "KAFKA_BOOTSTRAP";
    public static final String CLICKHOUSE_URL = "CLICKHOUSE_URL";
    public static final String CLICKHOUSE_USER = "CLICKHOUSE_USER";
    public static final String CLICKHOUSE_PASSWORD = "CLICKHOUSE_PASSWORD";
    public static final String LORASWEEP_HOME = "LORASWEEP_HOME";
    public static final String LORASWEEP_CACHE = "LORASWEEP_CACHE";
    public static final String LORASWEEP_CHDB_LIB = "LORASWEEP_CHDB_LIB";
    public static final String LORASWEEP_ARTIFACTS = "LORASWEEP_ARTIFACTS";
    public static final String JAVA_OPTS = "JAVA_OPTS";

    public static final List<String> NAMES = List.of(KAFKA_BOOTSTRAP, CLICKHOUSE_URL, CLICKHOUSE_USER,
            CLICKHOUSE_PASSWORD, LORASWEEP_HOME, LORASWEEP_CACHE, LORASWEEP_CHDB_LIB, LORASWEEP_ARTIFACTS, JAVA_OPTS);

    private LauncherEnvironment() {
    }

    /** The state folder: {@code LORASWEEP_HOME}, or {@code .lorasweep} in the working directory. */
    public static Path home() {
        String home = System.getenv(LORASWEEP_HOME);
        return Path.of(home != null && !home.isBlank() ? home : ".lorasweep").toAbsolutePath();
    }
}
