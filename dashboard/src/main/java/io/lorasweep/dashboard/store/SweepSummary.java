package io.lorasweep.dashboard.store;

import io.lorasweep.schemas.spec.Metric;
import java.util.List;
import java.util.Map;

/**
 * One line of the sweeps list.
 *
 * @param trialsByState how many trials are in each state (of their current attempt)
 * @param best          the best objective of a complete trial, null when none completed
 * @param bestTrial     the trial that reached it, null when none completed
 * @param gpuHours      device-hours over every attempt (see {@link TrialFacts})
 * @param costUsd       spend over every attempt
 * @param objectives    every objective with its goal, {@code objective} first (several when the sweep trades them off)
 */
public record SweepSummary(String sweepId, String name, String state, String mode, long createdAt, long updatedAt,
                           String objective, String goal, long trials, Map<String, Long> trialsByState, Double best,
                           Long bestTrial, double gpuHours, double costUsd, boolean costEstimated,
                           List<Metric> objectives) {

    public SweepSummary {
        trialsByState = Map.copyOf(trialsByState);
        objectives = List.copyOf(objectives);
    }
}
