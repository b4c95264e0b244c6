package io.lorasweep.schemas.spec;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The distributions of a W&B sweep a parameter may be drawn from. */
public enum Distribution {
    UNIFORM, INT_UNIFORM, LOG_UNIFORM_VALUES, Q_UNIFORM, Q_LOG_UNIFORM_VALUES;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Sampled uniformly in log space; needs min > 0. */
    public boolean logarithmic() {
        return this == LOG_UNIFORM_VALUES || this == Q_LOG_UNIFORM_VALUES;
    }

    /** Rounded to a multiple of q. */
    public boolean quantized() {
        return this == Q_UNIFORM || this == Q_LOG_UNIFORM_VALUES;
    }
}
