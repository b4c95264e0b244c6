package io.lorasweep.dashboard.curves;

/**
 * A regression gate of the spec applied to one trial: {@code status} is {@code pass}, {@code fail} (the metric fell
 * more than {@code maxDrop} below the base model: forgetting) or {@code unknown} (a value is missing).
 *
 * @param drop how far the trial is below the baseline, in the metric's better direction (negative: above it)
 */
public record GateStatus(String task, String metric, double maxDrop, Double baseline, Double value, Double drop,
                         String status) {
}
