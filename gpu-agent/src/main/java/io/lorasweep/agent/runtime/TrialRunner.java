package io.lorasweep.agent.runtime;

import ai.djl.ndarray.NDManager;
import io.lorasweep.agent.data.TokenizedExample;
import io.lorasweep.agent.eval.DjlLanguageModel;
import io.lorasweep.agent.lora.LoraAdapter;
import io.lorasweep.agent.model.ComputeDevice;
import io.lorasweep.agent.model.HfTokenizer;
import io.lorasweep.agent.model.LinearFactory;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.agent.model.ModelFormatException;
import io.lorasweep.agent.peft.PeftAdapter;
import io.lorasweep.agent.peft.PeftAdapterFormat;
import io.lorasweep.agent.quant.Nf4Linear;
import io.lorasweep.agent.train.PeakMemory;
import io.lorasweep.agent.train.StepMetrics;
import io.lorasweep.agent.train.Trainer;
import io.lorasweep.agent.train.TrainingListener;
import io.lorasweep.agent.train.TrainingResult;
import io.lorasweep.eval.tasks.ItemScore;
import io.lorasweep.eval.tasks.ItemShares;
import io.lorasweep.eval.tasks.MetricKey;
import io.lorasweep.eval.tasks.RunSettings;
import io.lorasweep.eval.tasks.Task;
import io.lorasweep.eval.tasks.TaskConfig;
import io.lorasweep.eval.tasks.TaskRegistry;
import io.lorasweep.eval.tasks.TaskResult;
import io.lorasweep.schemas.messages.BaselineEvals;
import io.lorasweep.schemas.messages.EvalItems;
import io.lorasweep.schemas.messages.EvalResult;
import io.lorasweep.schemas.messages.Failed;
import io.lorasweep.schemas.messages.MetricPoint;
import io.lorasweep.schemas.messages.PromptDiagnostics;
import io.lorasweep.schemas.messages.TrialAssignment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One trial, in the process that runs it: load the base model (NF4 when the trial says QLoRA), inject the adapter,
 * train with the trial's recipe on its {@link TrainingSplits} (stopping when told), save the adapter in PEFT's
 * layout, evaluate it on the sweep's tasks, and report the objective. Everything it measures goes out through
 * {@code emit}.
 */
final class TrialRunner {

    private final ComputeDevice device;
    private final Path dataRoot;
    private final Path artifacts;
    private final Consumer<ChildMessages.Message> emit;
    private final Supplier<Failed.Kind> stopRequest;

    /**
     * @param dataRoot    what relative model and data paths of the assignment resolve against
     * @param artifacts   the artifact store; the adapter goes to {@code <sweep>/trial-<n>-attempt-<k>/}
     * @param stopRequest null while the trial may go on, else why it must stop (pruned, cancelled, lost)
     */
    ComputeDevice device() {
        return device;
    }

    TrialRunner(Path dataRoot, Path artifacts, ComputeDevice device, Consumer<ChildMessages.Message> emit,
            Supplier<Failed.Kind> stopRequest) {
        this.dataRoot = dataRoot;
        this.device = device;
        this.artifacts = artifacts;
        this.emit = emit;
        this.stopRequest = stopRequest;
    }

    void run(TrialAssignment a) throws IOException {
        TrialPlan plan = input("the trial's parameters", () -> TrialPlan.of(a.params()));
        Path modelDir = dataRoot.resolve(a.baseModel());
        // the eval tasks read their data now, so bad task data fails the trial before it trains, not after
        List<Task> tasks = evalTasks(a);
        TrainingSplits splits = input("the dataset", () -> TrainingSplits.of(a, tasks, dataRoot));
        try (NDManager manager = device.newManager();
             LlamaModel model = input("the base model " + a.baseModel(), () -> LlamaModel.load(modelDir, manager,
                     plan.nf4() ? Nf4Linear.factory(plan.doubleQuant(), module -> true) : LinearFactory.dense(),
                     device.precision()))) {
            try (HfTokenizer tokenizer = tokenizer(a, modelDir, model)) {
                int limit = Math.min(plan.training().maxLength(), model.config().maxPositionEmbeddings());
                List<TokenizedExample> train = input("the training data " + splits.trainName(), () -> fitting(
                        splits.train().apply(tokenizer), limit, plan.skipLongExamples(), "train_examples_skipped"));
                List<TokenizedExample> eval = input("the eval data " + splits.evalName(), () -> fitting(
                        splits.eval().apply(tokenizer), limit, plan.skipLongExamples(), "eval_examples_skipped"));
                if (a.baselineShots() != null) {
                    if (plan.nf4()) { // the baseline is the base model itself, not its 4-bit copy
                        try (NDManager denseManager = device.newManager();
                             LlamaModel dense = LlamaModel.load(modelDir, denseManager, LinearFactory.dense(),
                                     device.precision())) {
                            measureBaseline(a, tasks, new DjlLanguageModel(dense, tokenizer, a.baseModel()));
                        }
                    } else {
                        measureBaseline(a, tasks, new DjlLanguageModel(model, tokenizer, a.baseModel()));
                    }
                }
                // after the baseline, which reports a task it cannot measure and belongs to the sweep either way
                input("the eval tasks", () -> fits(a, tasks, new DjlLanguageModel(model, tokenizer, a.baseModel())));
                LoraAdapter adapter = input("the adapter", () -> LoraAdapter.inject(model, plan.lora()));
                TrainingResult result = Trainer.forAdapter(adapter, plan.training()).train(train, eval,
                        listener(), null);
                switch (result.status()) {
                    case DIVERGED -> {
                        emit.accept(new ChildMessages.Ended(Failed.Kind.DIVERGED, result.reason()));
                        return;
                    }
                    case STOPPED -> {
                        Failed.Kind why = stopRequest.get() == null ? Failed.Kind.CANCELLED : stopRequest.get();
                        emit.accept(new ChildMessages.Ended(why, "stopped at step " + result.steps() + " ("
                                + why.wireName() + ")"));
                        return;
                    }
                    case COMPLETED -> {
                        // go on: save and evaluate
                    }
                }
                Path adapterDir = new ArtifactStore(artifacts).attemptDir(a.sweepId(), a.trialId(), a.attempt());
                PeftAdapterFormat.write(adapterDir, new PeftAdapter(plan.lora(), adapter.toTensors(), a.baseModel()));
                String sha = sha256(adapterDir.resolve(PeftAdapterFormat.WEIGHTS));

                adapter.setTraining(false);
                DjlLanguageModel lm = new DjlLanguageModel(model, tokenizer, a.baseModel() + "+trial-" + a.trialId());
                List<EvalResult> evals = evaluateAdapted(a, tasks, lm);
                // the whole trial's peak, evaluation included, in place of the last training step's
                emit.accept(new ChildMessages.Metrics(List.of(MetricPoint.of("peak_memory_bytes", result.steps(),
                        PeakMemory.bytes(model.manager().getDevice()), System.currentTimeMillis()))));
                double evalLoss = result.lastEvalLoss() != null ? result.lastEvalLoss() : Double.NaN;
                emit.accept(new ChildMessages.Done(objective(a.objective(), evalLoss, evals), evals,
                        artifacts.relativize(adapterDir).toString(), sha));
            }
        }
    }

    /** The base model's tokenizer, ending generation at the model's first EOS id; one it refuses is invalid. */
    static HfTokenizer tokenizer(TrialAssignment a, Path modelDir, LlamaModel model) {
        int eos = model.config().eosTokenIds().isEmpty() ? -1 : model.config().eosTokenIds().get(0);
        return input("the tokenizer of " + a.baseModel(), () -> HfTokenizer.load(modelDir, eos));
    }

    /** The sweep's eval tasks with their data read; data they refuse makes the trial invalid. */
    List<Task> evalTasks(TrialAssignment a) {
        TaskRegistry registry = TaskRegistry.standard();
        return input("the eval tasks", () -> a.tasks().stream()
                .map(task -> registry.create(TaskConfig.fromSpec(task, dataRoot))).toList());
    }

    /**
     * The trained adapter (built in or a trainer command's) on every task, each task's items reported as it ends.
     * Shared by both, so a trial's evals mean the same whichever trainer made the adapter.
     */
    List<EvalResult> evaluateAdapted(TrialAssignment a, List<Task> tasks, DjlLanguageModel adapted) {
        List<EvalResult> evals = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            TaskResult taskResult = task.run(adapted, RunSettings.withShots(adaptedShots(a, i)));
            evals.addAll(taskResult.toEvalResults());
            emitItems(task, taskResult, EvalItems.Source.TRIAL);
        }
        return evals;
    }

    /**
     * The shots of task {@code i} for a trained adapter: zero unless the task names its own, so a regression subset
     * (MMLU, say) is scored with the same prompts as its baseline and the gate compares like with like.
     */
    private static int adaptedShots(TrialAssignment a, int i) {
        Integer shots = a.tasks().get(i).shots();
        return shots != null ? shots : 0;
    }

    /**
     * Whether every task can score this model without cutting a prompt, with the shots an adapter is scored with
     * (the model's context and tokenizer are the adapter's too), checked before training so a trial that could not
     * be scored fails in seconds, as invalid. A task short of context for its shots still runs with fewer.
     */
    private static Void fits(TrialAssignment a, List<Task> tasks, DjlLanguageModel model) {
        for (int i = 0; i < tasks.size(); i++) {
            tasks.get(i).fit(model, RunSettings.withShots(adaptedShots(a, i)));
        }
        return null;
    }

    /**
     * The base model (no adapter yet) on every task with k shots: the task's own, or the assignment's (fewer when
     * the k-shot prompts do not fit the context; the result says so). A task that cannot be measured (its zero-shot
     * prompts do not fit, say) is reported with its reason; the trial goes on either way.
     */
    void measureBaseline(TrialAssignment a, List<Task> tasks, DjlLanguageModel base) {
        List<EvalResult> evals = new ArrayList<>();
        List<BaselineEvals.TaskError> errors = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            Integer own = a.tasks().get(i).shots();
            int shots = own != null ? own : a.baselineShots();
            try {
                TaskResult result = tasks.get(i).run(base, RunSettings.withShots(shots));
                evals.addAll(result.toEvalResults());
                emitItems(tasks.get(i), result, EvalItems.Source.BASELINE);
            } catch (RuntimeException e) {
                errors.add(new BaselineEvals.TaskError(tasks.get(i).name(), shots + "-shot: " + e.getMessage()));
            }
        }
        emit.accept(new ChildMessages.Baseline(evals, errors));
    }

    /** Each item's share of the task's ratio metrics, so the dashboard can pair this run with another. */
    private void emitItems(Task task, TaskResult result, EvalItems.Source source) {
        ItemShares shares = task.shares();
        List<Map<MetricKey, double[]>> perItem = new ArrayList<>();
        Map<MetricKey, Integer> index = new LinkedHashMap<>();
        for (ItemScore item : result.items()) {
            Map<MetricKey, double[]> of = shares.of(item);
            of.keySet().forEach(k -> index.putIfAbsent(k, index.size()));
            perItem.add(of);
        }
        if (index.isEmpty()) {
            return;
        }
        List<EvalItems.ItemMetric> metrics = index.keySet().stream()
                .map(k -> new EvalItems.ItemMetric(k.metric(), k.label(), shares.transform(k))).toList();
        List<EvalItems.Item> items = new ArrayList<>();
        for (int i = 0; i < perItem.size(); i++) {
            List<Double> num = new ArrayList<>(Collections.nCopies(index.size(), 0.0));
            List<Double> den = new ArrayList<>(Collections.nCopies(index.size(), 0.0));
            perItem.get(i).forEach((k, share) -> {
                num.set(index.get(k), share[0]);
                den.set(index.get(k), share[1]);
            });
            items.add(new EvalItems.Item(result.items().get(i).id(), num, den));
        }
        emit.accept(new ChildMessages.Items(task.name(), source, metrics, items));
    }

    /**
     * Runs a step that reads the trial's inputs. What it refuses (with the clear error every loader gives) fails
     * the trial as invalid; an I/O failure stays an ordinary, retried error, as storage can come back.
     */
    static <T> T input(String what, Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException | ModelFormatException e) {
            throw new InvalidTrialException(what, e);
        }
    }

    private TrainingListener listener() {
        return new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
                long at = System.currentTimeMillis();
                emit.accept(new ChildMessages.Metrics(List.of(
                        MetricPoint.of("train_loss", m.step(), m.loss(), at),
                        MetricPoint.of("learning_rate", m.step(), m.learningRate(), at),
                        MetricPoint.of("grad_norm", m.step(), m.gradNorm(), at),
                        MetricPoint.of("tokens_per_second", m.step(), m.tokensPerSecond(), at),
                        MetricPoint.of("peak_memory_bytes", m.step(), m.peakMemoryBytes(), at))));
            }

            @Override
            public void onEval(int step, double evalLoss) {
                emit.accept(new ChildMessages.Metrics(List.of(
                        MetricPoint.of("eval_loss", step, evalLoss, System.currentTimeMillis()))));
            }

            @Override
            public boolean shouldStop() {
                return stopRequest.get() != null;
            }
        };
    }

    /**
     * The examples that fit the context. Longer ones are an error (nothing is truncated silently) unless the trial
     * says to skip them; then how many were skipped is reported as a metric of the trial.
     */
    private List<TokenizedExample> fitting(List<TokenizedExample> examples, int limit, boolean skip, String metric) {
        List<TokenizedExample> kept = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            if (examples.get(i).length() <= limit) {
                kept.add(examples.get(i));
            } else if (!skip) {
                throw new IllegalArgumentException("example " + i + " has " + examples.get(i).length()
                        + " tokens, more than the limit " + limit + " (max_length and the model's context); "
                        + "raise max_length, shorten the data, or set skip_long_examples: true");
            }
        }
        if (skip) {
            emit.accept(new ChildMessages.Metrics(List.of(MetricPoint.of(metric, 0, examples.size() - kept.size(),
                    System.currentTimeMillis()))));
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("no example fits the limit of " + limit + " tokens");
        }
        return kept;
    }

    /** The sweep's metric: eval_loss, or task/metric of an eval task's overall result. */
    static double objective(String name, double evalLoss, List<EvalResult> evals) {
        if (name == null || name.equals("eval_loss")) {
            if (Double.isNaN(evalLoss)) {
                throw new IllegalStateException("the objective is eval_loss but the run measured none: "
                        + "give the sweep an eval split and eval_every > 0");
            }
            return evalLoss;
        }
        OptionalDouble measured = EvalResult.overall(evals, name);
        if (measured.isPresent()) {
            return measured.getAsDouble();
        }
        List<String> known = new ArrayList<>(List.of("eval_loss"));
        evals.stream().filter(r -> r.label().equals(EvalResult.OVERALL) && !PromptDiagnostics.contains(r.metric()))
                .forEach(r -> known.add(r.task() + "/" + r.metric()));
        throw new IllegalStateException("the objective " + name + " is not among the measured metrics " + known);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
