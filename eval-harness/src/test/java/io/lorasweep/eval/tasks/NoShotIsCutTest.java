package io.lorasweep.eval.tasks;

import io.lorasweep.eval.LanguageModel.GenerationRequest;
import io.lorasweep.eval.LanguageModel.LogLikelihood;
import io.lorasweep.eval.LanguageModel.LoglikelihoodRequest;
import io.lorasweep.eval.ScriptedModel;
import io.lorasweep.eval.TestData;
import io.lorasweep.eval.tasks.mmlu.MmluCsv;
import io.lorasweep.eval.tasks.mmlu.MmluDataset;
import io.lorasweep.eval.tasks.mmlu.MmluPrompt;
import io.lorasweep.eval.tasks.mmlu.MmluQuestion;
import io.lorasweep.eval.tasks.ner.NerExample;
import io.lorasweep.eval.tasks.ner.NerJsonl;
import io.lorasweep.eval.tasks.ner.NerPrompt;
import io.lorasweep.eval.tasks.summarization.SummaryExample;
import io.lorasweep.eval.tasks.summarization.SummaryJsonl;
import io.lorasweep.eval.tasks.summarization.SummaryPrompt;
import io.lorasweep.schemas.messages.EvalResult;
import io.lorasweep.schemas.messages.PromptDiagnostics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A prompt is never cut: with a model whose context cannot hold the k-shot prompts, a task uses the most shots that
 * fit for every item (dropped whole, from the end of the draw), says so in its result, sends only prompts that hold
 * every shot it claims whole, and refuses when not even the zero-shot prompt of some item fits.
 */
class NoShotIsCutTest {

    private static final int ASKED = 5;
    private static final int NEW_TOKENS = 16;
    private static final long SEED = RunSettings.DEFAULT_SEED;
    private static final NerPrompt NER = new NerPrompt(NerTask.DEFAULT_LABELS);

    private final ScriptedModel tokens = ScriptedModel.generating("counter", r -> "");

    private static List<NerExample> ner(String split) {
        return NerJsonl.read(TestData.path("ner/" + split + ".jsonl"), new LinkedHashSet<>(NerTask.DEFAULT_LABELS));
    }

    private static NerTask nerTask() {
        return NerTask.fromFolder("ner", TestData.path("ner"), NerTask.DEFAULT_LABELS,
                new NerTaskTest.ExactSentences(), NEW_TOKENS);
    }

    /** The longest k-shot prompt over the test items, in the scripted model's tokens (as the task counts them). */
    private <T> int longest(List<T> test, List<T> drawn, int k, BiFunction<List<T>, T, String> prompt) {
        return test.stream().mapToInt(e -> tokens.contextTokens(prompt.apply(drawn.subList(0, k), e))).max()
                .orElseThrow();
    }

    @Test
    void nerUsesTheMostShotsThatFitAndSendsEachOfThemWhole() {
        List<NerExample> test = ner("test");
        List<NerExample> drawn = FewShotSampler.draw(ner("train"), ASKED, SEED);
        BiFunction<List<NerExample>, NerExample, String> prompt = NER::context;
        // room for exactly the longest 2-shot prompt and the answer
        ScriptedModel model = ScriptedModel.generating("small", r -> "none");
        model.maxLength = longest(test, drawn, 2, prompt) + NEW_TOKENS;
        assertTrue(longest(test, drawn, 3, prompt) + NEW_TOKENS > model.maxLength, "3 shots must not fit");

        TaskResult r = nerTask().run(model, RunSettings.withShots(ASKED));

        assertEquals(ASKED, r.shotsAsked());
        assertEquals(2, r.shotsUsed());
        assertEquals("2 of 5 shots: prompts did not fit", r.prompts().shotsText());
        assertTrue(r.prompts().limit().startsWith("with 3 shots, item '"), r.prompts().limit());
        assertEquals(test.size(), model.generationRequests.size(), "every item is still scored");
        for (int i = 0; i < test.size(); i++) {
            GenerationRequest sent = model.generationRequests.get(i);
            assertEquals(NER.context(drawn.subList(0, 2), test.get(i)), sent.context());
            assertTrue(sent.context().startsWith(NER.instruction()), "the instruction is whole");
            for (NerExample shot : drawn.subList(0, 2)) {
                String whole = "Text: " + shot.text() + "\nEntities:\n" + NerPrompt.answer(shot) + "\n";
                assertTrue(sent.context().contains(whole), "shot " + shot.id() + " is whole in " + sent.context());
            }
            assertTrue(sent.context().endsWith("Text: " + test.get(i).text() + "\nEntities:\n"), "the note is whole");
            assertTrue(tokens.contextTokens(sent.context()) + NEW_TOKENS <= model.maxLength, "it fits");
        }
        Map<String, Double> facts = facts(r.toEvalResults());
        assertEquals(5.0, facts.get(PromptDiagnostics.SHOTS_ASKED));
        assertEquals(2.0, facts.get(PromptDiagnostics.SHOTS_USED));
        assertEquals((double) model.maxLength, facts.get(PromptDiagnostics.CONTEXT_TOKENS));
        assertEquals((double) NEW_TOKENS, facts.get(PromptDiagnostics.ANSWER_TOKENS));
        assertEquals((double) longest(test, drawn, 2, prompt), facts.get(PromptDiagnostics.PROMPT_TOKENS_MAX));
        assertTrue(facts.get(PromptDiagnostics.PROMPT_TOKENS_MIN) <= facts.get(PromptDiagnostics.PROMPT_TOKENS_MEDIAN));
        assertTrue(facts.get(PromptDiagnostics.PROMPT_TOKENS_P95) <= facts.get(PromptDiagnostics.PROMPT_TOKENS_MAX));
        assertEquals(PromptDiagnostics.NAMES, List.copyOf(facts.keySet()), "each fact once, after the metrics");
        assertEquals(r.prompts(), nerTask().fit(model, RunSettings.withShots(ASKED)), "known before running");
    }

    @Test
    void allAskedShotsAreUsedWhenTheyFit() {
        ScriptedModel model = ScriptedModel.generating("big", r -> "none");
        model.maxLength = 100_000;
        TaskResult r = nerTask().run(model, RunSettings.withShots(ASKED));
        assertEquals(ASKED, r.shotsUsed());
        assertEquals("5-shot", r.prompts().shotsText());
        assertEquals(null, r.prompts().limit());
    }

    @Test
    void nerRefusesWhenEvenAZeroShotPromptDoesNotFit() {
        List<NerExample> test = ner("test");
        NerExample longestNote = test.stream().max((a, b) -> Integer.compare(
                tokens.contextTokens(NER.context(List.of(), a)), tokens.contextTokens(NER.context(List.of(), b))))
                .orElseThrow();
        int zeroShot = tokens.contextTokens(NER.context(List.of(), longestNote));
        ScriptedModel model = ScriptedModel.generating("tiny", r -> "none");
        model.maxLength = zeroShot + NEW_TOKENS - 1;

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> nerTask().run(model, RunSettings.withShots(ASKED)));

        assertTrue(e.getMessage().contains("even zero-shot, item '" + longestNote.id() + "' needs "
                + (zeroShot + NEW_TOKENS) + " tokens (a " + zeroShot + "-token prompt and " + NEW_TOKENS
                + " for the answer), more than the model's context of " + model.maxLength + " tokens"), e.getMessage());
        assertTrue(model.generationRequests.isEmpty(), "nothing was sent");
        assertEquals(e.getMessage(), assertThrows(IllegalArgumentException.class,
                () -> nerTask().fit(model, RunSettings.withShots(0))).getMessage(),
                "zero-shot asked: the same refusal");
    }

    @Test
    void summarisationUsesFewerShotsAndRefusesWhatCannotFit() {
        List<SummaryExample> test = SummaryJsonl.read(TestData.path("summarization/test.jsonl"));
        List<SummaryExample> drawn = FewShotSampler.draw(SummaryJsonl.read(TestData.path(
                "summarization/train.jsonl")), 3, SEED);
        BiFunction<List<SummaryExample>, SummaryExample, String> prompt = SummaryPrompt::context;
        SummarizationTask task = SummarizationTask.fromFolder("notes", TestData.path("summarization"),
                SummarizationTaskTest.WORD_RECALL, NEW_TOKENS);
        ScriptedModel model = ScriptedModel.generating("small", r -> " x");
        model.maxLength = longest(test, drawn, 1, prompt) + NEW_TOKENS;

        TaskResult r = task.run(model, RunSettings.withShots(3));

        assertEquals(1, r.shotsUsed());
        assertEquals(3, r.shotsAsked());
        for (int i = 0; i < test.size(); i++) {
            String sent = model.generationRequests.get(i).context();
            assertEquals(SummaryPrompt.context(drawn.subList(0, 1), test.get(i)), sent);
            SummaryExample shot = drawn.get(0);
            assertTrue(sent.contains("Note: " + shot.text() + "\nSummary: " + shot.summary().strip() + "\n\n"), sent);
        }

        ScriptedModel tiny = ScriptedModel.generating("tiny", g -> " x");
        tiny.maxLength = longest(test, drawn, 0, prompt) + NEW_TOKENS - 1;
        String message = assertThrows(IllegalArgumentException.class, () -> task.run(tiny, RunSettings.withShots(3)))
                .getMessage();
        assertTrue(message.startsWith("task notes cannot be scored on tiny without cutting prompts: even zero-shot"),
                message);
    }

    @Test
    void multipleChoiceFitsTheContextWithEachAnswer() {
        MmluDataset data = MmluCsv.readFolder(TestData.mmlu());
        int oneShot = 0;
        int twoShot = 0;
        for (String subject : data.subjects()) {
            for (MmluQuestion q : data.test().get(subject)) {
                for (String answer : MmluPrompt.CONTINUATIONS) {
                    oneShot = Math.max(oneShot, tokens.contextTokens(MmluPrompt.context(q,
                            data.devOf(subject).subList(0, 1)) + answer));
                    twoShot = Math.max(twoShot, tokens.contextTokens(MmluPrompt.context(q,
                            data.devOf(subject).subList(0, 2)) + answer));
                }
            }
        }
        assertTrue(twoShot > oneShot);
        ScriptedModel model = ScriptedModel.scoring("small", q -> new LogLikelihood(-1, false, 1));
        model.maxLength = oneShot;

        TaskResult r = MultipleChoiceTask.fromFolder("mmlu", TestData.mmlu()).run(model, RunSettings.withShots(2));

        assertEquals(1, r.shotsUsed());
        assertEquals(0, r.prompts().answerTokens(), "answers are scored, not generated");
        for (LoglikelihoodRequest sent : model.loglikelihoodRequests) {
            assertTrue(tokens.contextTokens(sent.context() + sent.continuation()) <= model.maxLength);
            assertEquals(2, sent.context().split("\nAnswer:", -1).length - 1, "one shot and the question");
        }
        assertTrue(r.prompts().maxTokens() < oneShot, "the lengths are the prompts', without the answers");
    }

    private static Map<String, Double> facts(List<EvalResult> rows) {
        Map<String, Double> facts = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (EvalResult row : rows) {
            boolean fact = PromptDiagnostics.contains(row.metric());
            if (fact) {
                assertEquals(row.value(), row.ciLow());
                assertEquals(row.value(), row.ciHigh());
                facts.put(row.metric(), row.value());
            } else {
                assertTrue(facts.isEmpty(), "metrics come first");
            }
            order.add(row.metric());
        }
        return facts;
    }
}
