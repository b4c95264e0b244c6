package io.lorasweep.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import io.lorasweep.schemas.spec.Dataset;
import io.lorasweep.schemas.spec.EvalTask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of {@code dataset} a schema says poorly: instruction files or an eval task's data, not both; a task that
 * exists and has prompts to learn; a prompt template whose placeholders are the ones an example fills.
 */
final class DatasetRules {

    private static final List<String> FILES = List.of("train", "eval", "test");
    /** A word in braces: what a placeholder looks like; other braces (JSON in a template, say) stay text. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private DatasetRules() {
    }

    static void check(JsonNode spec, Findings findings) {
        JsonNode dataset = spec.path("dataset");
        if (!dataset.isObject()) {
            return;
        }
        JsonNode task = dataset.path("task");
        if (task.isTextual()) {
            checkTask(spec, task.textValue(), findings);
            for (String file : FILES) {
                if (dataset.has(file)) {
                    findings.add(Paths.field("dataset", file), "give either task (train on an eval task's data) or "
                            + "instruction files (train and eval), not both");
                }
            }
            if (dataset.has("prompt_template")) {
                findings.add("dataset.prompt_template", "applies to instruction files; the data of task \""
                        + task.textValue() + "\" is rendered with that task's own prompt");
            }
        } else if (!task.isMissingNode()) {
            return; // the schema reports a task that is not text
        } else {
            for (String file : List.of("train", "eval")) {
                if (!dataset.has(file)) {
                    findings.add(Paths.field("dataset", file), "is required, unless dataset.task names an eval task "
                            + "to train on");
                }
            }
        }
        JsonNode template = dataset.path("prompt_template");
        if (template.isTextual() && !template.textValue().isEmpty()) {
            checkTemplate(template.textValue(), findings);
        }
    }

    private static void checkTask(JsonNode spec, String name, Findings findings) {
        List<String> names = new ArrayList<>();
        for (JsonNode t : spec.path("tasks")) {
            String taskName = t.path("name").asText("");
            names.add(taskName);
            if (!taskName.equals(name)) {
                continue;
            }
            String type = t.path("type").asText("");
            Arrays.stream(EvalTask.Type.values()).filter(k -> k.wireName().equals(type) && !k.trainable())
                    .findFirst().ifPresent(k -> findings.add("dataset.task", "task \"" + name + "\" is of type "
                            + type + ", whose data has no prompt and answer to learn; train on a ner or "
                            + "summarization task, or on instruction files (train and eval)"));
            if (spec.has("trainer")) {
                findings.add("dataset.task", "a trainer command reads instruction files (LORASWEEP_TRAIN_FILE and "
                        + "LORASWEEP_EVAL_FILE); give dataset.train and dataset.eval, or drop the trainer to train "
                        + "on task \"" + name + "\" with the built-in trainer");
            }
            return;
        }
        findings.add("dataset.task", "unknown task \"" + name + "\"; tasks: " + String.join(", ", names));
    }

    private static void checkTemplate(String template, Findings findings) {
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            String found = m.group();
            if (!found.equals(Dataset.INSTRUCTION) && !found.equals(Dataset.INPUT)) {
                findings.add("dataset.prompt_template", "unknown placeholder " + found + "; a template may use "
                        + Dataset.INSTRUCTION + " and " + Dataset.INPUT + " (the output follows the template)");
                return;
            }
        }
        if (!template.contains(Dataset.INSTRUCTION)) {
            findings.add("dataset.prompt_template", "must contain " + Dataset.INSTRUCTION
                    + " (where each example's instruction goes)");
        }
    }
}
