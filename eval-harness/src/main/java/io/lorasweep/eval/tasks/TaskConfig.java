package io.lorasweep.eval.tasks;

import io.lorasweep.schemas.spec.EvalTask;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a {@link TaskFactory} needs to build a task.
 *
 * @param name    the task's name in reports
 * @param type    a type registered in {@link TaskRegistry}, e.g. {@code ner}
 * @param data    the task's data: a folder for ner, summarization and mmlu, a file for perplexity
 * @param labels  NER entity classes; empty for the task's default
 * @param options further task-specific settings, e.g. {@code max_new_tokens}
 */
public record TaskConfig(String name, String type, Path data, List<String> labels, Map<String, String> options) {

    public TaskConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, got '" + name + "'");
        }
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("type must not be blank, got '" + type + "'");
        }
        if (data == null) {
            throw new IllegalArgumentException("data must not be null (task " + name + ")");
        }
        labels = labels == null ? List.of() : List.copyOf(labels);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** From a sweep spec's task, its data path resolved against {@code dataRoot}. */
    public static TaskConfig fromSpec(EvalTask spec, Path dataRoot) {
        return new TaskConfig(spec.name(), spec.type().wireName(), dataRoot.resolve(spec.data()), spec.labels(),
                spec.limit() == null ? Map.of() : Map.of("limit", spec.limit().toString()));
    }

    /** An integer option, or {@code fallback} when absent. */
    public int intOption(String key, int fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + " of task " + name + " must be an integer, got '"
                    + v + "'");
        }
    }
}
