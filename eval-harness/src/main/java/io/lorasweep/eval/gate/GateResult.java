package io.lorasweep.eval.gate;

import java.util.ArrayList;
import java.util.List;

/** The outcome of a {@link RegressionGate}: one check per gated metric, in the gate's order. */
public record GateResult(List<MetricCheck> checks) {

    public GateResult {
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        for (MetricCheck c : checks) {
            if (!c.passed()) {
                return false;
            }
        }
        return true;
    }

    /** The failing checks' messages, one a line (MLflow joins them with the line separator); "" when passed. */
    public String failureMessage() {
        List<String> lines = new ArrayList<>();
        for (MetricCheck c : checks) {
            if (!c.passed()) {
                lines.add(c.message());
            }
        }
        return String.join("\n", lines);
    }
}
