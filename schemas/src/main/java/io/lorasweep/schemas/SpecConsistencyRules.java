package io.lorasweep.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import io.lorasweep.schemas.spec.LoraParameters;
import io.lorasweep.schemas.spec.Metric;
import io.lorasweep.schemas.spec.MetricDirection;
import io.lorasweep.schemas.spec.Pruner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Rules between sections of a spec: each name defined once, references that resolve, limits that fit. */
final class SpecConsistencyRules {

    private SpecConsistencyRules() {
    }

    static void check(JsonNode spec, Findings findings) {
        JsonNode parameters = spec.path("parameters");
        JsonNode fixed = spec.path("fixed");
        fixed.fieldNames().forEachRemaining(name -> {
            if (parameters.has(name)) {
                findings.add(Paths.field("fixed", name), "is also in parameters; define it in one place");
            }
        });
        checkAlpha(parameters, fixed, findings);
        List<String> tasks = checkTaskNames(spec.path("tasks"), findings);
        checkGates(spec.path("regression_gates"), spec.path("tasks"), tasks, findings);
        checkObjectives(spec, tasks, findings);
        checkBudget(spec.path("budget"), findings);
        checkGrid(spec, findings);
        checkPrunerSettings(spec.path("pruner"), findings);
    }

    private static void checkAlpha(JsonNode parameters, JsonNode fixed, Findings findings) {
        boolean alpha = parameters.has(LoraParameters.ALPHA) || fixed.has(LoraParameters.ALPHA);
        if (alpha) {
            String section = parameters.has(LoraParameters.ALPHA_MULTIPLIER) ? "parameters"
                    : fixed.has(LoraParameters.ALPHA_MULTIPLIER) ? "fixed" : null;
            if (section != null) {
                findings.add(Paths.field(section, LoraParameters.ALPHA_MULTIPLIER), "give alpha or alpha_multiplier, not both");
            }
        }
    }

    private static List<String> checkTaskNames(JsonNode tasks, Findings findings) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            JsonNode name = tasks.get(i).path("name");
            if (!name.isTextual()) {
                continue;
            }
            if (names.contains(name.textValue())) {
                findings.add(Paths.field(Paths.index("tasks", i), "name"), "duplicate task name \"" + name.textValue() + "\"");
            }
            names.add(name.textValue());
        }
        return names;
    }

    private static void checkGates(JsonNode gates, JsonNode taskSpecs, List<String> tasks, Findings findings) {
        for (int i = 0; i < gates.size(); i++) {
            JsonNode task = gates.get(i).path("task");
            if (task.isTextual() && !tasks.contains(task.textValue())) {
                findings.add(Paths.field(Paths.index("regression_gates", i), "task"),
                        "unknown task \"" + task.textValue() + "\"; tasks: " + String.join(", ", tasks));
                continue;
            }
            JsonNode metric = gates.get(i).path("metric");
            if (!task.isTextual() || !metric.isTextual() || gates.get(i).has("higher_is_better")) {
                continue;
            }
            for (JsonNode t : taskSpecs) {
                if (task.textValue().equals(t.path("name").asText()) && t.path("type").isTextual()
                        && MetricDirection.higherIsBetter(t.path("type").textValue(), metric.textValue()).isEmpty()) {
                    findings.add(Paths.field(Paths.index("regression_gates", i), "metric"), "a "
                            + t.path("type").textValue() + " task declares no metric \"" + metric.textValue()
                            + "\", so which way it improves is unknown: name a declared one or state higher_is_better");
                }
            }
        }
    }

    /**
     * One objective under {@code metric}, or several under {@code objectives} (with {@code metric}, if also given,
     * the first of them); each named once; costs only after the first (the agents report the first as they train,
     * and a cost is known only at the end); a task's metric names one of the sweep's tasks.
     */
    private static void checkObjectives(JsonNode spec, List<String> tasks, Findings findings) {
        JsonNode metric = spec.path("metric");
        JsonNode objectives = spec.path("objectives");
        if (!spec.has("metric") && !spec.has("objectives")) {
            findings.add("metric", "is required: the objective to optimise (or objectives, for several)");
            return;
        }
        if (metric.isObject()) {
            checkObjectiveName(metric.path("name"), "metric", true, tasks, findings);
        }
        if (!objectives.isArray()) {
            return;
        }
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < objectives.size(); i++) {
            JsonNode name = objectives.get(i).path("name");
            String at = Paths.index("objectives", i);
            if (!name.isTextual()) {
                continue;
            }
            if (seen.contains(name.textValue())) {
                findings.add(Paths.field(at, "name"), "\"" + name.textValue() + "\" is already an objective");
            }
            seen.add(name.textValue());
            checkObjectiveName(name, at, i == 0, tasks, findings);
        }
        if (metric.isObject() && !objectives.isEmpty() && !metric.equals(objectives.get(0))) {
            findings.add("metric", "must be the first of objectives when both are given (it is "
                    + objectives.get(0).path("name").asText() + ", " + objectives.get(0).path("goal").asText() + ")");
        }
    }

    private static void checkObjectiveName(JsonNode name, String at, boolean first, List<String> tasks,
                                           Findings findings) {
        if (!name.isTextual()) {
            return;
        }
        String n = name.textValue();
        if (n.equals(Metric.GPU_HOURS) || n.equals(Metric.COST_USD)) {
            if (first) {
                findings.add(Paths.field(at, "name"), n + " is known only when a trial ends, so it cannot be the "
                        + "first objective (the one agents report while training and the pruner follows); put a "
                        + "measured metric first");
            }
            return;
        }
        int slash = n.indexOf('/');
        if (slash > 0 && !tasks.isEmpty() && !tasks.contains(n.substring(0, slash))) {
            findings.add(Paths.field(at, "name"), "names unknown task \"" + n.substring(0, slash) + "\"; tasks: "
                    + String.join(", ", tasks));
        }
    }

    private static void checkBudget(JsonNode budget, Findings findings) {
        JsonNode trials = budget.path("max_trials");
        JsonNode parallel = budget.path("max_parallel");
        // only between two valid limits; the schema reports a limit below 1
        if (trials.isNumber() && parallel.isNumber() && trials.doubleValue() >= 1
                && parallel.doubleValue() > trials.doubleValue()) {
            findings.add("budget.max_parallel", "must not exceed max_trials (got max_parallel=" + Words.show(parallel)
                    + ", max_trials=" + Words.show(trials) + ")");
        }
    }

    /** A grid enumerates values; it has nothing to enumerate in a continuous distribution. */
    private static void checkGrid(JsonNode spec, Findings findings) {
        if (!"grid".equals(spec.path("sampler").path("type").asText())) {
            return;
        }
        spec.path("parameters").properties().forEach(entry -> {
            if (entry.getValue().has("distribution")) {
                findings.add(Paths.field(Paths.field("parameters", entry.getKey()), "distribution"),
                        "the grid sampler needs values or value; it cannot enumerate a distribution");
            }
        });
    }

    private static void checkPrunerSettings(JsonNode pruner, Findings findings) {
        String typeName = pruner.path("type").asText("");
        Arrays.stream(Pruner.Type.values()).filter(t -> t.wireName().equals(typeName)).findFirst().ifPresent(type ->
                pruner.fieldNames().forEachRemaining(setting -> {
                    if (!setting.equals("type") && !type.settings().contains(setting) && isKnownSetting(setting)) {
                        findings.add(Paths.field("pruner", setting), "does not apply to the " + typeName + " pruner"
                                + (type.settings().isEmpty() ? "" : "; it reads " + String.join(", ", type.settings().stream().sorted().toList())));
                    }
                }));
    }

    private static boolean isKnownSetting(String setting) {
        return Arrays.stream(Pruner.Type.values()).anyMatch(t -> t.settings().contains(setting));
    }
}
