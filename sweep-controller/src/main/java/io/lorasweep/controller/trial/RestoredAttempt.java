package io.lorasweep.controller.trial;

import java.util.List;

/** An attempt as stored, for rebuilding a sweep after a restart. */
public record RestoredAttempt(int number, String leaseId, AttemptState state, String agentId, String device,
                              Long startedAt, Long endedAt, Double objective, List<Double> objectives, String reason,
                              String adapterPath, String adapterSha256, double deviceSeconds, double costUsd) {
}
