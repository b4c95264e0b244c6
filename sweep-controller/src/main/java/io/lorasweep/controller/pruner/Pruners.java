package io.lorasweep.controller.pruner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** Builds the pruner a sweep spec asks for. */
public final class Pruners {

    private Pruners() {
    }

    /**
     * The pruner of {@code spec}: no spec or type {@code none} never prunes; a setting left null takes Optuna's
     * default (for successive halving a null {@code min_resource} is "auto"; for Hyperband a null
     * {@code max_resource} is "auto").
     *
     * @throws IllegalArgumentException naming the setting and its value, when a setting is out of range or does not
     *     belong to the spec's type, or the type is missing
     */
    public static Pruner fromSpec(io.lorasweep.schemas.spec.Pruner spec) {
        if (spec == null) {
            return new NopPruner();
        }
        if (spec.type() == null) {
            throw new IllegalArgumentException("pruner.type is missing");
        }
        rejectForeignSettings(spec);
        return switch (spec.type()) {
            case NONE -> new NopPruner();
            case MEDIAN -> new MedianPruner(
                    atLeast("n_startup_trials", spec.nStartupTrials(), 5, 0),
                    atLeast("n_warmup_steps", spec.nWarmupSteps(), 0, 0),
                    atLeast("interval_steps", spec.intervalSteps(), 1, 1),
                    atLeast("n_min_trials", spec.nMinTrials(), 1, 1));
            case SUCCESSIVE_HALVING -> new SuccessiveHalvingPruner(
                    spec.minResource() == null
                            ? OptionalInt.empty()
                            : OptionalInt.of(atLeast("min_resource", spec.minResource(), 1, 1)),
                    atLeast("reduction_factor", spec.reductionFactor(), 4, 2),
                    atLeast("min_early_stopping_rate", spec.minEarlyStoppingRate(), 0, 0),
                    0);
            case HYPERBAND -> hyperband(spec);
        };
    }

    private static Pruner hyperband(io.lorasweep.schemas.spec.Pruner spec) {
        int min = atLeast("min_resource", spec.minResource(), 1, 1);
        OptionalInt max = OptionalInt.empty();
        if (spec.maxResource() != null) {
            if (spec.maxResource() < min) {
                throw new IllegalArgumentException("pruner.max_resource must be >= min_resource (" + min
                        + ") but got " + spec.maxResource());
            }
            max = OptionalInt.of(spec.maxResource());
        }
        return new HyperbandPruner(min, max, atLeast("reduction_factor", spec.reductionFactor(), 3, 2), 0);
    }

    private static int atLeast(String field, Integer value, int defaultValue, int minimum) {
        if (value == null) {
            return defaultValue;
        }
        if (value < minimum) {
            throw new IllegalArgumentException(
                    "pruner." + field + " must be >= " + minimum + " but got " + value);
        }
        return value;
    }

    private static void rejectForeignSettings(io.lorasweep.schemas.spec.Pruner spec) {
        Map<String, Integer> given = new LinkedHashMap<>();
        given.put("n_startup_trials", spec.nStartupTrials());
        given.put("n_warmup_steps", spec.nWarmupSteps());
        given.put("interval_steps", spec.intervalSteps());
        given.put("n_min_trials", spec.nMinTrials());
        given.put("min_resource", spec.minResource());
        given.put("max_resource", spec.maxResource());
        given.put("reduction_factor", spec.reductionFactor());
        given.put("min_early_stopping_rate", spec.minEarlyStoppingRate());
        List<String> foreign = new ArrayList<>();
        for (Map.Entry<String, Integer> e : given.entrySet()) {
            if (e.getValue() != null && !spec.type().settings().contains(e.getKey())) {
                foreign.add(e.getKey() + " = " + e.getValue());
            }
        }
        if (!foreign.isEmpty()) {
            throw new IllegalArgumentException("pruner type " + spec.type().wireName() + " does not read "
                    + String.join(", ", foreign));
        }
    }
}
