package io.lorasweep.dashboard.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** A trial's stored {@code params_json} as a map, in the order it was written. */
public final class Params {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Params() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            Object value = JSON.readValue(json, Object.class);
            return value instanceof Map ? (Map<String, Object>) value : Map.of("value", value);
        } catch (JsonProcessingException e) {
            return Map.of("unreadable", json);
        }
    }

    /** A parameter value as the page and the reports show it ({@code 16}, {@code 0.0001}, {@code [q_proj, v_proj]}). */
    public static String show(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return Double.toString(d);
        }
        if (value instanceof Iterable) {
            StringBuilder b = new StringBuilder("[");
            for (Object o : (Iterable<?>) value) {
                if (b.length() > 1) {
                    b.append(", ");
                }
                b.append(show(o));
            }
            return b.append(']').toString();
        }
        return String.valueOf(value);
    }

    /** The raw JSON of a value (what {@code param.NAME=} filters compare with). */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    /** Keeps map ordering when copying. */
    public static Map<String, Object> copy(Map<String, Object> params) {
        return new LinkedHashMap<>(params);
    }
}
