package io.lorasweep.eval.tasks;

import io.lorasweep.eval.ScriptedModel;
import io.lorasweep.eval.TestData;
import io.lorasweep.eval.tasks.ner.NerExample;
import io.lorasweep.eval.tasks.ner.NerJsonl;
import io.lorasweep.eval.tasks.ner.NerPrompt;
import io.lorasweep.eval.tasks.summarization.SummaryJsonl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A task renders its documents for training with the renderer it scores with: the prompt of a training example is
 * the zero-shot prompt the task sends for that document, and a model that continues each prompt with the example's
 * target scores perfectly, so the target ends where the task's parser expects.
 */
class TrainableTaskTest {

    /** Answers each prompt with the target of the training example of the same prompt. */
    private static ScriptedModel answering(List<PromptedExample> examples) {
        Map<String, String> targets = new HashMap<>();
        examples.forEach(e -> targets.put(e.prompt(), e.target()));
        return ScriptedModel.generating("perfect", r -> {
            String target = targets.get(r.context());
            // the model stops at the first stop string, as generation does
            int cut = r.stopStrings().stream().mapToInt(target::indexOf).filter(i -> i >= 0).min()
                    .orElse(target.length());
            return target.substring(0, cut);
        });
    }

    @Test
    void nerTrainsOnTheZeroShotPromptItScoresAndTheAnswerItParses() {
        NerTask task = NerTask.fromFolder("ner", TestData.path("ner"), NerTask.DEFAULT_LABELS,
                new NerTaskTest.ExactSentences(), 64);
        List<NerExample> train = NerJsonl.read(TestData.path("ner/train.jsonl"),
                new LinkedHashSet<>(NerTask.DEFAULT_LABELS));
        List<PromptedExample> examples = task.trainingExamples();
        assertEquals(train.size(), examples.size());
        NerPrompt prompt = new NerPrompt(NerTask.DEFAULT_LABELS);
        for (int i = 0; i < train.size(); i++) {
            assertEquals(train.get(i).id(), examples.get(i).id());
            assertEquals(prompt.context(List.of(), train.get(i)), examples.get(i).prompt());
            assertEquals(NerPrompt.answer(train.get(i)), examples.get(i).target());
        }

        // without validation.jsonl the eval loss is taken on the test items, rendered as run() sends them
        List<PromptedExample> validation = task.validationExamples();
        ScriptedModel model = answering(validation);
        TaskResult r = task.run(model, RunSettings.withShots(0));
        assertEquals(validation.stream().map(PromptedExample::prompt).toList(),
                model.generationRequests.stream().map(g -> g.context()).toList());
        assertEquals(1.0, r.value("f1"), "answering with the targets is scoring perfectly");
    }

    @Test
    void summarisationTargetsAreTheLineTheTaskReadsBack() {
        SummarizationTask task = SummarizationTask.fromFolder("notes", TestData.path("summarization"),
                SummarizationTaskTest.WORD_RECALL, 48);
        List<PromptedExample> examples = task.trainingExamples();
        assertEquals(SummaryJsonl.read(TestData.path("summarization/train.jsonl")).size(), examples.size());
        PromptedExample first = examples.get(0);
        assertEquals(true, first.prompt().endsWith("\nSummary:"), first.prompt());
        assertEquals(true, first.target().startsWith(" ") && first.target().endsWith("\n"), first.target());

        List<PromptedExample> validation = task.validationExamples();
        ScriptedModel model = answering(validation);
        TaskResult r = task.run(model, RunSettings.withShots(0));
        assertEquals(validation.stream().map(PromptedExample::prompt).toList(),
                model.generationRequests.stream().map(g -> g.context()).toList());
        assertEquals(1.0, r.value("exact"), "the prediction is the reference summary exactly");
    }

    @Test
    void aValidationSplitGivesTheEvalLossItsOwnNotes(@TempDir Path dir) throws IOException {
        for (String file : List.of("train.jsonl", "test.jsonl")) {
            Files.copy(TestData.path("ner/" + file), dir.resolve(file));
        }
        Files.writeString(dir.resolve("validation.jsonl"), "{\"id\": \"v1\", \"text\": \"Metformin started.\", "
                + "\"entities\": [{\"type\": \"MEDICATION\", \"start\": 0, \"end\": 9, \"text\": \"Metformin\"}]}\n");
        NerTask task = NerTask.fromFolder("ner", dir, NerTask.DEFAULT_LABELS, new NerTaskTest.ExactSentences(), 64);
        List<PromptedExample> validation = task.validationExamples();
        assertEquals(List.of("v1"), validation.stream().map(PromptedExample::id).toList());
        assertEquals("MEDICATION: Metformin\n", validation.get(0).target());
        NerTask without = NerTask.fromFolder("ner", TestData.path("ner"), NerTask.DEFAULT_LABELS,
                new NerTaskTest.ExactSentences(), 64);
        assertEquals(without.fingerprint(), task.fingerprint(), "the validation split does not change the scores");
    }
}
