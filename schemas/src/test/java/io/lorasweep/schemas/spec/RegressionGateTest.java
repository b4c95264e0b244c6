package io.lorasweep.schemas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegressionGateTest {

    @Test
    void aDropIsMeasuredInTheMetricsBetterDirection() {
        assertEquals(0.05, RegressionGate.drop(0.70, 0.65, true), 1e-12, "accuracy fell");
        assertEquals(-0.05, RegressionGate.drop(0.70, 0.75, true), 1e-12, "accuracy rose");
        assertEquals(1.5, RegressionGate.drop(10.0, 11.5, false), 1e-12, "perplexity rose: a fall in quality");
    }

    @Test
    void theGateAllowsUpToItsMaxDropAndNotAHairMore() {
        RegressionGate gate = new RegressionGate("mmlu", "acc", 0.02);
        assertTrue(gate.allows(RegressionGate.drop(0.70, 0.68, true)), "0.70 - 0.68 rounds above 0.02 in doubles");
        assertFalse(gate.allows(0.0201));
        assertTrue(gate.allows(-0.3), "an improvement always passes");
    }

    @Test
    void directionComesFromTheGateOrTheTaskTypesDeclaration() {
        assertTrue(new RegressionGate("mmlu", "acc", 0.02).higherIsBetter(EvalTask.Type.MULTIPLE_CHOICE));
        assertFalse(new RegressionGate("asr", "wer", 0.01, false).higherIsBetter(EvalTask.Type.MULTIPLE_CHOICE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RegressionGate("mmlu", "char_error", 0.01).higherIsBetter(EvalTask.Type.MULTIPLE_CHOICE));
        assertTrue(e.getMessage().contains("state higher_is_better"), e.getMessage());
    }
}
