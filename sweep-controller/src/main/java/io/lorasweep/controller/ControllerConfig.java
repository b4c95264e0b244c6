package io.lorasweep.controller;

import java.nio.file.Path;

/**
 * Where the controller finds Kafka and ClickHouse, where it listens, the API token (null: one is generated and
 * written to {@code tokenFile}), and how long a lease lasts without a heartbeat.
 */
public record ControllerConfig(String kafkaBootstrap, String clickHouseUrl, String clickHouseUser,
                               String clickHousePassword, String host, int port, String apiToken, Path tokenFile,
                               long leaseMs) {

    public ControllerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (leaseMs < 1000) {
            throw new IllegalArgumentException("leaseMs must be at least 1000, got " + leaseMs);
        }
    }
}
