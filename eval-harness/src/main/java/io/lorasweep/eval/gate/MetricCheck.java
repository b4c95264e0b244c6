package io.lorasweep.eval.gate;

import java.util.ArrayList;
import java.util.List;

/**
 * How one metric fared against its {@link MetricThreshold}; {@link #message()} reads as MLflow's
 * {@code _MetricValidationResult} does, so a failure names the metric, both values and the threshold that failed.
 *
 * @param candidate null when the candidate did not report the metric
 * @param baseline  null when there is no baseline value
 */
public record MetricCheck(String metric, Double candidate, Double baseline, MetricThreshold threshold,
                          boolean missingCandidate, boolean missingBaseline, boolean thresholdFailed,
                          boolean minAbsoluteChangeFailed, boolean minRelativeChangeFailed,
                          boolean maxAbsoluteDropFailed) {

    public boolean passed() {
        return !missingCandidate && !missingBaseline && !thresholdFailed && !minAbsoluteChangeFailed
                && !minRelativeChangeFailed && !maxAbsoluteDropFailed;
    }

    public String message() {
        String m = metric;
        if (passed()) {
            return "Metric " + m + " passed the validation.";
        }
        if (missingCandidate) {
            return "Metric validation failed: metric " + m
                    + " was missing from the evaluation result of the candidate model.";
        }
        List<String> parts = new ArrayList<>();
        if (thresholdFailed) {
            parts.add("Metric " + m + " value threshold check failed: candidate model " + m + " = "
                    + repr(candidate) + ", " + m + " threshold = " + repr(threshold.threshold()) + ".");
        }
        if (missingBaseline) {
            parts.add("Model comparison failed: metric " + m
                    + " was missing from the evaluation result of the baseline model.");
        } else {
            if (minAbsoluteChangeFailed) {
                parts.add(comparison("minimum absolute change", threshold.minAbsoluteChange()));
            }
            if (minRelativeChangeFailed) {
                parts.add(comparison("minimum relative change", threshold.minRelativeChange()));
            }
            if (maxAbsoluteDropFailed) {
                parts.add(comparison("maximum absolute drop", threshold.maxAbsoluteDrop()));
            }
        }
        return String.join(" ", parts);
    }

    private String comparison(String check, double limit) {
        String m = metric;
        return "Metric " + m + " " + check + " check failed: candidate model " + m + " = " + repr(candidate)
                + ", baseline model " + m + " = " + repr(baseline) + ", " + m + " " + check + " threshold = "
                + repr(limit) + ".";
    }

    private static String repr(Double v) {
        return v == null ? "None" : PythonFloats.repr(v);
    }
}
