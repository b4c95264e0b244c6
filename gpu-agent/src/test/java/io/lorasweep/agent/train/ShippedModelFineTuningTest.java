package io.lorasweep.agent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.lorasweep.agent.DjlTestSupport;
import io.lorasweep.agent.data.LengthBatcher;
import io.lorasweep.agent.data.PromptCompletion;
import io.lorasweep.agent.data.TokenizedExample;
import io.lorasweep.agent.lora.LoraAdapter;
import io.lorasweep.agent.lora.LoraConfig;
import io.lorasweep.agent.model.HfTokenizer;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.agent.quant.Nf4Linear;
import io.lorasweep.agent.eval.DjlLanguageModel;
import io.lorasweep.stats.Bootstrap;
import io.lorasweep.stats.PairedBootstrap;
import io.lorasweep.stats.PairedDifference;
import io.lorasweep.eval.tasks.MetricKey;
import io.lorasweep.eval.tasks.NerTask;
import io.lorasweep.eval.tasks.PromptedExample;
import io.lorasweep.eval.tasks.RunSettings;
import io.lorasweep.eval.tasks.TaskResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The model issue's bar: LoRA r=16 on the shipped model and the NER task's own notes, rendered with the prompt the
 * task scores, lowers the held-out loss well below the base model's, in minutes on a 2-core CPU, and so does the
 * same run over NF4 base weights (QLoRA). Minutes, so it runs in {@code ./lorasweep test --suite training}, not by
 * default.
 */
@Tag("training")
class ShippedModelFineTuningTest {

    static final Path MODEL = Path.of("..", "assets", "models", "tiny-llama");
    static final Path NER = Path.of("..", "assets", "data", "ner");

    @ParameterizedTest(name = "qlora={0}")
    @ValueSource(booleans = {false, true})
    void loraRank16LowersTheHeldOutLossWellBelowTheBaseModels(boolean qlora) {
        try (NDManager manager = DjlTestSupport.engine().newBaseManager();
             LlamaModel model = qlora ? LlamaModel.load(MODEL, manager, Nf4Linear.factory(true, m -> true))
                     : LlamaModel.load(MODEL, manager);
             HfTokenizer tokenizer = HfTokenizer.load(MODEL, model.config().eosTokenIds().get(0))) {
            int context = model.config().maxPositionEmbeddings();
            NerTask task = NerTask.fromFolder("ner", NER, NerTask.DEFAULT_LABELS,
                    new io.lorasweep.eval.metrics.seqeval.SeqevalLabelMetric(), NerTask.DEFAULT_MAX_NEW_TOKENS);
            List<TokenizedExample> train = fitting(task.trainingExamples(), tokenizer, context, 2_000);
            List<TokenizedExample> heldOut = fitting(task.validationExamples(), tokenizer, context, 64);
            LoraAdapter adapter = LoraAdapter.inject(model, LoraConfig.of(16, 32, "all-linear").withSeed(1));
            Trainer trainer = Trainer.forAdapter(adapter, TrainingConfig.defaults(1e-3, 60, 8).withEval(0)
                    .withSchedule(LrSchedule.Kind.COSINE, 0.05));
            double base = trainer.evalLoss(LengthBatcher.batches(heldOut, 8, context, 0, false));
            TrainingResult result = trainer.train(train, heldOut, new TrainingListener() { }, null);
            assertEquals(TrainingResult.Status.COMPLETED, result.status(), result.reason());
            double tuned = trainer.evalLoss(LengthBatcher.batches(heldOut, 8, context, 0, false));
            System.out.printf("qlora=%s: held-out loss per response token %.3f (base model) -> %.3f after 60 steps%n",
                    qlora, base, tuned);
            assertTrue(tuned < 0.5 * base, "qlora=" + qlora + ": held-out loss " + base + " -> " + tuned);
        }
    }

    /**
     * The question, answered on every held-out note: QLoRA r=16 trained on the task's own notes scores a
     * higher NER micro F1 zero-shot than the full-precision base model scores 5-shot, and the paired bootstrap over
     * the notes says the gain is no accident (p < 0.01), for the overall F1 and for every class.
     */
    @Test
    void qloraRaisesNerF1AboveTheBaseModels5ShotOnEveryClass() {
        NerTask task = NerTask.fromFolder("ner", NER, NerTask.DEFAULT_LABELS,
                new io.lorasweep.eval.metrics.seqeval.SeqevalLabelMetric(), NerTask.DEFAULT_MAX_NEW_TOKENS);
        TaskResult base;
        try (NDManager manager = DjlTestSupport.engine().newBaseManager();
             LlamaModel model = LlamaModel.load(MODEL, manager);
             HfTokenizer tokenizer = HfTokenizer.load(MODEL, model.config().eosTokenIds().get(0))) {
            base = task.run(new DjlLanguageModel(model, tokenizer, "base"), RunSettings.withShots(5));
        }
        TaskResult tuned;
        try (NDManager manager = DjlTestSupport.engine().newBaseManager();
             LlamaModel model = LlamaModel.load(MODEL, manager, Nf4Linear.factory(true, m -> true));
             HfTokenizer tokenizer = HfTokenizer.load(MODEL, model.config().eosTokenIds().get(0))) {
            int context = model.config().maxPositionEmbeddings();
            LoraAdapter adapter = LoraAdapter.inject(model, LoraConfig.of(16, 32, "all-linear").withSeed(1));
            Trainer trainer = Trainer.forAdapter(adapter, TrainingConfig.defaults(2e-3, 200, 8).withEval(0)
                    .withSchedule(LrSchedule.Kind.COSINE, 0.05));
            TrainingResult result = trainer.train(fitting(task.trainingExamples(), tokenizer, context, 2_400),
                    List.of(), new TrainingListener() { }, null);
            assertEquals(TrainingResult.Status.COMPLETED, result.status(), result.reason());
            adapter.setTraining(false);
            tuned = task.run(new DjlLanguageModel(model, tokenizer, "qlora-r16"), RunSettings.withShots(0));
        }
        PairedBootstrap test = new PairedBootstrap(Bootstrap.defaults());
        List<MetricKey> keys = new ArrayList<>(List.of(MetricKey.overall("f1")));
        NerTask.DEFAULT_LABELS.forEach(label -> keys.add(MetricKey.of("f1", label)));
        for (MetricKey key : keys) {
            PairedDifference d = tuned.pairedDifference(base, key, test);
            System.out.printf("%s: base 5-shot %.3f, QLoRA r=16 zero-shot %.3f, difference %+.3f [%.3f, %.3f], p %.4f%n",
                    key, d.baseline(), d.candidate(), d.difference(), d.low(), d.high(), d.pValue());
            assertTrue(d.difference() > 0 && d.pValue() < 0.01, key + ": " + d);
        }
    }

    /** The first {@code n} examples that fit the context (the few longer notes are left out, not truncated). */
    private static List<TokenizedExample> fitting(List<PromptedExample> examples, HfTokenizer tokenizer,
                                                  int context, int n) {
        List<TokenizedExample> out = new ArrayList<>();
        for (PromptedExample e : examples) {
            TokenizedExample t = PromptCompletion.tokenize(e.prompt(), e.target(), tokenizer);
            if (t.length() <= context) {
                out.add(t);
            }
            if (out.size() == n) {
                break;
            }
        }
        return out;
    }
}
