package io.lorasweep.schemas.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A parameter exists only when {@code parameter} takes one of {@code values} (JSON key {@code in}), e.g. a
 * DoRA setting that matters only when {@code use_dora} is true.
 */
public record Condition(String parameter, @JsonProperty("in") List<Object> values) {

    public Condition {
        values = Copies.list(values);
    }
}
