package io.lorasweep.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.schemas.messages.MetricPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerOutputTest {

    private static final long AT = 1_760_000_000_000L;

    private static TrainerOutput.Points points(String line) {
        return assertInstanceOf(TrainerOutput.Points.class, TrainerOutput.parse(line, AT));
    }

    private static String refused(String line) {
        return assertInstanceOf(TrainerOutput.Refused.class, TrainerOutput.parse(line, AT)).reason();
    }

    @Test
    void everyNumericFieldBesideTheStepIsAPoint() {
        TrainerOutput.Points p = points("{\"step\": 10, \"train_loss\": 1.23, \"eval_loss\": 1.5}");
        assertEquals(10, p.step());
        assertEquals(List.of(MetricPoint.of("train_loss", 10, 1.23, AT), MetricPoint.of("eval_loss", 10, 1.5, AT)),
                p.points());
        assertEquals(List.of(), p.skipped());
    }

    @Test
    void aNestedMetricsObjectCountsToo() {
        TrainerOutput.Points p = points("  {\"metrics\": {\"eval_loss\": 2}, \"step\": 3.0, \"epoch\": 0.5}");
        assertEquals(List.of(MetricPoint.of("eval_loss", 3, 2, AT), MetricPoint.of("epoch", 3, 0.5, AT)),
                p.points());
    }

    @Test
    void fieldsThatAreNotNumbersAreSkippedWithTheirNames() {
        TrainerOutput.Points p = points("{\"step\": 1, \"loss\": 0.5, \"phase\": \"warmup\", \"\": 3}");
        assertEquals(List.of(MetricPoint.of("loss", 1, 0.5, AT)), p.points());
        assertEquals(List.of("\"phase\" is not a number (got \"warmup\")",
                        "a field with an empty name is not a metric"),
                p.skipped());
    }

    @Test
    void pythonsNanAndInfinityArriveAsNonFinitePoints() {
        TrainerOutput.Points p = points("{\"step\": 7, \"train_loss\": NaN, \"grad_norm\": Infinity}");
        assertTrue(Double.isNaN(p.points().get(0).asDouble()));
        assertEquals(MetricPoint.NonFinite.NAN, p.points().get(0).nonFinite());
        assertEquals(Double.POSITIVE_INFINITY, p.points().get(1).asDouble());
    }

    @Test
    void linesThatDoNotStartWithABraceAreTheTrainersLog() {
        assertEquals(new TrainerOutput.Log("epoch 1: loss=1.2 {not json}"),
                TrainerOutput.parse("epoch 1: loss=1.2 {not json}", AT));
        assertEquals(new TrainerOutput.Log(""), TrainerOutput.parse("", AT));
    }

    @Test
    void recordsThatCannotBeReadAreRefusedWithTheReason() {
        assertTrue(refused("{\"step\": 1, \"loss\": }").startsWith("not valid JSON (Unexpected character ('}'"),
                refused("{\"step\": 1, \"loss\": }"));
        assertEquals("a metrics record needs \"step\", a whole number of 0 or more", refused("{\"loss\": 1}"));
        assertEquals("a metrics record needs \"step\", a whole number of 0 or more (got -1)",
                refused("{\"step\": -1, \"loss\": 1}"));
        assertEquals("a metrics record needs \"step\", a whole number of 0 or more (got 2.5)",
                refused("{\"step\": 2.5, \"loss\": 1}"));
        assertEquals("a metrics record needs \"step\", a whole number of 0 or more (got \"3\")",
                refused("{\"step\": \"3\", \"loss\": 1}"));
        assertEquals("no numeric field besides \"step\"; \"phase\" is not a number (got \"eval\")",
                refused("{\"step\": 3, \"phase\": \"eval\"}"));
    }
}
