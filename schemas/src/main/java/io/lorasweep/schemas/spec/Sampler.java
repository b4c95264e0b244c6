package io.lorasweep.schemas.spec;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Locale;

/** Which sampler proposes trials; null knobs take the sampler's own defaults. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Sampler(Type type, Long seed, Integer nStartupTrials, Boolean multivariate, Boolean constantLiar) {

    public enum Type {
        TPE, RANDOM, GRID;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
