package io.lorasweep.schemas.spec;

import java.util.List;

/**
 * The parameter names a sweep spec knows the meaning of, and their vocabularies. Any other name in
 * {@code parameters} or {@code fixed} is a user parameter passed through to the trainer unchecked.
 */
public final class LoraParameters {

    /** LoRA rank r: positive integers. */
    public static final String RANK = "rank";
    /** LoRA alpha (scale alpha / r): positive numbers. */
    public static final String ALPHA = "alpha";
    /** Alpha given relative to rank (alpha = multiplier × rank); excludes {@link #ALPHA}. */
    public static final String ALPHA_MULTIPLIER = "alpha_multiplier";
    /** Which projections get adapters: a module name, a list of them, or {@link #ALL_LINEAR}. */
    public static final String TARGET_MODULES = "target_modules";
    public static final String LEARNING_RATE = "learning_rate";
    /** LoRA dropout, in [0, 1). */
    public static final String DROPOUT = "dropout";
    /** Weight-decomposed LoRA instead of plain LoRA. */
    public static final String USE_DORA = "use_dora";
    /** Base weights as NF4 (QLoRA) or unquantised. */
    public static final String QUANTIZATION = "quantization";

    /** The projections of a Llama block that can carry an adapter. */
    public static final List<String> MODULES =
            List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");
    /** Shorthand for every module of {@link #MODULES}. */
    public static final String ALL_LINEAR = "all-linear";
    public static final List<String> QUANTIZATIONS = List.of("nf4", "none");

    private LoraParameters() {
    }

    /**
     * The modules a {@code target_modules} value names: a module name, a list of names, or "all-linear".
     * The value is assumed valid (it came through {@link io.lorasweep.schemas.SpecCodec}).
     */
    public static List<String> modules(Object targetModules) {
        if (ALL_LINEAR.equals(targetModules)) {
            return MODULES;
        }
        if (targetModules instanceof List<?> list) {
            return list.contains(ALL_LINEAR) ? MODULES : list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(targetModules));
    }
}
