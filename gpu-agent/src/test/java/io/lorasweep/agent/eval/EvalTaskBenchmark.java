package io.lorasweep.agent.eval;

import ai.djl.ndarray.NDManager;
import io.lorasweep.agent.DjlTestSupport;
import io.lorasweep.agent.model.HfTokenizer;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.agent.model.TextTokenizer;
import io.lorasweep.eval.LanguageModel;
import io.lorasweep.eval.tasks.RunSettings;
import io.lorasweep.eval.tasks.Task;
import io.lorasweep.eval.tasks.TaskConfig;
import io.lorasweep.eval.tasks.TaskRegistry;
import io.lorasweep.eval.tasks.TaskResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Wall time of whole task evaluations through the harness as {@code ./lorasweep eval} runs them (the model folder
 * and adapter opened by {@link EvalModel}, the task from the registry, requests handed over 16 at a time):
 * zero-shot NER on every held-out note, and the MMLU layout with the most shots up to {@code bench.mmluShots} (5
 * unless set) whose contexts all fit (some 5-shot contexts are longer than the shipped model's 256 tokens).
 * Command (one OpenMP thread):
 * {@code OMP_NUM_THREADS=1 mvn -o -q -pl gpu-agent -am test -Dlorasweep.excludedGroups= -Dgroups=benchmark
 * -Dtest=EvalTaskBenchmark -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.adapter=DIR] [-Dbench.worstCase=true]}.
 *
 * <p>A NER prompt whose tokens and the task's 128 new tokens do not fit the context is given the room that is left
 * (what a task that fits its prompts can do for a zero-shot prompt, which has no shots to drop); the count is
 * printed. With {@code bench.worstCase} the base model generates every note's whole budget (no EOS, no stop
 * string): the most decoding an adapter could ask for.
 */
@Tag("benchmark")
class EvalTaskBenchmark {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path MODEL = ROOT.resolve(System.getProperty("bench.model", "assets/models/tiny-llama"));

    @Test
    void nerZeroShotOnEveryHeldOutNote() {
        String adapter = System.getProperty("bench.adapter");
        boolean worstCase = Boolean.getBoolean("bench.worstCase");
        DjlTestSupport.engine();
        Task task = TaskRegistry.standard().create(new TaskConfig("ner", "ner", ROOT.resolve("assets/data/ner"),
                List.of(), Map.of()));
        if (worstCase) {
            try (NDManager manager = NDManager.newBaseManager();
                    LlamaModel model = LlamaModel.load(MODEL, manager);
                    HfTokenizer tokenizer = HfTokenizer.load(MODEL, -1)) {
                run(task, 0, new FittedModel(new DjlLanguageModel(model, neverEnding(tokenizer), "base, no EOS"),
                        true), "ner worst case (no EOS, no stop)");
            }
            return;
        }
        try (EvalModel model = EvalModel.open(MODEL, adapter == null ? null : ROOT.resolve(adapter), null)) {
            run(task, 0, new FittedModel(model.languageModel(), false), "ner");
        }
    }

    @Test
    void mmluLayoutFewShot() {
        DjlTestSupport.engine();
        Task task = TaskRegistry.standard().create(new TaskConfig("mmlu", "mmlu", ROOT.resolve("assets/data/mmlu"),
                List.of(), Map.of()));
        try (EvalModel model = EvalModel.open(MODEL, null, null)) {
            // the most shots, up to the asked number, whose contexts all fit: the model refuses the others
            for (int shots = Integer.getInteger("bench.mmluShots", 5); shots >= 0; shots--) {
                try {
                    run(task, shots, model.languageModel(), "mmlu");
                    return;
                } catch (IllegalArgumentException e) {
                    System.out.println("BENCH eval mmlu " + shots + "-shot refused: " + e.getMessage());
                }
            }
        }
    }

    private static void run(Task task, int shots, LanguageModel model, String what) {
        long start = System.nanoTime();
        TaskResult result = task.run(model, RunSettings.withShots(shots));
        double seconds = (System.nanoTime() - start) / 1e9;
        String fitted = model instanceof FittedModel f ? ", " + f.shortened + " budgets shortened to fit" : "";
        System.out.printf(Locale.ROOT, "BENCH eval %s %d-shot: %d items in %.1f s (%.1f items/s)%s; %s%n", what, shots,
                result.items().size(), seconds, result.items().size() / seconds, fitted,
                result.metrics().subList(0, Math.min(3, result.metrics().size())));
    }

    /** The tokenizer with no EOS, so a row runs to its budget. */
    private static TextTokenizer neverEnding(TextTokenizer tokenizer) {
        return new TextTokenizer() {
            @Override
            public int[] encode(String text) {
                return tokenizer.encode(text);
            }

            @Override
            public int[] encodeWithSpecialTokens(String text) {
                return tokenizer.encodeWithSpecialTokens(text);
            }

            @Override
            public String decode(int[] ids) {
                return tokenizer.decode(ids);
            }

            @Override
            public int eosId() {
                return -1;
            }
        };
    }

    /** Gives a generation request whose prompt and budget do not fit the room that is left; optionally no stops. */
    private static final class FittedModel implements LanguageModel {
        private final LanguageModel model;
        private final boolean dropStops;
        private int shortened;

        FittedModel(LanguageModel model, boolean dropStops) {
            this.model = model;
            this.dropStops = dropStops;
        }

        @Override
        public List<String> generateUntil(List<GenerationRequest> requests) {
            List<GenerationRequest> fitted = new ArrayList<>();
            for (GenerationRequest r : requests) {
                int room = model.maxLength() - model.contextTokens(r.context());
                if (room < r.maxNewTokens()) {
                    shortened++;
                }
                fitted.add(new GenerationRequest(r.context(), dropStops ? List.of() : r.stopStrings(),
                        Math.min(r.maxNewTokens(), room)));
            }
            return model.generateUntil(fitted);
        }

        @Override
        public List<LogLikelihood> loglikelihood(List<LoglikelihoodRequest> requests) {
            return model.loglikelihood(requests);
        }

        @Override
        public List<RollingLogLikelihood> loglikelihoodRolling(List<String> texts) {
            return model.loglikelihoodRolling(texts);
        }

        @Override
        public String name() {
            return model.name();
        }

        @Override
        public int maxLength() {
            return model.maxLength();
        }

        @Override
        public int contextTokens(String context) {
            return model.contextTokens(context);
        }
    }
}
