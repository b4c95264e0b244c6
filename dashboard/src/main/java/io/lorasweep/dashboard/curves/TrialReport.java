package io.lorasweep.dashboard.curves;

import java.util.List;
import java.util.Map;

/** What the dashboard says about one trial: its findings and its regression gates. */
public record TrialReport(String sweepId, long trialId, long attempt, String state, Map<String, Object> params,
                          List<Finding> findings, List<GateStatus> gates) {

    public TrialReport {
        findings = List.copyOf(findings);
        gates = List.copyOf(gates);
    }
}
