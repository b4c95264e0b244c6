package io.lorasweep.agent.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lorasweep.schemas.messages.BaselineEvals;
import io.lorasweep.schemas.messages.EvalItems;
import io.lorasweep.schemas.messages.EvalResult;
import io.lorasweep.schemas.messages.MetricPoint;
import java.util.List;
import java.util.Optional;

/**
 * What a trial process tells its agent, one JSON line each on standard output behind a prefix (libraries print
 * there too), and what the agent tells the trial process on standard input ({@code stop pruned|cancelled}).
 */
final class ChildMessages {

    static final String PREFIX = "@lorasweep ";
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ChildMessages() {
    }

    /** Metric points measured by the trial (train loss, eval loss, learning rate, ...). */
    record Metrics(List<MetricPoint> points) {
    }

    /** The base model's k-shot baseline, measured before training when the assignment asked for it. */
    record Baseline(List<EvalResult> evals, List<BaselineEvals.TaskError> errors) {
    }

    /** Each eval item's share of a task's ratio metrics, for paired tests (see {@link EvalItems}). */
    record Items(String task, EvalItems.Source source, List<EvalItems.ItemMetric> metrics,
                 List<EvalItems.Item> items) {
    }

    /**
     * CPU seconds of the processes the trial process started and has seen end (a trainer command and what it
     * started). The agent measures the trial process itself, whose own CPU time leaves these out, and adds them.
     */
    record CommandCpu(double seconds) {
    }

    /** The trial ended with an adapter and its evaluation. */
    record Done(double objective, List<EvalResult> evals, String adapterPath, String adapterSha256) {
    }

    /** The trial ended without a result: diverged, error, invalid, pruned or cancelled. */
    record Ended(String failure, String reason) {
    }

    static String line(Object message) {
        ObjectNode node = JSON.valueToTree(message);
        node.put("kind", message.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
        try {
            return PREFIX + JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("child messages always serialise", e);
        }
    }

    /** The message of an output line, or empty for a line that is not one (library output). */
    static Optional<Object> parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(line.substring(PREFIX.length()));
            String kind = node.path("kind").asText();
            return Optional.of(switch (kind) {
                case "metrics" -> JSON.treeToValue(node, Metrics.class);
                case "baseline" -> JSON.treeToValue(node, Baseline.class);
                case "items" -> JSON.treeToValue(node, Items.class);
                case "commandcpu" -> JSON.treeToValue(node, CommandCpu.class);
                case "done" -> JSON.treeToValue(node, Done.class);
                case "ended" -> JSON.treeToValue(node, Ended.class);
                default -> throw new IllegalArgumentException("unknown message kind " + kind);
            });
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed message from the trial process: " + line, e);
        }
    }
}
