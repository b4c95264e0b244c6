package io.lorasweep.controller;

import io.lorasweep.schemas.messages.KafkaAccess;
import java.nio.file.Path;

/**
 * Where the controller finds Kafka and ClickHouse, where it listens, the API token (null: one is generated and
 * written to {@code tokenFile}), how long a lease lasts without a heartbeat, and where writes wait on disk while
 * ClickHouse is unreachable.
 */
public record ControllerConfig(KafkaAccess kafka, String clickHouseUrl, String clickHouseUser,
                               String clickHousePassword, String host, int port, String apiToken, Path tokenFile,
                               long leaseMs, Path spoolDir) {

    /** The most disk an outage may take; past it, events wait in Kafka instead. */
    public static final long SPOOL_LIMIT_BYTES = 512L << 20;

    public ControllerConfig {
        if (kafka == null) {
            throw new IllegalArgumentException("kafka must be set: where the broker is and how to log in");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (leaseMs < 1000) {
            throw new IllegalArgumentException("leaseMs must be at least 1000, got " + leaseMs);
        }
        if (spoolDir == null) {
            throw new IllegalArgumentException("spoolDir must be set: writes wait there while ClickHouse is down");
        }
    }
}
