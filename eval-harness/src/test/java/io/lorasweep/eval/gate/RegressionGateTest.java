package io.lorasweep.eval.gate;

import io.lorasweep.schemas.spec.EvalTask;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegressionGateTest {

    private static GateResult gate(String metric, MetricThreshold t, Double candidate, Double baseline) {
        Map<String, Double> c = new LinkedHashMap<>();
        if (candidate != null) {
            c.put(metric, candidate);
        }
        Map<String, Double> b = new LinkedHashMap<>();
        if (baseline != null) {
            b.put(metric, baseline);
        }
        return new RegressionGate(Map.of(metric, t)).evaluate(c, b);
    }

    @Test
    void thresholdHigherIsBetterIsInclusive() {
        MetricThreshold t = MetricThreshold.mlflow(0.8, null, null, true);
        assertTrue(gate("acc", t, 0.8, null).passed());
        GateResult r = gate("acc", t, 0.79, null);
        assertFalse(r.passed());
        assertEquals("Metric acc value threshold check failed: candidate model acc = 0.79, acc threshold = 0.8.",
                r.failureMessage());
    }

    @Test
    void thresholdLowerIsBetter() {
        MetricThreshold t = MetricThreshold.mlflow(12.0, null, null, false);
        assertTrue(gate("perplexity", t, 12.0, null).passed());
        assertFalse(gate("perplexity", t, 12.5, null).passed());
    }

    @Test
    void minAbsoluteChangeDemandsAnImprovementOverTheBaseline() {
        MetricThreshold up = MetricThreshold.mlflow(null, 0.05, null, true);
        assertTrue(gate("acc", up, 0.75, 0.70).passed());
        assertFalse(gate("acc", up, 0.74, 0.70).passed());
        // MLflow adds in floating point before comparing: 0.7 + 0.1 == 0.7999999999999999, so 0.8 passes
        assertTrue(gate("acc", MetricThreshold.mlflow(null, 0.1, null, true), 0.8, 0.7).passed());
        MetricThreshold down = MetricThreshold.mlflow(null, 1.0, null, false);
        assertTrue(gate("perplexity", down, 11.0, 12.0).passed());
        GateResult r = gate("perplexity", down, 11.5, 12.0);
        assertEquals("Metric perplexity minimum absolute change check failed: candidate model perplexity = 11.5, "
                + "baseline model perplexity = 12.0, perplexity minimum absolute change threshold = 1.0.",
                r.failureMessage());
    }

    @Test
    void minRelativeChange() {
        MetricThreshold up = MetricThreshold.mlflow(null, null, 0.1, true);
        assertTrue(gate("f1", up, 0.55, 0.5).passed());   // +10%
        assertFalse(gate("f1", up, 0.54, 0.5).passed());  // +8%
        MetricThreshold down = MetricThreshold.mlflow(null, null, 0.1, false);
        assertTrue(gate("loss", down, 0.89, 1.0).passed());
        assertFalse(gate("loss", down, 0.95, 1.0).passed());
        // as in MLflow, the ratio is floating point: (1.0 - 0.9) / 1.0 == 0.09999999999999998 < 0.1
        assertFalse(gate("loss", down, 0.9, 1.0).passed());
        GateResult r = gate("f1", up, 0.54, 0.5);
        assertEquals("Metric f1 minimum relative change check failed: candidate model f1 = 0.54, baseline model "
                + "f1 = 0.5, f1 minimum relative change threshold = 0.1.", r.failureMessage());
    }

    @Test
    void relativeChangeFromAZeroBaselineFallsBackToStrictlyBetter() {
        MetricThreshold up = MetricThreshold.mlflow(null, null, 0.5, true);
        assertTrue(gate("f1", up, 1e-9, 0.0).passed());
        assertFalse(gate("f1", up, 0.0, 0.0).passed());
        MetricThreshold down = MetricThreshold.mlflow(null, null, 0.5, false);
        assertTrue(gate("loss", down, -1e-9, 0.0).passed());
        assertFalse(gate("loss", down, 0.0, 0.0).passed());
    }

    @Test
    void mayNotFallMoreThanTwoPointsBelowTheBaseModel() {
        MetricThreshold t = MetricThreshold.maxDrop(0.02, true);
        assertTrue(gate("mmlu/acc", t, 0.70, 0.71).passed());
        assertTrue(gate("mmlu/acc", t, 0.65, 0.65).passed());
        assertTrue(gate("mmlu/acc", t, 0.80, 0.65).passed());
        GateResult r = gate("mmlu/acc", t, 0.60, 0.65);
        assertFalse(r.passed());
        assertEquals("Metric mmlu/acc maximum absolute drop check failed: candidate model mmlu/acc = 0.6, baseline "
                + "model mmlu/acc = 0.65, mmlu/acc maximum absolute drop threshold = 0.02.", r.failureMessage());
        // lower is better: may not rise more than 0.5 above the baseline
        MetricThreshold ppl = MetricThreshold.maxDrop(0.5, false);
        assertTrue(gate("ppl", ppl, 12.4, 12.0).passed());
        assertFalse(gate("ppl", ppl, 12.6, 12.0).passed());
    }

    @Test
    void missingMetricsAreFailuresWithMlflowsWording() {
        MetricThreshold t = new MetricThreshold(0.5, 0.01, null, true, null);
        assertEquals("Metric validation failed: metric acc was missing from the evaluation result of the candidate "
                + "model.", gate("acc", t, null, 0.6).failureMessage());
        assertEquals("Metric acc value threshold check failed: candidate model acc = 0.4, acc threshold = 0.5. "
                + "Model comparison failed: metric acc was missing from the evaluation result of the baseline model.",
                gate("acc", t, 0.4, null).failureMessage());
        // a threshold alone needs no baseline
        assertTrue(gate("acc", MetricThreshold.mlflow(0.5, null, null, true), 0.6, null).passed());
    }

    @Test
    void everyFailingMetricIsReportedOneALine() {
        Map<String, MetricThreshold> thresholds = new LinkedHashMap<>();
        thresholds.put("acc", MetricThreshold.mlflow(0.9, null, null, true));
        thresholds.put("f1", MetricThreshold.mlflow(0.5, null, null, true));
        thresholds.put("ppl", MetricThreshold.mlflow(10.0, null, null, false));
        GateResult r = new RegressionGate(thresholds).evaluate(Map.of("acc", 0.8, "f1", 0.6, "ppl", 11.0), null);
        assertEquals(3, r.checks().size());
        assertEquals("Metric acc value threshold check failed: candidate model acc = 0.8, acc threshold = 0.9.\n"
                + "Metric ppl value threshold check failed: candidate model ppl = 11.0, ppl threshold = 10.0.",
                r.failureMessage());
        assertEquals("Metric f1 passed the validation.", r.checks().get(1).message());
    }

    @Test
    void validatesLikeMlflow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetricThreshold.mlflow(null, -0.02, null, true));
        assertTrue(e.getMessage().contains("min_absolute_change") && e.getMessage().contains("-0.02"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MetricThreshold.mlflow(null, 0.0, null, true));
        assertThrows(IllegalArgumentException.class, () -> MetricThreshold.mlflow(null, null, 1.5, true));
        assertThrows(IllegalArgumentException.class, () -> MetricThreshold.mlflow(null, null, -0.1, true));
        assertThrows(IllegalArgumentException.class, () -> MetricThreshold.mlflow(null, null, null, true));
        assertThrows(IllegalArgumentException.class, () -> MetricThreshold.maxDrop(-0.01, true));
        assertThrows(IllegalArgumentException.class, () -> new RegressionGate(Map.of()));
    }

    @Test
    void describesItselfAsMlflowDoes() {
        assertEquals("Threshold: 0.8. Minimum Absolute Change: 0.05. Minimum Relative Change: 0.05. Higher value is "
                + "better.", MetricThreshold.mlflow(0.8, 0.05, 0.05, true).toString());
        assertEquals("Maximum Absolute Drop: 0.02. Lower value is better.", MetricThreshold.maxDrop(0.02, false)
                .toString());
    }

    @Test
    void fromSpecKeysTaskSlashMetricAndKnowsDirections() {
        RegressionGate gate = RegressionGate.fromSpec(List.of(
                new io.lorasweep.schemas.spec.RegressionGate("mmlu", "acc", 0.02),
                new io.lorasweep.schemas.spec.RegressionGate("heldout", "perplexity", 0.5)), List.of(
                new EvalTask("mmlu", EvalTask.Type.MULTIPLE_CHOICE, "mmlu", 5, List.of(), null),
                new EvalTask("heldout", EvalTask.Type.PERPLEXITY, "heldout.txt", null, List.of(), null)));
        assertTrue(gate.evaluate(Map.of("mmlu/acc", 0.59, "heldout/perplexity", 10.4),
                Map.of("mmlu/acc", 0.6, "heldout/perplexity", 10.0)).passed());
        GateResult r = gate.evaluate(Map.of("mmlu/acc", 0.57, "heldout/perplexity", 10.6),
                Map.of("mmlu/acc", 0.6, "heldout/perplexity", 10.0));
        assertFalse(r.checks().get(0).passed());
        assertFalse(r.checks().get(1).passed());
    }

    /** Directions are declared, not guessed from names: a metric of one's own states its direction or is refused. */
    @Test
    void aMetricOfOnesOwnIsGatedTheWayTheSpecStates() {
        List<EvalTask> tasks = List.of(new EvalTask("asr", EvalTask.Type.SUMMARIZATION, "asr", null, List.of(), null));
        RegressionGate gate = RegressionGate.fromSpec(List.of(
                new io.lorasweep.schemas.spec.RegressionGate("asr", "char_error", 0.01, false)), tasks);
        assertTrue(gate.evaluate(Map.of("asr/char_error", 0.08), Map.of("asr/char_error", 0.10)).passed(),
                "fewer errors is better");
        assertFalse(gate.evaluate(Map.of("asr/char_error", 0.12), Map.of("asr/char_error", 0.10)).passed());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegressionGate.fromSpec(
                List.of(new io.lorasweep.schemas.spec.RegressionGate("asr", "char_error", 0.01)), tasks));
        assertTrue(e.getMessage().contains("state higher_is_better"), e.getMessage());
    }

    @Test
    void pythonFloatRepr() {
        assertEquals("0.8", PythonFloats.repr(0.8));
        assertEquals("2.0", PythonFloats.repr(2.0));
        assertEquals("1e-05", PythonFloats.repr(1e-5));
        assertEquals("0.0001", PythonFloats.repr(1e-4));
        assertEquals("1.5e-07", PythonFloats.repr(1.5e-7));
        assertEquals("1e+16", PythonFloats.repr(1e16));
        assertEquals("123456789.0", PythonFloats.repr(123456789.0));
        assertEquals("0.30000000000000004", PythonFloats.repr(0.1 + 0.2));
        assertEquals("-0.5", PythonFloats.repr(-0.5));
        assertEquals("0.7999999999999999", PythonFloats.repr(0.7 + 0.1));
    }
}
