package io.lorasweep.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads JSON or YAML text into a tree, or fails with one {@code (root)} error that names the line and column.
 * Duplicate keys are errors: in a spec the second one would silently win.
 */
public final class Documents {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER) // metric values are most of what is read
            .build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Documents() {
    }

    /** Reads JSON text. @throws ContractException with one {@code (root)} error if it is not one JSON value */
    public static JsonNode readJson(String text) {
        if (text == null || text.isBlank()) {
            throw new ContractException(ValidationError.atRoot("the document is empty"));
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw malformed("JSON", e);
        }
    }

    /** Reads JSON bytes (UTF-8, or UTF-16/32 with detection). @throws ContractException as {@link #readJson(String)} */
    public static JsonNode readJson(byte[] bytes) {
        if (bytes == null) {
            throw new ContractException(ValidationError.atRoot("no payload (null)"));
        }
        if (bytes.length == 0) {
            throw new ContractException(ValidationError.atRoot("empty payload"));
        }
        try {
            JsonNode tree = JSON.readTree(bytes);
            if (tree == null || tree.isMissingNode()) {
                throw new ContractException(ValidationError.atRoot("the payload holds only whitespace"));
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw malformed("JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a byte array does no I/O
        }
    }

    /** Reads the first YAML document of the text. @throws ContractException with one {@code (root)} error */
    public static JsonNode readYaml(String text) {
        if (text == null || text.isBlank()) {
            throw new ContractException(ValidationError.atRoot("the document is empty"));
        }
        try {
            JsonNode tree = YAML.readTree(text);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new ContractException(ValidationError.atRoot("the document is empty"));
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw malformed("YAML", e);
        }
    }

    private static ContractException malformed(String format, JsonProcessingException e) {
        MarkedYAMLException yaml = yamlCause(e);
        String where;
        String problem;
        if (yaml != null && yaml.getProblemMark() != null) {
            where = at(yaml.getProblemMark());
            problem = yaml.getProblem();
            if (yaml.getContext() != null && yaml.getContextMark() != null) {
                problem += " (" + yaml.getContext() + " started at " + at(yaml.getContextMark()) + ")";
            }
        } else {
            var location = e.getLocation();
            where = location == null ? "the start" : "line " + location.getLineNr() + ", column " + location.getColumnNr();
            problem = plain(e.getOriginalMessage());
        }
        return new ContractException(ValidationError.atRoot("malformed " + format + " at " + where + ": " + problem));
    }

    private static String at(Mark mark) {
        return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    private static MarkedYAMLException yamlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException marked) {
                return marked;
            }
        }
        return null;
    }

    /** Jackson's wording, less its Java-specific parts. */
    private static String plain(String message) {
        if (message == null) {
            return "unreadable";
        }
        if (message.startsWith("Duplicate field ")) {
            return "duplicate key " + message.substring("Duplicate field ".length()).replace('\'', '"');
        }
        if (message.startsWith("Trailing token")) {
            return "unexpected content after the end of the document";
        }
        return message.lines().findFirst().orElse(message);
    }
}
