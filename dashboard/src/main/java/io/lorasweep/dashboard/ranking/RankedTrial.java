package io.lorasweep.dashboard.ranking;

import java.util.List;
import java.util.Map;

/**
 * One row of the ranking: a trial as its current attempt stands.
 *
 * @param attempt       the current attempt's number; {@code attempts} counts them all
 * @param objective     the sweep's metric, null until the attempt completed
 * @param ciLow         the 95% interval of the objective from the attempt's eval rows, null when there is none
 * @param gpuHours      device-hours over every attempt
 * @param costUsd       spend over every attempt
 * @param costEstimated true when part of the cost was estimated from device time (see TrialFacts)
 * @param objectives    in a sweep of several objectives, every objective's value once complete; else empty
 * @param onFront       in a sweep of several objectives, whether no other trial matches or beats it in all of them
 */
public record RankedTrial(long trialId, long attempt, long attempts, String state, Map<String, Object> params,
                          Double objective, Double ciLow, Double ciHigh, double gpuHours, double costUsd,
                          boolean costEstimated, String deviceType, Long startedAt, Long endedAt,
                          List<Double> objectives, boolean onFront) {

    public RankedTrial {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        objectives = List.copyOf(objectives);
    }

    /** This row with its values of a sweep's several objectives. */
    RankedTrial withObjectives(List<Double> values, boolean front) {
        return new RankedTrial(trialId, attempt, attempts, state, params, objective, ciLow, ciHigh, gpuHours, costUsd,
                costEstimated, deviceType, startedAt, endedAt, values, front);
    }
}
