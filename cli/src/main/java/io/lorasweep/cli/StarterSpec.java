package io.lorasweep.cli;

/**
 * A starter sweep spec sized to the data, following the usual LoRA guidance, with comments saying why so the user
 * can make informed edits.
 */
final class StarterSpec {

    /** Below this many examples a high rank mostly memorises. */
    static final long SMALL_DATA = 5_000;

    private StarterSpec() {
    }

    static String write(String dataset, String model, long examples) {
        boolean small = examples < SMALL_DATA;
        String ranks = small ? "[4, 8, 16]" : "[8, 16, 32, 64]";
        String alphas = small ? "[8, 16, 32]" : "[16, 32, 64, 128]";
        String modules = small ? "      - [q_proj, v_proj]\n      - [q_proj, k_proj, v_proj, o_proj]"
                : "      - [q_proj, k_proj, v_proj, o_proj]\n      - all-linear";
        String dropout = small ? "[0.05, 0.1]" : "[0.0, 0.05]";
        return """
                # Starter sweep for %1$s (%2$d training examples): edit, then `./lorasweep sweep create <this file>`.
                name: %3$s
                base_model: %4$s
                dataset:
                  train: %1$s
                  eval: %5$s          # held-out examples: the eval loss is what the pruner watches
                tasks:
                  - name: heldout
                    type: perplexity
                    data: %5$s
                parameters:
                  # %6$s
                  rank:
                    values: %7$s
                  # alpha around 2 x rank is the usual centre; the sweep tries both sides of it
                  alpha:
                    values: %8$s
                  # %9$s
                  target_modules:
                    values:
                %10$s
                  # LoRA learns well between 1e-4 and 3e-4; searched on a log scale because its effect is multiplicative
                  learning_rate:
                    distribution: log_uniform_values
                    min: 5.0e-5
                    max: 5.0e-4
                  # %11$s
                  dropout:
                    values: %12$s
                  use_dora:
                    values: [false, true]
                fixed:
                  quantization: nf4    # QLoRA: the base weights in 4 bits, about a seventh of their f32 size
                  epochs: %13$d
                metric:
                  name: eval_loss
                  goal: minimize
                sampler:
                  type: tpe            # random start-up trials, then Optuna's TPE
                  constant_liar: true  # parallel agents are not handed the same point
                pruner:
                  type: median         # stop trials whose eval loss is worse than the median at the same step
                  n_startup_trials: 5
                  n_warmup_steps: 50
                budget:
                  max_trials: %14$d
                  max_parallel: 2
                baseline:
                  shots: 5             # the base model, 5-shot, is the bar every adapter must clear
                """.formatted(dataset, examples, slug(dataset), model, sibling(dataset, "eval"),
                small ? "small data: ranks 4-16 are enough and generalise better than large ones"
                        : "larger data can use higher ranks (up to 64) before they stop paying",
                ranks, alphas,
                small ? "attention projections only: few parameters, less overfitting on small data"
                        : "with more data, adapting the MLP too (all-linear) usually pays off",
                modules,
                small ? "dropout 0.05-0.1 guards small data against overfitting" : "larger data needs little dropout",
                dropout, small ? 3 : 2, small ? 24 : 40);
    }

    private static String slug(String path) {
        String name = java.nio.file.Path.of(path).getFileName().toString().replaceAll("\\.[A-Za-z0-9]+$", "");
        String slug = name.replaceAll("[^A-Za-z0-9._-]", "-");
        return (slug.isEmpty() ? "sweep" : slug) + "-lora";
    }

    /** eval.jsonl beside train.jsonl, or FILE.eval.jsonl. */
    private static String sibling(String train, String split) {
        java.nio.file.Path p = java.nio.file.Path.of(train);
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String eval = name.contains("train") ? name.replace("train", split)
                : dot > 0 ? name.substring(0, dot) + "." + split + name.substring(dot) : name + "." + split;
        return p.resolveSibling(eval).toString();
    }
}
