package io.lorasweep.controller.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.controller.sampler.tpe.TpeSampler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplersTest {

    private static boolean multivariate(SearchSpace space, Boolean asked, boolean group) {
        return ((TpeSampler) Samplers.create(space, true, "tpe", 1L, null, asked, group, null)).settings()
                .multivariate();
    }

    @Test
    void tpeUsesTheConstantLiarUnlessTold() {
        SearchSpace lora = LoraSpaces.sixParameters();
        for (Boolean asked : new Boolean[] {null, true, false}) {
            TpeSampler tpe = (TpeSampler) Samplers.create(lora, true, "tpe", 1L, null, null, false, asked);
            assertEquals(asked == null || asked, tpe.settings().constantLiar(), "asked " + asked);
        }
    }

    @Test
    void tpeIsMultivariateUnlessToldWhenMoreThanOneParameterIsSearched() {
        SearchSpace lora = LoraSpaces.sixParameters();
        assertTrue(multivariate(lora, null, false), "Optuna 5's default for one objective");
        assertFalse(multivariate(lora, false, false));
        assertTrue(multivariate(lora, null, true), "group implies multivariate");
        assertThrows(IllegalArgumentException.class, () -> multivariate(lora, false, true));

        SearchSpace one = new SearchSpace(List.of(Dimension.Numeric.real("lr", 1e-5, 1e-2, true),
                new Dimension.Categorical("rank", List.of(16), null)), Map.of("alpha", 32));
        assertFalse(multivariate(one, null, false), "one searched parameter (a single choice is not searched)");
        assertTrue(multivariate(one, true, false));
    }
}
