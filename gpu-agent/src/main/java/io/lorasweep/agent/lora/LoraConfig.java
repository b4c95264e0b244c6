package io.lorasweep.agent.lora;

import io.lorasweep.agent.model.LlamaTensorLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * What to adapt and how, with PEFT's meaning for each field: {@code r}, {@code lora_alpha}, {@code lora_dropout},
 * {@code target_modules} (projection names, or {@code all-linear} for all seven), {@code use_rslora} (scale
 * alpha/sqrt(r) instead of alpha/r) and {@code use_dora}.
 */
public record LoraConfig(int r, double alpha, double dropout, List<String> targetModules, boolean useRslora,
        boolean useDora, long seed) {

    public static final String ALL_LINEAR = "all-linear";

    public LoraConfig {
        if (r < 1) {
            throw new IllegalArgumentException("r must be at least 1, got " + r);
        }
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be positive and finite, got " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (targetModules == null || targetModules.isEmpty()) {
            throw new IllegalArgumentException("targetModules must name at least one projection or all-linear");
        }
        List<String> expanded = new ArrayList<>();
        for (String t : targetModules) {
            if (t.equals(ALL_LINEAR)) {
                LlamaTensorLayout.PROJECTIONS.stream().filter(p -> !expanded.contains(p)).forEach(expanded::add);
            } else if (!LlamaTensorLayout.PROJECTIONS.contains(t)) {
                throw new IllegalArgumentException("targetModules entry '" + t + "' is not one of "
                        + LlamaTensorLayout.PROJECTIONS + " or all-linear");
            } else if (!expanded.contains(t)) {
                expanded.add(t);
            }
        }
        targetModules = List.copyOf(expanded);
    }

    public static LoraConfig of(int r, double alpha, String... targets) {
        return new LoraConfig(r, alpha, 0.0, List.of(targets), false, false, 0);
    }

    public LoraConfig withDora(boolean dora) {
        return new LoraConfig(r, alpha, dropout, targetModules, useRslora, dora, seed);
    }

    public LoraConfig withRslora(boolean rslora) {
        return new LoraConfig(r, alpha, dropout, targetModules, rslora, useDora, seed);
    }

    public LoraConfig withDropout(double p) {
        return new LoraConfig(r, alpha, p, targetModules, useRslora, useDora, seed);
    }

    public LoraConfig withSeed(long s) {
        return new LoraConfig(r, alpha, dropout, targetModules, useRslora, useDora, s);
    }

    /** alpha/r, or alpha/sqrt(r) with rsLoRA (which keeps the update's scale stable as r grows). */
    public double scaling() {
        return useRslora ? alpha / Math.sqrt(r) : alpha / r;
    }

    /** Whether a module path such as {@code model.layers.0.self_attn.q_proj} is adapted. */
    public boolean targets(String modulePath) {
        String last = modulePath.substring(modulePath.lastIndexOf('.') + 1);
        return targetModules.contains(last);
    }
}
