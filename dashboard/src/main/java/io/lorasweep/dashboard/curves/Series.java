package io.lorasweep.dashboard.curves;

import java.util.List;

/**
 * One metric of one trial attempt by step, down-sampled when it has more points than asked for: each point is then
 * the mean of a bucket of consecutive steps, placed at the bucket's last step.
 *
 * @param values        null where the value (or a value in the bucket) was NaN or infinite
 * @param totalPoints   how many points the record has
 * @param firstNonFinite the first step with a NaN or infinite value, null when every value is finite
 */
public record Series(long trialId, long attempt, String name, List<Long> steps, List<Double> values, long totalPoints,
                     Long firstNonFinite) {

    public Series {
        steps = List.copyOf(steps);
        values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
        if (steps.size() != values.size()) {
            throw new IllegalArgumentException("steps and values must have the same length");
        }
    }

    public int size() {
        return steps.size();
    }
}
