package io.lorasweep.agent.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads instruction ({@code instruction/input/output}) or chat ({@code messages}) examples, one JSON a line. */
public final class JsonlDataset {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonlDataset() {
    }

    public static List<InstructionExample> read(Path file) {
        List<InstructionExample> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(parse(JSON.readTree(line)));
                } catch (IOException | IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + " line " + number + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + " has no examples");
        }
        return out;
    }

    static InstructionExample parse(JsonNode node) {
        if (node.has("messages")) {
            List<ChatMessage> messages = new ArrayList<>();
            for (JsonNode m : node.get("messages")) {
                messages.add(new ChatMessage(m.path("role").asText(""), text(m, "content")));
            }
            return InstructionExample.chat(messages);
        }
        return InstructionExample.instruction(text(node, "instruction"),
                node.hasNonNull("input") ? node.get("input").asText() : "", text(node, "output"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return v.asText();
    }
}
