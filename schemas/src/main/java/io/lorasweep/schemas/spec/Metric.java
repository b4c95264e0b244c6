package io.lorasweep.schemas.spec;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The objective of the sweep.
 *
 * @param name a training-loop metric (e.g. {@code eval_loss}) or {@code <task>/<metric>} of an eval task
 */
public record Metric(String name, Goal goal) {

    public enum Goal {
        MINIMIZE, MAXIMIZE;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
