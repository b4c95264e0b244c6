package io.lorasweep.agent.assets;

import ai.djl.ndarray.NDManager;
import io.lorasweep.agent.data.TokenizedExample;
import io.lorasweep.agent.model.ComputeDevice;
import io.lorasweep.agent.model.HfCheckpointWriter;
import io.lorasweep.agent.model.LlamaConfig;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.agent.model.NamedParameter;
import io.lorasweep.agent.train.LrSchedule;
import io.lorasweep.agent.train.ProgressBar;
import io.lorasweep.agent.train.StepMetrics;
import io.lorasweep.agent.train.Trainer;
import io.lorasweep.agent.train.TrainingConfig;
import io.lorasweep.agent.train.TrainingListener;
import io.lorasweep.agent.train.TrainingResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Pretrains a Llama model from random weights on packed documents with the project's {@link Trainer}: every weight
 * trainable ({@link FullModelParameters}), causal-LM loss on every token, AdamW with cosine decay after a 5%
 * warmup, clipping at 1.0. Writes the result in the HF layout (f32, one file). One run per JVM: the trainer holds
 * DJL's only gradient collector.
 */
public final class Pretraining {

    /** What a run reports: per-step losses, the held-out loss at the end and the wall time. */
    public record Result(LlamaConfig config, long parameters, List<StepMetrics> steps, Double evalLoss,
            double seconds, int trainSequences, long trainTokens, TrainingResult.Status status, String message) {
    }

    private Pretraining() {
    }

    public static LlamaConfig config(PretrainingSettings s, int vocabSize, int bos, int eos) {
        return LlamaConfig.of(vocabSize, s.hiddenSize(), s.intermediateSize(), s.layers(), s.heads(), s.kvHeads(),
                s.context(), true).withSpecialTokens(bos, List.of(eos));
    }

    public static Result run(LlamaConfig config, PretrainingSettings s, List<TokenizedExample> train,
            List<TokenizedExample> eval, Path modelDir, Consumer<String> log) {
        long started = System.nanoTime();
        TrainingConfig tc = new TrainingConfig(s.learningRate(), 0.0, 0.9, 0.95, 1e-8, LrSchedule.Kind.COSINE, 0.05,
                1, s.steps(), s.batchSize(), 1, 1.0, s.context() + 1, Math.max(1, s.steps() / 5), 0, s.seed());
        long tokens = train.stream().mapToLong(TokenizedExample::length).sum();
        try (NDManager manager = ComputeDevice.CPU.newManager();
                LlamaModel model = LlamaModel.fromTensors(config, LlamaModel.randomTensors(config, s.seed(), 0.02),
                        manager)) {
            List<NamedParameter> params = FullModelParameters.trainable(model);
            Trainer trainer = new Trainer(model, params, tc, training -> { });
            List<StepMetrics> history = new ArrayList<>();
            TrainingResult result = trainer.train(train, eval, ProgressBar.whenOnTerminal(new TrainingListener() {
                @Override
                public void onStep(StepMetrics m) {
                    history.add(m);
                    if (m.step() == 1 || m.step() % 25 == 0 || m.step() == m.totalSteps()) {
                        log.accept(String.format(java.util.Locale.ROOT,
                                "step %d/%d loss %.4f lr %.2e grad %.2f %.0f tok/s %.0fs", m.step(), m.totalSteps(),
                                m.loss(), m.learningRate(), m.gradNorm(), m.tokensPerSecond(),
                                (System.nanoTime() - started) / 1e9));
                    }
                }

                @Override
                public void onEval(int step, double loss) {
                    log.accept(String.format(java.util.Locale.ROOT, "step %d held-out loss %.4f (ppl %.2f)", step,
                            loss, Math.exp(loss)));
                }
            }), null);
            if (result.status() != TrainingResult.Status.COMPLETED) {
                throw new IllegalStateException("pretraining did not complete: " + result.reason());
            }
            HfCheckpointWriter.write(modelDir, config, FullModelParameters.tensors(model),
                    io.lorasweep.agent.io.SafetensorsDtype.F32, Long.MAX_VALUE);
            return new Result(config, config.parameterCount(), history, result.lastEvalLoss(),
                    (System.nanoTime() - started) / 1e9, train.size(), tokens, result.status(), result.reason());
        }
    }
}
