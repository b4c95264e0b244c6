package io.lorasweep.agent.runtime;

import io.lorasweep.agent.lora.LoraConfig;
import io.lorasweep.agent.train.LrSchedule;
import io.lorasweep.agent.train.TrainingConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A trial's parameters read as a training recipe: the adapter, the precision of the base, and the optimisation.
 * Every parameter name the agent understands is listed here; anything else is refused by name, so a typo in a
 * spec fails the first trial loudly instead of being ignored by every trial.
 */
public record TrialPlan(LoraConfig lora, boolean nf4, boolean doubleQuant, TrainingConfig training,
                        boolean skipLongExamples) {

    public static final Set<String> KNOWN = Set.of("rank", "alpha", "alpha_multiplier", "target_modules",
            "learning_rate", "dropout", "use_dora", "use_rslora", "quantization", "double_quant", "epochs",
            "max_steps", "batch_size", "grad_accumulation", "warmup_ratio", "schedule", "weight_decay",
            "max_grad_norm", "max_length", "eval_every", "seed", "skip_long_examples");

    public static TrialPlan of(Map<String, Object> params) {
        List<String> errors = new ArrayList<>();
        for (String name : params.keySet()) {
            if (!KNOWN.contains(name)) {
                errors.add("params." + name + ": not a parameter the agent knows; known: " + String.join(", ",
                        KNOWN.stream().sorted().toList()));
            }
        }
        int rank = intOf(params, "rank", 8, errors);
        double alpha = params.containsKey("alpha") ? doubleOf(params, "alpha", 16, errors)
                : rank * doubleOf(params, "alpha_multiplier", 2, errors);
        List<String> modules = modulesOf(params.getOrDefault("target_modules", List.of("q_proj", "v_proj")), errors);
        double lr = doubleOf(params, "learning_rate", 2e-4, errors);
        double dropout = doubleOf(params, "dropout", 0.0, errors);
        String quantization = String.valueOf(params.getOrDefault("quantization", "none")).toLowerCase(Locale.ROOT);
        if (!quantization.equals("nf4") && !quantization.equals("none")) {
            errors.add("params.quantization: must be nf4 or none, got " + quantization);
        }
        int epochs = intOf(params, "epochs", 1, errors);
        int maxSteps = intOf(params, "max_steps", 0, errors);
        int batch = intOf(params, "batch_size", 8, errors);
        String schedule = String.valueOf(params.getOrDefault("schedule", "cosine")).toUpperCase(Locale.ROOT);
        LrSchedule.Kind kind = null;
        try {
            kind = LrSchedule.Kind.valueOf(schedule);
        } catch (IllegalArgumentException e) {
            errors.add("params.schedule: must be one of " + List.of(LrSchedule.Kind.values()).toString()
                    .toLowerCase(Locale.ROOT) + ", got " + schedule.toLowerCase(Locale.ROOT));
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        long seed = (long) doubleOf(params, "seed", 42, errors);
        try {
            LoraConfig lora = new LoraConfig(rank, alpha, dropout, modules,
                    Boolean.TRUE.equals(params.get("use_rslora")), Boolean.TRUE.equals(params.get("use_dora")), seed);
            TrainingConfig training = new TrainingConfig(lr, doubleOf(params, "weight_decay", 0.0, errors), 0.9,
                    0.999, 1e-8, kind, doubleOf(params, "warmup_ratio", 0.03, errors), epochs, maxSteps, batch,
                    intOf(params, "grad_accumulation", 1, errors), doubleOf(params, "max_grad_norm", 0.3, errors),
                    intOf(params, "max_length", 512, errors), intOf(params, "eval_every", 10, errors), 0, seed);
            return new TrialPlan(lora, quantization.equals("nf4"), !Boolean.FALSE.equals(params.get("double_quant")),
                    training, Boolean.TRUE.equals(params.get("skip_long_examples")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("params: " + e.getMessage(), e);
        }
    }

    private static int intOf(Map<String, Object> p, String name, int fallback, List<String> errors) {
        Object v = p.get(name);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        errors.add("params." + name + ": must be an integer, got " + v);
        return fallback;
    }

    private static double doubleOf(Map<String, Object> p, String name, double fallback, List<String> errors) {
        Object v = p.get(name);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        errors.add("params." + name + ": must be a finite number, got " + v);
        return fallback;
    }

    /** A list of projections, one name, a comma-separated string, or all-linear. */
    private static List<String> modulesOf(Object v, List<String> errors) {
        List<String> out = new ArrayList<>();
        if (v instanceof Collection<?> c) {
            c.forEach(x -> out.add(String.valueOf(x).trim()));
        } else if (v instanceof String s) {
            for (String part : s.split(",")) {
                out.add(part.trim());
            }
        } else {
            errors.add("params.target_modules: must be a list of projections or all-linear, got " + v);
        }
        return out;
    }
}
