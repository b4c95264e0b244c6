package io.lorasweep.agent.runtime;

import io.lorasweep.agent.model.ComputeDevice;
import java.nio.file.Path;
import java.util.List;

/**
 * An agent's settings: where Kafka is, its devices (one trial at a time on each), what a device-hour costs, where
 * adapters go and what relative paths in assignments resolve against, and the trial processes' JVM options.
 */
public record AgentConfig(String kafkaBootstrap, String agentId, List<String> devices, String deviceType,
                          double pricePerHour, Path artifacts, Path dataRoot, long heartbeatMs, long graceMs,
                          List<String> trialJvmOptions) {

    public AgentConfig {
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
        devices = List.copyOf(devices);
        trialJvmOptions = List.copyOf(trialJvmOptions);
    }
}
