package io.lorasweep.schemas;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The errors the spec rules find, at most one per path: rules run from the most telling to the most
 * general, so the first message about a place is the one worth reading.
 */
final class Findings {

    private final Map<String, ValidationError> byPath = new LinkedHashMap<>();

    void add(String path, String message) {
        byPath.putIfAbsent(path, new ValidationError(path, message));
    }

    Set<String> paths() {
        return byPath.keySet();
    }

    List<ValidationError> list() {
        return List.copyOf(byPath.values());
    }
}
