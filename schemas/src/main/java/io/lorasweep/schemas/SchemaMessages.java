package io.lorasweep.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;

/**
 * Turns a schema validator's message into a {@link ValidationError} in plain words. A rule with its own
 * {@code message} in the schema keeps that text; the common keywords get the wording below, so every
 * structural error names the field, the rule and what was given.
 */
final class SchemaMessages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonNode> RAW_SCHEMAS = new ConcurrentHashMap<>();

    private SchemaMessages() {
    }

    static ValidationError describe(ValidationMessage m) {
        String at = Paths.of(m.getInstanceLocation());
        String keyword = m.getType();
        boolean custom = !keyword.equals(m.getMessageKey());
        JsonNode given = m.getInstanceNode();
        JsonNode rule = m.getSchemaNode();
        switch (keyword) {
            case "required":
                return new ValidationError(Paths.field(at, m.getProperty()), custom ? m.getError() : "is required");
            case "additionalProperties":
                return new ValidationError(Paths.field(at, m.getProperty()),
                        unknownField(m.getProperty(), m.getSchemaLocation()));
            case "propertyNames":
                Object[] arguments = m.getArguments();
                String reason = arguments != null && arguments.length > 1 ? String.valueOf(arguments[1]) : "is not an allowed name";
                return new ValidationError(Paths.field(at, m.getProperty()), reason);
            default:
                break;
        }
        if (custom) {
            return new ValidationError(at, m.getError());
        }
        String got = " (got " + Words.got(given) + ")";
        String text = switch (keyword) {
            case "type" -> "must be " + expectedTypes(rule) + got;
            case "enum" -> "must be one of " + String.join(", ", texts(rule)) + got;
            case "const" -> "must be " + Words.show(rule) + got;
            case "minimum" -> "must be at least " + Words.show(rule) + got;
            case "exclusiveMinimum" -> "must be greater than " + Words.show(rule) + got;
            case "maximum" -> "must be at most " + Words.show(rule) + got;
            case "exclusiveMaximum" -> "must be less than " + Words.show(rule) + got;
            case "minLength" -> rule.asInt() == 1 ? "must not be empty" : "must be at least " + rule.asInt() + " characters long";
            case "maxLength" -> "must be at most " + rule.asInt() + " characters long (got " + length(given) + ")";
            case "pattern" -> "must match the pattern " + rule.asText() + got;
            case "minItems" -> rule.asInt() == 1 ? "must be a non-empty list"
                    : "must have at least " + rule.asInt() + " items (got " + given.size() + ")";
            case "maxItems" -> "must have at most " + rule.asInt() + " items (got " + given.size() + ")";
            case "uniqueItems" -> "must not contain the same item twice";
            case "minProperties" -> rule.asInt() == 1 ? "must not be empty" : "must have at least " + rule.asInt() + " entries";
            default -> m.getError();
        };
        return new ValidationError(at, text);
    }

    private static String expectedTypes(JsonNode rule) {
        List<String> phrases = rule.isArray() ? texts(rule).stream().map(Words::typePhrase).toList()
                : List.of(Words.typePhrase(rule.asText()));
        return Words.either(phrases);
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(value -> value.isTextual() ? value.textValue() : Words.show(value)).toList();
    }

    private static int length(JsonNode text) {
        return text == null ? 0 : text.asText().codePointCount(0, text.asText().length());
    }

    /** "unknown field", with the field probably meant or else the allowed ones. */
    private static String unknownField(String name, SchemaLocation location) {
        List<String> allowed = allowedFields(location);
        if (allowed.isEmpty()) {
            return "unknown field";
        }
        return Words.closest(name, allowed)
                .map(guess -> "unknown field; did you mean \"" + guess + "\"?")
                .orElse("unknown field; allowed: " + String.join(", ", allowed));
    }

    /** The names under "properties" beside the failed "additionalProperties" keyword. */
    private static List<String> allowedFields(SchemaLocation location) {
        String iri = location.getAbsoluteIri() == null ? "" : location.getAbsoluteIri().toString();
        if (!iri.startsWith(Contract.BASE_IRI)) {
            return List.of();
        }
        JsonNode node = RAW_SCHEMAS.computeIfAbsent(iri.substring(Contract.BASE_IRI.length()), SchemaMessages::load);
        JsonNodePath fragment = location.getFragment();
        for (int i = 0; i < fragment.getNameCount() - 1; i++) {
            Object element = fragment.getElement(i);
            node = element instanceof Integer index ? node.path(index) : node.path(String.valueOf(element));
        }
        List<String> names = new ArrayList<>();
        node.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode load(String file) {
        try (InputStream in = SchemaMessages.class.getClassLoader().getResourceAsStream("schemas/" + file)) {
            return in == null ? JSON.missingNode() : JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
