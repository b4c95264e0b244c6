package io.lorasweep.eval.tasks;

import java.util.List;
import java.util.Map;

/**
 * Computes all of a task's metrics from item scores at once. Called on the full test set for the point
 * estimates and once per bootstrap resample for the intervals, so it must be a pure function of its items and
 * return the same keys (in report order) whatever items it gets.
 */
@FunctionalInterface
public interface Aggregation {

    Map<MetricKey, Double> apply(List<ItemScore> items);

    /**
     * For a result read back from storage, where functions are not kept. Such a result can still be the baseline
     * of {@link TaskResult#pairedDifference}, which recomputes both sides with the candidate's aggregation.
     */
    Aggregation NOT_STORED = items -> {
        throw new IllegalStateException("this result was read from storage without its aggregation; "
                + "compare from the candidate's side (candidate.pairedDifference(baseline, ...))");
    };
}
