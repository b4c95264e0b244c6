package io.lorasweep.schemas.messages;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One value of one metric at one training step. JSON has no NaN or infinity, yet a diverged loss must be
 * recorded: such a value travels as {@code nonFinite} with {@code value} null. Build points with
 * {@link #of}, read them with {@link #asDouble()}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MetricPoint(String name, long step, Double value, NonFinite nonFinite, long at) {

    public enum NonFinite {
        @JsonProperty("nan") NAN,
        @JsonProperty("inf") INF,
        @JsonProperty("-inf") NEG_INF
    }

    /** Keeps the wire form canonical: a non-finite value always moves into {@code nonFinite}. */
    public MetricPoint {
        if (value != null && !Double.isFinite(value)) {
            nonFinite = value.isNaN() ? NonFinite.NAN : value > 0 ? NonFinite.INF : NonFinite.NEG_INF;
            value = null;
        }
    }

    public static MetricPoint of(String name, long step, double value, long at) {
        return new MetricPoint(name, step, value, null, at);
    }

    /** The value as a double: NaN or an infinity when it was not finite. */
    public double asDouble() {
        if (nonFinite != null) {
            return switch (nonFinite) {
                case NAN -> Double.NaN;
                case INF -> Double.POSITIVE_INFINITY;
                case NEG_INF -> Double.NEGATIVE_INFINITY;
            };
        }
        return value == null ? Double.NaN : value;
    }
}
