package io.lorasweep.dashboard.cost;

import java.util.List;
import java.util.Map;

/**
 * What a sweep cost, for managers: totals, per device type, the most expensive trials, and what each point of the
 * objective gained over the k-shot base model cost.
 *
 * @param devices   one map per device type: device_type, trials, gpu_hours, cost_usd, usd_per_gpu_hour
 * @param gain      the objective gained over the baseline and its price; null fields when there is no baseline
 * @param topTrials the trials that cost most (the CSV has every trial)
 */
public record CostReport(String sweepId, String objective, String goal, Totals totals,
                         List<Map<String, Object>> devices, Gain gain, List<Map<String, Object>> topTrials) {

    public CostReport {
        devices = List.copyOf(devices);
        topTrials = List.copyOf(topTrials);
    }

    /** The sweep as a whole. */
    public record Totals(long trials, long completeTrials, long estimatedTrials, double gpuHours, double costUsd,
                         Double costPerCompleteTrialUsd) {
    }

    /**
     * The objective over the base model.
     *
     * @param point         the size of one point of the objective (0.01 for a score between 0 and 1, else 1)
     * @param pointsGained  (best − baseline) / point in the better direction; null without a baseline
     * @param costPerPointUsd the sweep's whole spend per point gained; null when nothing was gained
     * @param bestTrialCostPerPointUsd the best trial's own cost per point gained
     */
    public record Gain(Double baseline, Double best, Long bestTrial, double point, Double pointsGained,
                       Double costPerPointUsd, Double bestTrialCostPerPointUsd, String note) {
    }
}
