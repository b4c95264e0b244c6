package io.lorasweep.schemas.spec;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Locale;
import java.util.Set;

/**
 * Early stopping of weak trials. Settings follow Optuna's pruners of the same names; null takes the pruner's
 * default. {@link Type#settings()} says which settings a type reads.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Pruner(
        Type type,
        Integer nStartupTrials,
        Integer nWarmupSteps,
        Integer intervalSteps,
        Integer nMinTrials,
        Integer minResource,
        Integer maxResource,
        Integer reductionFactor,
        Integer minEarlyStoppingRate) {

    public static final Pruner NONE = new Pruner(Type.NONE, null, null, null, null, null, null, null, null);

    public enum Type {
        NONE(Set.of()),
        MEDIAN(Set.of("n_startup_trials", "n_warmup_steps", "interval_steps", "n_min_trials")),
        SUCCESSIVE_HALVING(Set.of("min_resource", "reduction_factor", "min_early_stopping_rate")),
        HYPERBAND(Set.of("min_resource", "max_resource", "reduction_factor"));

        private final Set<String> settings;

        Type(Set<String> settings) {
            this.settings = settings;
        }

        /** The JSON names of the settings this pruner reads. */
        public Set<String> settings() {
            return settings;
        }

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
