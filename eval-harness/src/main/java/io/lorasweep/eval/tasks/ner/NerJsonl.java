package io.lorasweep.eval.tasks.ner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the NER data format: UTF-8 JSON lines, one document a line (blank lines skipped):
 *
 * <pre>
 * {"id": "n17", "text": "Started metformin 500 mg.", "entities": [
 *     {"type": "MEDICATION", "start": 8, "end": 17, "text": "metformin"},
 *     {"type": "DOSAGE", "start": 18, "end": 24, "text": "500 mg"}]}
 * </pre>
 *
 * {@code id} is optional (default {@code line-N}) and must be unique; {@code entities} may be empty; offsets are
 * UTF-16 character offsets, end exclusive; {@code text} of an entity is optional but, when given, must equal the
 * covered text; {@code type} must be one of the task's labels; entities may not overlap (IOB2 cannot express
 * nesting). Other fields are ignored. Every fault names the file and line.
 */
public final class NerJsonl {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NerJsonl() {
    }

    public static List<NerExample> read(Path file, Set<String> labels) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), labels);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static List<NerExample> parse(String content, String source, Set<String> labels) {
        List<NerExample> examples = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = source + ", line " + (i + 1);
            NerExample example = parseLine(line, where, i + 1, labels);
            if (!ids.add(example.id())) {
                throw new IllegalArgumentException(where + ": id '" + example.id() + "' is used by an earlier line");
            }
            examples.add(example);
        }
        return examples;
    }

    private static NerExample parseLine(String line, String where, int lineNumber, Set<String> labels) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": expected a JSON object");
        }
        JsonNode textNode = node.get("text");
        if (textNode == null || !textNode.isTextual()) {
            throw new IllegalArgumentException(where + ": \"text\" must be a string");
        }
        String text = textNode.asText();
        JsonNode idNode = node.get("id");
        String id = idNode == null || idNode.isNull() ? "line-" + lineNumber : idNode.asText();
        JsonNode entitiesNode = node.get("entities");
        if (entitiesNode == null || !entitiesNode.isArray()) {
            throw new IllegalArgumentException(where + ": \"entities\" must be an array (empty when there are none)");
        }
        List<EntitySpan> spans = new ArrayList<>();
        for (int j = 0; j < entitiesNode.size(); j++) {
            spans.add(entity(entitiesNode.get(j), text, labels, where + ", entities[" + j + "]"));
        }
        spans.sort(Comparator.comparingInt(EntitySpan::start).thenComparingInt(EntitySpan::end));
        for (int j = 1; j < spans.size(); j++) {
            if (spans.get(j - 1).overlaps(spans.get(j))) {
                throw new IllegalArgumentException(where + ": entities " + describe(spans.get(j - 1)) + " and "
                        + describe(spans.get(j)) + " overlap; nested or overlapping entities are not supported");
            }
        }
        return new NerExample(id, text, spans);
    }

    private static EntitySpan entity(JsonNode e, String text, Set<String> labels, String where) {
        if (e == null || !e.isObject()) {
            throw new IllegalArgumentException(where + ": expected an object with type, start, end");
        }
        JsonNode type = e.get("type");
        if (type == null || !type.isTextual() || !labels.contains(type.asText())) {
            throw new IllegalArgumentException(where + ": \"type\" must be one of " + labels + ", got " + type);
        }
        JsonNode start = e.get("start");
        JsonNode end = e.get("end");
        if (start == null || !start.canConvertToInt() || !start.isIntegralNumber()
                || end == null || !end.canConvertToInt() || !end.isIntegralNumber()) {
            throw new IllegalArgumentException(where + ": \"start\" and \"end\" must be integers, got " + start
                    + " and " + end);
        }
        int s = start.intValue();
        int t = end.intValue();
        if (s < 0 || t <= s || t > text.length()) {
            throw new IllegalArgumentException(where + ": offsets must satisfy 0 <= start < end <= "
                    + text.length() + " (the text's length), got start=" + s + ", end=" + t);
        }
        String covered = text.substring(s, t);
        JsonNode surface = e.get("text");
        if (surface != null && !surface.isNull() && !surface.asText().equals(covered)) {
            throw new IllegalArgumentException(where + ": \"text\" is '" + surface.asText()
                    + "' but the offsets cover '" + covered + "'");
        }
        return new EntitySpan(type.asText(), s, t, covered);
    }

    private static String describe(EntitySpan s) {
        return s.type() + " '" + s.text() + "' [" + s.start() + ", " + s.end() + ")";
    }
}
