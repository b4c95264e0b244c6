package io.lorasweep.agent.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.lorasweep.agent.CharTokenizer;
import io.lorasweep.agent.DjlTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GeneratorTest {

    static final LlamaConfig CONFIG = LlamaConfig.of(CharTokenizer.VOCAB, 32, 48, 2, 4, 2, 96, false);
    static NDManager manager;
    static LlamaModel model;

    @BeforeAll
    static void start() {
        manager = DjlTestSupport.engine().newBaseManager();
        model = LlamaModel.fromTensors(CONFIG, LlamaModel.randomTensors(CONFIG, 17, 0.3), manager);
    }

    @AfterAll
    static void stop() {
        model.close();
        manager.close();
    }

    /** The plainest greedy decoding: the whole sequence through the model at every step, no cache, no batch. */
    static Generator.Continuation oneByOne(TextTokenizer tok, Generator.Request r) {
        List<Integer> sequence = new ArrayList<>();
        for (int id : r.promptIds()) {
            sequence.add(id);
        }
        List<Integer> generated = new ArrayList<>();
        String text = "";
        for (int step = 0; step < r.maxNewTokens(); step++) {
            int next;
            try (NDScope scope = new NDScope()) {
                long[] ids = sequence.stream().mapToLong(Integer::longValue).toArray();
                NDArray logits = model.forward(manager.create(ids, new Shape(1, ids.length)), null, null);
                next = Generator.argmax(logits.get("0, -1, :").toFloatArray());
            }
            if (next == tok.eosId()) {
                break;
            }
            generated.add(next);
            sequence.add(next);
            text = tok.decode(generated.stream().mapToInt(Integer::intValue).toArray());
            int cut = Generator.firstStop(text, r.stopStrings());
            if (cut >= 0) {
                text = text.substring(0, cut);
                break;
            }
        }
        return new Generator.Continuation(text, generated.stream().mapToInt(Integer::intValue).toArray());
    }

    static String randomText(Random random, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(CharTokenizer.ALPHABET.charAt(random.nextInt(CharTokenizer.ALPHABET.length())));
        }
        return s.toString();
    }

    /**
     * Requests over {@code prompts} with a different budget and stop string per row, the stops taken from each
     * prompt's free continuation so that most of them cut it.
     */
    static List<Generator.Request> requestsWithStops(TextTokenizer tok, List<String> prompts) {
        List<Generator.Request> out = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            int[] ids = tok.encodeWithSpecialTokens(prompts.get(i));
            String free = oneByOne(tok, new Generator.Request(ids, List.of(), 24)).text();
            List<String> stops = new ArrayList<>();
            if (i % 3 != 2 && free.length() > 4) {
                int at = 1 + i % 3;
                stops.add(free.substring(at, at + 1 + i % 2));
                stops.add("zz#");
            }
            out.add(new Generator.Request(ids, stops, 6 + 3 * i));
        }
        return out;
    }

    static void assertSameAsOneByOne(TextTokenizer tok, List<Generator.Request> requests, Generator generator) {
        List<Generator.Continuation> batched = generator.greedy(requests);
        assertEquals(requests.size(), batched.size());
        int cut = 0;
        for (int i = 0; i < requests.size(); i++) {
            Generator.Continuation expected = oneByOne(tok, requests.get(i));
            assertArrayEquals(expected.tokenIds(), batched.get(i).tokenIds(), "tokens of request " + i);
            assertEquals(expected.text(), batched.get(i).text(), "text of request " + i);
            if (expected.tokenIds().length < requests.get(i).maxNewTokens()) {
                cut++;
            }
        }
        assertTrue(cut >= 2, "only " + cut + " rows ended before their budget: the test would not drop rows");
    }

    /** Eight random prompts of 1 to 40 characters, sharing no prefix. */
    static List<String> promptsOfDifferentLengths() {
        Random random = new Random(3);
        List<String> prompts = new ArrayList<>();
        for (int len : new int[] {3, 17, 9, 30, 1, 22, 12, 40}) {
            prompts.add(randomText(random, len));
        }
        return prompts;
    }

    @Test
    void batchedGenerationEqualsOneByOneGreedyForPromptsOfDifferentLengths() {
        CharTokenizer tok = new CharTokenizer();
        List<Generator.Request> requests = requestsWithStops(tok, promptsOfDifferentLengths());
        assertEquals(0, PromptBatch.of(requests.stream().map(Generator.Request::promptIds).toList(), 1, 16)
                .prefixLength(), "these prompts share no prefix");
        // several batches (sorted by length, answers back in request order), and one batch of all
        assertSameAsOneByOne(tok, requests, new Generator(model, tok, 3, 16));
        assertSameAsOneByOne(tok, requests, new Generator(model, tok, 32, 16));
    }

    @Test
    void inF16BatchedGenerationWithLeftPaddingAndTheKvCacheAgreesWithOneByOneAndWithF32() {
        CharTokenizer tok = new CharTokenizer();
        List<Generator.Request> requests = requestsWithStops(tok, promptsOfDifferentLengths());
        try (LlamaModel half = LlamaModel.fromTensors(CONFIG, LlamaModel.randomTensors(CONFIG, 17, 0.3), manager,
                LinearFactory.dense(), Precision.F16)) {
            List<Generator.Continuation> f16 = new Generator(half, tok, 32, 16).greedy(requests);
            List<Generator.Continuation> f32 = new Generator(model, tok, 32, 16).greedy(requests);
            int same = 0;
            int total = 0;
            for (int i = 0; i < requests.size(); i++) {
                Generator.Continuation alone = new Generator(half, tok, 1, 16).greedy(List.of(requests.get(i)))
                        .get(0);
                assertArrayEquals(alone.tokenIds(), f16.get(i).tokenIds(), "f16, padded in a batch or alone, "
                        + "request " + i);
                int[] a = f16.get(i).tokenIds();
                int[] b = f32.get(i).tokenIds();
                for (int t = 0; t < Math.min(a.length, b.length) && a[t] == b[t]; t++) {
                    same++;
                }
                total += b.length;
            }
            // random weights give small argmax margins, which f16's rounding may flip; most tokens must agree
            assertTrue(same >= 0.7 * total, same + " of " + total + " tokens agree with f32 before the first flip");
        }
    }

    @Test
    void aSharedPromptPrefixIsComputedOnceAndChangesNothing() {
        CharTokenizer tok = new CharTokenizer();
        Random random = new Random(5);
        String shared = "extract entities: medication, dosage.\ntext: ";
        List<String> prompts = new ArrayList<>();
        for (int len : new int[] {5, 14, 2, 25, 9, 18}) {
            prompts.add(shared + randomText(random, len));
        }
        List<Generator.Request> requests = requestsWithStops(tok, prompts);
        PromptBatch batch = PromptBatch.of(requests.stream().map(Generator.Request::promptIds).toList(), 1, 16);
        assertEquals(tok.encodeWithSpecialTokens(shared).length, batch.prefixLength());
        assertSameAsOneByOne(tok, requests, new Generator(model, tok, 32, 16));
        assertSameAsOneByOne(tok, requests, new Generator(model, tok, 4, 16));
    }

    @Test
    void aRowEndsAtEos() {
        CharTokenizer chars = new CharTokenizer();
        Random random = new Random(9);
        List<String> prompts = new ArrayList<>();
        for (int len : new int[] {4, 11, 7, 19}) {
            prompts.add(randomText(random, len));
        }
        // a token of the first prompt's free continuation, new at its place (third or later), plays EOS
        int[] free = oneByOne(chars, new Generator.Request(chars.encodeWithSpecialTokens(prompts.get(0)), List.of(),
                12)).tokenIds();
        int at = 2;
        while (at < free.length && seenBefore(free, at)) {
            at++;
        }
        assertTrue(at < free.length, "no new token in " + java.util.Arrays.toString(free));
        int eosAt = at;
        int eos = free[at];
        TextTokenizer tok = new TextTokenizer() {
            @Override
            public int[] encode(String text) {
                return chars.encode(text);
            }

            @Override
            public int[] encodeWithSpecialTokens(String text) {
                return chars.encodeWithSpecialTokens(text);
            }

            @Override
            public String decode(int[] ids) {
                return chars.decode(ids);
            }

            @Override
            public int eosId() {
                return eos;
            }
        };
        List<Generator.Request> requests = new ArrayList<>();
        for (String p : prompts) {
            requests.add(new Generator.Request(tok.encodeWithSpecialTokens(p), List.of(), 12));
        }
        List<Generator.Continuation> batched = new Generator(model, tok).greedy(requests);
        assertEquals(eosAt, batched.get(0).tokenIds().length, "the first row stops before the token taken as EOS");
        for (int i = 0; i < requests.size(); i++) {
            Generator.Continuation expected = oneByOne(tok, requests.get(i));
            assertArrayEquals(expected.tokenIds(), batched.get(i).tokenIds(), "tokens of request " + i);
        }
    }

    static boolean seenBefore(int[] tokens, int at) {
        for (int i = 0; i < at; i++) {
            if (tokens[i] == tokens[at]) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aPromptThatDoesNotLeaveRoomForItsBudgetIsRefusedNotCut() {
        CharTokenizer tok = new CharTokenizer();
        int[] prompt = tok.encodeWithSpecialTokens("a".repeat(80)); // 81 tokens
        Generator generator = new Generator(model, tok);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> generator.greedy(List.of(
                new Generator.Request(new int[] {5, 6}, List.of(), 4),
                new Generator.Request(prompt, List.of(), 16))));
        assertTrue(e.getMessage().contains("81 tokens") && e.getMessage().contains("max_new_tokens 16")
                && e.getMessage().contains("96"), e.getMessage());
        // exactly full is fine
        assertEquals(15, generator.greedy(List.of(new Generator.Request(prompt, List.of(), 15))).get(0)
                .tokenIds().length);
    }

    @Test
    void paddedRowsWithASharedPrefixGetTheHiddenStatesOfTheRowAlone() {
        List<int[]> rows = List.of(
                new int[] {2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 30, 31},
                new int[] {2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 40, 41, 42, 43, 44, 3},
                new int[] {2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 22});
        PromptBatch batch = PromptBatch.of(rows, 2, 16);
        assertEquals(16, batch.prefixLength(), "the common prefix stops two tokens short of the shortest row");
        assertEquals(List.of(4, 0, 6), List.of(batch.padding(0), batch.padding(1), batch.padding(2)));
        try (KvCache cache = new KvCache(CONFIG.numHiddenLayers()); NDScope scope = new NDScope()) {
            float[] batched = batch.run(model, cache, 2).toFloatArray();
            assertEquals(16 + 8, cache.length());
            int h = CONFIG.hiddenSize();
            for (int r = 0; r < rows.size(); r++) {
                int[] row = rows.get(r);
                long[] ids = java.util.Arrays.stream(row).asLongStream().toArray();
                float[] alone = model.hiddenStates(manager.create(ids, new Shape(1, ids.length)), null, null)
                        .get(":, -2:, :").toFloatArray();
                for (int i = 0; i < 2 * h; i++) {
                    assertEquals(alone[i], batched[r * 2 * h + i], 1e-5, "row " + r + " value " + i);
                }
            }
        }
    }

    @Test
    void batchesAreCutSoThatAPaddedPassStaysWithinItsTokenBudget() {
        List<int[]> rows = new ArrayList<>();
        for (int len : new int[] {10, 10, 12, 12, 20, 20}) {
            rows.add(new int[len]);
        }
        // identical zeros share all of the shorter row: widths stay small, so rows are limited by count only
        assertEquals(List.of(4, 6), PromptBatch.plan(rows, 4, 1000, 8));
        List<int[]> distinct = new ArrayList<>();
        for (int len : new int[] {10, 10, 12, 12, 20, 20}) {
            int[] row = new int[len];
            row[0] = len * 100 + distinct.size();
            distinct.add(row);
        }
        // nothing shared: three rows of up to 12 fit 40 tokens, a fourth does not; then 12 and 20 (2 x 20); then 20
        assertEquals(List.of(3, 5, 6), PromptBatch.plan(distinct, 8, 40, 8));
    }
}
