package io.lorasweep.eval.tasks;

import java.util.List;
import java.util.Map;

/**
 * What one test item contributed, kept so that every metric can be recomputed on a bootstrap resample and so that
 * two systems can be paired item by item.
 *
 * @param id        stable identity of the item within its task (same id, same item, across runs)
 * @param group     e.g. the MMLU subject; "" when the task has no groups
 * @param values    per-item numbers the task's aggregation reads (e.g. {@code acc}, {@code tp/MEDICATION})
 * @param sequences per-item sequences a metric needs (e.g. the gold and predicted IOB2 tags); often empty
 * @param output    what the model produced for the item (generated text, or the chosen option), for reading
 */
public record ItemScore(String id, String group, Map<String, Double> values, Map<String, List<String>> sequences,
                        String output) {

    public ItemScore {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("id must not be empty, got '" + id + "'");
        }
        group = group == null ? "" : group;
        values = Map.copyOf(values);
        sequences = Map.copyOf(sequences);
        output = output == null ? "" : output;
    }

    /** The value under {@code key}, 0 when absent (counts that did not occur are left out). */
    public double value(String key) {
        Double v = values.get(key);
        return v == null ? 0.0 : v;
    }
}
