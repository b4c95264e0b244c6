package io.lorasweep.controller.pruner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.schemas.spec.Pruner.Type;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PrunersTest {

    private static io.lorasweep.schemas.spec.Pruner spec(Type type, Integer startup, Integer warmup, Integer interval,
                                                         Integer minTrials, Integer minResource, Integer maxResource,
                                                         Integer factor, Integer rate) {
        return new io.lorasweep.schemas.spec.Pruner(type, startup, warmup, interval, minTrials, minResource,
                maxResource, factor, rate);
    }

    @Test
    void noneAndNoSpecNeverPrune() {
        assertInstanceOf(NopPruner.class, Pruners.fromSpec(null));
        assertInstanceOf(NopPruner.class, Pruners.fromSpec(io.lorasweep.schemas.spec.Pruner.NONE));
    }

    @Test
    void medianTakesOptunasDefaultsAndTheSpecsSettings() {
        MedianPruner d = (MedianPruner) Pruners.fromSpec(spec(Type.MEDIAN, null, null, null, null, null, null, null,
                null));
        assertEquals(5, d.nStartupTrials());
        assertEquals(0, d.nWarmupSteps());
        assertEquals(1, d.intervalSteps());
        assertEquals(1, d.nMinTrials());
        MedianPruner m = (MedianPruner) Pruners.fromSpec(spec(Type.MEDIAN, 3, 10, 5, 2, null, null, null, null));
        assertEquals(3, m.nStartupTrials());
        assertEquals(10, m.nWarmupSteps());
        assertEquals(5, m.intervalSteps());
        assertEquals(2, m.nMinTrials());
    }

    @Test
    void successiveHalvingDefaultsToAutoMinResource() {
        SuccessiveHalvingPruner d = (SuccessiveHalvingPruner) Pruners.fromSpec(
                spec(Type.SUCCESSIVE_HALVING, null, null, null, null, null, null, null, null));
        assertEquals(OptionalInt.empty(), d.minResource());
        assertEquals(4, d.reductionFactor());
        assertEquals(0, d.minEarlyStoppingRate());
        SuccessiveHalvingPruner s = (SuccessiveHalvingPruner) Pruners.fromSpec(
                spec(Type.SUCCESSIVE_HALVING, null, null, null, null, 2, null, 3, 1));
        assertEquals(OptionalInt.of(2), s.minResource());
        assertEquals(3, s.reductionFactor());
        assertEquals(1, s.minEarlyStoppingRate());
    }

    @Test
    void hyperbandDefaultsToAutoMaxResource() {
        HyperbandPruner d = (HyperbandPruner) Pruners.fromSpec(
                spec(Type.HYPERBAND, null, null, null, null, null, null, null, null));
        assertEquals(1, d.minResource());
        assertEquals(OptionalInt.empty(), d.maxResource());
        assertEquals(3, d.reductionFactor());
        HyperbandPruner h = (HyperbandPruner) Pruners.fromSpec(
                spec(Type.HYPERBAND, null, null, null, null, 2, 100, 4, null));
        assertEquals(2, h.minResource());
        assertEquals(OptionalInt.of(100), h.maxResource());
        assertEquals(4, h.reductionFactor());
    }

    @Test
    void badSettingsNameTheFieldAndTheValue() {
        assertBad("n_startup_trials", "-1", spec(Type.MEDIAN, -1, null, null, null, null, null, null, null));
        assertBad("n_warmup_steps", "-5", spec(Type.MEDIAN, null, -5, null, null, null, null, null, null));
        assertBad("interval_steps", "0", spec(Type.MEDIAN, null, null, 0, null, null, null, null, null));
        assertBad("n_min_trials", "0", spec(Type.MEDIAN, null, null, null, 0, null, null, null, null));
        assertBad("min_resource", "0", spec(Type.SUCCESSIVE_HALVING, null, null, null, null, 0, null, null, null));
        assertBad("reduction_factor", "1", spec(Type.SUCCESSIVE_HALVING, null, null, null, null, null, null, 1, null));
        assertBad("min_early_stopping_rate", "-1",
                spec(Type.SUCCESSIVE_HALVING, null, null, null, null, null, null, null, -1));
        assertBad("max_resource", "3", spec(Type.HYPERBAND, null, null, null, null, 4, 3, null, null));
        assertBad("reduction_factor", "1", spec(Type.HYPERBAND, null, null, null, null, null, null, 1, null));
        // a setting the type does not read
        assertBad("max_resource", "81", spec(Type.MEDIAN, null, null, null, null, null, 81, null, null));
        assertBad("n_warmup_steps", "3", spec(Type.HYPERBAND, null, 3, null, null, null, null, null, null));
        assertBad("min_early_stopping_rate", "1", spec(Type.HYPERBAND, null, null, null, null, null, null, null, 1));
        assertBad("reduction_factor", "3", spec(Type.NONE, null, null, null, null, null, null, 3, null));
        assertBad("type", "", spec(null, null, null, null, null, null, null, null, null));
    }

    private static void assertBad(String field, String value, io.lorasweep.schemas.spec.Pruner spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pruners.fromSpec(spec));
        assertTrue(e.getMessage().contains(field) && e.getMessage().contains(value), e.getMessage());
    }
}
