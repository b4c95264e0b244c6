package io.lorasweep.dashboard.curves;

/**
 * Something the curves or the evals show about a trial, in plain words.
 *
 * @param kind {@code diverged}, {@code overfitting}, {@code flat_loss} or {@code forgetting}
 */
public record Finding(String kind, String message) {
}
