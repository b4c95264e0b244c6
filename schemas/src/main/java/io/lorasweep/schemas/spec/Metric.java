package io.lorasweep.schemas.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * An objective of the sweep.
 *
 * @param name a training-loop metric (e.g. {@code eval_loss}), {@code <task>/<metric>} of an eval task, or a cost
 *             of the trial ({@link #GPU_HOURS}, {@link #COST_USD}; not as a sweep's first objective)
 */
public record Metric(String name, Goal goal) {

    /** The trial's device-hours, as its cost record has them. */
    public static final String GPU_HOURS = "gpu_hours";
    /** The trial's cost in USD at the sweep's prices. */
    public static final String COST_USD = "cost_usd";

    /** Whether this objective is a cost of the trial, known only when it ends, rather than something it measured. */
    @JsonIgnore
    public boolean isCost() {
        return name.equals(GPU_HOURS) || name.equals(COST_USD);
    }

    @JsonIgnore
    public boolean minimize() {
        return goal == Goal.MINIMIZE;
    }

    public enum Goal {
        MINIMIZE, MAXIMIZE;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
