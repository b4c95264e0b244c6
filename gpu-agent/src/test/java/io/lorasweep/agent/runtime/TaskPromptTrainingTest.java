package io.lorasweep.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.agent.model.ComputeDevice;
import io.lorasweep.agent.data.ChatMessage;
import io.lorasweep.agent.data.InstructionExample;
import io.lorasweep.agent.data.PromptTemplate;
import io.lorasweep.agent.data.TokenizedExample;
import io.lorasweep.agent.model.HfTokenizer;
import io.lorasweep.agent.model.LlamaConfig;
import io.lorasweep.eval.LanguageModel;
import io.lorasweep.eval.tasks.RunSettings;
import io.lorasweep.eval.tasks.Task;
import io.lorasweep.eval.tasks.TaskConfig;
import io.lorasweep.eval.tasks.TaskRegistry;
import io.lorasweep.schemas.messages.TrialAssignment;
import io.lorasweep.schemas.spec.Dataset;
import io.lorasweep.schemas.spec.EvalTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One prompt per task: the token ids a trial trains on for a document (its prompt part, the ids without loss) are
 * the ids of the zero-shot prompt the task scores for that document, as the model receives them, BOS where the
 * shipped tokenizer's config puts it; then the target the task parses, and EOS. The task's documents are made the
 * test items of a task over the same notes, so what it sends for them can be recorded and compared.
 */
class TaskPromptTrainingTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path MODEL = ROOT.resolve("assets/models/tiny-llama");
    private static final int NOTES = 12;

    private static HfTokenizer tokenizer;
    private static int bos;

    @BeforeAll
    static void shippedTokenizer() {
        LlamaConfig config = LlamaConfig.read(MODEL.resolve("config.json"));
        tokenizer = HfTokenizer.load(MODEL, config.eosTokenIds().get(0));
        int[] withSpecial = tokenizer.encodeWithSpecialTokens("Text:");
        int[] plain = tokenizer.encode("Text:");
        assertEquals(plain.length + 1, withSpecial.length, "the shipped tokenizer adds one special token, BOS");
        bos = withSpecial[0];
        assertArrayEquals(plain, Arrays.copyOfRange(withSpecial, 1, withSpecial.length));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    /** Records what a task sends, as the agent's model would encode it; answers nothing. */
    private static final class Recorder implements LanguageModel {
        final List<String> prompts = new ArrayList<>();

        @Override
        public List<LogLikelihood> loglikelihood(List<LoglikelihoodRequest> requests) {
            throw new UnsupportedOperationException("the generative tasks under test never score continuations");
        }

        @Override
        public List<RollingLogLikelihood> loglikelihoodRolling(List<String> texts) {
            throw new UnsupportedOperationException("the generative tasks under test never score whole texts");
        }

        @Override
        public List<String> generateUntil(List<GenerationRequest> requests) {
            requests.forEach(r -> prompts.add(r.context()));
            return requests.stream().map(r -> "none").toList();
        }

        @Override
        public String name() {
            return "recorder";
        }

        @Override
        public int maxLength() {
            return Integer.MAX_VALUE; // the fit is not what this test is about
        }

        @Override
        public int contextTokens(String context) {
            return tokenizer.encodeWithSpecialTokens(context).length;
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ner", "summarization"})
    void thePromptPartOfEveryTrainingExampleIsTheZeroShotPromptTheTaskScores(String type, @TempDir Path dir)
            throws IOException {
        // a task whose training notes are also its test notes: what it scores for them is recorded
        Path data = Files.createDirectories(dir.resolve("data"));
        List<String> notes;
        try (Stream<String> lines = Files.lines(ROOT.resolve("assets/data/" + type + "/train.jsonl"))) {
            notes = lines.limit(NOTES).toList();
        }
        Files.write(data.resolve("train.jsonl"), notes, StandardCharsets.UTF_8);
        Files.write(data.resolve("test.jsonl"), notes, StandardCharsets.UTF_8);
        EvalTask spec = new EvalTask(type + "-task", EvalTask.Type.valueOf(type.toUpperCase()), "data", null,
                List.of(), null);
        TrialAssignment a = new TrialAssignment("s", 0, 1, "lease", Map.of(), "model", Dataset.ofTask(spec.name()),
                List.of(spec), 0, 1000, "eval_loss");
        List<Task> tasks = List.of(TaskRegistry.standard().create(TaskConfig.fromSpec(spec, dir)));

        TrainingSplits splits = TrainingSplits.of(a, tasks, dir);
        List<TokenizedExample> train = splits.train().apply(tokenizer);
        List<TokenizedExample> eval = splits.eval().apply(tokenizer);
        Recorder scored = new Recorder();
        tasks.get(0).run(scored, RunSettings.withShots(0));

        assertEquals(NOTES, train.size());
        assertEquals(NOTES, scored.prompts.size());
        for (int i = 0; i < NOTES; i++) {
            int[] promptIds = tokenizer.encodeWithSpecialTokens(scored.prompts.get(i));
            for (TokenizedExample example : List.of(train.get(i), eval.get(i))) {
                int cut = promptPart(example);
                assertArrayEquals(promptIds, Arrays.copyOfRange(example.ids(), 0, cut), type + " note " + i);
                assertEquals(bos, example.ids()[0], "BOS opens the prompt, as the tokenizer's config says");
                assertEquals(1, Arrays.stream(example.ids()).filter(id -> id == bos).count(), "and only there");
                assertEquals(tokenizer.eosId(), example.ids()[example.length() - 1], "the target ends with EOS");
                for (int t = cut; t < example.length(); t++) {
                    assertTrue(example.target()[t], "every token after the prompt is learnt");
                }
                String target = tokenizer.decode(Arrays.copyOfRange(example.ids(), cut, example.length() - 1));
                assertFalse(target.isBlank(), "a target to learn");
            }
        }
    }

    /**
     * A task that could not score the model without cutting a prompt fails the trial as invalid before it trains:
     * every attempt would fail the same way, after paying for the training.
     */
    @Test
    void aTaskWhosePromptsCannotFitFailsTheTrialBeforeItTrains(@TempDir Path root) throws IOException {
        TinyWorld.write(root); // a 128-token context; summarisation keeps 64 of them for the answer
        Path notes = Files.createDirectories(root.resolve("data/notes"));
        Files.writeString(notes.resolve("train.jsonl"), "{\"id\": \"s1\", \"text\": \"one two\", \"summary\": "
                + "\"one\"}\n");
        Files.writeString(notes.resolve("test.jsonl"), "{\"id\": \"long\", \"text\": \"" + "one two ".repeat(40)
                + "\", \"summary\": \"one\"}\n");
        EvalTask task = new EvalTask("notes", EvalTask.Type.SUMMARIZATION, "data/notes", null, List.of(), null);
        Map<String, Object> params = Map.of("rank", 2, "target_modules", List.of("q_proj", "v_proj"),
                "max_steps", 1, "batch_size", 1);
        TrialAssignment a = new TrialAssignment("s", 0, 1, "lease", params, "model", Dataset.ofTask("notes"),
                List.of(task), 0, 1000, "eval_loss");
        List<Object> emitted = new ArrayList<>();
        TrialRunner runner = new TrialRunner(root, root.resolve("artifacts"), ComputeDevice.CPU, emitted::add, () -> null);

        InvalidTrialException e = assertThrows(InvalidTrialException.class, () -> runner.run(a));

        assertTrue(e.getMessage().startsWith("the eval tasks: task notes cannot be scored on model without cutting "
                + "prompts: even zero-shot, item 'long' needs "), e.getMessage());
        assertTrue(emitted.stream().noneMatch(m -> m instanceof ChildMessages.Metrics metrics && metrics.points()
                .stream().anyMatch(p -> p.name().equals("train_loss"))), "it never trained: " + emitted);
    }

    /** The ids before the first learnt one: the prompt. */
    private static int promptPart(TokenizedExample example) {
        int cut = 0;
        while (!example.target()[cut]) {
            cut++;
        }
        for (int t = cut; t < example.length(); t++) {
            assertTrue(example.target()[t], "the loss mask is one prompt then one target");
        }
        return cut;
    }

    @Test
    void instructionAndChatExamplesStartWithBosToo() {
        InstructionExample instruction = InstructionExample.instruction("List the drugs.", "Aspirin daily.",
                "MEDICATION: Aspirin");
        for (PromptTemplate template : List.of(PromptTemplate.ALPACA,
                PromptTemplate.of("Task: {instruction}\nText: {input}\nEntities:\n"))) {
            TokenizedExample t = template.tokenize(instruction, tokenizer);
            int cut = promptPart(t);
            assertArrayEquals(tokenizer.encodeWithSpecialTokens(template.prompt(instruction)),
                    Arrays.copyOfRange(t.ids(), 0, cut));
            assertArrayEquals(tokenizer.encode("MEDICATION: Aspirin"), Arrays.copyOfRange(t.ids(), cut,
                    t.length() - 1));
        }
        TokenizedExample chat = PromptTemplate.ALPACA.tokenize(InstructionExample.chat(List.of(
                new ChatMessage("user", "Which drug?"), new ChatMessage("assistant", "Aspirin"))), tokenizer);
        assertEquals(bos, chat.ids()[0]);
        assertEquals(1, Arrays.stream(chat.ids()).filter(id -> id == bos).count());
    }
}
