package io.lorasweep.controller.sampler;

import java.util.List;
import java.util.Map;

/** The six-parameter LoRA space the sampler benchmarks and tests use, and a smooth objective over it. */
public final class LoraSpaces {

    private LoraSpaces() {
    }

    public static SearchSpace sixParameters() {
        return new SearchSpace(List.of(
                new Dimension.Categorical("rank", List.of(4, 8, 16, 32, 64), null),
                new Dimension.Categorical("alpha", List.of(8, 16, 32, 64, 128), null),
                new Dimension.Categorical("target_modules", List.of("q_proj,v_proj", "q_proj,k_proj,v_proj,o_proj",
                        "all-linear"), null),
                Dimension.Numeric.real("learning_rate", 1e-5, 1e-3, true),
                Dimension.Numeric.real("dropout", 0.0, 0.2, false),
                new Dimension.Categorical("use_dora", List.of(false, true), null)), Map.of());
    }

    /** A made-up eval loss with an optimum near rank 16, alpha 32, all-linear, lr 2e-4, dropout 0.05, DoRA on. */
    public static double evalLoss(Map<String, Object> p) {
        double rank = Math.log(((Number) p.get("rank")).doubleValue() / 16) / Math.log(2);
        double alpha = Math.log(((Number) p.get("alpha")).doubleValue() / 32) / Math.log(2);
        double lr = Math.log10(((Number) p.get("learning_rate")).doubleValue() / 2e-4);
        double dropout = (((Number) p.get("dropout")).doubleValue() - 0.05) / 0.05;
        double modules = switch ((String) p.get("target_modules")) {
            case "all-linear" -> 0;
            case "q_proj,k_proj,v_proj,o_proj" -> 0.08;
            default -> 0.15;
        };
        double dora = Boolean.TRUE.equals(p.get("use_dora")) ? 0 : 0.03;
        return 1.2 + 0.04 * rank * rank + 0.03 * alpha * alpha + 0.5 * lr * lr + 0.02 * dropout * dropout
                + modules + dora;
    }
}
