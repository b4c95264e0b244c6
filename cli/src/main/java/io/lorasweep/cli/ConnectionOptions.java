package io.lorasweep.cli;

import io.lorasweep.stack.LocalServices;
import java.io.IOException;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where Kafka and ClickHouse are: the flag, else its environment variable, else the addresses that
 * {@code lorasweep services start} wrote to {@code .lorasweep/services.env}; and the local ClickHouse's generated
 * password when no other is given for it.
 */
public final class ConnectionOptions {

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (env KAFKA_BOOTSTRAP; default: the local stack).")
    String kafkaBootstrap;

    @Option(names = "--clickhouse-url", paramLabel = "URL",
            description = "ClickHouse HTTP URL, e.g. http://127.0.0.1:8123 (env CLICKHOUSE_URL; default: the local stack).")
    String clickHouseUrl;

    @Option(names = "--clickhouse-user", paramLabel = "USER", defaultValue = "${env:CLICKHOUSE_USER:-default}",
            description = "ClickHouse user (env CLICKHOUSE_USER; default: ${DEFAULT-VALUE}).")
    String clickHouseUser;

    @Option(names = "--clickhouse-password", paramLabel = "PASSWORD", defaultValue = "${env:CLICKHOUSE_PASSWORD:-}",
            description = "ClickHouse password (env CLICKHOUSE_PASSWORD; default: the local stack's, for its address,"
                    + " else empty).")
    String clickHousePassword;

    public String kafkaBootstrap() throws IOException {
        return resolve(kafkaBootstrap, LauncherEnvironment.KAFKA_BOOTSTRAP, "--kafka-bootstrap");
    }

    public String clickHouseUrl() throws IOException {
        return resolve(clickHouseUrl, LauncherEnvironment.CLICKHOUSE_URL, "--clickhouse-url");
    }

    public String clickHouseUser() {
        return clickHouseUser;
    }

    /**
     * The password given, else, for the local stack's address only, the one {@code services start} generated: it
     * is never sent to another server.
     */
    public String clickHousePassword() throws IOException {
        if (clickHousePassword != null && !clickHousePassword.isEmpty()) {
            return clickHousePassword;
        }
        LocalServices local = new LocalServices(LauncherEnvironment.home());
        String localUrl = LocalServices.readEnv(local.envFile()).get(LauncherEnvironment.CLICKHOUSE_URL);
        String generated = local.clickHousePassword();
        return generated != null && clickHouseUrl().equals(localUrl) ? generated : "";
    }

    private static String resolve(String flag, String envName, String flagName) throws IOException {
        if (flag != null && !flag.isBlank()) {
            return flag;
        }
        String env = System.getenv(envName);
        if (env != null && !env.isBlank()) {
            return env;
        }
        Map<String, String> local = LocalServices.readEnv(
                new LocalServices(LauncherEnvironment.home()).envFile());
        String fromFile = local.get(envName);
        if (fromFile != null && !fromFile.isBlank()) {
            return fromFile;
        }
        throw new IllegalStateException("no address for " + envName + ": pass " + flagName + ", set " + envName
                        + ", or start the local stack with `./lorasweep services start`");
    }
}
