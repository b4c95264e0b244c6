package io.lorasweep.schemas.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * A sweep as a researcher submits it. Optional sections arrive filled with their defaults (see
 * {@link io.lorasweep.schemas.SpecCodec}); collections are never null and keep the user's order.
 *
 * @param parameters the search space: name to definition, in the order written
 * @param metric     the (first) objective: what the agents report as they train and the pruner follows
 * @param objectives every objective in order, {@code metric} first; one unless the sweep trades several off
 * @param fixed      parameters held at one value in every trial (scalars, or lists of scalars)
 * @param prices     USD per hour of each device type
 * @param maxRetries how often a lost or errored trial is assigned again
 * @param trainer    the user's own trainer command, or null for the built-in trainer
 * @param warmStart  ids of earlier sweeps whose complete trials the sampler learns from first; empty for none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SweepSpec(
        String name,
        String baseModel,
        Dataset dataset,
        List<EvalTask> tasks,
        Map<String, Parameter> parameters,
        Map<String, Object> fixed,
        Metric metric,
        List<Metric> objectives,
        Sampler sampler,
        Pruner pruner,
        Budget budget,
        Baseline baseline,
        List<RegressionGate> regressionGates,
        Map<String, Double> prices,
        int maxRetries,
        Trainer trainer,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warmStart) {

    public static final int DEFAULT_MAX_RETRIES = 2;

    public SweepSpec {
        warmStart = Copies.list(warmStart);
        objectives = Copies.list(objectives);
        if (metric == null && !objectives.isEmpty()) {
            metric = objectives.get(0);
        } else if (objectives.isEmpty() && metric != null) {
            objectives = List.of(metric);
        }
        tasks = Copies.list(tasks);
        parameters = Copies.map(parameters);
        fixed = Copies.map(fixed);
        regressionGates = Copies.list(regressionGates);
        prices = Copies.map(prices);
        pruner = pruner == null ? Pruner.NONE : pruner;
        baseline = baseline == null ? new Baseline(Baseline.DEFAULT_SHOTS) : baseline;
    }

    /** This sweep with another budget (the demo's {@code --trials}, say). */
    public SweepSpec withBudget(Budget other) {
        return new SweepSpec(name, baseModel, dataset, tasks, parameters, fixed, metric, objectives, sampler, pruner,
                other, baseline, regressionGates, prices, maxRetries, trainer, warmStart);
    }

    /** Whether the sampler trades several objectives off. */
    @JsonIgnore
    public boolean multiObjective() {
        return objectives.size() > 1;
    }

    /** Per objective, whether it is minimised, in order. */
    @JsonIgnore
    public boolean[] minimizeEach() {
        boolean[] out = new boolean[objectives.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = objectives.get(k).minimize();
        }
        return out;
    }

    /** A sweep of the built-in trainer. */
    public SweepSpec(String name, String baseModel, Dataset dataset, List<EvalTask> tasks,
                     Map<String, Parameter> parameters, Map<String, Object> fixed, Metric metric, Sampler sampler,
                     Pruner pruner, Budget budget, Baseline baseline, List<RegressionGate> regressionGates,
                     Map<String, Double> prices, int maxRetries) {
        this(name, baseModel, dataset, tasks, parameters, fixed, metric, List.of(), sampler, pruner, budget, baseline,
                regressionGates, prices, maxRetries, null, List.of());
    }
}
