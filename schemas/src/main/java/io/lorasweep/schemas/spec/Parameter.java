package io.lorasweep.schemas.spec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One dimension of the search space, in the style of a W&B sweep: a list of {@code values}, one fixed
 * {@code value}, or a {@code distribution} between {@code min} and {@code max}. The JSON has no type tag;
 * the variant follows from which of those keys is present.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({
        @JsonSubTypes.Type(Parameter.Categorical.class),
        @JsonSubTypes.Type(Parameter.Constant.class),
        @JsonSubTypes.Type(Parameter.Sampled.class)})
public sealed interface Parameter {

    /** When the parameter exists only for some values of another; null when it always exists. */
    Condition condition();

    /**
     * Pick one of the values (a grid axis for the grid sampler).
     *
     * @param values scalars (Integer, Long, Double, String, Boolean) or lists of them
     */
    record Categorical(List<Object> values, Condition condition) implements Parameter {
        public Categorical {
            values = Copies.list(values);
        }
    }

    /** Always this value. */
    record Constant(Object value, Condition condition) implements Parameter {
    }

    /** Drawn from a distribution; {@code q} is the step of the quantised ones, else null. */
    record Sampled(Distribution distribution, double min, double max, Double q, Condition condition) implements Parameter {
    }
}
