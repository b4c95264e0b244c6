package io.lorasweep.eval.baseline;

import io.lorasweep.eval.LanguageModel.LogLikelihood;
import io.lorasweep.eval.ScriptedModel;
import io.lorasweep.eval.TestData;
import io.lorasweep.eval.tasks.MultipleChoiceTask;
import io.lorasweep.eval.tasks.RunSettings;
import io.lorasweep.eval.tasks.TaskResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BaselineRunnerTest {

    private final MultipleChoiceTask task = MultipleChoiceTask.fromFolder("mmlu", TestData.mmlu());

    private static ScriptedModel base() {
        return ScriptedModel.scoring("base", r -> new LogLikelihood(r.continuation().equals(" B") ? -1 : -2, false, 1));
    }

    @Test
    void computedOncePerKeyThenReused() {
        InMemoryBaselineStore store = new InMemoryBaselineStore();
        BaselineRunner runner = new BaselineRunner(store);
        ScriptedModel model = base();
        RunSettings twoShot = RunSettings.withShots(2);
        TaskResult first = runner.baseline("tiny-llama", model, task, twoShot);
        int calls = model.calls;
        TaskResult again = runner.baseline("tiny-llama", model, task, twoShot);
        assertSame(first, again);
        assertEquals(calls, model.calls);
        assertEquals(1, store.size());
        runner.baseline("tiny-llama", model, task, RunSettings.withShots(1));
        assertEquals(2, store.size());
        assertEquals(new BaselineKey("tiny-llama", "mmlu", task.fingerprint(), 2),
                BaselineRunner.keyFor("tiny-llama", task, twoShot));
    }

    @Test
    void defaultShotsIsFiveAsTheSpecSays() {
        assertEquals(5, BaselineRunner.DEFAULT_SHOTS);
    }

    @Test
    void keyValidatesItsParts() {
        assertEquals("shots must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> new BaselineKey("m", "t", "f", -1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BaselineKey(" ", "t", "f", 0));
        assertNotEquals(new BaselineKey("m", "t", "f1", 5), new BaselineKey("m", "t", "f2", 5));
    }
}
