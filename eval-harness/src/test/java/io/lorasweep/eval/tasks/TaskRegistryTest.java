package io.lorasweep.eval.tasks;

import io.lorasweep.eval.ScriptedModel;
import io.lorasweep.eval.TestData;
import io.lorasweep.eval.LanguageModel;
import io.lorasweep.schemas.spec.EvalTask;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TaskRegistryTest {

    private final TaskRegistry registry = TaskRegistry.withDefaults((t, p) -> Map.of("f1", 0.0),
            (r, p) -> Map.of("rouge1", 0.0));

    @Test
    void builtInTypes() {
        assertEquals(Set.of("mmlu", "multiple_choice", "ner", "perplexity", "summarization"), registry.types());
        assertInstanceOf(MultipleChoiceTask.class,
                registry.create(new TaskConfig("mmlu", "MMLU", TestData.mmlu(), List.of(), Map.of())));
        assertInstanceOf(NerTask.class,
                registry.create(new TaskConfig("ner", "ner", TestData.path("ner"), List.of(), Map.of())));
        assertInstanceOf(PerplexityTask.class,
                registry.create(new TaskConfig("p", "perplexity", TestData.path("heldout.txt"), null, null)));
    }

    @Test
    void fromTheSweepSpec() {
        EvalTask spec = new EvalTask("general", EvalTask.Type.MULTIPLE_CHOICE, "mmlu", null, List.of(), null);
        Path root = TestData.mmlu().getParent();
        Task task = registry.create(TaskConfig.fromSpec(spec, root));
        assertEquals("general", task.name());
        assertEquals(5, task.defaultShots());
    }

    @Test
    void unknownTypeNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.create(new TaskConfig("x", "qa", Path.of("."), List.of(), Map.of())));
        assertEquals("task x has unknown type 'qa'; known types: mmlu, multiple_choice, ner, perplexity, "
                + "summarization", e.getMessage());
    }

    @Test
    void aNewTaskIsOneRegistration() {
        Task constant = new Task() {
            @Override
            public String name() {
                return "const";
            }

            @Override
            public int defaultShots() {
                return 0;
            }

            @Override
            public String fingerprint() {
                return "c";
            }

            @Override
            public TaskResult run(LanguageModel model, RunSettings settings) {
                List<ItemScore> items = List.of(new ItemScore("1", "", Map.of("v", 1.0), Map.of(), ""));
                return TaskResult.of("const", model.name(), null, items,
                        s -> Map.of(MetricKey.overall("v"), s.get(0).value("v")), settings.bootstrap(), Map.of());
            }
        };
        registry.register("constant", c -> constant);
        TaskResult r = registry.create(new TaskConfig("c", "constant", Path.of("."), List.of(), Map.of()))
                .run(ScriptedModel.generating("m", g -> ""), RunSettings.withShots(0));
        assertEquals(1.0, r.value("v"));
    }

    @Test
    void badOptionsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.create(
                new TaskConfig("ner", "ner", TestData.path("ner"), List.of(), Map.of("max_new_tokens", "many"))));
        assertEquals("option max_new_tokens of task ner must be an integer, got 'many'", e.getMessage());
    }
}
