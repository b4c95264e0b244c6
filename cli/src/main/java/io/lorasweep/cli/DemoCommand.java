package io.lorasweep.cli;

import io.lorasweep.agent.runtime.Agent;
import io.lorasweep.agent.runtime.AgentConfig;
import io.lorasweep.controller.ControllerConfig;
import io.lorasweep.controller.ControllerService;
import io.lorasweep.dashboard.DashboardConfig;
import io.lorasweep.dashboard.DashboardServer;
import io.lorasweep.schemas.SpecCodec;
import io.lorasweep.schemas.messages.KafkaAccess;
import io.lorasweep.schemas.messages.KafkaRoles;
import io.lorasweep.schemas.spec.SweepSpec;
import io.lorasweep.stack.LocalServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The README's main command: the one-machine stack, a controller, two agents and the dashboard, and a real sweep on
 * the shipped small model, followed live to its end and ranked. It never reports a sweep it did not run.
 */
@Command(name = "demo", description = "Start the one-machine stack, run a real sweep on the shipped small model, "
        + "and serve the dashboard.")
final class DemoCommand implements Callable<Integer> {

    /** Exit code when the sweep could not run because parts of the product are missing. */
    static final int INCOMPLETE = 3;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--spec", description = "The sweep to run (default: assets/demo-sweep.yaml).")
    Path spec;

    @Option(names = "--port", defaultValue = "8080", description = "Controller API port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--dashboard-port", defaultValue = "8090", description = "Dashboard port (default: ${DEFAULT-VALUE}).")
    int dashboardPort;

    @Option(names = {"--no-wait", "--exit"},
            description = "Exit when the sweep ends instead of serving the dashboard until Ctrl-C.")
    boolean exitWhenDone;

    @Option(names = "--trials", description = "How many trials to run (default: the spec's max_trials).")
    Integer trials;

    @Option(names = "--agents", defaultValue = "2", description = "CPU agents to start (default: ${DEFAULT-VALUE}).")
    int agents;

    /**
     * The sweep cut to {@code trials} trials, run at most that many at a time, and checked by the contract again: the
     * dashboard reads the stored spec through it and would not show a sweep whose spec it refuses.
     */
    static SweepSpec withTrials(SweepSpec sweep, int trials) {
        io.lorasweep.schemas.spec.Budget b = sweep.budget();
        return SpecCodec.parseJson(SpecCodec.toJson(sweep.withBudget(new io.lorasweep.schemas.spec.Budget(trials,
                Math.min(b.maxParallel(), trials), b.maxGpuHours(), b.maxCostUsd()))));
    }

    @Override
    public Integer call() throws Exception {
        if (trials != null && trials < 1 || agents < 1) {
            throw new picocli.CommandLine.ParameterException(commandSpec.commandLine(),
                    "--trials and --agents must be at least 1");
        }
        Path root = LauncherEnvironment.root();
        Path specFile = spec != null ? spec : root.resolve("assets").resolve("demo-sweep.yaml");
        System.out.println("== starting the one-machine stack");
        LocalServices services = new LocalServices(LauncherEnvironment.home());
        Map<String, String> env = LocalStack.start(services, 0, 0, System.out);

        if (!Files.exists(specFile)) {
            System.out.println();
            System.out.println("The stack is up, but no sweep was run: " + specFile + " is missing, and with it the");
            System.out.println("shipped small model and datasets (`./lorasweep assets build` makes them).");
            System.out.println("Stop the stack with `./lorasweep services stop`.");
            return INCOMPLETE;
        }
        SweepSpec sweep = SpecCodec.parse(specFile);
        if (trials != null) {
            sweep = withTrials(sweep, trials);
        }
        System.out.println("== starting the controller on http://127.0.0.1:" + port + " and " + agents
                + " agent(s) on the CPU");
        List<Agent> started = new java.util.ArrayList<>();
        String password = services.clickHousePassword();
        String bootstrap = env.get(LocalServices.KAFKA_BOOTSTRAP);
        KafkaAccess controllerLogin = KafkaAccess.withSettingsFile(bootstrap,
                LocalStack.loginFile(services, KafkaRoles.CONTROLLER));
        KafkaAccess agentLogin = KafkaAccess.withSettingsFile(bootstrap, LocalStack.loginFile(services, KafkaRoles.AGENT));
        try (ControllerService controller = ControllerService.start(new ControllerConfig(
                controllerLogin, env.get(LocalServices.CLICKHOUSE_URL), "default", password,
                "127.0.0.1", port, System.getenv(LauncherEnvironment.LORASWEEP_API_TOKEN),
                LauncherEnvironment.tokenFile(), 300_000, LauncherEnvironment.spoolDir()));
             AutoCloseable agentsClosed = () -> closeAll(started);
             DashboardServer dashboard = DashboardServer.start(DashboardConfig.of(
                     env.get(LocalServices.CLICKHOUSE_URL), "default", password, "127.0.0.1", dashboardPort))) {
            for (int i = 1; i <= agents; i++) {
                started.add(new Agent(new AgentConfig(agentLogin, "demo-agent-" + i,
                        List.of("cpu"), "cpu", 0.05, LauncherEnvironment.home().resolve("artifacts"), root, 5_000,
                        60_000, List.of("-Xms768m", "-Xmx768m", "-XX:+AlwaysPreTouch"))));
            }
            System.out.println("== dashboard: http://127.0.0.1:" + dashboard.port() + "/ (live while the sweep runs)");
            // Ctrl-C mid-sweep: the agent hands its trial back instead of leaving a trial process behind
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(started), "demo-shutdown"));
            // an earlier demo left unfinished would resume and share the agent: this run supersedes it
            for (ControllerService.SweepSummary earlier : controller.listSweeps()) {
                if (earlier.name().equals(sweep.name()) && (earlier.state().equals("running")
                        || earlier.state().equals("paused"))) {
                    controller.cancel(earlier.sweepId(), "superseded by a new demo run");
                    System.out.println("== cancelled the unfinished earlier demo sweep " + earlier.sweepId());
                }
            }
            started.forEach(Agent::start);
            String id = controller.createSweep(sweep, false);
            System.out.println("== sweep " + id + " (" + sweep.name() + "): " + sweep.budget().maxTrials()
                    + " trials of real LoRA/QLoRA training on " + sweep.baseModel());
            String last = "";
            ControllerService.SweepSummary s = controller.sweep(id);
            while (!s.state().equals("finished") && !s.state().equals("cancelled")) {
                // a line when trials change state or the best value moves
                String progress = s.trialsByState() + " " + s.best();
                if (!progress.equals(last)) {
                    System.out.println(String.format(Locale.ROOT, "%s  trials %s, best %s, %.4f CPU-hours, $%.4f",
                            java.time.LocalTime.now().withNano(0), s.trialsByState(),
                            s.best() == null ? "-" : String.format(Locale.ROOT, "%.4f", s.best()), s.gpuHours(),
                            s.costUsd()));
                    last = progress;
                }
                Thread.sleep(2000);
                s = controller.sweep(id);
            }
            printRanking(controller, id, sweep);
            printBaselineTable(dashboard.port(), id, sweep);
            System.out.println();
            System.out.println("Every number above is in ClickHouse (" + env.get(LocalServices.CLICKHOUSE_URL)
                    + ", user default, password in " + services.clickHousePasswordFile() + "); adapters are in "
                    + LauncherEnvironment.home().resolve("artifacts").resolve(id) + ".");
            if (!exitWhenDone) {
                System.out.println("The dashboard stays at http://127.0.0.1:" + dashboard.port() + "/ until Ctrl-C; "
                        + "the stack keeps running after (`./lorasweep services stop` stops it).");
                Thread.currentThread().join(); // until Ctrl-C: the JVM's shutdown closes everything
            }
        }
        return 0;
    }

    /**
     * The founding article's table for the sweep's first NER task: F1 per class, base k-shot against the best trial
     * of each rank; nothing when the sweep has no NER task.
     */
    private static void printBaselineTable(int dashboardPort, String id, SweepSpec sweep) {
        String parameter = sweep.parameters().containsKey("rank") ? "rank"
                : sweep.parameters().keySet().stream().findFirst().orElse(null);
        sweep.tasks().stream().filter(t -> t.type().wireName().equals("ner")).findFirst().ifPresent(task -> {
            System.out.println();
            try {
                BaselineTablePrinter.print(BaselineTablePrinter.fetch(dashboardPort, id, parameter, task.name(), "f1"),
                        System.out);
            } catch (java.io.IOException e) {
                System.out.println("the baseline table could not be read from the dashboard: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Closes the agents in parallel: each may wait out its grace period, and they should not wait in turn. */
    private static void closeAll(List<Agent> agents) {
        agents.parallelStream().forEach(Agent::close);
    }

    /** The sampled parameters only: the fixed ones are the same in every row. */
    private static Map<String, Object> varying(Map<String, Object> params, SweepSpec sweep) {
        Map<String, Object> out = new java.util.TreeMap<>(params);
        out.keySet().retainAll(sweep.parameters().keySet());
        return out;
    }

    private static void printRanking(ControllerService controller, String id, SweepSpec sweep) throws Exception {
        boolean minimize = sweep.metric().goal() == io.lorasweep.schemas.spec.Metric.Goal.MINIMIZE;
        // each trial by its last attempt; earlier attempts (lost, failed and retried) show in `sweep show`
        java.util.Map<Integer, ControllerService.AttemptView> last = new java.util.LinkedHashMap<>();
        for (ControllerService.AttemptView a : controller.trials(id)) {
            last.put(a.trial(), a);
        }
        List<ControllerService.AttemptView> attempts = List.copyOf(last.values());
        // several objectives: the Pareto front first, by the one dominance rule the sampler and dashboard use
        java.util.Set<Integer> front = new java.util.HashSet<>();
        if (sweep.multiObjective()) {
            List<ControllerService.AttemptView> told = attempts.stream()
                    .filter(a -> a.objectives().size() == sweep.objectives().size()).toList();
            double[][] values = told.stream().map(a -> a.objectives().stream().mapToDouble(Double::doubleValue)
                    .toArray()).toArray(double[][]::new);
            boolean[] onFront = io.lorasweep.stats.ParetoFront.onFront(values, sweep.minimizeEach());
            for (int i = 0; i < onFront.length; i++) {
                if (onFront[i]) {
                    front.add(told.get(i).trial());
                }
            }
        }
        System.out.println();
        System.out.printf("ranking by %s (%s)%s:%n", sweep.metric().name(), minimize ? "lower is better"
                : "higher is better", sweep.multiObjective() ? ", the Pareto front of " + sweep.objectives().stream()
                .map(o -> o.name() + " (" + o.goal().wireName() + ")").collect(java.util.stream.Collectors.joining(
                        " and ")) + " first (*)" : "");
        String width = sweep.multiObjective() ? "22" : "12";
        System.out.printf("%4s %5s %3s %-10s %" + width + "s %9s  %s%n", "RANK", "TRIAL", "TRY", "STATE",
                sweep.multiObjective() ? "OBJECTIVES" : "OBJECTIVE", "SECONDS", "PARAMETERS / REASON");
        Comparator<ControllerService.AttemptView> order = Comparator.comparing(
                (ControllerService.AttemptView a) -> !front.contains(a.trial()))
                .thenComparing(a -> a.objective() == null)
                .thenComparingDouble(a -> a.objective() == null ? 0 : minimize ? a.objective() : -a.objective());
        int rank = 0;
        for (ControllerService.AttemptView a : attempts.stream().sorted(order).toList()) {
            String values = a.objective() == null ? "-" : a.objectives().isEmpty()
                    ? String.format(Locale.ROOT, "%.5f", a.objective())
                    : a.objectives().stream().map(v -> String.format(Locale.ROOT, "%.4g", v))
                            .collect(java.util.stream.Collectors.joining(", "));
            System.out.printf(Locale.ROOT, "%4s %5d %3d %-10s %" + width + "s %9.1f  %s%s%n", a.objective() == null ? "-"
                            : ++rank + (front.contains(a.trial()) ? "*" : ""), a.trial(), a.attempt(), a.state(),
                    values, a.deviceSeconds(), varying(a.params(), sweep), a.reason().isEmpty() ? ""
                            : "  (" + a.reason().lines().findFirst().orElse("") + ")");
        }
    }
}
