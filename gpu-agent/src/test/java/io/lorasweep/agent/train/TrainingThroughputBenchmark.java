package io.lorasweep.agent.train;

import ai.djl.ndarray.NDManager;
import io.lorasweep.agent.DjlTestSupport;
import io.lorasweep.agent.data.TokenizedExample;
import io.lorasweep.agent.io.HostTensor;
import io.lorasweep.agent.lora.LoraAdapter;
import io.lorasweep.agent.lora.LoraConfig;
import io.lorasweep.agent.model.LinearFactory;
import io.lorasweep.agent.model.LlamaConfig;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.agent.model.Precision;
import io.lorasweep.agent.quant.BaseWeightBytes;
import io.lorasweep.agent.quant.Nf4Linear;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Training throughput of LoRA and QLoRA (NF4 + double quantisation) on random data. Run one mode per JVM for an
 * honest peak memory:
 * {@code mvn -o -q -f gpu-agent/pom.xml test -Dlorasweep.excludedGroups= -Dgroups=benchmark
 * -Dtest=TrainingThroughputBenchmark -Dbench.mode=qlora -Dbench.hidden=512 -Dbench.layers=8}; add
 * {@code -Dbench.precision=f16} for the half-precision path a CUDA trial takes (on the CPU engine here).
 */
@Tag("benchmark")
class TrainingThroughputBenchmark {

    @Test
    void tokensPerSecond() {
        int hidden = Integer.getInteger("bench.hidden", 256);
        int layers = Integer.getInteger("bench.layers", 4);
        int vocab = Integer.getInteger("bench.vocab", 4096);
        int seq = Integer.getInteger("bench.seq", 128);
        int batch = Integer.getInteger("bench.batch", 8);
        int steps = Integer.getInteger("bench.steps", 12);
        String mode = System.getProperty("bench.mode", "lora");
        Precision precision = Precision.valueOf(System.getProperty("bench.precision", "f32")
                .toUpperCase(Locale.ROOT));
        LlamaConfig config = LlamaConfig.of(vocab, hidden, hidden * 8 / 3 / 32 * 32, layers, hidden / 64,
                hidden / 64, seq, false);
        Map<String, HostTensor> weights = LlamaModel.randomTensors(config, 1, 0.02);
        LinearFactory factory = mode.equals("qlora") ? Nf4Linear.factory(true, m -> true) : LinearFactory.dense();
        Random r = new Random(1);
        List<TokenizedExample> data = new ArrayList<>();
        for (int i = 0; i < batch * (steps + 1); i++) {
            int[] ids = new int[seq];
            boolean[] target = new boolean[seq];
            for (int k = 0; k < seq; k++) {
                ids[k] = r.nextInt(vocab);
                target[k] = k >= seq / 4;
            }
            data.add(new TokenizedExample(ids, target));
        }
        try (NDManager manager = DjlTestSupport.engine().newBaseManager();
                LlamaModel model = LlamaModel.fromTensors(config, weights, manager, factory, precision)) {
            LoraAdapter adapter = LoraAdapter.inject(model, LoraConfig.of(16, 32, "all-linear"));
            TrainingConfig tc = TrainingConfig.defaults(2e-4, steps, batch).withEval(0);
            tc = new TrainingConfig(tc.learningRate(), 0, 0.9, 0.999, 1e-8, LrSchedule.Kind.CONSTANT, 0, 1, steps,
                    batch, 1, 0.3, seq, 0, 0, 1);
            TrainingResult result = Trainer.forAdapter(adapter, tc).train(data, null, new TrainingListener() {
                @Override
                public void onStep(StepMetrics m) {
                    if (Boolean.getBoolean("bench.check")) {
                        adapter.parameters().forEach(p -> {
                            float s = p.array().sum().getFloat();
                            if (!Float.isFinite(s)) {
                                System.out.println("BENCH non-finite value after step " + m.step() + ": " + p.name());
                            }
                        });
                        System.out.println("BENCH step " + m.step() + " loss " + m.loss() + " grad " + m.gradNorm());
                    }
                }
            }, null);
            System.out.println("BENCH status " + result.status() + " " + result.reason() + " steps "
                    + result.history().size());
            // a diverged run is a bug to report, not a throughput to print (and may leave too few steps to rank)
            org.junit.jupiter.api.Assertions.assertEquals(TrainingResult.Status.COMPLETED, result.status(),
                    result.reason());
            // skip the first two steps (allocator and JIT warm-up)
            double[] tps = result.history().stream().skip(2).mapToDouble(StepMetrics::tokensPerSecond).sorted()
                    .toArray();
            BaseWeightBytes bytes = BaseWeightBytes.of(config);
            System.out.printf(Locale.ROOT, "BENCH mode=%s precision=%s hidden=%d layers=%d vocab=%d params=%d seq=%d batch=%d "
                    + "lora_r=16 all-linear: median %.0f tokens/s (min %.0f, max %.0f); projection bytes as stored "
                    + "%d (f32 %d, nf4 %d, nf4+dq %d = %.3f of f32); adapter params %d; peak RSS %.0f MB%n", mode,
                    precision, hidden, layers, vocab, config.parameterCount(), seq, batch, tps[tps.length / 2], tps[0],
                    tps[tps.length - 1], model.linearWeightBytes(), bytes.f32(), bytes.nf4(),
                    bytes.nf4DoubleQuant(), bytes.nf4DoubleQuantRatio(), adapter.parameterCount(),
                    result.history().get(result.history().size() - 1).peakMemoryBytes() / 1e6);
        }
    }
}
