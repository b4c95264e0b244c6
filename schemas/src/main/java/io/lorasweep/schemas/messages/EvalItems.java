package io.lorasweep.schemas.messages;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Locale;

/**
 * Each eval item's share of a task's ratio metrics, for paired tests. A metric is
 * {@code transform(Σ num / Σ den)} over the items: F1 is (2·tp, 2·tp + fp + fn), accuracy (correct, 1), perplexity
 * exp(Σ nll / Σ tokens). An item's {@code num} and {@code den} are in the order of {@code metrics}. With two runs'
 * shares on the same items, the items can be resampled together and both metrics recomputed, without knowing the
 * task. A task's items may come in several events.
 *
 * @param source whose items: the attempt's adapter, or the base model that the attempt measured as the baseline
 */
@JsonTypeName("items")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EvalItems(String eventId, String sweepId, int trialId, int attempt, String task, Source source,
                        List<ItemMetric> metrics, List<Item> items, long at) implements TrialEvent {

    public EvalItems {
        metrics = List.copyOf(metrics);
        items = List.copyOf(items);
        for (Item item : items) {
            if (item.num().size() != metrics.size() || item.den().size() != metrics.size()) {
                throw new IllegalArgumentException("item " + item.id() + " has " + item.num().size() + " num and "
                        + item.den().size() + " den values for " + metrics.size() + " metrics");
            }
        }
    }

    public enum Source {
        TRIAL, BASELINE;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a metric follows from Σ num / Σ den; an empty ratio (0 / 0) counts as 0, as F1 does. */
    public enum Transform {
        RATIO, EXP;

        public double apply(double num, double den) {
            double ratio = den == 0 && num == 0 ? 0 : num / den;
            return this == EXP ? Math.exp(ratio) : ratio;
        }

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A metric of the task, {@code label} "" for the overall value. */
    public record ItemMetric(String metric, String label, Transform transform) {
    }

    /** One item's shares, in the order of the event's metrics. */
    public record Item(String id, List<Double> num, List<Double> den) {

        public Item {
            num = List.copyOf(num);
            den = List.copyOf(den);
        }
    }
}
