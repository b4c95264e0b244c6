package io.lorasweep.cli;

import io.lorasweep.agent.eval.EvalModel;
import io.lorasweep.eval.tasks.MetricEstimate;
import io.lorasweep.eval.tasks.PromptFit;
import io.lorasweep.eval.tasks.RunSettings;
import io.lorasweep.eval.tasks.TaskConfig;
import io.lorasweep.eval.tasks.TaskRegistry;
import io.lorasweep.eval.tasks.TaskResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Evaluations of a model (and adapter) outside a sweep: a task with its intervals, or a text's perplexity. */
@Command(name = "eval", description = "Evaluate a model in the HF layout, with or without an adapter, on a task: "
        + "the shots its prompts held (fewer than asked when they would not fit; no prompt is cut), the prompt "
        + "lengths, and a table of metrics with 95%% bootstrap intervals (--json for the numbers).",
        subcommands = {EvalPerplexityCommand.class})
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "DIR", defaultValue = "assets/models/tiny-llama",
            description = "Model folder (default: ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--adapter", paramLabel = "DIR", description = "PEFT adapter folder, merged for the evaluation.")
    Path adapter;

    @Spec
    CommandSpec spec;

    // checked in call(), not by picocli: `eval perplexity ...` is a subcommand that needs no --task
    @Option(names = "--task", description = "ner, summarization, mmlu or perplexity (required without a subcommand).")
    String task;

    @Option(names = "--data", paramLabel = "PATH",
            description = "The task's data (default: the shipped set under assets/data for the task).")
    Path data;

    @Option(names = "--shots", defaultValue = "-1", description = "Examples in the prompt (default: the task's own).")
    int shots;

    @Option(names = "--limit", defaultValue = "0", description = "Only the first N test items (0: all).")
    int limit;

    @Option(names = "--json", description = "Print the run as JSON: task, items, shots_asked, shots_used, prompts "
            + "(token lengths, context, why fewer shots) and metrics.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (task == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--task=<task>'");
        }
        Path root = LauncherEnvironment.root();
        Path modelDir = model.isAbsolute() ? model : root.resolve(model);
        Path dataPath = data != null ? data : root.resolve(switch (task) {
            case "ner" -> "assets/data/ner";
            case "summarization" -> "assets/data/summarization";
            case "mmlu", "multiple_choice" -> "assets/data/mmlu";
            case "perplexity" -> "assets/data/perplexity/heldout.txt";
            default -> throw new IllegalArgumentException("--task must be ner, summarization, mmlu or perplexity, got "
                    + task);
        });
        var created = TaskRegistry.standard().create(new TaskConfig(task, task, dataPath, List.of(),
                limit > 0 ? Map.of("limit", Integer.toString(limit)) : Map.of()));
        int k = shots >= 0 ? shots : created.defaultShots();
        try (EvalModel evalModel = EvalModel.open(modelDir, adapter, null)) {
            TaskResult result = created.run(evalModel.languageModel(), RunSettings.withShots(k));
            if (json) {
                System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                        asJson(result, dataPath)));
                return 0;
            }
            PromptFit prompts = result.prompts();
            System.out.printf("%s on %s, %s, %d items (%s)%n", task, dataPath,
                    prompts == null ? "no prompts" : prompts.shotsText(), result.items().size(),
                    evalModel.languageModel().name());
            if (prompts != null) {
                System.out.println(prompts.lengthsText());
                if (prompts.fewerShots()) {
                    System.out.println("no prompt was cut: " + prompts.limit());
                }
            }
            System.out.printf("%-22s %-20s %10s   %s%n", "METRIC", "LABEL", "VALUE", "95% INTERVAL");
            for (MetricEstimate m : result.metrics()) {
                System.out.printf(Locale.ROOT, "%-22s %-20s %10.4f   [%.4f, %.4f]%n", m.key().metric(),
                        m.key().label().isEmpty() ? "(overall)" : m.key().label(), m.interval().estimate(),
                        m.interval().low(), m.interval().high());
            }
        }
        return 0;
    }

    /**
     * The run as one object: the shots asked and used and the prompt lengths ({@code prompts}, null for a task
     * without prompts, with {@code limit} saying why fewer shots were used), then every metric with its interval.
     */
    static Map<String, Object> asJson(TaskResult result, Path data) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", result.task());
        out.put("data", data.toString());
        out.put("model", result.model());
        out.put("items", result.items().size());
        out.put("shots_asked", result.shotsAsked());
        out.put("shots_used", result.shotsUsed());
        PromptFit p = result.prompts();
        if (p == null) {
            out.put("prompts", null);
        } else {
            Map<String, Object> prompts = new LinkedHashMap<>();
            prompts.put("min_tokens", p.minTokens());
            prompts.put("median_tokens", p.medianTokens());
            prompts.put("p95_tokens", p.p95Tokens());
            prompts.put("max_tokens", p.maxTokens());
            prompts.put("context_tokens", p.contextTokens());
            prompts.put("answer_tokens", p.answerTokens());
            prompts.put("limit", p.limit());
            out.put("prompts", prompts);
        }
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (MetricEstimate m : result.metrics()) {
            Map<String, Object> metric = new LinkedHashMap<>();
            metric.put("metric", m.key().metric());
            metric.put("label", m.key().label());
            metric.put("value", m.interval().estimate());
            metric.put("ci_low", m.interval().low());
            metric.put("ci_high", m.interval().high());
            metrics.add(metric);
        }
        out.put("metrics", metrics);
        return out;
    }
}
