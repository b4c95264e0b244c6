package io.lorasweep.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lorasweep.dashboard.cost.TradeOff;
import io.lorasweep.dashboard.cost.TradeOffPoint;
import io.lorasweep.dashboard.store.SweepFront;
import io.lorasweep.schemas.spec.Metric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Pareto fronts the dashboard marks, without a database. */
class ParetoFrontTest {

    @Test
    void theCostFrontKeepsOnlyTheUndominated() {
        List<TradeOffPoint> points = List.of(new TradeOffPoint(1, 1.0, 0.5), new TradeOffPoint(2, 2.0, 0.4),
                new TradeOffPoint(3, 2.0, 0.7), new TradeOffPoint(4, 3.0, 0.7), new TradeOffPoint(5, 0.5, 0.3));
        assertEquals(Set.of(5L, 1L, 3L), TradeOff.front(points, false));
        assertEquals(Set.of(5L), TradeOff.front(points, true));
    }

    @Test
    void theFrontOfSeveralObjectivesFollowsEachDirection() {
        Map<Long, List<Double>> values = new LinkedHashMap<>();
        values.put(1L, List.of(0.80, 0.50, 1.2)); // F1, GPU-hours, eval loss
        values.put(2L, List.of(0.85, 0.90, 1.2));
        values.put(3L, List.of(0.80, 0.60, 1.2)); // worse than 1 in GPU-hours, no better elsewhere
        values.put(4L, List.of(0.70, 0.40, 1.3));
        values.put(5L, List.of(0.70, 0.40, 1.1)); // beats 4 on eval loss
        List<Metric> objectives = List.of(new Metric("ner/f1", Metric.Goal.MAXIMIZE),
                new Metric(Metric.GPU_HOURS, Metric.Goal.MINIMIZE), new Metric("eval_loss", Metric.Goal.MINIMIZE));
        assertEquals(Set.of(1L, 2L, 5L), SweepFront.of(values, objectives).front());
    }
}
