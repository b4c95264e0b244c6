package io.lorasweep.eval.tasks;

import io.lorasweep.eval.ScriptedModel;
import io.lorasweep.eval.TestData;
import io.lorasweep.eval.metrics.TextPairMetric;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummarizationTaskTest {

    /** Stands in for ROUGE-1 recall: share of reference words found in the prediction. */
    static final TextPairMetric WORD_RECALL = (reference, prediction) -> {
        Set<String> pred = new HashSet<>(Arrays.asList(prediction.toLowerCase().split("\\W+")));
        String[] ref = reference.toLowerCase().split("\\W+");
        double hit = 0;
        for (String w : ref) {
            hit += pred.contains(w) ? 1 : 0;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("word_recall", hit / ref.length);
        m.put("exact", reference.equals(prediction) ? 1.0 : 0.0);
        return m;
    };

    @Test
    void meanOfTheMetricOverNotesAndTheExactPrompt() {
        ScriptedModel model = ScriptedModel.generating("m", r -> r.context().contains("Migraine")
                ? " Migraine prophylaxis with propranolol.\n" : " Diabetes worse.");
        SummarizationTask task = SummarizationTask.fromFolder("notes", TestData.path("summarization"), WORD_RECALL,
                48);
        TaskResult r = task.run(model, RunSettings.withShots(0));
        assertTrue(SharesCheck.sharesAgree(task, r) >= 1);
        assertEquals("Summarize the clinical note in one line.\n\nNote: Type 2 diabetes with rising HbA1c; "
                + "metformin dose increased.\nSummary:", model.generationRequests.get(0).context());
        assertEquals(List.of("\n"), model.generationRequests.get(0).stopStrings());
        assertEquals(48, model.generationRequests.get(0).maxNewTokens());
        // t1: "diabetes" of diabetes, metformin, increased -> 1/3; t2: all 4 words
        assertEquals((1.0 / 3 + 1.0) / 2, r.value("word_recall"), 1e-15);
        assertEquals(0.5, r.value("exact"));
        assertEquals("Migraine prophylaxis with propranolol.", r.items().get(1).output());
        assertEquals(List.of(MetricKey.overall("word_recall"), MetricKey.overall("exact")), r.keys());
    }

    @Test
    void shotsShowNoteAndSummary() {
        ScriptedModel model = ScriptedModel.generating("m", r -> "x");
        SummarizationTask.fromFolder("notes", TestData.path("summarization"), WORD_RECALL, 48)
                .run(model, RunSettings.withShots(3));
        String ctx = model.generationRequests.get(0).context();
        assertTrue(ctx.startsWith("Summarize the clinical note in one line.\n\nNote: "), ctx);
        assertTrue(ctx.contains("\nSummary: Ankle sprain managed conservatively.\n\nNote: "), ctx);
        assertTrue(ctx.endsWith("\n\nNote: Type 2 diabetes with rising HbA1c; metformin dose increased.\nSummary:"));
    }

    @Test
    void aMetricWhoseKeysChangeIsAnError() {
        TextPairMetric unstable = (ref, pred) -> ref.contains("Migraine") ? Map.of("a", 1.0) : Map.of("b", 1.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                SummarizationTask.fromFolder("notes", TestData.path("summarization"), unstable, 8)
                        .run(ScriptedModel.generating("m", r -> "x"), RunSettings.withShots(0)));
        assertTrue(e.getMessage().contains("same keys"), e.getMessage());
    }
}
