package io.lorasweep.eval.tasks.summarization;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads summarisation data: UTF-8 JSON lines {@code {"id": "s1", "text": "...", "summary": "..."}} ({@code id}
 * optional, default {@code line-N}, unique; blank lines skipped; other fields ignored). Faults name file and line.
 */
public final class SummaryJsonl {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SummaryJsonl() {
    }

    public static List<SummaryExample> read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static List<SummaryExample> parse(String content, String source) {
        List<SummaryExample> examples = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = source + ", line " + (i + 1);
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(where + ": not valid JSON (" + e.getOriginalMessage() + ")");
            }
            if (!node.isObject() || !node.path("text").isTextual() || !node.path("summary").isTextual()) {
                throw new IllegalArgumentException(where + ": expected an object with string fields \"text\" and "
                        + "\"summary\"");
            }
            JsonNode idNode = node.get("id");
            String id = idNode == null || idNode.isNull() ? "line-" + (i + 1) : idNode.asText();
            if (!ids.add(id)) {
                throw new IllegalArgumentException(where + ": id '" + id + "' is used by an earlier line");
            }
            examples.add(new SummaryExample(id, node.get("text").asText(), node.get("summary").asText()));
        }
        return examples;
    }
}
