package io.lorasweep.assets;

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
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Pretrains a Llama model from random weights in phases, each on its own packed documents, with the project's
 * {@link Trainer}: every weight trainable ({@link FullModelParameters}), causal-LM loss on every token, AdamW
 * (0.9, 0.95, no weight decay), clipping at 1.0; a phase's optimiser state starts afresh, so every phase warms
 * its learning rate up (2% of its steps at a constant rate, 5% before a decay). Writes the result in the HF layout
 * (f32, one file).
 */
public final class Pretraining {

    /**
     * One stretch of pretraining.
     *
     * @param reads  what its documents are, for the assets README
     * @param window tokens per packed training sequence (at most the model's context)
     */
    public record Phase(String name, String reads, List<TokenizedExample> train, int steps, int batchSize,
            int window, double learningRate, LrSchedule.Kind schedule, Extension extension) {

        public Phase(String name, String reads, List<TokenizedExample> train, int steps, int batchSize, int window,
                double learningRate, LrSchedule.Kind schedule) {
            this(name, reads, train, steps, batchSize, window, learningRate, schedule, null);
        }

        /** The most steps the phase may run: its planned steps, or the extension's cap. */
        int maxSteps() {
            return extension == null ? steps : extension.maxSteps();
        }
    }

    /**
     * A phase at a constant rate that is done when {@code done} holds for the model, asked after its planned steps
     * and every {@code every} steps after them, up to {@code maxSteps}: for a change that comes after a varying
     * number of steps (the copying phase change came after 400 to 1,500 in trials).
     */
    public record Extension(int every, int maxSteps, Predicate<LlamaModel> done) {
    }

    /** What one phase did: its settings, the packed sequences it drew from, its held-out loss at the end. */
    public record PhaseReport(String name, String reads, int steps, int batchSize, int window, double learningRate,
            LrSchedule.Kind schedule, int sequences, long tokens, Double evalLoss, double seconds) {
    }

    /** What a run reports: per-step losses (numbered across phases), each phase, the held-out loss at the end. */
    public record Result(LlamaConfig config, long parameters, List<StepMetrics> steps, List<PhaseReport> phases,
            Double evalLoss, double seconds) {
    }

    private Pretraining() {
    }

    public static LlamaConfig config(PretrainingSettings s, int vocabSize, int bos, int eos) {
        return LlamaConfig.of(vocabSize, s.hiddenSize(), s.intermediateSize(), s.layers(), s.heads(), s.kvHeads(),
                s.context(), true).withSpecialTokens(bos, List.of(eos));
    }

    /** {@code afterPhase} sees the model after each phase and may stop the run by throwing. */
    public static Result run(LlamaConfig config, long seed, List<Phase> phases, List<TokenizedExample> eval,
            Path modelDir, Consumer<String> log, BiConsumer<Phase, LlamaModel> afterPhase) {
        long started = System.nanoTime();
        List<StepMetrics> history = new ArrayList<>();
        List<PhaseReport> reports = new ArrayList<>();
        try (NDManager manager = ComputeDevice.CPU.newManager();
                LlamaModel model = LlamaModel.fromTensors(config, LlamaModel.randomTensors(config, seed, 0.02),
                        manager)) {
            List<NamedParameter> params = FullModelParameters.trainable(model);
            for (Phase phase : phases) {
                int offset = history.size();
                int total = phases.stream().mapToInt(Phase::steps).sum();
                if (phase.extension() != null && phase.schedule() != LrSchedule.Kind.CONSTANT) {
                    throw new IllegalArgumentException("phase " + phase.name() + ": only a constant-rate phase can "
                            + "run past its planned steps");
                }
                // warm-up is a share of the planned steps, whatever an extension adds
                double warmup = (phase.schedule() == LrSchedule.Kind.CONSTANT ? 0.02 : 0.05) * phase.steps()
                        / phase.maxSteps();
                boolean[] done = new boolean[1];
                TrainingConfig tc = new TrainingConfig(phase.learningRate(), 0.0, 0.9, 0.95, 1e-8, phase.schedule(),
                        warmup, 1, phase.maxSteps(),
                        phase.batchSize(), 1, 1.0, config.maxPositionEmbeddings() + 1, 0, 0, seed + offset);
                long phaseStarted = System.nanoTime();
                log.accept(String.format(java.util.Locale.ROOT, "phase %s: %d steps of %d x %d tokens on %d packed "
                        + "sequences, lr %.1e %s", phase.name(), phase.steps(), phase.batchSize(), phase.window(),
                        phase.train().size(), phase.learningRate(), phase.schedule()));
                Double[] lastEval = new Double[1];
                Trainer trainer = new Trainer(model, params, tc, training -> { });
                TrainingResult result = trainer.train(phase.train(), eval, ProgressBar.whenOnTerminal(
                        new TrainingListener() {
                            @Override
                            public void onStep(StepMetrics m) {
                                StepMetrics global = new StepMetrics(offset + m.step(), total, m.loss(),
                                        m.learningRate(), m.gradNorm(), m.tokensPerSecond(), m.peakMemoryBytes());
                                history.add(global);
                                if (m.step() == 1 || m.step() % 25 == 0 || m.step() == m.totalSteps()) {
                                    log.accept(String.format(java.util.Locale.ROOT,
                                            "%s step %d/%d loss %.4f lr %.2e grad %.2f %.0f tok/s %.0fs",
                                            phase.name(), global.step(), total, m.loss(), m.learningRate(),
                                            m.gradNorm(), m.tokensPerSecond(), (System.nanoTime() - started) / 1e9));
                                }
                            }

                            @Override
                            public boolean shouldStop() {
                                int step = history.size() - offset;
                                Extension e = phase.extension();
                                if (e == null || step < phase.steps() || (step - phase.steps()) % e.every() != 0) {
                                    return false;
                                }
                                done[0] = e.done().test(model);
                                log.accept(String.format(java.util.Locale.ROOT, "%s: %s after %d steps", phase.name(),
                                        done[0] ? "done" : "not done yet", step));
                                return done[0];
                            }

                            @Override
                            public void onEval(int step, double loss) {
                                lastEval[0] = loss;
                                log.accept(String.format(java.util.Locale.ROOT,
                                        "after phase %s held-out loss %.4f (ppl %.2f)", phase.name(), loss,
                                        Math.exp(loss)));
                            }
                        }), null);
                boolean stoppedDone = done[0] && result.status() == TrainingResult.Status.STOPPED;
                if (result.status() != TrainingResult.Status.COMPLETED && !stoppedDone) {
                    throw new IllegalStateException("pretraining phase " + phase.name() + " did not complete: "
                            + result.reason());
                }
                reports.add(new PhaseReport(phase.name(), phase.reads(), history.size() - offset, phase.batchSize(),
                        phase.window(), phase.learningRate(), phase.schedule(), phase.train().size(),
                        phase.train().stream().mapToLong(TokenizedExample::length).sum(), lastEval[0],
                        (System.nanoTime() - phaseStarted) / 1e9));
                afterPhase.accept(phase, model);
            }
            HfCheckpointWriter.write(modelDir, config, FullModelParameters.tensors(model),
                    io.lorasweep.agent.io.SafetensorsDtype.F32, Long.MAX_VALUE);
            return new Result(config, config.parameterCount(), history, reports,
                    reports.get(reports.size() - 1).evalLoss(), (System.nanoTime() - started) / 1e9);
        }
    }
}
