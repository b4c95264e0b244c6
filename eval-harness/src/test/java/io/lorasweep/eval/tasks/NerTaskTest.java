package io.lorasweep.eval.tasks;

import io.lorasweep.eval.LanguageModel.GenerationRequest;
import io.lorasweep.eval.ScriptedModel;
import io.lorasweep.eval.TestData;
import io.lorasweep.eval.metrics.SequenceLabelMetric;
import io.lorasweep.eval.tasks.ner.NerExample;
import io.lorasweep.eval.tasks.ner.NerJsonl;
import io.lorasweep.eval.tasks.ner.NerPrompt;
import io.lorasweep.schemas.messages.EvalResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NerTaskTest {

    private static final List<String> LABELS = NerTask.DEFAULT_LABELS;

    /** Stands in for seqeval: share of sentences tagged exactly right, and one per-type key, to check plumbing. */
    static final class ExactSentences implements SequenceLabelMetric {
        final List<List<List<String>>> seen = new ArrayList<>();

        @Override
        public Map<String, Double> score(List<List<String>> yTrue, List<List<String>> yPred) {
            seen.add(yPred);
            double same = 0;
            for (int i = 0; i < yTrue.size(); i++) {
                same += yTrue.get(i).equals(yPred.get(i)) ? 1 : 0;
            }
            return Map.of("f1", same / yTrue.size(), "MEDICATION/f1", 1.0);
        }
    }

    private static String answer(GenerationRequest r) {
        String ctx = r.context();
        if (ctx.endsWith("Text: Aspirin 81 mg daily after angioplasty for coronary artery disease.\nEntities:\n")) {
            return "- medication: aspirin\nDOSAGE: 81mg\nPROCEDURE: angioplasty\nSYMPTOM: chest pain\n"
                    + "CONDITION: coronary artery disease";
        }
        if (ctx.endsWith("Entities:\n") && ctx.contains("Text: Asthma controlled")) {
            return "CONDITION: asthma\nMEDICATION: Albuterol\nMEDICATION: albuterol.";
        }
        return "none";
    }

    private static NerTask task(SequenceLabelMetric seqeval) {
        return NerTask.fromFolder("clinical-ner", TestData.path("ner"), LABELS, seqeval, 64);
    }

    @Test
    void scoresMentionsPerClassAndOverall() {
        ExactSentences seqeval = new ExactSentences();
        NerTask task = task(seqeval);
        TaskResult r = task.run(ScriptedModel.generating("m", NerTaskTest::answer), RunSettings.withShots(2));
        assertEquals(15, SharesCheck.sharesAgree(task, r), "precision, recall and F1 of four classes and overall");
        // MEDICATION tp 2; DOSAGE "81mg" is not "81 mg": fp 1, fn 1; PROCEDURE tp 1; CONDITION tp 2
        assertEquals(1.0, r.estimate(MetricKey.of("f1", "MEDICATION")).value());
        assertEquals(0.0, r.estimate(MetricKey.of("f1", "DOSAGE")).value());
        assertEquals(1.0, r.estimate(MetricKey.of("f1", "CONDITION")).value());
        assertEquals(5.0 / 6, r.value("precision"), 1e-15);
        assertEquals(5.0 / 6, r.value("recall"), 1e-15);
        assertEquals(5.0 / 6, r.value("f1"), 1e-15);
        assertEquals(0.75, r.value("macro_f1"), 1e-15);
        assertEquals(Map.of("support/MEDICATION", 2.0, "support/DOSAGE", 1.0, "support/CONDITION", 2.0,
                "support/PROCEDURE", 1.0, "unknown_type_lines", 1.0, "duplicate_mentions", 1.0, "unparsed_lines", 0.0,
                "unplaced_mentions", 1.0), r.diagnostics());
        EvalResult macro = r.estimate(MetricKey.overall("macro_f1")).toEvalResult("clinical-ner");
        assertEquals("macro_f1", macro.metric());
        assertTrue(macro.ciLow() <= 0.75 && 0.75 <= macro.ciHigh());
    }

    @Test
    void iob2TagsReachTheSequenceMetric() {
        ExactSentences seqeval = new ExactSentences();
        TaskResult r = task(seqeval).run(ScriptedModel.generating("m", NerTaskTest::answer), RunSettings.withShots(0));
        List<List<String>> first = seqeval.seen.get(0);
        assertEquals(List.of("B-MEDICATION", "O", "O", "O", "O", "B-PROCEDURE", "O", "B-CONDITION", "I-CONDITION",
                "I-CONDITION", "O"), first.get(0));
        assertEquals(List.of("B-CONDITION", "O", "O", "O", "B-MEDICATION", "O", "O", "O", "B-MEDICATION", "O", "O"),
                first.get(1));
        // te1 misses the dosage; te2 and te3 are right
        assertEquals(2.0 / 3, r.value("seqeval_f1"), 1e-15);
        assertEquals(1.0, r.estimate(MetricKey.of("seqeval_f1", "MEDICATION")).value());
        assertEquals(1 + 1000, seqeval.seen.size()); // the full set, then one call per resample
    }

    @Test
    void shotsAreASeededDrawFromTheTrainingSplit() {
        ScriptedModel model = ScriptedModel.generating("m", NerTaskTest::answer);
        RunSettings settings = RunSettings.withShots(3);
        task(new ExactSentences()).run(model, settings);
        List<NerExample> train = NerJsonl.read(TestData.path("ner/train.jsonl"), new LinkedHashSet<>(LABELS));
        List<NerExample> test = NerJsonl.read(TestData.path("ner/test.jsonl"), new LinkedHashSet<>(LABELS));
        List<NerExample> shots = FewShotSampler.draw(train, 3, settings.seed());
        String expected = new NerPrompt(LABELS).context(shots, test.get(1));
        GenerationRequest request = model.generationRequests.get(1);
        assertEquals(expected, request.context());
        assertEquals(NerPrompt.STOP, request.stopStrings());
        assertEquals(64, request.maxNewTokens());
        // every test item sees the same shots
        String prefix = expected.substring(0, expected.lastIndexOf("Text: "));
        for (GenerationRequest g : model.generationRequests) {
            assertTrue(g.context().startsWith(prefix));
        }
    }

    @Test
    void fingerprintChangesWithLabelsAndData() {
        NerTask a = task(new ExactSentences());
        NerTask b = NerTask.fromFolder("clinical-ner", TestData.path("ner"), LABELS, new ExactSentences(), 64);
        NerTask c = NerTask.fromFolder("clinical-ner", TestData.path("ner"), LABELS, new ExactSentences(), 32);
        assertEquals(a.fingerprint(), b.fingerprint());
        assertTrue(!a.fingerprint().equals(c.fingerprint()));
    }
}
