package io.lorasweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.schemas.SpecCodec;
import io.lorasweep.schemas.spec.Parameter;
import io.lorasweep.schemas.spec.SweepSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class StarterSpecTest {

    @Test
    void smallDataGetsSmallRanksAttentionModulesAndDropout() {
        SweepSpec spec = SpecCodec.parseYaml(StarterSpec.write("data/notes/train.jsonl", "models/m", 800));
        assertEquals("train-lora", spec.name());
        assertEquals("data/notes/eval.jsonl", spec.dataset().eval());
        assertEquals(List.of(4, 8, 16), ((Parameter.Categorical) spec.parameters().get("rank")).values());
        assertEquals(List.of(0.05, 0.1), ((Parameter.Categorical) spec.parameters().get("dropout")).values());
        assertTrue(!((Parameter.Categorical) spec.parameters().get("target_modules")).values().contains("all-linear"));
    }

    @Test
    void largerDataGetsHigherRanksAndTheMlp() {
        SweepSpec spec = SpecCodec.parseYaml(StarterSpec.write("big.jsonl", "models/m", 50_000));
        assertEquals("big.eval.jsonl", spec.dataset().eval());
        assertEquals(List.of(8, 16, 32, 64), ((Parameter.Categorical) spec.parameters().get("rank")).values());
        assertTrue(((Parameter.Categorical) spec.parameters().get("target_modules")).values().contains("all-linear"));
    }
}
