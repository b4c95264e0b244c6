package io.lorasweep.dashboard.baseline;

/**
 * A column of the baseline table: the base model k-shot, or the best complete trial for one value of the chosen
 * parameter.
 *
 * @param kind           {@code baseline} or {@code trial}
 * @param parameterValue the value as raw JSON (what {@code param.NAME=} filters take), null for the baseline
 * @param trials         complete trials with that value (the column shows the best of them)
 * @param costUsd        what the best trial cost; null for the baseline (no training)
 */
public record BaselineColumn(String title, String kind, String parameterValue, Long trialId, Long attempt,
                             long trials, Double objective, Double costUsd) {
}
