package io.lorasweep.agent.runtime;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.lorasweep.schemas.messages.BaselineEvals;
import io.lorasweep.schemas.messages.EvalItems;
import io.lorasweep.schemas.messages.EvalResult;
import io.lorasweep.schemas.messages.Failed;
import io.lorasweep.schemas.messages.MetricPoint;
import java.util.List;
import java.util.Optional;

/**
 * What a trial process tells its agent, one JSON line each on standard output behind a prefix (libraries print
 * there too), each a {@link Message} named by its {@code kind}; and what the agent tells the trial process on
 * standard input: {@code stop} and why ({@link #stopLine}).
 */
final class ChildMessages {

    static final String PREFIX = "@lorasweep ";
    static final String STOP = "stop ";
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ChildMessages() {
    }

    /** One message of the trial process; {@code kind} on the wire says which. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({@JsonSubTypes.Type(value = Metrics.class, name = "metrics"),
        @JsonSubTypes.Type(value = Baseline.class, name = "baseline"),
        @JsonSubTypes.Type(value = Items.class, name = "items"),
        @JsonSubTypes.Type(value = CommandCpu.class, name = "commandcpu"),
        @JsonSubTypes.Type(value = Done.class, name = "done"),
        @JsonSubTypes.Type(value = Ended.class, name = "ended")})
    sealed interface Message permits Metrics, Baseline, Items, CommandCpu, Done, Ended {
    }

    /** Metric points measured by the trial (train loss, eval loss, learning rate, ...). */
    record Metrics(List<MetricPoint> points) implements Message {
    }

    /** The base model's k-shot baseline, measured before training when the assignment asked for it. */
    record Baseline(List<EvalResult> evals, List<BaselineEvals.TaskError> errors) implements Message {
    }

    /** Each eval item's share of a task's ratio metrics, for paired tests (see {@link EvalItems}). */
    record Items(String task, EvalItems.Source source, List<EvalItems.ItemMetric> metrics,
                 List<EvalItems.Item> items) implements Message {
    }

    /**
     * CPU seconds of the processes the trial process started and has seen end (a trainer command and what it
     * started). The agent measures the trial process itself, whose own CPU time leaves these out, and adds them.
     */
    record CommandCpu(double seconds) implements Message {
    }

    /** The trial ended with an adapter and its evaluation. */
    record Done(double objective, List<EvalResult> evals, String adapterPath, String adapterSha256)
            implements Message {
    }

    /** The trial ended without a result, as the attempt's failure will say: diverged, error, invalid, ... */
    record Ended(Failed.Kind failure, String reason) implements Message {
    }

    static String line(Message message) {
        try {
            return PREFIX + JSON.writerFor(Message.class).writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("child messages always serialise", e);
        }
    }

    /** The message of an output line, or empty for a line that is not one (library output). */
    static Optional<Message> parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(line.substring(PREFIX.length()), Message.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed message from the trial process: " + line, e);
        }
    }

    /** The agent's order to stop, and why: the failure the attempt will end with (pruned, cancelled, lost). */
    static String stopLine(Failed.Kind why) {
        return STOP + why.wireName();
    }

    /** Why a stop line asks to stop, or empty for another line; an unknown reason stops as cancelled. */
    static Optional<Failed.Kind> parseStop(String line) {
        if (!line.startsWith(STOP)) {
            return Optional.empty();
        }
        String why = line.substring(STOP.length()).trim();
        for (Failed.Kind kind : Failed.Kind.values()) {
            if (kind.wireName().equals(why)) {
                return Optional.of(kind);
            }
        }
        return Optional.of(Failed.Kind.CANCELLED);
    }
}
