package io.lorasweep.agent.train;

import java.util.List;

/** How a run ended, why, and what it measured on the way. */
public record TrainingResult(Status status, String reason, int steps, double lastLoss, Double lastEvalLoss,
        List<StepMetrics> history) {

    public enum Status { COMPLETED, STOPPED, DIVERGED }

    public TrainingResult {
        history = List.copyOf(history);
    }
}
