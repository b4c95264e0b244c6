package io.lorasweep.agent.eval;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lorasweep.agent.DjlTestSupport;
import io.lorasweep.agent.model.Generator;
import io.lorasweep.agent.model.HfTokenizer;
import io.lorasweep.agent.model.LlamaConfig;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.eval.tasks.FewShotSampler;
import io.lorasweep.eval.tasks.NerTask;
import io.lorasweep.eval.tasks.RunSettings;
import io.lorasweep.eval.tasks.ner.NerExample;
import io.lorasweep.eval.tasks.ner.NerJsonl;
import io.lorasweep.eval.tasks.ner.NerPrompt;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Greedy generation throughput on the shipped model: zero-shot NER prompts of the held-out notes (those whose prompt
 * and budget fit the context, in file order), generated in batches and one at a time, after a warm-up. Prints one
 * {@code BENCH} line per run and, with {@code -Dbench.out=FILE}, the JSON that
 * {@code gpu-agent/tools/generation_vs_pytorch.py} compares with PyTorch (prompt ids, settings, and per run the
 * generated ids, seconds and tokens/s). Timed runs follow at least {@code bench.warmupSeconds} (15) of untimed
 * ones. Command (one OpenMP thread):
 * {@code OMP_NUM_THREADS=1 mvn -o -q -pl gpu-agent -am test -Dlorasweep.excludedGroups= -Dgroups=benchmark
 * -Dtest=GenerationBenchmark -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.prompts=32] [-Dbench.batch=32]
 * [-Dbench.model=DIR] [-Dbench.out=FILE] [-Dbench.ignoreEos=true]}. With {@code bench.ignoreEos} a row runs until
 * the stop string or its budget: the shipped base model ends most NER answers after two tokens, which leaves the
 * run mostly prefill; this is the decode-heavy run (an adapter's answers are some 50 tokens). With
 * {@code -Dbench.shots=K -Dbench.randomContext=N} the prompts are K-shot (shots drawn as the NER task draws them)
 * on random weights of the model's shape with a context of N; {@code -Dbench.minSharedPrefix=100000} turns the
 * shared prefix off for comparison.
 */
@Tag("benchmark")
class GenerationBenchmark {

    static final List<String> STOP = List.of("\n\n");
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** The model folder's shape with random weights and another context (a k-shot prompt needs more room). */
    static LlamaModel randomModel(Path dir, int context, NDManager manager) {
        LlamaConfig c = LlamaConfig.read(dir.resolve("config.json"));
        LlamaConfig longer = new LlamaConfig(c.vocabSize(), c.hiddenSize(), c.intermediateSize(), c.numHiddenLayers(),
                c.numAttentionHeads(), c.numKeyValueHeads(), c.headDim(), c.rmsNormEps(), c.ropeTheta(), context,
                c.tieWordEmbeddings(), c.bosTokenId(), c.eosTokenIds(), c.ropeScaling());
        return LlamaModel.fromTensors(longer, LlamaModel.randomTensors(longer, 1, 0.02), manager);
    }

    @Test
    void tokensPerSecond() throws IOException {
        Path modelDir = Path.of(System.getProperty("bench.model", "../assets/models/tiny-llama"));
        Path notes = Path.of(System.getProperty("bench.notes", "../assets/data/ner/test.jsonl"));
        int count = Integer.getInteger("bench.prompts", 32);
        int batch = Integer.getInteger("bench.batch", 32);
        int maxNew = Integer.getInteger("bench.maxNew", 128);
        int repeats = Integer.getInteger("bench.repeats", 3);
        List<String> modes = List.of(System.getProperty("bench.modes", "batched,single").split(","));
        boolean ignoreEos = Boolean.getBoolean("bench.ignoreEos");
        ObjectMapper json = new ObjectMapper();
        ObjectNode report = json.createObjectNode();
        int shots = Integer.getInteger("bench.shots", 0);
        int minSharedPrefix = Integer.getInteger("bench.minSharedPrefix", Generator.DEFAULT_MIN_SHARED_PREFIX);
        Integer randomContext = Integer.getInteger("bench.randomContext");
        try (NDManager manager = DjlTestSupport.engine().newBaseManager();
                LlamaModel model = randomContext == null ? LlamaModel.load(modelDir, manager)
                        : randomModel(modelDir, randomContext, manager);
                HfTokenizer tokenizer = HfTokenizer.load(modelDir,
                        ignoreEos ? -1 : model.config().eosTokenIds().get(0))) {
            int context = model.config().maxPositionEmbeddings();
            NerPrompt prompt = new NerPrompt(NerTask.DEFAULT_LABELS);
            List<NerExample> shotPool = shots == 0 ? List.of()
                    : NerJsonl.read(notes.resolveSibling("train.jsonl"), new LinkedHashSet<>(NerTask.DEFAULT_LABELS));
            List<NerExample> examples = FewShotSampler.draw(shotPool, shots, RunSettings.DEFAULT_SEED);
            List<Generator.Request> requests = new ArrayList<>();
            int skipped = 0;
            for (NerExample note : NerJsonl.read(notes, new LinkedHashSet<>(NerTask.DEFAULT_LABELS))) {
                int[] ids = tokenizer.encodeWithSpecialTokens(prompt.context(examples, note));
                if (ids.length + maxNew > context) {
                    skipped++;
                    continue;
                }
                requests.add(new Generator.Request(ids, STOP, maxNew));
                if (requests.size() == count) {
                    break;
                }
            }
            report.put("model", modelDir.toString());
            report.put("threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
            report.put("max_new_tokens", maxNew);
            report.set("stop", json.valueToTree(STOP));
            report.put("eos_id", tokenizer.eosId());
            report.put("shots", shots);
            report.put("min_shared_prefix", minSharedPrefix);
            report.put("prefill_tokens", Generator.PREFILL_TOKENS);
            report.put("skipped_prompts", skipped);
            ArrayNode promptIds = report.putArray("prompt_ids");
            requests.forEach(r -> promptIds.add(json.valueToTree(r.promptIds())));
            int promptTokens = requests.stream().mapToInt(r -> r.promptIds().length).sum();

            // the JIT: a step is ~200 small native calls, and their Java side runs about 1.5 times slower until the
            // compilers are done with it (~10 s here); the real evaluations run long enough to amortise that
            double warmUp = Double.parseDouble(System.getProperty("bench.warmupSeconds", "15"));
            long warmUpStart = System.nanoTime();
            int warmUps = 0;
            while (warmUps < 1 || (System.nanoTime() - warmUpStart) / 1e9 < warmUp) {
                for (String mode : modes) {
                    new Generator(model, tokenizer, mode.equals("single") ? 1 : batch, minSharedPrefix)
                            .greedy(requests);
                }
                warmUps++;
            }
            report.put("warmup_seconds", (System.nanoTime() - warmUpStart) / 1e9);
            ArrayNode runs = report.putArray("runs");
            for (String mode : modes) {
                int size = mode.equals("single") ? 1 : batch;
                Generator generator = new Generator(model, tokenizer, size, minSharedPrefix);
                double[] seconds = new double[repeats];
                double[] cpuSeconds = new double[repeats];
                List<Generator.Continuation> outputs = null;
                for (int r = 0; r < repeats; r++) {
                    long start = System.nanoTime();
                    long cpuStart = THREADS.getCurrentThreadCpuTime();
                    outputs = generator.greedy(requests);
                    seconds[r] = (System.nanoTime() - start) / 1e9;
                    cpuSeconds[r] = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
                }
                // the best of the repeats: on a shared machine the others mostly measure its other work
                double best = Arrays.stream(seconds).min().orElseThrow();
                double median = Arrays.stream(seconds).sorted().toArray()[repeats / 2];
                int generated = outputs.stream().mapToInt(c -> c.tokenIds().length).sum();
                ObjectNode run = runs.addObject();
                run.put("mode", mode);
                run.put("batch", size);
                run.put("prompts", requests.size());
                run.put("prompt_tokens", promptTokens);
                run.put("generated_tokens", generated);
                run.put("seconds", best);
                run.put("median_seconds", median);
                run.set("all_seconds", json.valueToTree(seconds));
                // CPU time of the generating thread (with one OpenMP thread, libtorch computes on it too)
                run.put("cpu_seconds", Arrays.stream(cpuSeconds).min().orElseThrow());
                run.set("all_cpu_seconds", json.valueToTree(cpuSeconds));
                run.put("tokens_per_second", generated / best);
                ArrayNode ids = run.putArray("generated_ids");
                outputs.forEach(c -> ids.add(json.valueToTree(c.tokenIds())));
                System.out.printf(Locale.ROOT, "BENCH generation %s%d-shot mode=%s batch=%d min_shared_prefix=%d "
                        + "prompts=%d (skipped %d that do not fit) prompt_tokens=%d generated=%d: %.3f s best of %d "
                        + "(median %.3f, CPU %.3f s), %.0f tokens/s%n",
                        randomContext == null ? "" : "random weights, context " + randomContext + ", ", shots, mode,
                        size, minSharedPrefix, requests.size(), skipped, promptTokens, generated, best, repeats, median,
                        Arrays.stream(cpuSeconds).min().orElseThrow(), generated / best);
            }
        }
        String out = System.getProperty("bench.out");
        if (out != null && randomContext != null) {
            throw new IllegalArgumentException("bench.out compares with PyTorch on the model folder's weights; "
                    + "it cannot be used with bench.randomContext");
        }
        if (out != null) {
            Files.writeString(Path.of(out), json.writeValueAsString(report));
        }
    }
}
