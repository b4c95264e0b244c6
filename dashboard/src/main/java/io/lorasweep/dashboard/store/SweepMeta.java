package io.lorasweep.dashboard.store;

import io.lorasweep.schemas.SpecCodec;
import io.lorasweep.schemas.db.BaselineKey;
import io.lorasweep.schemas.spec.Baseline;
import io.lorasweep.schemas.spec.Metric;
import io.lorasweep.schemas.spec.MetricDirection;
import io.lorasweep.schemas.spec.RegressionGate;
import io.lorasweep.schemas.spec.SweepSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the dashboard needs to know about a sweep, read from its row and its stored spec (through {@link SpecCodec},
 * the one reader of specs).
 *
 * @param objective  the spec's metric: a training-loop metric ({@code eval_loss}) or {@code task/metric}
 * @param objectives every objective of the spec in order, {@code objective} first; more than one when the sweep
 *                   trades several off
 * @param parameters the search space's parameter names, in the spec's order
 * @param prices     USD per hour by device type
 * @param domains    each parameter's search space, in the order of {@code parameters}
 */
public record SweepMeta(String sweepId, String name, String state, String mode, long createdAt, long updatedAt,
                        String objective, boolean minimize, List<Metric> objectives, List<String> parameters,
                        Map<String, Double> prices,
                        String baseModel, int baselineShots, List<TaskInfo> tasks, List<RegressionGate> gates,
                        List<ParameterDomain> domains) {

    private static final Logger LOG = LoggerFactory.getLogger(SweepMeta.class);

    /** One eval task of the spec. */
    public record TaskInfo(String name, String type, String data, Integer shots, List<String> labels) {
    }

    public SweepMeta {
        objectives = List.copyOf(objectives);
        parameters = List.copyOf(parameters);
        prices = Map.copyOf(prices);
        tasks = List.copyOf(tasks);
        gates = List.copyOf(gates);
        domains = List.copyOf(domains);
    }

    /** Whether the sweep's sampler trades several objectives off. */
    public boolean multiObjective() {
        return objectives.size() > 1;
    }

    /** The search space of {@code parameter}, or null when the spec does not name it. */
    public ParameterDomain domain(String parameter) {
        for (ParameterDomain d : domains) {
            if (d.name().equals(parameter)) {
                return d;
            }
        }
        return null;
    }

    /**
     * Whether {@code metric} of {@code task} is better higher: as a gate on it states, else as the task's type
     * declares ({@link MetricDirection}); empty when neither says.
     */
    public Optional<Boolean> higherIsBetter(String task, String metric) {
        for (RegressionGate g : gates) {
            if (g.task().equals(task) && g.metric().equals(metric) && g.higherIsBetter() != null) {
                return Optional.of(g.higherIsBetter());
            }
        }
        TaskInfo info = task(task);
        return info == null ? Optional.empty() : MetricDirection.higherIsBetter(info.type(), metric);
    }

    /** The key of the base model's baseline on {@code task} (its data and shots as this sweep runs it). */
    public BaselineKey baselineKey(String task) {
        TaskInfo info = task(task);
        return BaselineKey.of(baseModel, task, info == null ? "" : info.data(), info == null ? null : info.shots(),
                baselineShots);
    }

    /** The task of a {@code task/metric} objective, or null for a training-loop metric. */
    public String objectiveTask() {
        int slash = objective.indexOf('/');
        return slash < 0 ? null : objective.substring(0, slash);
    }

    /** The metric of a {@code task/metric} objective, or the training-loop metric itself. */
    public String objectiveMetric() {
        int slash = objective.indexOf('/');
        return slash < 0 ? objective : objective.substring(slash + 1);
    }

    public TaskInfo task(String name) {
        for (TaskInfo t : tasks) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Builds the meta from a {@code sweeps} row, its spec read by the one spec codec. A spec that codec refuses
     * (written by an older build, say) leaves the sweep listed with its name and state and nothing read from the
     * spec, and the log says why.
     */
    public static SweepMeta of(String sweepId, String name, String specJson, String state, String mode,
                               long createdAt, long updatedAt) {
        SweepSpec spec;
        try {
            spec = SpecCodec.parseJson(specJson == null ? "" : specJson);
        } catch (RuntimeException e) {
            LOG.warn("sweep {}: its stored spec does not read as a spec ({}); shown without it", sweepId,
                    e.getMessage());
            return new SweepMeta(sweepId, name, state, mode, createdAt, updatedAt, "eval_loss", true,
                    List.of(new Metric("eval_loss", Metric.Goal.MINIMIZE)), List.of(), Map.of(), "", Baseline.DEFAULT_SHOTS, List.of(), List.of(), List.of());
        }
        List<ParameterDomain> domains = new ArrayList<>();
        spec.parameters().forEach((parameter, domain) -> domains.add(ParameterDomain.of(parameter, domain)));
        List<TaskInfo> tasks = spec.tasks().stream().map(t -> new TaskInfo(t.name(), t.type().wireName(), t.data(),
                t.shots(), t.labels())).toList();
        return new SweepMeta(sweepId, name, state, mode, createdAt, updatedAt, spec.metric().name(),
                spec.metric().goal() == Metric.Goal.MINIMIZE, spec.objectives(),
                List.copyOf(spec.parameters().keySet()), spec.prices(),
                spec.baseModel(), spec.baseline().shots(), tasks, spec.regressionGates(), domains);
    }
}
