package io.lorasweep.dashboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepMetaTest {

    private static final String SPEC = """
            {"name": "s", "base_model": "m", "dataset": {"train": "t.jsonl", "eval": "e.jsonl"},
             "tasks": [{"name": "gk", "type": "multiple_choice", "data": "gk", "shots": 5}],
             "parameters": {"rank": {"values": [8, 16]}, "alpha": {"value": 16},
                            "learning_rate": {"distribution": "q_log_uniform_values", "min": 1e-5, "max": 1e-2,
                                              "q": 1e-5}},
             "metric": {"name": "gk/acc", "goal": "maximize"},
             "sampler": {"type": "tpe", "seed": 1}, "budget": {"max_trials": 4, "max_parallel": 1},
             "regression_gates": [{"task": "gk", "metric": "acc", "max_drop": 0.02}], "prices": {"cpu": 0.05}}
            """;

    @Test
    void theSpecIsReadByTheOneCodec() {
        SweepMeta meta = SweepMeta.of("sw-1", "s", SPEC, "running", "agents", 1, 2);
        assertEquals("gk/acc", meta.objective());
        assertFalse(meta.minimize());
        assertEquals(List.of("rank", "alpha", "learning_rate"), meta.parameters());
        assertEquals(ParameterDomain.Kind.CATEGORICAL, meta.domain("rank").kind());
        assertEquals(ParameterDomain.Kind.FIXED, meta.domain("alpha").kind());
        ParameterDomain lr = meta.domain("learning_rate");
        assertTrue(lr.logarithmic() && lr.q() == 1e-5 && lr.min() == 1e-5, lr.toString());
        assertEquals(5, meta.task("gk").shots());
        assertEquals(0.02, meta.gates().get(0).maxDrop());
        assertEquals(true, meta.higherIsBetter("gk", "acc").orElseThrow(), "declared by the task type");
        assertEquals(0.05, meta.prices().get("cpu"));
    }

    @Test
    void aSpecTheCodecRefusesLeavesTheSweepListedWithoutIt() {
        SweepMeta meta = SweepMeta.of("sw-2", "old one", "{\"name\": \"old one\"}", "finished", "agents", 1, 2);
        assertEquals("old one", meta.name());
        assertEquals("finished", meta.state());
        assertTrue(meta.parameters().isEmpty() && meta.tasks().isEmpty() && meta.gates().isEmpty());
    }
}
