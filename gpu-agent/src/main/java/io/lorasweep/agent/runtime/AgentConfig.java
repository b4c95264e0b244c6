package io.lorasweep.agent.runtime;

import io.lorasweep.agent.model.ComputeDevice;
import io.lorasweep.schemas.messages.KafkaAccess;
import java.nio.file.Path;
import java.util.List;

/**
 * An agent's settings: where Kafka is and how it logs in, its devices (one trial at a time on each), what a device-hour costs, where
 * adapters go and what relative paths in assignments resolve against, the trial processes' JVM options, and when
 * the watchdog kills a trial (silent for {@code stallMs}, or still running {@code stopGraceMs} after a stop), and which
 * trainer commands it runs ({@code commands}).
 */
public record AgentConfig(KafkaAccess kafka, String agentId, List<String> devices, String deviceType,
                          double pricePerHour, Path artifacts, Path dataRoot, long heartbeatMs, long graceMs,
                          List<String> trialJvmOptions, long stallMs, long stopGraceMs, CommandPolicy commands) {

    /** A trial that prints nothing (no metric, no line) for this long is killed: ten minutes. */
    public static final long DEFAULT_STALL_MS = 600_000;
    /** A trial told to stop (pruned, cancelled, handed back) that is still running after this long is killed. */
    public static final long DEFAULT_STOP_GRACE_MS = 60_000;

    public AgentConfig(KafkaAccess kafka, String agentId, List<String> devices, String deviceType,
                       double pricePerHour, Path artifacts, Path dataRoot, long heartbeatMs, long graceMs,
                       List<String> trialJvmOptions) {
        this(kafka, agentId, devices, deviceType, pricePerHour, artifacts, dataRoot, heartbeatMs, graceMs,
                trialJvmOptions, DEFAULT_STALL_MS, DEFAULT_STOP_GRACE_MS, CommandPolicy.NONE);
    }

    public AgentConfig {
        if (kafka == null) {
            throw new IllegalArgumentException("kafka must be set: where the broker is and how to log in");
        }
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("devices must name at least one device, e.g. cpu or cuda:0");
        }
        for (String d : devices) {
            try {
                ComputeDevice.parse(d);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("devices: " + e.getMessage());
            }
        }
        if (!(pricePerHour >= 0)) {
            throw new IllegalArgumentException("pricePerHour must be >= 0, got " + pricePerHour);
        }
        if (heartbeatMs < 100) {
            throw new IllegalArgumentException("heartbeatMs must be at least 100, got " + heartbeatMs);
        }
        if (stallMs < 1000 || stopGraceMs < 1000) {
            throw new IllegalArgumentException("stallMs and stopGraceMs must be at least 1000, got " + stallMs
                    + " and " + stopGraceMs);
        }
        devices = List.copyOf(devices);
        trialJvmOptions = List.copyOf(trialJvmOptions);
        commands = commands == null ? CommandPolicy.NONE : commands;
    }
}
