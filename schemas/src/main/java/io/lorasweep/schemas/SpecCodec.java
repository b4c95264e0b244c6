package io.lorasweep.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lorasweep.schemas.spec.Baseline;
import io.lorasweep.schemas.spec.Parameter;
import io.lorasweep.schemas.spec.SweepSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads sweep specs. A spec is checked against {@code schemas/sweep-spec.schema.json} and then against the rules
 * a schema cannot say (bounds in order, LoRA value domains, references between sections); every broken rule is
 * reported at once, in document order. Only a valid spec is bound to {@link SweepSpec}, with defaults filled
 * in: {@code baseline.shots} 5, {@code max_retries} 2, {@code pruner} none.
 */
public final class SpecCodec {

    private static final ObjectMapper BINDER = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private SpecCodec() {
    }

    /** @throws ContractException with every error when the text is not a valid spec */
    public static SweepSpec parseYaml(String text) {
        return parse(Documents.readYaml(text));
    }

    /** @throws ContractException with every error when the text is not a valid spec */
    public static SweepSpec parseJson(String text) {
        return parse(Documents.readJson(text));
    }

    /**
     * Reads a spec file: YAML for {@code .yaml}/{@code .yml}, JSON for {@code .json}.
     *
     * @throws ContractException when the file is unreadable, of another extension, or not a valid spec
     */
    public static SweepSpec parse(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        if (!yaml && !name.endsWith(".json")) {
            throw new ContractException(ValidationError.atRoot(
                    "cannot tell the format of " + file + "; name it .yaml, .yml or .json"));
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ContractException(ValidationError.atRoot("no such file: " + file));
        } catch (IOException e) {
            throw new ContractException(ValidationError.atRoot("cannot read " + file + ": " + e.getMessage()));
        }
        return yaml ? parseYaml(text) : parseJson(text);
    }

    /** Every error of the text as a spec (including one for unreadable text); empty when it is valid. */
    public static List<ValidationError> validate(String text, boolean yaml) {
        try {
            return check(yaml ? Documents.readYaml(text) : Documents.readJson(text));
        } catch (ContractException e) {
            return e.errors();
        }
    }

    /** Every error of an already parsed spec document, in document order; empty when it is valid. */
    public static List<ValidationError> check(JsonNode document) {
        List<ValidationError> structural = Contract.SWEEP_SPEC.check(document);
        if (!document.isObject()) {
            return structural;
        }
        Findings findings = new Findings();
        SearchSpaceRules.check(document, findings);
        LoraParameterRules.check(document, findings);
        DatasetRules.check(document, findings);
        SpecConsistencyRules.check(document, findings);
        // a spec rule about a place says more than the schema's generic words about the same place
        List<ValidationError> all = new ArrayList<>();
        structural.stream().filter(e -> !findings.paths().contains(e.path())).forEach(all::add);
        all.addAll(findings.list());
        return DocumentOrder.sort(document, all);
    }

    /**
     * Reads a document whose {@code parameters} block is a search space in the spec's syntax (other keys are
     * ignored), for tools that need only the space, such as the stand-alone sampler. The block is checked by the
     * same rules as in a whole spec.
     *
     * @throws ContractException with every error of the block
     */
    public static Map<String, Parameter> parseParameters(String text, boolean yaml) {
        JsonNode document = yaml ? Documents.readYaml(text) : Documents.readJson(text);
        JsonNode parameters = document.path("parameters");
        if (!parameters.isObject()) {
            throw new ContractException(new ValidationError("parameters", "is required: an object of parameter definitions"));
        }
        // a minimal spec around the block, so the block meets exactly the rules it meets in a spec
        ObjectNode spec = BINDER.createObjectNode();
        spec.put("name", "search-space");
        spec.put("base_model", "-");
        spec.putObject("dataset").put("train", "-").put("eval", "-");
        spec.putArray("tasks").addObject().put("name", "-").put("type", "perplexity").put("data", "-");
        spec.set("parameters", parameters);
        spec.putObject("metric").put("name", "objective").put("goal", "minimize");
        spec.putObject("sampler").put("type", "random");
        spec.putObject("budget").put("max_trials", 1).put("max_parallel", 1);
        return parse(spec).parameters();
    }

    /** The spec as compact JSON (null fields left out), e.g. for storing beside the sweep; parses back equal. */
    public static String toJson(SweepSpec spec) {
        try {
            return BINDER.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a SweepSpec always serialises", e);
        }
    }

    private static SweepSpec parse(JsonNode document) {
        List<ValidationError> errors = check(document);
        if (!errors.isEmpty()) {
            throw new ContractException(errors);
        }
        ObjectNode filled = withDefaults((ObjectNode) document.deepCopy());
        try {
            return BINDER.treeToValue(filled, SweepSpec.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // the schema and the records disagree: a bug here, but still reported as a contract error
            throw new ContractException(ValidationError.atRoot("cannot bind the spec: " + e.getMessage()));
        }
    }

    /** Defaults of primitive fields must be in the tree: a record would otherwise get 0. */
    private static ObjectNode withDefaults(ObjectNode spec) {
        if (!spec.has("max_retries")) {
            spec.put("max_retries", SweepSpec.DEFAULT_MAX_RETRIES);
        }
        JsonNode baseline = spec.path("baseline");
        if (!baseline.isObject()) {
            spec.putObject("baseline");
        }
        ObjectNode baselineNode = (ObjectNode) spec.get("baseline");
        if (!baselineNode.has("shots")) {
            baselineNode.put("shots", Baseline.DEFAULT_SHOTS);
        }
        spec.remove("schema_version");
        return spec;
    }
}
