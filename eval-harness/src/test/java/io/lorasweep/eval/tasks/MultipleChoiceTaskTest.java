package io.lorasweep.eval.tasks;

import io.lorasweep.eval.LanguageModel.LogLikelihood;
import io.lorasweep.eval.LanguageModel.LoglikelihoodRequest;
import io.lorasweep.eval.ScriptedModel;
import io.lorasweep.stats.Bootstrap;
import io.lorasweep.stats.PairedBootstrap;
import io.lorasweep.stats.PairedDifference;
import io.lorasweep.eval.TestData;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultipleChoiceTaskTest {

    // the test questions' answers, found by the start of the question being asked
    private static final Map<String, String> ANSWERS = Map.of(
            "How many chambers", "C", "Which of the following is a bone", "B",
            "What is the basic unit", "B", "Photosynthesis", "C", "Which base pairs", "D");

    /** Knows anatomy; in biology always picks A. */
    static ScriptedModel student() {
        return ScriptedModel.scoring("student", MultipleChoiceTaskTest::score);
    }

    private static LogLikelihood score(LoglikelihoodRequest r) {
        String ctx = r.context();
        String asked = ctx.substring(ctx.lastIndexOf("\n\n") + 2);
        String letter = ctx.contains("about anatomy") ? ANSWERS.entrySet().stream()
                .filter(e -> asked.startsWith(e.getKey())).findFirst().orElseThrow().getValue() : "A";
        boolean chosen = r.continuation().equals(" " + letter);
        return new LogLikelihood(chosen ? -0.5 : -2.0, chosen, 1);
    }

    private static MultipleChoiceTask task() {
        return MultipleChoiceTask.fromFolder("mmlu", TestData.mmlu());
    }

    @Test
    void perSubjectMicroAndMacroAccuracy() {
        MultipleChoiceTask task = task();
        TaskResult r = task.run(student(), RunSettings.withShots(2));
        assertEquals(5, r.items().size());
        assertEquals(4, SharesCheck.sharesAgree(task, r), "acc, acc_norm and two subjects");
        // anatomy 2 of 2; biology 0 of 3 (it always picks A, never the answer)
        assertEquals(2.0 / 5, r.value("acc"), 1e-15);
        assertEquals(r.value("acc"), r.value("acc_norm"), 0.0);
        assertEquals(1.0, r.estimate(MetricKey.of("acc", "anatomy")).value());
        assertEquals(0.0, r.estimate(MetricKey.of("acc", "high_school_biology")).value());
        assertEquals(0.5, r.value("acc_macro"), 1e-15);
        assertEquals("anatomy/1", r.items().get(1).id());
        assertEquals("B", r.items().get(1).output());
        assertEquals(2, r.shotsUsed());
        assertEquals(2, r.shotsAsked());
        assertEquals("student", r.model());
    }

    @Test
    void requestsAreTheHarnessPromptsAndContinuations() {
        ScriptedModel model = student();
        task().run(model, RunSettings.withShots(1));
        assertEquals(5 * 4, model.loglikelihoodRequests.size());
        LoglikelihoodRequest first = model.loglikelihoodRequests.get(0);
        assertEquals("The following are multiple choice questions (with answers) about anatomy.\n\n"
                + "What is the largest organ of the human body?\nA. Liver\nB. Skin\nC. Heart\nD. Brain\nAnswer: B\n\n"
                + "How many chambers does the human heart have?\nA. Two\nB. Three\nC. Four\nD. Five\nAnswer:",
                first.context());
        assertEquals(" A", first.continuation());
        assertEquals(" D", model.loglikelihoodRequests.get(3).continuation());
        assertTrue(model.loglikelihoodRequests.get(8).context().startsWith(
                "The following are multiple choice questions (with answers) about high school biology.\n\n"
                        + "Which molecule carries genetic information?\nA. DNA\nB. ATP\nC. Glucose\nD. Lipid\n"
                        + "Answer: A\n\nWhat is the basic unit of life?"));
    }

    @Test
    void requestsAreBatched() {
        ScriptedModel model = student();
        task().run(model, new RunSettings(0, 1, 6, Bootstrap.defaults()));
        assertEquals(4, model.calls); // 20 requests, 6 at a time
    }

    @Test
    void moreShotsThanDevQuestionsIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> task().run(student(), RunSettings.withShots(3)));
        assertEquals("subject high_school_biology has 2 dev questions, fewer than the 3 shots asked for",
                e.getMessage());
    }

    @Test
    void pairedAgainstAWorseModel() {
        TaskResult good = task().run(student(), RunSettings.withShots(0));
        ScriptedModel alwaysA = ScriptedModel.scoring("always-a",
                r -> new LogLikelihood(r.continuation().equals(" A") ? -0.1 : -3, false, 1));
        TaskResult bad = task().run(alwaysA, RunSettings.withShots(0));
        assertEquals(0.0, bad.value("acc"));
        PairedDifference d = good.pairedDifference(bad, MetricKey.overall("acc"),
                new PairedBootstrap(Bootstrap.defaults()));
        assertEquals(0.4, d.difference(), 1e-15);
        // it wins 2 items and ties 3; a resample misses both wins with probability (3/5)^5 ~ 8%, so with five
        // questions the gain is real but not significant
        assertEquals(0.0, d.low());
        assertTrue(d.pValue() > 0.05 && d.pValue() < 0.3, "p=" + d.pValue());
    }

    @Test
    void fingerprintFollowsTheData() {
        assertEquals(task().fingerprint(), task().fingerprint());
        assertEquals(64, task().fingerprint().length());
    }
}
