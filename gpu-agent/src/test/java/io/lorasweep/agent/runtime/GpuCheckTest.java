package io.lorasweep.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.lorasweep.agent.data.PromptCompletion;
import io.lorasweep.agent.data.TokenizedExample;
import io.lorasweep.agent.lora.LoraAdapter;
import io.lorasweep.agent.lora.LoraConfig;
import io.lorasweep.agent.model.ComputeDevice;
import io.lorasweep.agent.model.EngineReport;
import io.lorasweep.agent.model.HfTokenizer;
import io.lorasweep.agent.model.LlamaConfig;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.agent.model.LinearFactory;
import io.lorasweep.agent.quant.Nf4Linear;
import io.lorasweep.agent.train.PeakMemory;
import io.lorasweep.agent.train.StepMetrics;
import io.lorasweep.agent.train.Trainer;
import io.lorasweep.agent.train.TrainingListener;
import io.lorasweep.agent.train.TrainingResult;
import io.lorasweep.eval.tasks.NerTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a GPU machine checks in one go ({@code ./lorasweep test --suite gpu}, or {@code tools/gpu-check.sh}): a
 * trial on cuda:0 trains as it does on the CPU, the memory plan holds against the device's own count, and the
 * throughput of LoRA and QLoRA on a real model shape. Skipped, saying why, where the engine sees no CUDA device.
 */
@Tag("gpu")
class GpuCheckTest {

    static final Path MODEL = Path.of("..", "assets", "models", "tiny-llama");
    static final Path NER = Path.of("..", "assets", "data", "ner");
    static final ComputeDevice CUDA0 = ComputeDevice.parse("cuda:0");

    @BeforeEach
    void needsACudaDevice() {
        EngineReport engine = EngineReport.current();
        Assumptions.assumeTrue(engine.cudaDevices() > 0, "no CUDA device is visible to the engine (libtorch "
                + engine.libtorchVersion() + (engine.cudaBuild() ? ", a CUDA build" : ", a CPU-only build") + " from "
                + engine.libtorchPath() + "); see README, \"GPU agents\"");
    }

    /**
     * f32 on the CPU, f16 (with f32 masters and a loss scale) on CUDA, as trials run there: the first 10 losses
     * within 2% of each other, the mean of the last 5 within 5% (f16's rounding moves single steps further as the
     * runs go on; HalfPrecisionTrainingTest pins the same comparison on the CPU engine).
     */
    @Test
    void aTrialOfTheShippedModelOnCuda0HasTheCpuRunsLosses() {
        List<Double> cpu = losses(ComputeDevice.CPU);
        List<Double> cuda = losses(CUDA0);
        System.out.println("gpu-check losses: cpu " + cpu + " cuda:0 (" + CUDA0.precision() + ") " + cuda);
        assertEquals(cpu.size(), cuda.size());
        for (int i = 0; i < 10; i++) {
            assertTrue(Math.abs(cpu.get(i) - cuda.get(i)) <= 0.02 * Math.abs(cpu.get(i)) + 1e-3,
                    "step " + (i + 1) + ": cpu " + cpu.get(i) + ", cuda:0 " + cuda.get(i));
        }
        double endCpu = cpu.subList(cpu.size() - 5, cpu.size()).stream().mapToDouble(Double::doubleValue).average()
                .orElseThrow();
        double endCuda = cuda.subList(cuda.size() - 5, cuda.size()).stream().mapToDouble(Double::doubleValue)
                .average().orElseThrow();
        assertEquals(endCpu, endCuda, 0.05 * endCpu, "mean loss of the last 5 steps");
    }

    /** The plan for the device (weights, adapter with AdamW state, activations) against what the device counts. */
    @Test
    void theMemoryEstimateForCudaIsWithin20PercentOfTheMeasuredDevicePeak() {
        TrialPlan plan = TrialPlan.of(Map.of("rank", 16, "target_modules", "all-linear", "quantization", "nf4",
                "batch_size", 8, "max_length", 256, "max_steps", 5, "learning_rate", 1e-3));
        long before = PeakMemory.bytes(CUDA0.djl());
        long peak;
        LlamaConfig config;
        try (NDManager manager = CUDA0.newManager();
             LlamaModel model = LlamaModel.load(MODEL, manager, Nf4Linear.factory(true, m -> true),
                     CUDA0.precision());
             HfTokenizer tokenizer = HfTokenizer.load(MODEL, model.config().eosTokenIds().get(0))) {
            config = model.config();
            List<TokenizedExample> train = nerExamples(tokenizer, 40, 256);
            LoraAdapter adapter = LoraAdapter.inject(model, plan.lora());
            TrainingResult result = Trainer.forAdapter(adapter, plan.training()).train(train, List.of(),
                    new TrainingListener() { }, null);
            assertEquals(TrainingResult.Status.COMPLETED, result.status(), result.reason());
            peak = PeakMemory.bytes(CUDA0.djl()) - before;
        }
        MemoryEstimate estimate = MemoryEstimate.of(config, plan, 0, CUDA0.precision());
        double ratio = (double) estimate.total() / peak;
        System.out.printf("gpu-check memory: estimate %s, measured %d MiB on cuda:0, ratio %.2f%n",
                estimate.describe(), peak >> 20, ratio);
        assertTrue(ratio >= 0.8 && ratio <= 1.2, "estimate / measured = " + ratio);
    }

    /** TinyLlama-1.1B's shape with random weights, sequences of 512: tokens/s and the device's peak. */
    @Test
    @Tag("benchmark")
    void loraAndQloraThroughputOnATinyLlamaShapedModel() {
        LlamaConfig shape = new LlamaConfig(32000, 2048, 5632, 22, 32, 4, 64, 1e-5, 10000.0, 2048, false, null,
                List.of(), null);
        for (boolean qlora : new boolean[] {false, true}) {
            long before = PeakMemory.bytes(CUDA0.djl());
            try (NDManager manager = CUDA0.newManager();
                 LlamaModel model = LlamaModel.fromTensors(shape, LlamaModel.randomTensors(shape, 1, 0.02), manager,
                         qlora ? Nf4Linear.factory(true, m -> true) : LinearFactory.dense(), CUDA0.precision())) {
                LoraAdapter adapter = LoraAdapter.inject(model, LoraConfig.of(16, 32, "all-linear"));
                Random random = new Random(1);
                List<TokenizedExample> batch = new ArrayList<>();
                for (int i = 0; i < 48; i++) {
                    int[] ids = random.ints(512, 3, shape.vocabSize()).toArray();
                    boolean[] target = new boolean[512];
                    java.util.Arrays.fill(target, true);
                    batch.add(new TokenizedExample(ids, target));
                }
                List<Double> tokensPerSecond = new ArrayList<>();
                TrainingResult result = Trainer.forAdapter(adapter,
                                io.lorasweep.agent.train.TrainingConfig.defaults(1e-4, 12, 4).withEval(0))
                        .train(batch, List.of(), new TrainingListener() {
                            @Override
                            public void onStep(StepMetrics m) {
                                if (m.step() > 2) {
                                    tokensPerSecond.add(m.tokensPerSecond());
                                }
                            }
                        }, null);
                assertEquals(TrainingResult.Status.COMPLETED, result.status(), result.reason());
                System.out.printf("gpu-check throughput %s: %.0f tokens/s (last step), peak %d MiB on cuda:0%n",
                        qlora ? "qlora" : "lora", tokensPerSecond.get(tokensPerSecond.size() - 1),
                        (PeakMemory.bytes(CUDA0.djl()) - before) >> 20);
            }
        }
    }

    private static List<Double> losses(ComputeDevice device) {
        List<Double> losses = new ArrayList<>();
        try (NDManager manager = device.newManager();
             LlamaModel model = LlamaModel.load(MODEL, manager, LinearFactory.dense(), device.precision());
             HfTokenizer tokenizer = HfTokenizer.load(MODEL, model.config().eosTokenIds().get(0))) {
            LoraAdapter adapter = LoraAdapter.inject(model, LoraConfig.of(16, 32, "all-linear").withSeed(1));
            TrainingResult result = Trainer.forAdapter(adapter,
                            io.lorasweep.agent.train.TrainingConfig.defaults(1e-3, 20, 8).withEval(0))
                    .train(nerExamples(tokenizer, 160, 256), List.of(), new TrainingListener() {
                        @Override
                        public void onStep(StepMetrics m) {
                            losses.add(m.loss());
                        }
                    }, null);
            assertEquals(TrainingResult.Status.COMPLETED, result.status(), result.reason());
        }
        return losses;
    }

    private static List<TokenizedExample> nerExamples(HfTokenizer tokenizer, int n, int maxLength) {
        NerTask task = NerTask.fromFolder("ner", NER, NerTask.DEFAULT_LABELS,
                new io.lorasweep.eval.metrics.seqeval.SeqevalLabelMetric(), NerTask.DEFAULT_MAX_NEW_TOKENS);
        List<TokenizedExample> out = new ArrayList<>();
        for (var e : task.trainingExamples()) {
            TokenizedExample t = PromptCompletion.tokenize(e.prompt(), e.target(), tokenizer);
            if (t.length() <= maxLength) {
                out.add(t);
            }
            if (out.size() == n) {
                break;
            }
        }
        return out;
    }
}
