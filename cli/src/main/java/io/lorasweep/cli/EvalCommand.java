package io.lorasweep.cli;

import io.lorasweep.agent.eval.EvalModel;
import io.lorasweep.eval.tasks.MetricEstimate;
import io.lorasweep.eval.tasks.RunSettings;
import io.lorasweep.eval.tasks.TaskConfig;
import io.lorasweep.eval.tasks.TaskRegistry;
import io.lorasweep.eval.tasks.TaskResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Evaluations of a model (and adapter) outside a sweep: a task with its intervals, or a text's perplexity. */
@Command(name = "eval", description = "Evaluate a model in the HF layout, with or without an adapter, on a task: "
        + "a table of metrics with 95% bootstrap intervals (--json for the numbers).",
        subcommands = {EvalPerplexityCommand.class})
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "DIR", defaultValue = "assets/models/tiny-llama",
            description = "Model folder (default: ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--adapter", paramLabel = "DIR", description = "PEFT adapter folder, merged for the evaluation.")
    Path adapter;

    @Option(names = "--task", required = true, description = "ner, summarization, mmlu or perplexity.")
    String task;

    @Option(names = "--data", paramLabel = "PATH",
            description = "The task's data (default: the shipped set under assets/data for the task).")
    Path data;

    @Option(names = "--shots", defaultValue = "-1", description = "Examples in the prompt (default: the task's own).")
    int shots;

    @Option(names = "--limit", defaultValue = "0", description = "Only the first N test items (0: all).")
    int limit;

    @Option(names = "--json", description = "Print the metrics as JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
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
                        result.metrics().stream().map(m -> Map.of("metric", m.key().metric(), "label", m.key().label(),
                                "value", m.interval().estimate(), "ci_low", m.interval().low(),
                                "ci_high", m.interval().high())).toList()));
                return 0;
            }
            System.out.printf("%s on %s, %d-shot, %d items (%s)%n", task, dataPath, k, result.items().size(),
                    evalModel.languageModel().name());
            System.out.printf("%-22s %-20s %10s   %s%n", "METRIC", "LABEL", "VALUE", "95% INTERVAL");
            for (MetricEstimate m : result.metrics()) {
                System.out.printf(Locale.ROOT, "%-22s %-20s %10.4f   [%.4f, %.4f]%n", m.key().metric(),
                        m.key().label().isEmpty() ? "(overall)" : m.key().label(), m.interval().estimate(),
                        m.interval().low(), m.interval().high());
            }
        }
        return 0;
    }
}
