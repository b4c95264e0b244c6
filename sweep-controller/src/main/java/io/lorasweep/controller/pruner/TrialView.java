package io.lorasweep.controller.pruner;

import io.lorasweep.controller.sampler.TrialState;
import java.util.Collections;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A trial as a pruner sees it.
 *
 * @param number the trial's number in its sweep
 * @param state its state
 * @param intermediateValues the objective's intermediate values by step (steps from 0; NaN allowed)
 * @param completedRungs the values with which the trial completed successive-halving rungs, by rung (see
 *     {@link PrunerStudy#recordRung})
 */
public record TrialView(
        int number,
        TrialState state,
        SortedMap<Long, Double> intermediateValues,
        SortedMap<Integer, Double> completedRungs) {

    public TrialView {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(intermediateValues, "intermediateValues");
        Objects.requireNonNull(completedRungs, "completedRungs");
        if (!intermediateValues.isEmpty() && intermediateValues.firstKey() < 0) {
            throw new IllegalArgumentException(
                    "steps must be >= 0 but trial " + number + " has step " + intermediateValues.firstKey());
        }
        intermediateValues = Collections.unmodifiableSortedMap(new TreeMap<>(intermediateValues));
        completedRungs = Collections.unmodifiableSortedMap(new TreeMap<>(completedRungs));
    }

    /** A trial that has completed no rung. */
    public TrialView(int number, TrialState state, SortedMap<Long, Double> intermediateValues) {
        this(number, state, intermediateValues, new TreeMap<>());
    }

    /** The last step with a value, as Optuna's {@code FrozenTrial.last_step}. */
    public OptionalLong lastStep() {
        return intermediateValues.isEmpty() ? OptionalLong.empty() : OptionalLong.of(intermediateValues.lastKey());
    }
}
