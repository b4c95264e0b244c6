package io.lorasweep.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import io.lorasweep.schemas.spec.Distribution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules of a search space that a JSON Schema cannot say: one form per parameter, bounds in order, log
 * bounds above zero, quantisation steps, no repeated values, conditions that point at real parameters.
 * Reads the document tree and skips whatever has the wrong shape (the schema reports that).
 */
final class SearchSpaceRules {

    private static final List<String> FORMS = List.of("values", "value", "distribution");

    private SearchSpaceRules() {
    }

    static void check(JsonNode spec, Findings findings) {
        JsonNode parameters = spec.path("parameters");
        if (!parameters.isObject()) {
            return;
        }
        Set<String> names = new LinkedHashSet<>();
        parameters.fieldNames().forEachRemaining(names::add);
        spec.path("fixed").fieldNames().forEachRemaining(names::add);
        parameters.properties().forEach(entry -> {
            String path = Paths.field("parameters", entry.getKey());
            JsonNode definition = entry.getValue();
            if (definition.isObject() && hasOneForm(path, definition, findings)) {
                checkValues(path, definition.path("values"), findings);
                distribution(definition).ifPresent(d -> checkDistribution(path, d, definition, findings));
                checkCondition(path, entry.getKey(), definition.path("condition"), spec, names, findings);
            }
        });
    }

    /** Parses a distribution's wire name; empty when absent or unknown (the schema reports unknown ones). */
    static Optional<Distribution> distribution(JsonNode definition) {
        String name = definition.path("distribution").asText("");
        return Arrays.stream(Distribution.values()).filter(d -> d.wireName().equals(name)).findFirst();
    }

    /** The one form (values, value or distribution) a definition uses; empty when it has none or several. */
    static Optional<String> form(JsonNode definition) {
        List<String> present = FORMS.stream().filter(definition::has).toList();
        return present.size() == 1 ? Optional.of(present.get(0)) : Optional.empty();
    }

    private static boolean hasOneForm(String path, JsonNode definition, Findings findings) {
        List<String> present = FORMS.stream().filter(definition::has).toList();
        if (present.size() != 1) {
            String got = present.isEmpty() ? "none" : String.join(" and ", present);
            findings.add(path, "must have exactly one of values, value or distribution (got " + got + ")");
            return false;
        }
        return true;
    }

    private static void checkValues(String path, JsonNode values, Findings findings) {
        for (int i = 0; i < values.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (values.get(i).equals(values.get(j))) {
                    findings.add(Paths.index(Paths.field(path, "values"), i), "duplicate value " + Words.show(values.get(i)));
                    break;
                }
            }
        }
    }

    private static void checkDistribution(String path, Distribution distribution, JsonNode definition, Findings findings) {
        JsonNode min = definition.get("min");
        JsonNode max = definition.get("max");
        JsonNode q = definition.get("q");
        String minPath = Paths.field(path, "min");
        String qPath = Paths.field(path, "q");
        if (distribution.logarithmic()) {
            for (String bound : List.of("min", "max")) {
                JsonNode value = definition.get(bound);
                if (Numbers.isNumber(value) && value.doubleValue() <= 0) {
                    findings.add(Paths.field(path, bound), "must be greater than 0 for " + distribution.wireName()
                            + " (got " + Words.show(value) + ")");
                }
            }
        }
        if (Numbers.isNumber(min) && Numbers.isNumber(max) && min.doubleValue() >= max.doubleValue()) {
            findings.add(minPath, "must be less than max (got min=" + Words.show(min) + ", max=" + Words.show(max) + ")");
        }
        if (distribution == Distribution.INT_UNIFORM) {
            for (String bound : List.of("min", "max")) {
                JsonNode value = definition.get(bound);
                if (Numbers.isNumber(value) && !Numbers.isWhole(value)) {
                    findings.add(Paths.field(path, bound), "must be an integer for int_uniform (got " + Words.show(value) + ")");
                }
            }
        }
        if (distribution.quantized()) {
            if (q == null) {
                findings.add(qPath, "is required for " + distribution.wireName());
            } else if (Numbers.isNumber(q) && q.doubleValue() <= 0) {
                findings.add(qPath, "must be greater than 0 (got " + Words.show(q) + ")");
            }
        } else if (q != null) {
            findings.add(qPath, "only applies to q_uniform and q_log_uniform_values");
        }
    }

    private static void checkCondition(String path, String name, JsonNode condition, JsonNode spec,
                                       Set<String> names, Findings findings) {
        JsonNode target = condition.path("parameter");
        if (!target.isTextual()) {
            return;
        }
        String targetPath = Paths.field(Paths.field(path, "condition"), "parameter");
        String targetName = target.textValue();
        if (targetName.equals(name)) {
            findings.add(targetPath, "a parameter cannot depend on itself");
            return;
        }
        if (!names.contains(targetName)) {
            List<String> others = names.stream().filter(n -> !n.equals(name)).toList();
            findings.add(targetPath, "unknown parameter \"" + targetName + "\"; known: " + String.join(", ", others));
            return;
        }
        List<JsonNode> possible = possibleValues(spec, targetName);
        JsonNode in = condition.path("in");
        for (int i = 0; possible != null && i < in.size(); i++) {
            if (!possible.contains(in.get(i))) {
                findings.add(Paths.index(Paths.field(Paths.field(path, "condition"), "in"), i),
                        targetName + " never takes " + Words.show(in.get(i)) + "; its values: "
                                + possible.stream().map(Words::show).collect(Collectors.joining(", ")));
            }
        }
    }

    /** The values a parameter can take, or null when it is drawn from a distribution. */
    private static List<JsonNode> possibleValues(JsonNode spec, String name) {
        JsonNode fixed = spec.path("fixed").get(name);
        if (fixed != null) {
            return List.of(fixed);
        }
        JsonNode definition = spec.path("parameters").path(name);
        if (definition.has("value")) {
            return List.of(definition.get("value"));
        }
        if (definition.path("values").isArray()) {
            List<JsonNode> values = new ArrayList<>();
            definition.get("values").forEach(values::add);
            return values;
        }
        return null;
    }
}
