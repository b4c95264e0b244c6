package io.lorasweep.schemas;

import static io.lorasweep.schemas.spec.LoraParameters.ALL_LINEAR;
import static io.lorasweep.schemas.spec.LoraParameters.MODULES;

import com.fasterxml.jackson.databind.JsonNode;
import io.lorasweep.schemas.spec.Distribution;
import io.lorasweep.schemas.spec.LoraParameters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The value domains of the parameters a LoRA trainer knows ({@link LoraParameters}), checked wherever such a
 * parameter appears: in {@code values}, {@code value}, distribution bounds, or {@code fixed}.
 */
final class LoraParameterRules {

    private enum Kind { INTEGER, REAL, DISCRETE }

    /** What values a known parameter takes, named once in the singular and once in the plural. */
    private record Domain(Kind kind, String one, String many, Predicate<JsonNode> accepts) {
    }

    private static final Domain POSITIVE_NUMBER =
            new Domain(Kind.REAL, "a positive number", "positive numbers", n -> n.isNumber() && n.doubleValue() > 0);

    private static final Map<String, Domain> DOMAINS = Map.of(
            LoraParameters.RANK, new Domain(Kind.INTEGER, "a positive integer", "positive integers",
                    n -> Numbers.isWhole(n) && n.doubleValue() > 0),
            LoraParameters.ALPHA, POSITIVE_NUMBER,
            LoraParameters.ALPHA_MULTIPLIER, POSITIVE_NUMBER,
            LoraParameters.LEARNING_RATE, POSITIVE_NUMBER,
            LoraParameters.DROPOUT, new Domain(Kind.REAL, "a number from 0 up to but not including 1",
                    "numbers from 0 up to but not including 1", n -> n.isNumber() && n.doubleValue() >= 0 && n.doubleValue() < 1),
            LoraParameters.USE_DORA, new Domain(Kind.DISCRETE, "true or false", "booleans (true or false)", JsonNode::isBoolean),
            LoraParameters.QUANTIZATION, new Domain(Kind.DISCRETE, "\"nf4\" or \"none\"", "quantization modes (\"nf4\" or \"none\")",
                    n -> n.isTextual() && LoraParameters.QUANTIZATIONS.contains(n.textValue())),
            LoraParameters.TARGET_MODULES, new Domain(Kind.DISCRETE, "a module name, a list of module names or \"all-linear\"",
                    "module lists", n -> true));

    private static final String KNOWN_MODULES = String.join(", ", MODULES) + ", " + ALL_LINEAR;

    private LoraParameterRules() {
    }

    static void check(JsonNode spec, Findings findings) {
        spec.path("parameters").properties().forEach(entry -> {
            Domain domain = DOMAINS.get(entry.getKey());
            if (domain != null && entry.getValue().isObject()) {
                checkDefinition(entry.getKey(), domain, entry.getValue(), findings);
            }
        });
        spec.path("fixed").properties().forEach(entry -> {
            Domain domain = DOMAINS.get(entry.getKey());
            if (domain != null) {
                checkOne(entry.getKey(), domain, entry.getValue(), Paths.field("fixed", entry.getKey()), findings);
            }
        });
    }

    private static void checkDefinition(String name, Domain domain, JsonNode definition, Findings findings) {
        String path = Paths.field("parameters", name);
        String form = SearchSpaceRules.form(definition).orElse("");
        switch (form) {
            case "values" -> checkValues(name, domain, definition.get("values"), Paths.field(path, "values"), findings);
            case "value" -> checkOne(name, domain, definition.get("value"), Paths.field(path, "value"), findings);
            case "distribution" -> SearchSpaceRules.distribution(definition)
                    .ifPresent(d -> checkDistribution(name, domain, d, definition, path, findings));
            default -> { }
        }
    }

    private static void checkValues(String name, Domain domain, JsonNode values, String path, Findings findings) {
        if (!values.isArray()) {
            return;
        }
        if (name.equals(LoraParameters.TARGET_MODULES)) {
            List<Set<String>> seen = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                String itemPath = Paths.index(path, i);
                checkTargetModules(values.get(i), itemPath, findings);
                Set<String> modules = moduleSet(values.get(i));
                int earlier = seen.indexOf(modules);
                if (earlier >= 0) {
                    findings.add(itemPath, "same modules as values[" + earlier + "]");
                }
                seen.add(modules);
            }
            return;
        }
        boolean allAccepted = values.size() > 0;
        for (JsonNode value : values) {
            allAccepted &= domain.accepts().test(value);
        }
        if (!allAccepted) {
            findings.add(path, "must be a non-empty list of " + domain.many());
        }
    }

    private static void checkOne(String name, Domain domain, JsonNode value, String path, Findings findings) {
        if (name.equals(LoraParameters.TARGET_MODULES)) {
            checkTargetModules(value, path, findings);
        } else if (!domain.accepts().test(value)) {
            findings.add(path, "must be " + domain.one() + " (got " + Words.got(value) + ")");
        }
    }

    private static void checkDistribution(String name, Domain domain, Distribution distribution, JsonNode definition,
                                          String path, Findings findings) {
        switch (domain.kind()) {
            case DISCRETE -> findings.add(Paths.field(path, "distribution"),
                    name + " takes " + domain.many() + "; list them under values");
            case INTEGER -> {
                if (distribution == Distribution.UNIFORM || distribution == Distribution.LOG_UNIFORM_VALUES) {
                    findings.add(Paths.field(path, "distribution"), name + " takes integers; use int_uniform, q_uniform"
                            + " or q_log_uniform_values (got " + distribution.wireName() + ")");
                }
                JsonNode q = definition.get("q");
                if (Numbers.isNumber(q) && q.doubleValue() > 0 && !Numbers.isWhole(q)) {
                    findings.add(Paths.field(path, "q"), "must be a whole number for " + name + " (got " + Words.show(q) + ")");
                }
                checkBounds(domain, definition, path, findings);
            }
            case REAL -> checkBounds(domain, definition, path, findings);
        }
    }

    private static void checkBounds(Domain domain, JsonNode definition, String path, Findings findings) {
        for (String bound : List.of("min", "max")) {
            JsonNode value = definition.get(bound);
            if (Numbers.isNumber(value) && !domain.accepts().test(value)) {
                findings.add(Paths.field(path, bound), "must be " + domain.one() + " (got " + Words.show(value) + ")");
            }
        }
    }

    /** A target_modules value: a known module name, "all-linear", or a non-empty list of distinct module names. */
    private static void checkTargetModules(JsonNode value, String path, Findings findings) {
        if (value.isTextual()) {
            checkModuleName(value.textValue(), path, findings);
        } else if (value.isArray()) {
            if (value.isEmpty()) {
                findings.add(path, "must name at least one module");
                return;
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < value.size(); i++) {
                JsonNode module = value.get(i);
                String modulePath = Paths.index(path, i);
                if (!module.isTextual()) {
                    findings.add(modulePath, "must be a module name (got " + Words.got(module) + ")");
                } else if (ALL_LINEAR.equals(module.textValue()) && value.size() > 1) {
                    findings.add(path, "\"all-linear\" already covers every module; give it alone");
                } else if (!seen.add(module.textValue())) {
                    findings.add(modulePath, "duplicate module \"" + module.textValue() + "\"");
                } else {
                    checkModuleName(module.textValue(), modulePath, findings);
                }
            }
        } else {
            findings.add(path, "must be a module name, a list of module names or \"all-linear\" (got " + Words.got(value) + ")");
        }
    }

    private static void checkModuleName(String module, String path, Findings findings) {
        if (!MODULES.contains(module) && !ALL_LINEAR.equals(module)) {
            findings.add(path, "unknown target module \"" + module + "\"; known: " + KNOWN_MODULES);
        }
    }

    /** The modules a value names, for spotting the same set written twice in another order. */
    private static Set<String> moduleSet(JsonNode value) {
        Set<String> modules = new HashSet<>();
        if (value.isTextual()) {
            modules.add(value.textValue());
        } else {
            value.forEach(module -> modules.add(module.asText()));
        }
        return modules.contains(ALL_LINEAR) ? new HashSet<>(MODULES) : modules;
    }
}
