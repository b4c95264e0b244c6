package io.lorasweep.agent.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.lorasweep.agent.CharTokenizer;
import io.lorasweep.agent.DjlTestSupport;
import io.lorasweep.agent.model.HfCheckpointWriter;
import io.lorasweep.agent.model.HfTokenizer;
import io.lorasweep.agent.model.LlamaConfig;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.eval.LanguageModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DjlLanguageModelTest {

    static NDManager manager;
    static final LlamaConfig CONFIG = LlamaConfig.of(CharTokenizer.VOCAB, 16, 24, 2, 2, 1, 64, true);

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        manager = DjlTestSupport.engine().newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    /** log p of ids[1..] from one full-context forward pass. */
    static double fullContextLogProb(LlamaModel model, int[] ids) {
        long[] in = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            in[i] = ids[i];
        }
        try (NDScope scope = new NDScope()) {
            float[] lp = model.forward(manager.create(in, new Shape(1, in.length)), null, null).logSoftmax(-1)
                    .toFloatArray();
            double sum = 0;
            for (int i = 0; i + 1 < ids.length; i++) {
                sum += lp[i * CONFIG.vocabSize() + ids[i + 1]];
            }
            return sum;
        }
    }

    @Test
    void rollingLikelihoodCountsEveryTokenOnceAndMatchesAFullPass() {
        try (LlamaModel model = LlamaModel.fromTensors(CONFIG, LlamaModel.randomTensors(CONFIG, 2, 0.3), manager)) {
            CharTokenizer tok = new CharTokenizer();
            String text = "the patient took 5 mg of drug daily.";
            int[] ids = tok.encodeWithSpecialTokens(text);
            LanguageModel full = new DjlLanguageModel(model, tok, "m");
            LanguageModel.RollingLogLikelihood r = full.loglikelihoodRolling(List.of(text)).get(0);
            assertEquals(ids.length - 1, r.tokens());
            assertEquals(fullContextLogProb(model, ids), r.logProb(), 1e-3);
            // a short strided window: every token still predicted once, each with less history
            LanguageModel.RollingLogLikelihood strided = new DjlLanguageModel(model, tok, "m", 8, 4)
                    .loglikelihoodRolling(List.of(text)).get(0);
            assertEquals(ids.length - 1, strided.tokens());
            assertTrue(Double.isFinite(strided.logProb()));
            // with stride = context the windows are disjoint: the sum of independent chunks
            LanguageModel.RollingLogLikelihood disjoint = new DjlLanguageModel(model, tok, "m", 10, 10)
                    .rolling(ids);
            double expected = 0;
            for (int begin = 0; begin < ids.length; begin += 10) {
                int[] chunk = java.util.Arrays.copyOfRange(ids, begin, Math.min(ids.length, begin + 10));
                expected += fullContextLogProb(model, chunk);
            }
            // tokens at a window start have no prediction within a disjoint window: they are skipped
            assertEquals(expected, disjoint.logProb(), 1e-3);
            assertEquals(ids.length - (ids.length + 9) / 10, disjoint.tokens());

            LanguageModel.LogLikelihood ll = full.loglikelihood(List.of(
                    new LanguageModel.LoglikelihoodRequest("the patient took ", "5 mg"))).get(0);
            assertEquals(4, ll.tokens());
            int[] ctx = tok.encodeWithSpecialTokens("the patient took ");
            int[] whole = tok.encodeWithSpecialTokens("the patient took 5 mg");
            assertEquals(fullContextLogProb(model, whole) - fullContextLogProb(model, ctx), ll.logProb(), 1e-3);
        }
    }

    @Test
    void greedyGenerationStopsAtStopStringsAndTheBudget() {
        try (LlamaModel model = LlamaModel.fromTensors(CONFIG, LlamaModel.randomTensors(CONFIG, 4, 0.3), manager)) {
            CharTokenizer tok = new CharTokenizer();
            DjlLanguageModel lm = new DjlLanguageModel(model, tok, "m");
            String free = lm.generateUntil(List.of(new LanguageModel.GenerationRequest("abc", List.of(), 12))).get(0);
            assertTrue(free.length() <= 12);
            if (free.length() > 2) {
                String stop = free.substring(1, 2);
                String cut = lm.generateUntil(List.of(new LanguageModel.GenerationRequest("abc", List.of(stop), 12)))
                        .get(0);
                assertEquals(free.substring(0, free.indexOf(stop)), cut);
            }
        }
    }

    @Test
    void aPromptOrContextThatDoesNotFitIsRefusedNamingTheLengths() {
        try (LlamaModel model = LlamaModel.fromTensors(CONFIG, LlamaModel.randomTensors(CONFIG, 4, 0.3), manager)) {
            CharTokenizer tok = new CharTokenizer();
            DjlLanguageModel lm = new DjlLanguageModel(model, tok, "m");
            String prompt = "abc".repeat(17) + "ab"; // 53 characters, 54 tokens with BOS
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lm.generateUntil(
                    List.of(new LanguageModel.GenerationRequest("abc", List.of(), 4),
                            new LanguageModel.GenerationRequest(prompt, List.of(), 12))));
            assertTrue(e.getMessage().contains("request 1") && e.getMessage().contains("54 tokens")
                    && e.getMessage().contains("max_new_tokens 12") && e.getMessage().contains("64"), e.getMessage());
            // 54 + 10 fits exactly: the whole budget is there, nothing cut
            assertEquals(54, lm.contextTokens(prompt));
            lm.generateUntil(List.of(new LanguageModel.GenerationRequest(prompt, List.of(), 10)));

            // 64 tokens fed (BOS + 63 characters; the 65th, the continuation's last, is only predicted) fit...
            String context = "x".repeat(60);
            assertEquals(3, lm.loglikelihood(List.of(new LanguageModel.LoglikelihoodRequest(context, "abcd")))
                    .get(0).tokens() - 1);
            // ... one more does not
            IllegalArgumentException ll = assertThrows(IllegalArgumentException.class, () -> lm.loglikelihood(
                    List.of(new LanguageModel.LoglikelihoodRequest(context, "abcde"))));
            assertTrue(ll.getMessage().contains("66 tokens") && ll.getMessage().contains("context of 64"),
                    ll.getMessage());
        }
    }

    /** The per-request answer: one forward pass over context and continuation, no batch, no cache. */
    static LanguageModel.LogLikelihood perRequest(LlamaModel model, CharTokenizer tok,
            LanguageModel.LoglikelihoodRequest r) {
        int[] whole = tok.encodeWithSpecialTokens(r.context() + r.continuation());
        int split = Math.min(tok.encodeWithSpecialTokens(r.context()).length, whole.length - 1);
        long[] in = new long[whole.length - 1];
        for (int i = 0; i < in.length; i++) {
            in[i] = whole[i];
        }
        try (NDScope scope = new NDScope()) {
            float[] lp = model.forward(manager.create(in, new Shape(1, in.length)), null, null).logSoftmax(-1)
                    .toFloatArray();
            double sum = 0;
            boolean greedy = true;
            int v = CONFIG.vocabSize();
            for (int i = split - 1; i < in.length; i++) {
                int target = whole[i + 1];
                sum += lp[i * v + target];
                for (int k = 0; k < v; k++) {
                    greedy &= lp[i * v + k] <= lp[i * v + target];
                }
            }
            return new LanguageModel.LogLikelihood(sum, greedy, whole.length - split);
        }
    }

    @Test
    void batchedLoglikelihoodEqualsPerRequestScoring() {
        try (LlamaModel model = LlamaModel.fromTensors(CONFIG, LlamaModel.randomTensors(CONFIG, 6, 0.3), manager)) {
            CharTokenizer tok = new CharTokenizer();
            DjlLanguageModel lm = new DjlLanguageModel(model, tok, "m");
            // multiple choice: three questions after the same shots, one-token answers; plus longer continuations
            String shots = "q: dose x. a: 5 mg\nq: dose y. a: 2\n";
            List<LanguageModel.LoglikelihoodRequest> requests = new ArrayList<>();
            for (String question : new String[] {"q: drug z. a:", "q: the dose of drug w. a:", "q: w. a:"}) {
                for (String letter : new String[] {"a", "b", "c", "d"}) {
                    requests.add(new LanguageModel.LoglikelihoodRequest(shots + question, letter));
                }
            }
            requests.add(new LanguageModel.LoglikelihoodRequest(shots + "q: drug z. a:", " 10 mg"));
            requests.add(new LanguageModel.LoglikelihoodRequest("the patient took ", "5 mg"));
            requests.add(new LanguageModel.LoglikelihoodRequest("ab", "c"));
            // greedy continuations, one and two tokens long, so isGreedy is seen true as well
            for (String context : new String[] {shots + "q: drug z. a:", "the patient took ", "ab"}) {
                String greedy = lm.generateUntil(List.of(new LanguageModel.GenerationRequest(context, List.of(), 2)))
                        .get(0);
                if (!greedy.isEmpty()) {
                    requests.add(new LanguageModel.LoglikelihoodRequest(context, greedy.substring(0, 1)));
                    requests.add(new LanguageModel.LoglikelihoodRequest(context, greedy));
                }
            }
            List<LanguageModel.LogLikelihood> batched = lm.loglikelihood(requests);
            assertEquals(requests.size(), batched.size());
            int greedy = 0;
            for (int i = 0; i < requests.size(); i++) {
                LanguageModel.LogLikelihood expected = perRequest(model, tok, requests.get(i));
                LanguageModel.LogLikelihood alone = lm.loglikelihood(List.of(requests.get(i))).get(0);
                for (LanguageModel.LogLikelihood got : List.of(batched.get(i), alone)) {
                    assertEquals(expected.logProb(), got.logProb(), 1e-4, "request " + i);
                    assertEquals(expected.isGreedy(), got.isGreedy(), "request " + i);
                    assertEquals(expected.tokens(), got.tokens(), "request " + i);
                }
                greedy += expected.isGreedy() ? 1 : 0;
            }
            assertTrue(greedy > 0, "no continuation is greedy: isGreedy is not tested");
        }
    }

    @Test
    void theHfTokenizerNeverTruncatesAndPerplexityRunsOnAModelFolder() throws Exception {
        String json = "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[],"
                + "\"normalizer\":null,\"pre_tokenizer\":{\"type\":\"Whitespace\"},\"post_processor\":null,"
                + "\"decoder\":null,\"model\":{\"type\":\"WordLevel\",\"vocab\":{\"[UNK]\":0,\"hello\":1,"
                + "\"world\":2,\"dose\":3},\"unk_token\":\"[UNK]\"}}";
        Files.writeString(dir.resolve("tokenizer.json"), json);
        LlamaConfig config = LlamaConfig.of(4, 16, 24, 1, 2, 1, 64, true);
        HfCheckpointWriter.write(dir, config, LlamaModel.randomTensors(config, 1, 0.3));
        String text = "hello world dose ".repeat(700);
        try (HfTokenizer tok = HfTokenizer.load(dir, -1)) {
            int[] ids = tok.encodeWithSpecialTokens(text);
            assertEquals(2100, ids.length);
            assertArrayEquals(new int[] {1, 2, 3}, java.util.Arrays.copyOf(ids, 3));
            assertEquals("hello world", tok.decode(new int[] {1, 2}));
        }
        Path textFile = dir.resolve("text.txt");
        Files.writeString(textFile, text);
        PerplexityReport report = PerplexityReport.compute(dir, null, textFile, null);
        assertEquals(2099, report.tokens());
        assertEquals(Math.exp(report.nll() / 2099), report.perplexity(), 1e-9);
        assertTrue(report.toJson().startsWith("{\"tokens\": 2099, \"nll\": "), report.toJson());
    }
}
