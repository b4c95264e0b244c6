package io.lorasweep.eval.gate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges a candidate's metrics, and optionally a baseline's, against per-metric {@link MetricThreshold}s, the way
 * MLflow's {@code validate_evaluation_results} does: every gated metric is checked and every failure reported.
 * Comparisons are plain double arithmetic, as MLflow's {@code Decimal(candidate) >= Decimal(baseline + change)}
 * is: the margin is added in floating point, then compared exactly.
 */
public final class RegressionGate {

    private final Map<String, MetricThreshold> thresholds;

    /** @param thresholds metric name to threshold; checked in this map's iteration order */
    public RegressionGate(Map<String, MetricThreshold> thresholds) {
        if (thresholds == null || thresholds.isEmpty()) {
            throw new IllegalArgumentException("thresholds must name at least one metric, got " + thresholds);
        }
        for (Map.Entry<String, MetricThreshold> e : thresholds.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
                throw new IllegalArgumentException("thresholds must map metric names to thresholds, got "
                        + e.getKey() + " -> " + e.getValue());
            }
        }
        this.thresholds = new LinkedHashMap<>(thresholds);
    }

    /**
     * The gates of a sweep spec: each "metric on task may not fall more than maxDrop below the baseline", keyed
     * {@code task/metric}, each metric's direction as its task's type declares it or the gate states it.
     */
    public static RegressionGate fromSpec(List<io.lorasweep.schemas.spec.RegressionGate> gates,
                                          List<io.lorasweep.schemas.spec.EvalTask> tasks) {
        if (gates == null || gates.isEmpty()) {
            throw new IllegalArgumentException("gates must not be empty, got " + gates);
        }
        Map<String, MetricThreshold> map = new LinkedHashMap<>();
        for (io.lorasweep.schemas.spec.RegressionGate g : gates) {
            io.lorasweep.schemas.spec.EvalTask task = tasks.stream().filter(t -> t.name().equals(g.task()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("regression gate on unknown task "
                            + g.task()));
            map.put(g.task() + "/" + g.metric(), MetricThreshold.maxDrop(g.maxDrop(), g.higherIsBetter(task.type())));
        }
        return new RegressionGate(map);
    }

    /**
     * @param candidate the candidate's metrics by name
     * @param baseline  the baseline's metrics by name; null or empty when there is no baseline
     */
    public GateResult evaluate(Map<String, Double> candidate, Map<String, Double> baseline) {
        if (candidate == null) {
            throw new IllegalArgumentException("candidate must not be null");
        }
        Map<String, Double> base = baseline == null ? Map.of() : baseline;
        List<MetricCheck> checks = new ArrayList<>();
        for (Map.Entry<String, MetricThreshold> e : thresholds.entrySet()) {
            checks.add(check(e.getKey(), e.getValue(), candidate.get(e.getKey()), base.get(e.getKey())));
        }
        return new GateResult(checks);
    }

    private static MetricCheck check(String metric, MetricThreshold t, Double candidate, Double baseline) {
        if (candidate == null) {
            return new MetricCheck(metric, null, baseline, t, true, false, false, false, false, false);
        }
        boolean up = t.greaterIsBetter();
        double c = candidate;
        boolean thresholdFailed = t.threshold() != null && !better(c, t.threshold(), up);
        if (t.needsBaseline() && baseline == null) {
            return new MetricCheck(metric, candidate, null, t, false, true, thresholdFailed, false, false, false);
        }
        boolean absFailed = false;
        boolean relFailed = false;
        boolean dropFailed = false;
        if (t.minAbsoluteChange() != null) {
            absFailed = !better(c, up ? baseline + t.minAbsoluteChange() : baseline - t.minAbsoluteChange(), up);
        }
        if (t.minRelativeChange() != null) {
            if (baseline == 0) {
                // no relative change from zero: MLflow falls back to "strictly better by a hair"
                relFailed = !better(c, up ? baseline + 1e-10 : baseline - 1e-10, up);
            } else {
                double relative = up ? (c - baseline) / baseline : (baseline - c) / baseline;
                relFailed = relative < t.minRelativeChange();
            }
        }
        if (t.maxAbsoluteDrop() != null) {
            dropFailed = !better(c, up ? baseline - t.maxAbsoluteDrop() : baseline + t.maxAbsoluteDrop(), up);
        }
        return new MetricCheck(metric, candidate, baseline, t, false, false, thresholdFailed, absFailed, relFailed,
                dropFailed);
    }

    /** {@code value >= bound} when greater is better, {@code value <= bound} otherwise. */
    private static boolean better(double value, double bound, boolean greaterIsBetter) {
        return greaterIsBetter ? value >= bound : value <= bound;
    }
}
