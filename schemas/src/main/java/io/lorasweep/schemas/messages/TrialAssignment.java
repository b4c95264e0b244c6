package io.lorasweep.schemas.messages;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.lorasweep.schemas.spec.Dataset;
import io.lorasweep.schemas.spec.EvalTask;
import io.lorasweep.schemas.spec.Trainer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One attempt of one trial, offered to whichever agent takes it. The lease lasts {@code leaseMs} after the last
 * heartbeat; when it runs out the controller offers attempt + 1 under a new {@code leaseId}.
 *
 * @param params   the trial's parameters, sampled and fixed: scalars or lists of scalars
 * @param issuedAt  epoch milliseconds
 * @param objective the sweep's metric name, e.g. {@code eval_loss} or {@code clinical-ner/f1}; null means eval_loss
 * @param baselineShots non-null on the one trial that also measures the sweep's k-shot baseline before training:
 *                      the shots of a task that names none
 * @param trainer   the sweep's own trainer command, or null for the built-in trainer
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrialAssignment(
        String sweepId,
        int trialId,
        int attempt,
        String leaseId,
        Map<String, Object> params,
        String baseModel,
        Dataset dataset,
        List<EvalTask> tasks,
        long issuedAt,
        long leaseMs,
        String objective,
        Integer baselineShots,
        Trainer trainer) implements Message {

    public TrialAssignment {
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }

    /** An assignment for the built-in trainer. */
    public TrialAssignment(String sweepId, int trialId, int attempt, String leaseId, Map<String, Object> params,
                           String baseModel, Dataset dataset, List<EvalTask> tasks, long issuedAt, long leaseMs,
                           String objective, Integer baselineShots) {
        this(sweepId, trialId, attempt, leaseId, params, baseModel, dataset, tasks, issuedAt, leaseMs, objective,
                baselineShots, null);
    }

    /** An assignment for the built-in trainer that does not measure the baseline. */
    public TrialAssignment(String sweepId, int trialId, int attempt, String leaseId, Map<String, Object> params,
                           String baseModel, Dataset dataset, List<EvalTask> tasks, long issuedAt, long leaseMs,
                           String objective) {
        this(sweepId, trialId, attempt, leaseId, params, baseModel, dataset, tasks, issuedAt, leaseMs, objective,
                null, null);
    }
}
