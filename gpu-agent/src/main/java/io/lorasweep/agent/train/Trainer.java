package io.lorasweep.agent.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.lorasweep.agent.data.Batch;
import io.lorasweep.agent.data.LengthBatcher;
import io.lorasweep.agent.data.TokenizedExample;
import io.lorasweep.agent.lora.LoraAdapter;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.agent.model.NamedParameter;
import io.lorasweep.agent.model.Scalars;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Trains the given parameters of a model on tokenised examples: loss on the target tokens only, AdamW, a warmup +
 * decay schedule, gradient accumulation and clipping, periodic evaluation and checkpoints, and an early stop on
 * request or on a non-finite loss.
 *
 * <p>Each micro-batch runs in its own {@link NDScope} and {@link GradientCollector} (DJL allows one open collector
 * per JVM, so runs must not overlap in a JVM); the optimizer update runs after both are closed.
 *
 * <p>When the model computes in f16, the parameters' gradients arrive on their half-precision compute copies: the
 * loss is scaled up before backward ({@link LossScale}), and the gradients are widened to f32 and unscaled before
 * clipping and the update of the f32 masters; a step whose gradients overflowed is skipped, as GradScaler does.
 */
public final class Trainer {

    private final LlamaModel model;
    private final List<NamedParameter> params;
    private final TrainingConfig config;
    private final Consumer<Boolean> trainingMode;
    private final AdamW optimizer;
    private final LossScale lossScale;
    private int startStep;

    public Trainer(LlamaModel model, List<NamedParameter> params, TrainingConfig config,
            Consumer<Boolean> trainingMode) {
        this(model, params, config, trainingMode, params.stream().anyMatch(NamedParameter::mixed)
                ? LossScale.dynamic() : LossScale.none());
    }

    /** With a given loss scale (tests of the overflow path start it where f16 gradients must overflow). */
    Trainer(LlamaModel model, List<NamedParameter> params, TrainingConfig config, Consumer<Boolean> trainingMode,
            LossScale lossScale) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("params must not be empty");
        }
        this.model = model;
        this.params = List.copyOf(params);
        this.config = config;
        this.trainingMode = trainingMode;
        this.optimizer = new AdamW(params, config.beta1(), config.beta2(), config.adamEps(), config.weightDecay());
        this.lossScale = lossScale;
    }

    public static Trainer forAdapter(LoraAdapter adapter, TrainingConfig config) {
        return new Trainer(adapter.model(), adapter.parameters(), config, adapter::setTraining);
    }

    public AdamW optimizer() {
        return optimizer;
    }

    public LossScale lossScale() {
        return lossScale;
    }

    /** Continues from a checkpoint written by an earlier run with the same data and config. */
    public void resumeFrom(Path checkpoint) {
        startStep = TrainingCheckpoint.load(checkpoint, params, optimizer, lossScale);
    }

    public TrainingResult train(List<TokenizedExample> train, List<TokenizedExample> eval,
            TrainingListener listener, Path checkpointDir) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("train must not be empty");
        }
        List<Batch> firstEpoch = epoch(train, 0);
        int groupsPerEpoch = (firstEpoch.size() + config.gradAccumulation() - 1) / config.gradAccumulation();
        int total = config.maxSteps() > 0 ? config.maxSteps() : groupsPerEpoch * config.epochs();
        LrSchedule schedule = new LrSchedule(config.schedule(), config.learningRate(), config.warmupRatio(), total);
        List<Batch> evalBatches = eval == null || eval.isEmpty() ? List.of()
                : LengthBatcher.batches(eval, config.batchSize(), config.maxLength(), 0, false);
        Engine.getInstance().setRandomSeed((int) config.seed() + startStep);

        List<StepMetrics> history = new ArrayList<>();
        Double lastEval = null;
        double lastLoss = Double.NaN;
        int epochIndex = 0;
        List<Batch> batches = firstEpoch;
        int cursor = 0;
        // a resumed run skips the micro-batches the checkpointed steps consumed
        for (long skip = (long) startStep * config.gradAccumulation(); skip > 0; skip--) {
            if (cursor == batches.size()) {
                batches = epoch(train, ++epochIndex);
                cursor = 0;
            }
            cursor++;
        }
        trainingMode.accept(true);
        try {
            for (int step = startStep; step < total; step++) {
                long started = System.nanoTime();
                List<Batch> group = new ArrayList<>();
                for (int k = 0; k < config.gradAccumulation(); k++) {
                    if (cursor == batches.size()) {
                        batches = epoch(train, ++epochIndex);
                        cursor = 0;
                    }
                    group.add(batches.get(cursor++));
                }
                int targetTokens = Math.max(1, group.stream().mapToInt(Batch::targetTokens).sum());
                int realTokens = group.stream().mapToInt(Batch::realTokens).sum();
                double lossSum = 0;
                for (Batch b : group) {
                    double nll = backward(b, targetTokens);
                    if (!Double.isFinite(nll)) {
                        zeroGradients();
                        return new TrainingResult(TrainingResult.Status.DIVERGED, "loss is " + nll + " at step "
                                + (step + 1) + " (learning rate " + schedule.at(step) + ")", step, nll, lastEval,
                                history);
                    }
                    lossSum += nll;
                }
                double lr = schedule.at(step);
                double gradNorm = update(lr);
                if (!lossScale.isDynamic() && !Double.isFinite(gradNorm)) {
                    String culprit = firstNonFiniteGradient();
                    zeroGradients();
                    return new TrainingResult(TrainingResult.Status.DIVERGED, "gradient norm is " + gradNorm
                            + " at step " + (step + 1) + " (first non-finite gradient: " + culprit + ")", step,
                            lossSum / targetTokens, lastEval, history);
                }
                zeroGradients();
                if (lossScale.scale() < MIN_LOSS_SCALE) {
                    return new TrainingResult(TrainingResult.Status.DIVERGED, "the f16 gradients overflow at every "
                            + "loss scale (now " + lossScale.scale() + ") at step " + (step + 1), step,
                            lossSum / targetTokens, lastEval, history);
                }
                lastLoss = lossSum / targetTokens;
                double seconds = (System.nanoTime() - started) / 1e9;
                StepMetrics m = new StepMetrics(step + 1, total, lastLoss, lr, gradNorm, realTokens / seconds,
                        PeakMemory.bytes(model.manager().getDevice()));
                history.add(m);
                listener.onStep(m);
                if (config.evalEvery() > 0 && !evalBatches.isEmpty() && (step + 1) % config.evalEvery() == 0) {
                    lastEval = evalLoss(evalBatches);
                    listener.onEval(step + 1, lastEval);
                }
                if (checkpointDir != null && config.checkpointEvery() > 0
                        && (step + 1) % config.checkpointEvery() == 0) {
                    TrainingCheckpoint.save(checkpointDir, params, optimizer, step + 1, lossScale);
                }
                if (listener.shouldStop()) {
                    return new TrainingResult(TrainingResult.Status.STOPPED, "stopped by request after step "
                            + (step + 1), step + 1, lastLoss, lastEval, history);
                }
            }
        } finally {
            trainingMode.accept(false);
        }
        if (!evalBatches.isEmpty()) {
            lastEval = evalLoss(evalBatches);
            listener.onEval(total, lastEval);
        }
        return new TrainingResult(TrainingResult.Status.COMPLETED, "completed " + total + " steps", total, lastLoss,
                lastEval, history);
    }

    private List<Batch> epoch(List<TokenizedExample> train, int index) {
        return LengthBatcher.batches(train, config.batchSize(), config.maxLength(), config.seed() + index, true);
    }

    /** Below this the loss scale has backed off 2^30 times from 2^16: the gradients are not finite at any scale. */
    static final double MIN_LOSS_SCALE = Math.scalb(1.0, -14);

    /**
     * Clips the accumulated gradients and applies them (after unscaling, in f32); returns the gradient norm before
     * clipping. Under a dynamic loss scale a step whose gradients overflowed is skipped and reports an infinite
     * norm; in f32 a non-finite norm is returned as it is, and nothing is applied.
     */
    private double update(double lr) {
        try (NDScope scope = new NDScope()) {
            List<NDArray> grads = new ArrayList<>(params.size());
            for (NamedParameter p : params) {
                NDArray g = p.gradient();
                if (p.mixed()) {
                    g = g.toType(DataType.FLOAT32, false);
                }
                grads.add(lossScale.scale() == 1.0 ? g : Scalars.div(g, lossScale.scale()));
            }
            double norm = clip(grads);
            if (!lossScale.update(Double.isFinite(norm))) {
                return lossScale.isDynamic() ? Double.POSITIVE_INFINITY : norm;
            }
            optimizer.step(lr, grads);
            return norm;
        }
    }

    /** Forward and backward of one micro-batch; returns its summed NLL. */
    private double backward(Batch b, int groupTargetTokens) {
        NDManager manager = model.manager();
        try (NDScope scope = new NDScope(); GradientCollector collector = Engine.getInstance()
                .newGradientCollector()) {
            Shape shape = new Shape(b.rows(), b.length());
            NDArray logits = model.forward(manager.create(b.inputs(), shape), manager.create(b.mask(), shape), null);
            NDArray nll = CausalLmLoss.summedNll(logits, manager.create(b.targets(), shape),
                    manager.create(b.weights(), shape));
            double value = nll.getFloat();
            if (Double.isFinite(value)) {
                // the mean over the group's target tokens, times the loss scale (1 in f32)
                collector.backward(Scalars.div(nll, groupTargetTokens / lossScale.scale()));
            }
            return value;
        }
    }

    /** The global L2 norm of {@code grads}, which are scaled down in place to maxGradNorm when above it. */
    private double clip(List<NDArray> grads) {
        double sumSq = 0;
        try (NDScope scope = new NDScope()) {
            for (NDArray g : grads) {
                sumSq += g.square().sum().getFloat();
            }
        }
        double norm = Math.sqrt(sumSq);
        if (config.maxGradNorm() > 0 && norm > config.maxGradNorm() && Double.isFinite(norm)) {
            float factor = (float) (config.maxGradNorm() / (norm + 1e-6));
            for (NDArray g : grads) {
                Scalars.muli(g, factor);
            }
        }
        return norm;
    }

    private String firstNonFiniteGradient() {
        try (NDScope scope = new NDScope()) {
            for (NamedParameter p : params) {
                if (!Double.isFinite(p.gradient().toType(DataType.FLOAT32, false).sum()
                        .getFloat())) {
                    return p.name();
                }
            }
        }
        return "none";
    }

    /** Zeroes the gradients in place, NaN and Inf included. */
    void zeroGradients() {
        try (NDScope scope = new NDScope()) {
            for (NamedParameter p : params) {
                // an indexed fill, not a multiply (a NaN gradient times zero stays NaN) and not set(Buffer): on the
                // CPU DJL's set(Buffer) points the tensor at the Java buffer instead of copying it, and that buffer
                // dies with this short-lived handle, leaving the parameter's .grad in freed memory
                p.gradient().set(new NDIndex("..."), 0f);
            }
        }
    }

    /** Mean NLL per target token over the batches, without gradients. */
    public double evalLoss(List<Batch> batches) {
        NDManager manager = model.manager();
        double nll = 0;
        long tokens = 0;
        for (Batch b : batches) {
            try (NDScope scope = new NDScope()) {
                Shape shape = new Shape(b.rows(), b.length());
                NDArray logits = model.forward(manager.create(b.inputs(), shape), manager.create(b.mask(), shape),
                        null);
                nll += CausalLmLoss.summedNll(logits, manager.create(b.targets(), shape),
                        manager.create(b.weights(), shape)).getFloat();
                tokens += b.targetTokens();
            }
        }
        return nll / Math.max(1, tokens);
    }
}
