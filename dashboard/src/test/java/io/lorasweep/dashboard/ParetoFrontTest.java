package io.lorasweep.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lorasweep.dashboard.cost.ParetoFront;
import io.lorasweep.dashboard.cost.TradeOffPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Pareto front of the cost trade-off, without a database. */
class ParetoFrontTest {

    @Test
    void paretoFrontKeepsOnlyTheUndominated() {
        List<TradeOffPoint> points = List.of(new TradeOffPoint(1, 1.0, 0.5), new TradeOffPoint(2, 2.0, 0.4),
                new TradeOffPoint(3, 2.0, 0.7), new TradeOffPoint(4, 3.0, 0.7), new TradeOffPoint(5, 0.5, 0.3));
        assertEquals(List.of(5L, 1L, 3L), ParetoFront.of(points, false).stream().map(TradeOffPoint::trialId).toList());
        assertEquals(List.of(5L), ParetoFront.of(points, true).stream().map(TradeOffPoint::trialId).toList());
    }
}
