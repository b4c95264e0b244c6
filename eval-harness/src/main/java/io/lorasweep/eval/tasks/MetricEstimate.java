package io.lorasweep.eval.tasks;

import io.lorasweep.stats.ConfidenceInterval;
import io.lorasweep.schemas.messages.EvalResult;

/** One reported metric with its bootstrap interval. */
public record MetricEstimate(MetricKey key, ConfidenceInterval interval) {

    public MetricEstimate {
        if (key == null || interval == null) {
            throw new IllegalArgumentException("key and interval must not be null, got " + key + ", " + interval);
        }
    }

    public double value() {
        return interval.estimate();
    }

    /** As the {@code lora.events} message carries it. */
    public EvalResult toEvalResult(String task) {
        return new EvalResult(task, key.metric(), key.label(), interval.estimate(), interval.low(), interval.high());
    }
}
