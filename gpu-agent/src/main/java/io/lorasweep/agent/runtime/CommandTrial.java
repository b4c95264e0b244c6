package io.lorasweep.agent.runtime;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorasweep.agent.eval.DjlLanguageModel;
import io.lorasweep.agent.io.SafetensorsFormatException;
import io.lorasweep.agent.lora.LoraAdapter;
import io.lorasweep.agent.model.HfTokenizer;
import io.lorasweep.agent.model.LinearFactory;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.agent.peft.PeftAdapter;
import io.lorasweep.agent.peft.PeftAdapterFormat;
import io.lorasweep.eval.tasks.Task;
import io.lorasweep.schemas.messages.EvalResult;
import io.lorasweep.schemas.messages.Failed;
import io.lorasweep.schemas.messages.TrialAssignment;
import io.lorasweep.schemas.spec.Trainer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A trial whose training is the user's own command (a PEFT, axolotl or unsloth script, say): the base model's
 * baseline when asked, then the command with the trial's parameters, its metrics read from its standard output
 * ({@link TrainerOutput}), and the PEFT adapter it leaves evaluated on the sweep's tasks exactly as a built-in
 * trial's. The command's parameters are its own: their names are not checked here.
 *
 * <p>The command runs without a shell in the data root, with its input closed and the variables of
 * {@link TrainerEnvironment}; it must save its adapter ({@code adapter_config.json} and
 * {@code adapter_model.safetensors}) in {@code LORASWEEP_ADAPTER_DIR}.
 */
final class CommandTrial {

    /** How long a command has to end after SIGTERM before it and its children are killed. */
    static final long KILL_GRACE_MS = 5_000;
    private static final int TAIL_LINES = 15;
    /** Why a command was stopped when it ran past its timeout (a stop request says pruned or cancelled). */
    /** What {@code waitFor} answers for a command past its timeout: the attempt ends as an error. */
    private static final Failed.Kind TIMED_OUT = Failed.Kind.ERROR;
    /** A run's time limit when the spec sets none. */
    static final int DEFAULT_TIMEOUT_MINUTES = 24 * 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrialRunner builtIn;
    private final Path dataRoot;
    private final Path artifacts;
    private final Consumer<ChildMessages.Message> emit;
    private final Supplier<Failed.Kind> stopRequest;

    /**
     * @param builtIn     the built-in trial, whose task loading, baseline and evaluation this one shares
     * @param stopRequest null while the trial may go on, else why it must stop (pruned, cancelled, lost)
     */
    CommandTrial(TrialRunner builtIn, Path dataRoot, Path artifacts, Consumer<ChildMessages.Message> emit,
                 Supplier<Failed.Kind> stopRequest) {
        this.builtIn = builtIn;
        this.dataRoot = dataRoot.toAbsolutePath().normalize();
        this.artifacts = artifacts;
        this.emit = emit;
        this.stopRequest = stopRequest;
    }

    void run(TrialAssignment a) throws IOException, InterruptedException {
        Trainer trainer = a.trainer();
        TrialRunner.input("the dataset", () -> {
            if (a.dataset().fromTask()) { // the spec refuses this; an assignment from elsewhere might not
                throw new IllegalArgumentException("a trainer command reads instruction files (LORASWEEP_TRAIN_FILE "
                        + "and LORASWEEP_EVAL_FILE), but the dataset names task " + a.dataset().task());
            }
            return a.dataset();
        });
        Path modelDir = dataRoot.resolve(a.baseModel());
        List<Task> tasks = builtIn.evalTasks(a);
        if (a.baselineShots() != null) {
            try (NDManager manager = builtIn.device().newManager();
                 LlamaModel base = TrialRunner.input("the base model " + a.baseModel(),
                         () -> LlamaModel.load(modelDir, manager, LinearFactory.dense(),
                                 builtIn.device().precision()));
                 HfTokenizer tokenizer = TrialRunner.tokenizer(a, modelDir, base)) {
                builtIn.measureBaseline(a, tasks, new DjlLanguageModel(base, tokenizer, a.baseModel()));
            } // closed before the command starts: its memory is the command's
        }
        Path adapterDir = new ArtifactStore(artifacts).attemptDir(a.sweepId(), a.trialId(), a.attempt());
        Files.createDirectories(adapterDir);
        Path paramsFile = adapterDir.resolve("params.json");
        Files.writeString(paramsFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a.params()) + "\n");

        Failed.Kind early = stopRequest.get();
        if (early != null) {
            emit.accept(new ChildMessages.Ended(early, "stopped before the trainer command started ("
                    + early.wireName() + ")"));
            return;
        }
        Run run = new Run();
        double cpuBefore = reapedChildrenCpuSeconds().orElse(0);
        Process process;
        try {
            process = command(a, trainer, adapterDir, paramsFile).start();
        } catch (IOException e) {
            // another agent may have the program: an ordinary, retried error
            emit.accept(new ChildMessages.Ended(Failed.Kind.ERROR, "the trainer command " + trainer.command()
                    + " could not start: " + e.getMessage()));
            return;
        }
        process.getOutputStream().close(); // nothing to read: a command that reads its input ends instead of waiting
        Thread out = follow(process.getInputStream(), run::onOutput, "trainer-stdout");
        Thread err = follow(process.getErrorStream(), run::onLog, "trainer-stderr");
        Failed.Kind stopped;
        try {
            stopped = waitFor(process, trainer);
            if (stopped != null) {
                ProcessTrees.stop(process, KILL_GRACE_MS); // a trainer may save on SIGTERM
            }
        } finally {
            // this process is about to end whatever happened (interrupted, say): no command may outlive it
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
        int exit = process.waitFor();
        // a child the command left behind may hold its output open: do not wait on it for ever
        out.join(10_000);
        err.join(10_000);
        reapedChildrenCpuSeconds().ifPresent(after -> emit.accept(new ChildMessages.CommandCpu(
                Math.max(0, after - cpuBefore))));

        if (stopped != null && stopped != TIMED_OUT) {
            emit.accept(new ChildMessages.Ended(stopped, (run.lastStep.get() < 0 ? "stopped before its first step"
                    : "stopped at step " + run.lastStep.get()) + " (" + stopped.wireName() + ")"));
            return;
        }
        if (stopped != null) {
            emit.accept(new ChildMessages.Ended(Failed.Kind.ERROR, "the trainer command ran past its timeout of "
                    + timeoutMinutes(trainer) + " minutes and was stopped" + run.lastLines()));
            return;
        }
        if (exit != 0) {
            emit.accept(new ChildMessages.Ended(Failed.Kind.ERROR, "the trainer command exited with code " + exit
                    + (exit > 128 && exit < 160 ? " (killed by signal " + (exit - 128) + "?)" : "")
                    + run.lastLines()));
            return;
        }
        finish(a, tasks, modelDir, adapterDir, run);
    }

    /** After a command that exited 0: its adapter checked, evaluated and reported like a built-in trial's. */
    private void finish(TrialAssignment a, List<Task> tasks, Path modelDir, Path adapterDir, Run run)
            throws IOException {
        String where = "the trainer command exited with code 0 but left no valid PEFT adapter in "
                + "LORASWEEP_ADAPTER_DIR";
        PeftAdapter saved = adapterInput(where, () -> PeftAdapterFormat.read(adapterDir));
        String objectiveName = a.objective() == null ? "eval_loss" : a.objective();
        // any name but an eval task's metric is one the command prints (eval_loss, or "eval/accuracy", say)
        boolean trainingMetric = a.tasks().stream().noneMatch(t -> objectiveName.startsWith(t.name() + "/"));
        if (trainingMetric && !run.lastValues.containsKey(objectiveName)) {
            // the same script prints the same lines on every attempt: a retry would not help
            emit.accept(new ChildMessages.Ended(Failed.Kind.INVALID, "the objective is " + objectiveName + " but the trainer "
                    + "command printed no " + objectiveName + "; print lines such as {\"step\": 100, \""
                    + objectiveName + "\": 1.23} on its standard output"));
            return;
        }
        if (trainingMetric && !Double.isFinite(run.lastValues.get(objectiveName))) {
            emit.accept(new ChildMessages.Ended(Failed.Kind.DIVERGED, "the trainer command's last " + objectiveName + " was "
                    + run.lastValues.get(objectiveName)));
            return;
        }
        String sha = TrialRunner.sha256(adapterDir.resolve(PeftAdapterFormat.WEIGHTS));
        List<EvalResult> evals;
        try (NDManager manager = builtIn.device().newManager();
             LlamaModel model = TrialRunner.input("the base model " + a.baseModel(),
                     () -> LlamaModel.load(modelDir, manager, LinearFactory.dense(),
                                 builtIn.device().precision()));
             HfTokenizer tokenizer = TrialRunner.tokenizer(a, modelDir, model)) {
            LoraAdapter adapter = adapterInput(where + " (it does not fit " + a.baseModel() + ")", () -> {
                LoraAdapter injected = LoraAdapter.inject(model, saved.config());
                injected.load(saved.tensors());
                return injected;
            });
            adapter.setTraining(false);
            evals = builtIn.evaluateAdapted(a, tasks, new DjlLanguageModel(model, tokenizer,
                    a.baseModel() + "+trial-" + a.trialId()));
        }
        double objective = trainingMetric ? run.lastValues.get(objectiveName)
                : TrialRunner.objective(objectiveName, Double.NaN, evals);
        emit.accept(new ChildMessages.Done(objective, evals, artifacts.toAbsolutePath().normalize()
                .relativize(adapterDir).toString(), sha));
    }

    /** Like {@link TrialRunner#input}, and a malformed safetensors file is the adapter's fault too. */
    private static <T> T adapterInput(String what, Supplier<T> step) {
        try {
            return TrialRunner.input(what, step);
        } catch (SafetensorsFormatException e) {
            throw new InvalidTrialException(what, e);
        }
    }

    private ProcessBuilder command(TrialAssignment a, Trainer trainer, Path adapterDir, Path paramsFile) {
        List<String> argv = new ArrayList<>(trainer.command());
        String program = argv.get(0);
        if (program.contains("/") && !Path.of(program).isAbsolute()) {
            argv.set(0, dataRoot.resolve(program).normalize().toString());
        }
        ProcessBuilder builder = new ProcessBuilder(argv).directory(dataRoot.toFile());
        TrialEnvironment.replace(builder.environment());
        builder.environment().putAll(TrainerEnvironment.of(a, dataRoot, adapterDir, paramsFile));
        return builder;
    }

    /** The spec's {@code timeout_minutes}, or a day: no command runs unbounded. */
    static int timeoutMinutes(Trainer trainer) {
        return trainer.timeoutMinutes() != null ? trainer.timeoutMinutes() : DEFAULT_TIMEOUT_MINUTES;
    }

    /** Null when the command ended by itself; else why it must be stopped: the stop request, or timeout. */
    private Failed.Kind waitFor(Process process, Trainer trainer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(timeoutMinutes(trainer));
        while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
            Failed.Kind why = stopRequest.get();
            if (why != null) {
                return why;
            }
            if (System.nanoTime() - deadline > 0) {
                return TIMED_OUT;
            }
        }
        return null;
    }

    private static Thread follow(InputStream stream, Consumer<String> onLine, String name) {
        Thread t = new Thread(() -> {
            try {
                BoundedLines.forEach(stream, BoundedLines.MAX_CHARS, onLine);
            } catch (IOException ignored) {
                // the command ended
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * CPU seconds of this process's children that have ended and been waited for (cutime + cstime of
     * /proc/self/stat, which include their own waited-for children); empty where there is no /proc.
     */
    static OptionalDouble reapedChildrenCpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // the command name in parentheses may hold spaces: count fields after its closing one
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long ticks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]); // fields 16 and 17 of proc(5)
            return OptionalDouble.of(ticks / 100.0); // USER_HZ, 100 on every Linux the JVM runs on
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }

    /** What the command's output told so far; written by the reader threads, read once the command ended. */
    private final class Run {
        final Map<String, Double> lastValues = new ConcurrentHashMap<>();
        final AtomicLong lastStep = new AtomicLong(-1);
        private final Deque<String> tail = new ArrayDeque<>();
        private final AtomicLong lineNumber = new AtomicLong();

        void onOutput(String line) {
            long number = lineNumber.incrementAndGet();
            TrainerOutput.Line parsed = TrainerOutput.parse(line, System.currentTimeMillis());
            if (parsed instanceof TrainerOutput.Points p) {
                p.points().forEach(point -> lastValues.put(point.name(), point.asDouble()));
                lastStep.accumulateAndGet(p.step(), Math::max);
                emit.accept(new ChildMessages.Metrics(p.points()));
                p.skipped().forEach(why -> System.err.println("trainer output line " + number + ": " + why
                        + "; skipped"));
                p.points().stream().filter(point -> !Double.isFinite(point.asDouble())).forEach(point ->
                        System.err.println("trainer output line " + number + ": " + point.name() + " is "
                                + point.asDouble() + " at step " + p.step()));
            } else if (parsed instanceof TrainerOutput.Log l) {
                onLog(l.text());
            } else if (parsed instanceof TrainerOutput.Refused r) {
                System.err.println("trainer output line " + number + " skipped, " + r.reason() + ": " + line);
            }
        }

        void onLog(String line) {
            System.err.println("[trainer] " + line); // told apart from the trial process's own lines
            synchronized (tail) {
                tail.addLast(line);
                if (tail.size() > TAIL_LINES) {
                    tail.removeFirst();
                }
            }
        }

        String lastLines() {
            synchronized (tail) {
                return tail.isEmpty() ? "; it printed nothing" : "; last lines:\n" + String.join("\n", tail);
            }
        }
    }
}
