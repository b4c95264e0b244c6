package io.lorasweep.eval.tasks;

import io.lorasweep.stats.Bootstrap;
import io.lorasweep.stats.ConfidenceInterval;
import io.lorasweep.stats.PairedBootstrap;
import io.lorasweep.stats.PairedDifference;
import io.lorasweep.schemas.messages.EvalResult;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of one task run: the per-item records (so the run can be paired with another on the same items),
 * every metric with its bootstrap interval, how its prompts met the model's context (shots asked and used, prompt
 * lengths), and diagnostics that are counts rather than estimates (e.g. how many answer lines named an unknown
 * entity type).
 *
 * @param prompts     the shots asked and used and the prompt lengths; null for a task without prompts (perplexity)
 * @param aggregation how the metrics follow from the items; kept so that resamples and paired tests recompute them
 */
public record TaskResult(String task, String model, PromptFit prompts, List<ItemScore> items,
                         List<MetricEstimate> metrics, Map<String, Double> diagnostics, Aggregation aggregation) {

    public TaskResult {
        items = List.copyOf(items);
        metrics = List.copyOf(metrics);
        diagnostics = Collections.unmodifiableMap(new LinkedHashMap<>(diagnostics));
        if (items.isEmpty()) {
            throw new IllegalArgumentException("items must not be empty (task " + task + " scored nothing)");
        }
        Set<String> ids = new HashSet<>();
        for (ItemScore item : items) {
            if (!ids.add(item.id())) {
                throw new IllegalArgumentException("items must have distinct ids, got '" + item.id() + "' twice");
            }
        }
        if (aggregation == null) {
            throw new IllegalArgumentException("aggregation must not be null");
        }
    }

    /** Aggregates {@code items} and bootstraps an interval for every metric. */
    public static TaskResult of(String task, String model, PromptFit prompts, List<ItemScore> items,
                                Aggregation aggregation, Bootstrap bootstrap, Map<String, Double> diagnostics) {
        Map<MetricKey, ConfidenceInterval> intervals = bootstrap.intervals(items, aggregation::apply);
        List<MetricEstimate> metrics = new ArrayList<>();
        for (Map.Entry<MetricKey, ConfidenceInterval> e : intervals.entrySet()) {
            metrics.add(new MetricEstimate(e.getKey(), e.getValue()));
        }
        return new TaskResult(task, model, prompts, items, metrics, diagnostics, aggregation);
    }

    /** The shots the run was asked for; 0 for a task without prompts. */
    public int shotsAsked() {
        return prompts == null ? 0 : prompts.shotsAsked();
    }

    /** The shots every prompt of the run held (fewer than asked when the asked ones did not fit); 0 without prompts. */
    public int shotsUsed() {
        return prompts == null ? 0 : prompts.shotsUsed();
    }

    public MetricEstimate estimate(MetricKey key) {
        for (MetricEstimate m : metrics) {
            if (m.key().equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("task " + task + " has no metric " + key + "; it has " + keys());
    }

    /** The overall value of {@code metric}. */
    public double value(String metric) {
        return estimate(MetricKey.overall(metric)).value();
    }

    public List<MetricKey> keys() {
        List<MetricKey> keys = new ArrayList<>();
        for (MetricEstimate m : metrics) {
            keys.add(m.key());
        }
        return keys;
    }

    /** Values named as a regression gate names them: {@code task/metric}, or {@code task/metric[label]}. */
    public Map<String, Double> gateValues() {
        Map<String, Double> values = new LinkedHashMap<>();
        for (MetricEstimate m : metrics) {
            values.put(task + "/" + m.key(), m.value());
        }
        return values;
    }

    /**
     * Every metric as the {@code lora.events} messages carry it, then the prompt diagnostics
     * ({@link io.lorasweep.schemas.messages.PromptDiagnostics}) when the task has prompts.
     */
    public List<EvalResult> toEvalResults() {
        List<EvalResult> results = new ArrayList<>();
        for (MetricEstimate m : metrics) {
            results.add(m.toEvalResult(task));
        }
        if (prompts != null) {
            results.addAll(prompts.toEvalResults(task));
        }
        return results;
    }

    /**
     * Paired bootstrap of this run (the candidate) against {@code baseline} on the same items, matched by id;
     * the metric is recomputed with this run's aggregation on both sides.
     */
    public PairedDifference pairedDifference(TaskResult baseline, MetricKey key, PairedBootstrap test) {
        estimate(key);
        Map<String, ItemScore> byId = new HashMap<>();
        for (ItemScore item : baseline.items()) {
            byId.put(item.id(), item);
        }
        if (byId.size() != items.size()) {
            throw new IllegalArgumentException("baseline must score the same items: candidate has " + items.size()
                    + ", baseline " + byId.size());
        }
        List<ItemScore> paired = new ArrayList<>(items.size());
        for (ItemScore item : items) {
            ItemScore other = byId.get(item.id());
            if (other == null) {
                throw new IllegalArgumentException("baseline must score the same items: it lacks item '"
                        + item.id() + "'");
            }
            paired.add(other);
        }
        return test.compare(items, paired, sample -> valueOf(aggregation.apply(sample), key));
    }

    private static double valueOf(Map<MetricKey, Double> values, MetricKey key) {
        Double v = values.get(key);
        return v == null ? Double.NaN : v;
    }
}
