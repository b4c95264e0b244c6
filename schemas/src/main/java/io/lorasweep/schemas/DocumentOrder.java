package io.lorasweep.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sorts errors in the order their places appear in the document, so a report reads top to bottom like the
 * file. A missing field sorts at its parent. The sort is stable and drops repeats.
 */
final class DocumentOrder {

    private DocumentOrder() {
    }

    static List<ValidationError> sort(JsonNode document, List<ValidationError> errors) {
        if (errors.isEmpty()) {
            return List.of(); // the common case, on every message consumed: no document walk
        }
        Map<String, Integer> positions = new HashMap<>();
        number(document, ValidationError.ROOT, positions);
        List<ValidationError> sorted = new ArrayList<>(errors.stream().distinct().toList());
        sorted.sort(Comparator.comparingInt(error -> position(error.path(), positions)));
        return List.copyOf(sorted);
    }

    private static int position(String path, Map<String, Integer> positions) {
        for (String p = path; ; p = Paths.parent(p)) {
            Integer position = positions.get(p);
            if (position != null) {
                return position;
            }
            if (ValidationError.ROOT.equals(p)) {
                return 0;
            }
        }
    }

    private static void number(JsonNode node, String path, Map<String, Integer> positions) {
        positions.put(path, positions.size());
        if (node.isObject()) {
            node.properties().forEach(field -> number(field.getValue(), Paths.field(path, field.getKey()), positions));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                number(node.get(i), Paths.index(path, i), positions);
            }
        }
    }
}
