package io.lorasweep.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lorasweep.schemas.messages.TrialAssignment;
import io.lorasweep.schemas.spec.Dataset;
import io.lorasweep.schemas.spec.Trainer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerEnvironmentTest {

    @Test
    void aTrainerCommandIsToldItsInputsItsAdapterFolderAndEachParameter() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("learning_rate", 2.0e-4);
        params.put("lr_scheduler_type", "cosine");
        params.put("target_modules", List.of("q_proj", "v_proj"));
        params.put("pack-sequences", false);
        params.put("rank", 16);
        TrialAssignment a = new TrialAssignment("s-1", 7, 2, "lease", params, "models/base",
                new Dataset("data/train.jsonl", "./data/eval.jsonl", null), List.of(), 0, 1000, "eval_loss", null,
                new Trainer(List.of("python3", "train.py"), null));
        Path root = Path.of("/data/root");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("LORASWEEP_PARAMS_FILE", "/artifacts/s-1/trial-7-attempt-2/params.json");
        expected.put("LORASWEEP_ADAPTER_DIR", "/artifacts/s-1/trial-7-attempt-2");
        expected.put("LORASWEEP_BASE_MODEL", "/data/root/models/base");
        expected.put("LORASWEEP_TRAIN_FILE", "/data/root/data/train.jsonl");
        expected.put("LORASWEEP_EVAL_FILE", "/data/root/data/eval.jsonl");
        expected.put("LORASWEEP_SWEEP_ID", "s-1");
        expected.put("LORASWEEP_TRIAL_ID", "7");
        expected.put("LORASWEEP_ATTEMPT", "2");
        expected.put("LORASWEEP_PARAM_LEARNING_RATE", "2.0E-4");
        expected.put("LORASWEEP_PARAM_LR_SCHEDULER_TYPE", "cosine");
        expected.put("LORASWEEP_PARAM_TARGET_MODULES", "[\"q_proj\",\"v_proj\"]");
        expected.put("LORASWEEP_PARAM_PACK_SEQUENCES", "false");
        expected.put("LORASWEEP_PARAM_RANK", "16");
        assertEquals(expected, TrainerEnvironment.of(a, root, Path.of("/artifacts/s-1/trial-7-attempt-2"),
                Path.of("/artifacts/s-1/trial-7-attempt-2/params.json")));
    }

    @Test
    void aTestSplitIsPassedWhenTheSweepHasOne() {
        TrialAssignment a = new TrialAssignment("s-1", 0, 1, "lease", Map.of(), "m",
                new Dataset("train.jsonl", "eval.jsonl", "test.jsonl"), List.of(), 0, 1000, null, null,
                new Trainer(List.of("train"), null));
        assertEquals("/root/test.jsonl", TrainerEnvironment.of(a, Path.of("/root"), Path.of("/a"), Path.of("/a/p"))
                .get("LORASWEEP_TEST_FILE"));
    }
}
