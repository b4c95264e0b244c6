package io.lorasweep.agent.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.lorasweep.schemas.messages.MetricPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One line of a trainer command's standard output. A line that starts with '{' is a metrics record: a JSON object
 * with a {@code step} (a whole number, 0 or more) whose other numeric fields, and those of an optional
 * {@code metrics} object, are metric points at that step ({@code {"step": 10, "train_loss": 1.2, "eval_loss": 1.5}}).
 * Any other line is the trainer's own log. A record that cannot be read is refused with the reason, never fatal:
 * the trial goes on.
 */
final class TrainerOutput {

    // Python's json.dumps writes NaN and Infinity; a diverged loss must arrive as what it is, not as a parse error
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private TrainerOutput() {
    }

    sealed interface Line {
    }

    /** A metrics record: its points, and why any of its fields was left out. */
    record Points(long step, List<MetricPoint> points, List<String> skipped) implements Line {
    }

    /** A line of the trainer's own log. */
    record Log(String text) implements Line {
    }

    /** A line that looked like a metrics record but is not one. */
    record Refused(String reason) implements Line {
    }

    /** @param at when the line was read, epoch milliseconds */
    static Line parse(String line, long at) {
        String text = line.strip();
        if (!text.startsWith("{")) {
            return new Log(line);
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new Refused("not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (!node.isObject()) {
            return new Refused("not a JSON object");
        }
        JsonNode step = node.get("step");
        if (step == null || !step.isNumber() || !Double.isFinite(step.doubleValue()) || step.doubleValue() < 0
                || step.doubleValue() != Math.rint(step.doubleValue()) || step.doubleValue() > Long.MAX_VALUE) {
            return new Refused("a metrics record needs \"step\", a whole number of 0 or more"
                    + (step == null ? "" : " (got " + step + ")"));
        }
        long stepValue = step.longValue();
        List<MetricPoint> points = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals("step")) {
                continue;
            }
            if (name.equals("metrics") && value.isObject()) {
                value.properties().forEach(inner -> add(inner.getKey(), inner.getValue(), stepValue, at, points,
                        skipped));
            } else {
                add(name, value, stepValue, at, points, skipped);
            }
        }
        if (points.isEmpty()) {
            return new Refused("no numeric field besides \"step\"" + (skipped.isEmpty() ? ""
                    : "; " + String.join("; ", skipped)));
        }
        return new Points(stepValue, points, skipped);
    }

    private static void add(String name, JsonNode value, long step, long at, List<MetricPoint> points,
                            List<String> skipped) {
        if (name.isBlank()) {
            skipped.add("a field with an empty name is not a metric");
        } else if (!value.isNumber()) {
            skipped.add("\"" + name + "\" is not a number (got " + value + ")");
        } else {
            // non-finite values are kept: they travel as such and mark the curve where the run diverged
            points.add(MetricPoint.of(name, step, value.doubleValue(), at));
        }
    }
}
