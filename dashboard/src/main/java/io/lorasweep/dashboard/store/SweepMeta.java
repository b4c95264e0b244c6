package io.lorasweep.dashboard.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorasweep.schemas.db.BaselineKey;
import io.lorasweep.schemas.spec.MetricDirection;
import io.lorasweep.schemas.spec.RegressionGate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the dashboard needs to know about a sweep, read from its row and its stored spec. The spec is read leniently
 * (a tree, not the strict codec): a spec written by an older build still shows, with what can be read of it.
 *
 * @param objective  the spec's metric: a training-loop metric ({@code eval_loss}) or {@code task/metric}
 * @param parameters the search space's parameter names, in the spec's order
 * @param prices     USD per hour by device type
 * @param domains    each parameter's search space, in the order of {@code parameters}
 */
public record SweepMeta(String sweepId, String name, String state, String mode, long createdAt, long updatedAt,
                        String objective, boolean minimize, List<String> parameters, Map<String, Double> prices,
                        String baseModel, int baselineShots, List<TaskInfo> tasks, List<RegressionGate> gates,
                        List<ParameterDomain> domains) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One eval task of the spec. */
    public record TaskInfo(String name, String type, String data, Integer shots, List<String> labels) {
    }

    public SweepMeta {
        parameters = List.copyOf(parameters);
        prices = Map.copyOf(prices);
        tasks = List.copyOf(tasks);
        gates = List.copyOf(gates);
        domains = List.copyOf(domains);
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

    /** Builds the meta from a {@code sweeps} row. */
    public static SweepMeta of(String sweepId, String name, String specJson, String state, String mode,
                               long createdAt, long updatedAt) {
        JsonNode spec;
        try {
            spec = specJson == null || specJson.isBlank() ? JSON.createObjectNode() : JSON.readTree(specJson);
        } catch (java.io.IOException e) {
            spec = JSON.createObjectNode();
        }
        JsonNode metric = spec.path("metric");
        List<String> parameters = new ArrayList<>();
        List<ParameterDomain> domains = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("parameters").properties().iterator();
             it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            parameters.add(p.getKey());
            domains.add(ParameterDomain.of(p.getKey(), p.getValue()));
        }
        Map<String, Double> prices = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("prices").properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNumber()) {
                prices.put(e.getKey(), e.getValue().asDouble());
            }
        }
        List<TaskInfo> tasks = new ArrayList<>();
        for (JsonNode t : spec.path("tasks")) {
            List<String> labels = new ArrayList<>();
            t.path("labels").forEach(l -> labels.add(l.asText()));
            tasks.add(new TaskInfo(t.path("name").asText(""), t.path("type").asText(""), t.path("data").asText(""),
                    t.hasNonNull("shots") ? t.get("shots").asInt() : null, labels));
        }
        List<RegressionGate> gates = new ArrayList<>();
        for (JsonNode g : spec.path("regression_gates")) {
            gates.add(new RegressionGate(g.path("task").asText(""), g.path("metric").asText(""),
                    g.path("max_drop").asDouble(0),
                    g.path("higher_is_better").isBoolean() ? g.get("higher_is_better").booleanValue() : null));
        }
        return new SweepMeta(sweepId, name, state, mode, createdAt, updatedAt,
                metric.path("name").asText("eval_loss"), !"maximize".equals(metric.path("goal").asText("minimize")),
                parameters, prices, spec.path("base_model").asText(""), spec.path("baseline").path("shots").asInt(5),
                tasks, gates, domains);
    }
}
