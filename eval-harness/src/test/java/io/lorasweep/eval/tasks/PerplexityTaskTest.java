package io.lorasweep.eval.tasks;

import io.lorasweep.eval.LanguageModel.RollingLogLikelihood;
import io.lorasweep.eval.ScriptedModel;
import io.lorasweep.eval.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PerplexityTaskTest {


    @Test
    void paragraphsAreDocumentsAndMetricsAreCorpusLevel() {
        ScriptedModel model = ScriptedModel.rolling("chars",
                t -> new RollingLogLikelihood(-0.5 * (t.length() - 1), t.length() - 1));
        PerplexityTask task = PerplexityTask.fromFile("heldout", TestData.path("heldout.txt"));
        TaskResult r = task.run(model, RunSettings.withShots(5));
        assertEquals(4, SharesCheck.sharesAgree(task, r));
        List<String> docs = List.of("The patient was seen today.\nShe is doing well.", "A second  note\twith tabs.",
                "Third note.");
        assertEquals(docs, model.rollingRequests);
        double tokens = 0;
        double bytes = 0;
        for (String d : docs) {
            tokens += d.length() - 1;
            bytes += d.getBytes(StandardCharsets.UTF_8).length;
        }
        double nll = 0.5 * tokens;
        assertEquals(Math.exp(0.5), r.value("perplexity"), 1e-12);
        assertEquals(Math.exp(nll / (9 + 5 + 2)), r.value("word_perplexity"), 1e-12);
        assertEquals(Math.exp(nll / bytes), r.value("byte_perplexity"), 1e-12);
        assertEquals(nll / bytes / Math.log(2), r.value("bits_per_byte"), 1e-12);
        assertEquals(0, r.shotsUsed());
        assertEquals(null, r.prompts(), "no prompts: shots and prompt lengths do not apply");
    }

    @Test
    void wordsAreCountedAsTheHarnessSplitsThem() {
        assertEquals(2, PerplexityTask.words("a b"));
        assertEquals(3, PerplexityTask.words(" a b"));      // re.split gives a leading ''
        assertEquals(3, PerplexityTask.words("a  \t b "));  // and a trailing ''
        assertEquals(1, PerplexityTask.words(""));
        assertEquals(2, PerplexityTask.words("a\u00A0b"));  // Python's \s includes the no-break space
    }

    @Test
    void jsonlGivesOneDocumentPerLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("held.jsonl");
        Files.writeString(f, "{\"text\": \"first doc\"}\n\n{\"text\": \"second\\n\\ndoc\"}\n");
        ScriptedModel model = ScriptedModel.rolling("m", t -> new RollingLogLikelihood(-1, 1));
        PerplexityTask.fromFile("h", f).run(model, RunSettings.withShots(0));
        assertEquals(List.of("first doc", "second\n\ndoc"), model.rollingRequests);
        Files.writeString(f, "{\"text\": 3}\n");
        assertEquals(f + ", line 1: \"text\" must be a string",
                assertThrows(IllegalArgumentException.class, () -> PerplexityTask.fromFile("h", f)).getMessage());
    }

    @Test
    void impossibleModelAnswersAreRejected() {
        ScriptedModel bad = ScriptedModel.rolling("bad", t -> new RollingLogLikelihood(0.3, 2));
        assertThrows(IllegalStateException.class, () -> PerplexityTask.fromFile("h", TestData.path("heldout.txt"))
                .run(bad, RunSettings.withShots(0)));
    }
}
